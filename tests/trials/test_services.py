import json

import pytest
from wagtail.models import PageLogEntry, Revision

from trials.models import TrialPage
from trials.services.imports import IMPORT_ACTION, trial_import_study, trials_import_paths

from .conftest import FIXTURES, PASSION, SAMPLE_FILES, TREASURE

pytestmark = pytest.mark.django_db


def revision_count():
    return Revision.objects.filter(content_type__model="trialpage").count()


def test_every_sample_imports_as_a_draft_needing_translation(trial_index):
    report = trials_import_paths(paths=SAMPLE_FILES, parent=trial_index)
    assert report.problems == []
    assert report.created == len(SAMPLE_FILES) == 5
    trials = TrialPage.objects.all()
    assert trials.count() == 5
    for trial in trials:
        assert not trial.live
        assert trial.needs_translation
        assert trial.title_zh_hans == trial.brief_title[:255]
        assert trial.nct_id
    assert PageLogEntry.objects.filter(action=IMPORT_ACTION).count() == 5


def test_second_import_changes_nothing(trial_index):
    trials_import_paths(paths=[FIXTURES], parent=trial_index)
    revisions = revision_count()
    report = trials_import_paths(paths=[FIXTURES], parent=trial_index)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert revision_count() == revisions


def test_mapped_values_of_treasure(trial_index):
    trials_import_paths(paths=[TREASURE], parent=trial_index)
    trial = TrialPage.objects.get()
    assert trial.acronym == "TREASURE"
    assert sorted(p.code for p in trial.phases.all()) == ["PHASE2", "PHASE3"]
    assert trial.enrollment == 206 and trial.enrollment_type == "ACTUAL"
    assert [c.country for c in trial.countries.all()] == ["JP"]
    assert [c.code for c in trial.cell_types.all()] == ["mapc"]
    assert [r.code for r in trial.routes.all()] == ["intravenous"]


def test_edited_translation_survives_reimport(trial_index):
    trials_import_paths(paths=[PASSION], parent=trial_index)
    trial = TrialPage.objects.get()
    trial.title_zh_hans = "经鼻干细胞治疗新生儿中风"
    trial.summary_zh_hans = "编辑写的摘要"
    trial.save_revision().publish()
    data = json.loads(PASSION.read_text())
    data["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 12
    result = trial_import_study(study=data, parent=trial_index)
    assert result.outcome == "updated"
    trial = TrialPage.objects.get()
    assert trial.enrollment == 12
    assert trial.title_zh_hans == "经鼻干细胞治疗新生儿中风"
    assert trial.summary_zh_hans == "编辑写的摘要"
    assert trial.live and not trial.has_unpublished_changes
