"""The registry sync and an editor's corrections of registry-owned fields.

The registry's values replace what it gave last time; a value an editor changed is kept,
and a registry value that differs from it is shown as a conflict in the admin.
Translated and editor-written fields are never touched.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from trials.models import TrialPage, TrialPhase
from trials.services.imports import trials_import_paths
from trials.services.sync import SYNC_ACTION, trial_sync_from_registry

from .conftest import TREASURE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def treasure(trial_index):
    """TREASURE as imported (206 enrolled, phases 2 and 3), then translated and published."""
    trials_import_paths(paths=[TREASURE], parent=trial_index)
    trial = TrialPage.objects.get()
    trial.title_zh_hans = "干细胞治疗急性中风"
    trial.summary_zh_hans = "编辑写的通俗摘要"
    trial.dose_en = "1.2 billion cells"
    trial.needs_translation = False
    trial.save_revision().publish()
    return TrialPage.objects.get()


def correct(trial, **values):
    """An editor's edit, published."""
    trial = TrialPage.objects.get(pk=trial.pk)
    for name, value in values.items():
        if name == "phases":
            trial.phases.set(list(TrialPhase.objects.filter(code__in=value)))
        else:
            setattr(trial, name, value)
    trial.save_revision().publish()


def admin_login(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)


def registry_says(registry, **changes):
    data = json.loads(TREASURE.read_text())
    protocol = data["protocolSection"]
    if "enrollment" in changes:
        protocol["designModule"]["enrollmentInfo"]["count"] = changes["enrollment"]
    if "status" in changes:
        protocol["statusModule"]["overallStatus"] = changes["status"]
    if "phases" in changes:
        protocol["designModule"]["phases"] = changes["phases"]
    registry.routes["NCT02961504"] = (200, json.dumps(data).encode())


def test_an_editors_correction_is_kept_and_the_registrys_value_shown_beside_it(registry, treasure):
    correct(treasure, enrollment=200)
    result = trial_sync_from_registry(page_id=treasure.pk)
    assert (result.outcome, result.conflicts) == ("updated", ["enrollment"])
    trial = TrialPage.objects.get()
    assert trial.enrollment == 200 and trial.registry_conflicts == {"enrollment": 206}
    assert trial_sync_from_registry(page_id=treasure.pk).outcome == "unchanged"
    assert TrialPage.objects.get().enrollment == 200


def test_a_registry_change_under_a_correction_is_recorded_as_a_conflict(registry, treasure):
    correct(treasure, enrollment=200, phases=["PHASE2"])
    registry_says(registry, enrollment=210, status="TERMINATED")
    result = trial_sync_from_registry(page_id=treasure.pk)
    assert result.outcome == "updated"
    assert result.conflicts == ["enrollment", "phases"]
    trial = TrialPage.objects.get()
    assert trial.live and not trial.has_unpublished_changes
    assert trial.enrollment == 200
    assert [phase.code for phase in trial.phases.all()] == ["PHASE2"]
    assert trial.overall_status == "TERMINATED"  # not corrected: the registry's
    assert trial.registry_conflicts == {"enrollment": 210, "phases": ["PHASE2", "PHASE3"]}
    entry = PageLogEntry.objects.filter(action=SYNC_ACTION, page=trial).latest("timestamp")
    assert entry.data["conflicts"] == ["enrollment", "phases"]


def test_translated_and_editor_written_fields_are_never_touched(registry, treasure):
    registry_says(registry, enrollment=210)
    assert trial_sync_from_registry(page_id=treasure.pk).outcome == "updated"
    trial = TrialPage.objects.get()
    assert trial.enrollment == 210
    assert trial.title_zh_hans == "干细胞治疗急性中风"
    assert trial.summary_zh_hans == "编辑写的通俗摘要"
    assert trial.dose_en == "1.2 billion cells"
    assert trial.registry_conflicts == {}


def test_a_correction_set_back_to_the_registrys_value_follows_the_registry_again(registry, treasure):
    correct(treasure, enrollment=200)
    registry_says(registry, enrollment=210)
    trial_sync_from_registry(page_id=treasure.pk)
    correct(treasure, enrollment=210)  # the editor accepts the registry's value
    registry_says(registry, enrollment=215)
    result = trial_sync_from_registry(page_id=treasure.pk)
    assert result.conflicts == []
    trial = TrialPage.objects.get()
    assert trial.enrollment == 215 and trial.registry_conflicts == {}


def test_the_admin_shows_the_conflict_beside_the_kept_value(client, registry, treasure):
    correct(treasure, enrollment=200, overall_status="RECRUITING")
    registry_says(registry, enrollment=210, status="TERMINATED")
    trial_sync_from_registry(page_id=treasure.pk)
    admin_login(client)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[treasure.pk])).content.decode()
    assert "Corrections the registry disagrees with" in html
    assert "<td>enrollment</td>" in html and "<td>200</td>" in html and '<td lang="en">210</td>' in html
    assert "<td>overall status</td>" in html
    assert "<td>Recruiting</td>" in html and '<td lang="en">Terminated</td>' in html


def test_the_admin_shows_no_conflict_panel_without_conflicts(client, treasure):
    admin_login(client)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[treasure.pk])).content.decode()
    assert "Corrections the registry disagrees with" not in html
