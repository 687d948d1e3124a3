"""The finder's steps, results and the contact form with the finder's attachments pass
axe-core in a real browser (as tests/core/test_accessibility.py checks the other pages)."""

import pytest

from tests.browser import rendered
from tests.core.test_accessibility import violations
from tests.inquiries.factories import ContactPageFactory

from .test_finder_views import FITTING, adult_trial, finder_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def finder_pages(client, home, trial_index, site_copy):
    ContactPageFactory(parent=home)
    fits = adult_trial(trial_index, 1)
    adult_trial(trial_index, 2, countries=("JP",))
    pages = {}
    for language in ("zh-hans", "en"):
        for name, query in (
            ("first", ""),
            ("error", "type=ischemic&since=days&age=abc"),
            ("choice-error", "type=stroke"),
            ("country", "type=ischemic&since=days&age=60&sex=male"),
            ("results", FITTING),
        ):
            html = rendered(client, finder_url(trial_index, language, query))
            pages[f"{name}-{language}"] = site_copy(f"finder-{name}-{language}.html", html)
    contact = rendered(client, f"/zh-hans/contact/?trial={fits.pk}&finder={FITTING.replace('&', '%26')}")
    assert "contact-form__attachment" in contact
    pages["contact-zh-hans"] = site_copy("finder-contact.html", contact)
    return pages


def test_finder_pages_have_no_axe_violations(finder_pages, phone_browser):
    found = {name: v for name, url in finder_pages.items() if (v := violations(phone_browser, url))}
    assert found == {}
