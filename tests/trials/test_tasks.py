import json
import socket

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from trials.models import TrialPage
from trials.services.imports import trials_import_paths
from trials.services.sync import SYNC_FAILED_ACTION
from trials.tasks import sync_all_trials, sync_trial

from .conftest import FIXTURES, TREASURE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def treasure(trial_index):
    trials_import_paths(paths=[TREASURE], parent=trial_index)
    trial = TrialPage.objects.get()
    trial.title_zh_hans = "干细胞治疗急性中风"
    trial.needs_translation = False
    trial.save_revision().publish()
    return TrialPage.objects.get()


def state(trial):
    trial = TrialPage.objects.get(pk=trial.pk)
    return (
        trial.enrollment,
        trial.overall_status,
        trial.title_zh_hans,
        trial.live_revision_id,
        Revision.objects.filter(object_id=str(trial.pk)).count(),
    )


def test_sync_of_an_unchanged_record_changes_nothing(registry, treasure):
    before = state(treasure)
    started = timezone.now()
    result = sync_trial.delay(treasure.pk).get()
    assert result == {"page_id": treasure.pk, "outcome": "unchanged", "error": ""}
    assert state(treasure) == before
    assert registry.requests == ["/api/v2/studies/NCT02961504?format=json"]
    assert TrialPage.objects.get().last_synced_at >= started  # the check itself is recorded


def test_sync_republishes_registry_changes_and_keeps_the_translation(registry, treasure):
    data = json.loads(TREASURE.read_text())
    data["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 210
    registry.routes["NCT02961504"] = (200, json.dumps(data).encode())
    result = sync_trial.delay(treasure.pk).get()
    assert result["outcome"] == "updated"
    trial = TrialPage.objects.get()
    assert trial.enrollment == 210
    assert trial.title_zh_hans == "干细胞治疗急性中风"
    assert trial.live and not trial.has_unpublished_changes


def test_sync_of_a_trial_with_pending_changes_makes_a_draft(registry, treasure):
    treasure.summary_zh_hans = "尚未发布的编辑"
    treasure.save_revision()
    data = json.loads(TREASURE.read_text())
    data["protocolSection"]["statusModule"]["overallStatus"] = "TERMINATED"
    registry.routes["NCT02961504"] = (200, json.dumps(data).encode())
    assert sync_trial.delay(treasure.pk).get()["outcome"] == "updated"
    live = TrialPage.objects.get()
    assert live.overall_status == "COMPLETED"  # the public page waits for the editor
    draft = live.get_latest_revision_as_object()
    assert draft.overall_status == "TERMINATED"
    assert draft.summary_zh_hans == "尚未发布的编辑"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((404, b'{"message": "Study not found"}'), "HTTP 404"),
        ((500, b"oops"), "HTTP 500"),
        ((200, b"{not json"), "not valid JSON"),
        ((200, b'{"protocolSection": {"identificationModule": {"nctId": "NCT99999999"}}}'), "not the record"),
    ],
)
def test_broken_registry_answers_change_nothing(registry, treasure, answer, message):
    registry.routes["NCT02961504"] = answer
    before = state(treasure)
    result = sync_trial.delay(treasure.pk).get()
    assert result["outcome"] == "" and message in result["error"]
    assert state(treasure) == before
    assert PageLogEntry.objects.filter(action=SYNC_FAILED_ACTION, page=treasure).exists()


def test_malformed_record_changes_nothing(registry, treasure):
    data = json.loads(TREASURE.read_text())
    data["protocolSection"]["statusModule"]["overallStatus"] = "SOMETHING_NEW"
    registry.routes["NCT02961504"] = (200, json.dumps(data).encode())
    before = state(treasure)
    result = sync_trial.delay(treasure.pk).get()
    assert "SOMETHING_NEW" in result["error"]
    assert state(treasure) == before


def test_unreachable_registry_changes_nothing(settings, treasure):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CTGOV_API_BASE_URL = f"http://127.0.0.1:{port}/api/v2"  # nothing listens there
    before = state(treasure)
    result = sync_trial.delay(treasure.pk).get()
    assert "could not be reached" in result["error"]
    assert state(treasure) == before


def test_sync_names_the_site_and_refuses_an_oversized_answer(registry, treasure, settings):
    settings.OUTBOUND_HTTP_MAX_BYTES = 1000  # the TREASURE record is larger
    before = state(treasure)
    result = sync_trial.delay(treasure.pk).get()
    assert result["error"] == "The registry's answer was refused: The answer is larger than 1000 bytes."
    assert state(treasure) == before
    assert registry.user_agents == [settings.OUTBOUND_HTTP_USER_AGENT]


def test_sync_all_queues_every_linked_trial(registry, trial_index):
    trials_import_paths(paths=[FIXTURES], parent=trial_index)
    assert sync_all_trials.delay().get() == 5
    assert len(registry.requests) == 5
