import pytest

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.services import require_postgresql
from tests.trials.factories import TrialPageFactory
from trials.models import TrialRegistryId


def paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def make_article(article_index):
    def make(title: str, *, summary: str = "", body: str = "", title_en: str = "", **fields):
        return ArticlePageFactory(
            parent=article_index,
            title=title,
            title_zh_hans=title,
            title_en=title_en,
            summary_zh_hans=summary,
            body_zh_hans=paragraph(body) if body else [],
            **fields,
        )

    return make


@pytest.fixture
def masters_trial(trial_index):
    trial = TrialPageFactory(
        parent=trial_index,
        title_zh_hans="多能成体祖细胞治疗急性缺血性卒中",
        title="多能成体祖细胞治疗急性缺血性卒中",
        title_en="Multipotent adult progenitor cells for acute ischemic stroke",
        acronym="MASTERS-2",
        sponsor="Athersys, Inc",
        conditions=["Ischemic Stroke", "Cerebral Infarction"],
    )
    trial.registry_ids.add(TrialRegistryId(registry="nct", identifier="NCT03545607"))
    trial.registry_ids.add(TrialRegistryId(registry="chictr", identifier="ChiCTR2000031234"))
    trial.save_revision().publish()
    return trial


@pytest.fixture
def require_postgres(db):
    require_postgresql()
