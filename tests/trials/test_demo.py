import pytest
from wagtail.models import Revision

from portal.references.models import Reference
from trials import demo
from trials.models import TrialPage

pytestmark = pytest.mark.django_db


def test_seed_publishes_the_stroke_trials_once(home):
    Reference.objects.create(title="TREASURE trial report", pmid="38227308", year=2024)
    Reference.objects.create(title="PASSIoN two-year follow-up", pmid="40654084", year=2025)
    messages = []
    demo.seed(messages.append)
    trials = {t.acronym: t for t in TrialPage.objects.live()}
    assert set(trials) == {"TREASURE", "PASSIoN", "DEMO-MSC"}
    treasure = trials["TREASURE"]
    assert not treasure.needs_translation
    assert treasure.summary_zh_hant and treasure.summary_en and treasure.summary_zh_hans
    assert [r.code for r in treasure.routes.all()] == ["intravenous"]
    assert [p.reference.pmid for p in treasure.publications.all()] == ["38227308"]
    assert [p.reference.pmid for p in trials["PASSIoN"].publications.all()] == ["40654084"]
    assert not treasure.has_unpublished_changes

    revisions = Revision.objects.count()
    demo.seed(messages.append)
    assert Revision.objects.count() == revisions
    assert TrialPage.objects.count() == 3
    assert "trial NCT02961504 already there" in messages
    assert "example trial already there" in messages


def test_seed_without_references_still_publishes(home):
    messages = []
    demo.seed(messages.append)
    assert TrialPage.objects.live().count() == 3
    assert any("PMID 38227308 not found" in m for m in messages)
