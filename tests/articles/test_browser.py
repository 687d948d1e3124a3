"""Every kind of public page fits a phone's width, in every language (tests/browser.py)."""

import pytest
from django.utils import translation

from tests.articles.conftest import make_article
from tests.browser import PHONE, page_width, rendered
from tests.trials.factories import TrialIndexPageFactory
from tests.trials.test_views import make_trial

pytestmark = pytest.mark.django_db
LANGUAGES = ("zh-hans", "zh-hant", "en")


@pytest.fixture
def public_pages(client, home, article_index, sample_references, site_copy) -> dict[str, str]:
    trial_index = TrialIndexPageFactory(parent=home)
    article = make_article(article_index, sample_references, title_en="Cells after stroke", slug_en="cells")
    trial = make_trial(
        trial_index,
        1,
        phases=["PHASE2", "PHASE3"],
        cells=["mapc"],
        routes=["intravenous"],
        countries=["JP", "US"],
        acronym="TREASURE",
        official_title="Treatment Evaluation of Acute Stroke for Using in Regenerative Cell Elements",
    )
    pages = {}
    for language in LANGUAGES:
        with translation.override(language):
            for name, page in (
                ("home", home),
                ("articles", article_index),
                ("article", article),
                ("trial", trial),
            ):
                pages[f"{name}-{language}"] = site_copy(f"{name}-{language}.html", rendered(client, page.url))
    return pages


def test_public_pages_fit_a_phone(public_pages, phone_browser):
    too_wide = {}
    for name, url in public_pages.items():
        phone_browser.goto(url)
        if (width := page_width(phone_browser)) > PHONE["width"]:
            too_wide[name] = width
    assert too_wide == {}
