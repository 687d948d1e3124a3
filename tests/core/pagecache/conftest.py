import pytest
from wagtail.models import Site

from portal.core.models import SiteSettings
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.services import redis_url


@pytest.fixture
def page_cache(settings, db):
    """The app-level page cache on, on the real Redis the test settings use."""
    redis_url()
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(
        parent=article_index,
        title="干细胞与中风",
        title_zh_hans="干细胞与中风",
        title_en="Stem cells and stroke",
        slug_en="stem-cells",
    )


@pytest.fixture
def site_settings(home):
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def cache_state(response) -> str | None:
    return response.get("X-Page-Cache")
