import pytest
from django.utils import translation
from wagtail.models import Page, Site

from portal.core.models import SiteSettings
from tests.browser import phone_browser, site_copy  # noqa: F401 (fixtures)
from tests.core.factories import HomePageFactory
from tests.services import check_database_for_required_services, clear_cache, services_summary
from tests.trials.factories import TrialIndexPageFactory
from tests.worker import broker, real_worker, worker_process  # noqa: F401 (fixtures)

LANGUAGES = ("zh-hans", "zh-hant", "en")


def pytest_configure(config):
    check_database_for_required_services()


def pytest_report_header(config):
    return services_summary()


@pytest.fixture
def home(db):
    """A published HomePage as the default site's root, in all three languages."""
    root = Page.get_first_root_node()
    home = HomePageFactory(
        parent=root,
        title_zh_hans="首页",
        title_zh_hant="首頁",
        title_en="Home",
        slug_zh_hans="home",
    )
    site, _ = Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home, "site_name": "Test"},
    )
    SiteSettings.for_site(site)  # a running site has them; a first request would create them
    return home


@pytest.fixture
def trial_index(home):
    return TrialIndexPageFactory(parent=home)


@pytest.fixture(autouse=True)
def _empty_cache():
    """No cached fragment (navigation, pages) leaks from one test's database into another."""
    clear_cache()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language, as a request without prefix would."""
    with translation.override("zh-hans"):
        yield
