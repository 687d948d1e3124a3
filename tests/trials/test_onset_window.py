"""The structured treatment window: value and unit beside the words, hours derived for the
finder, left empty and flagged by the registry import, and shown by the demo's example."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.forms import form_fields
from trials import demo
from trials.services.imports import trial_import_study

from .conftest import TREASURE
from .factories import TrialPageFactory
from .test_finder_views import finder_url, page

pytestmark = pytest.mark.django_db


def test_hours_follow_the_value_and_unit(trial_index):
    trial = TrialPageFactory(
        parent=trial_index,
        onset_to_treatment_min=Decimal("2"),
        onset_to_treatment_min_unit="DAYS",
        onset_to_treatment_max=Decimal("2"),
        onset_to_treatment_max_unit="WEEKS",
    )
    trial.refresh_from_db()
    assert (trial.onset_to_treatment_min_hours, trial.onset_to_treatment_max_hours) == (
        Decimal("48"),
        Decimal("336"),
    )


@pytest.mark.usefixtures("english")
def test_the_window_is_checked_in_one_unit(trial_index):
    trial = TrialPageFactory.build(
        onset_to_treatment_min=Decimal("3"),
        onset_to_treatment_min_unit="DAYS",
        onset_to_treatment_max=Decimal("36"),
        onset_to_treatment_max_unit="HOURS",
    )
    with pytest.raises(ValidationError) as raised:
        trial.clean()
    assert raised.value.message_dict == {
        "onset_to_treatment_max": ["The latest time cannot be before the earliest."]
    }
    trial.onset_to_treatment_max_unit = ""
    with pytest.raises(ValidationError) as raised:
        trial.clean()
    assert raised.value.message_dict == {"onset_to_treatment_max_unit": ["Give the unit of the time."]}


def test_the_import_leaves_the_window_empty_and_flags_it(trial_index):
    study = json.loads(TREASURE.read_text(encoding="utf-8"))
    trial = trial_import_study(study=study, parent=trial_index).page
    assert trial.onset_to_treatment_min is None and trial.onset_to_treatment_max is None
    assert trial.onset_window_to_check
    draft = trial.get_latest_revision_as_object()
    draft.onset_to_treatment_max, draft.onset_to_treatment_max_unit = Decimal("36"), "HOURS"
    draft.save_revision().publish()
    trial.refresh_from_db()
    assert not trial.onset_window_to_check
    assert trial.onset_to_treatment_max_hours == Decimal("36")


@pytest.mark.usefixtures("english")
def test_the_demo_shows_a_result_in_the_finder(client, home):
    demo.seed(lambda message: None)
    index = demo.TrialIndexPage.objects.get()
    query = "type=ischemic&since=days&age=60&sex=female&country=CN&province=CN-BJ&travel=no&consent=no"
    results = page(client, finder_url(index, query=query))
    assert "1 trial may fit" in results
    assert (
        "Example: donor stem cells into a vein after an ischaemic stroke (demo, not a real trial)" in results
    )
    assert "Treatment 2 to 14 days after the stroke: fits." in results
    assert "A family member or legal representative may give consent for this trial." in results
    # Every demo trial has its window filled in beside the words, none is left flagged.
    windows = {
        trial.slug: (trial.onset_window_display(), trial.onset_window_to_check)
        for trial in demo.TrialPage.objects.live()
    }
    assert windows == {
        "nct02961504": ("18 to 36 hours", False),
        "nct03356821": ("within 7 days", False),
        demo.EXAMPLE_SLUG: ("2 to 14 days", False),
    }


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw"))
    return client


def test_editors_give_the_window_beside_the_words_and_find_trials_to_fill_in(admin_client, trial_index):
    trial = TrialPageFactory(
        parent=trial_index, title_zh_hans="待填写时间窗的试验", onset_window_to_check=True
    )
    TrialPageFactory(parent=trial_index, title_zh_hans="时间窗已填写的试验")
    url = reverse("wagtailadmin_pages:edit", args=[trial.pk])
    form = form_fields(admin_client.get(url).content.decode(), "page-edit-form")
    assert {"treatment_window_zh_hans", "onset_to_treatment_min", "onset_to_treatment_max_unit"} <= set(form)
    flagged = admin_client.get(reverse("trials:index") + "?onset_window_to_check=true").content.decode()
    assert "待填写时间窗的试验" in flagged and "时间窗已填写的试验" not in flagged

    form.update({"onset_to_treatment_max": "3", "onset_to_treatment_max_unit": "DAYS", "action-publish": "1"})
    response = admin_client.post(url, form)
    assert response.status_code == 302
    trial.refresh_from_db()
    assert (trial.onset_to_treatment_max_hours, trial.onset_window_to_check) == (Decimal("72"), False)
