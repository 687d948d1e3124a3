import pytest
from django.utils import translation

from trials.blocks import TrialCardBlock
from trials.models import CellType, Route, TrialPhase

from .factories import TrialIndexPageFactory, TrialPageFactory, TrialRegistryIdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(home):
    index = TrialIndexPageFactory(parent=home)
    trial = TrialPageFactory(
        parent=index,
        acronym="TREASURE",
        title_en="Cells after acute stroke",
        enrollment=206,
        enrollment_type="ACTUAL",
        overall_status="COMPLETED",
    )
    trial.phases.set(TrialPhase.objects.filter(code__in=["PHASE2", "PHASE3"]))
    trial.cell_types.set(CellType.objects.filter(code="mapc"))
    trial.routes.set(Route.objects.filter(code="intravenous"))
    trial.save()
    TrialRegistryIdFactory(page=trial, identifier="NCT02961504")
    return trial


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "TREASURE",
                "Phase 2 / Phase 3",
                "Completed",
                "Multipotent adult progenitor",
                "Intravenous",
                "206",
            ],
        ),
        ("zh-hans", ["TREASURE", "多能成体祖细胞", "静脉注射", "206"]),
        ("zh-hant", ["TREASURE", "多能成體祖細胞", "靜脈注射", "206"]),
    ],
)
def test_card_shows_the_trial_facts_and_links_to_it(trial, language, expected):
    block = TrialCardBlock()
    value = block.to_python({"trial": trial.pk, "note": "Why it matters"})
    with translation.override(language):
        html = block.render(value)
        url = trial.get_url()
    for text in expected:
        assert text in html
    assert f'href="{url}"' in html
    assert "Why it matters" in html


def test_card_of_an_unpublished_trial_renders_nothing(trial):
    trial.unpublish()
    block = TrialCardBlock()
    html = block.render(block.to_python({"trial": trial.pk, "note": ""}))
    assert "TREASURE" not in html
