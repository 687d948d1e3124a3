import pytest
from django.utils import translation

from trials.blocks import TrialCardBlock, TrialFinderBlock
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


def restrict(page):
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


@pytest.mark.parametrize("restricted", ["trial", "register"])
def test_card_of_a_private_trial_renders_nothing(trial, restricted):
    restrict(trial if restricted == "trial" else trial.get_parent())
    block = TrialCardBlock()
    single = block.render(block.to_python({"trial": trial.pk, "note": ""}))
    [bulk] = block.bulk_to_python([{"trial": trial.pk, "note": ""}])
    assert "TREASURE" not in single
    assert "TREASURE" not in block.render(bulk)
    # The editor's form still holds the trial, so saving the article keeps the card.
    assert bulk["trial"].pk == trial.pk


def test_card_disappears_as_soon_as_the_trial_is_made_private(client, trial):
    from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory

    articles = ArticleIndexPageFactory(parent=trial.get_parent().get_parent())
    body = [{"type": "trial_card", "value": {"trial": trial.pk, "note": ""}}]
    article = ArticlePageFactory(parent=articles, slug_zh_hans="card", body_zh_hans=body)
    article.save_revision().publish()
    assert "TREASURE" in client.get(article.url).content.decode()
    restrict(trial)
    assert "TREASURE" not in client.get(article.url).content.decode()


@pytest.mark.usefixtures("english")
def test_the_finder_block_asks_the_first_question(rf, trial_index):
    block = TrialFinderBlock()
    html = block.render(block.to_python({"title": "", "text": ""}), context={"request": rf.get("/en/")})
    assert '<form method="get" action="/en/trials/finder/" class="finder-form">' in html
    assert "What kind of stroke was it?" in html
    assert 'name="type" value="ischemic"' in html
    trial_index.unpublish()
    assert block.render(block.to_python({}), context={"request": rf.get("/en/")}).strip() == ""
