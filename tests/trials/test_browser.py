"""The register at a phone's width in a real browser (see tests/browser.py)."""

import pytest
from django.utils import translation

from tests.browser import PHONE, page_width, rendered

from .test_views import make_trial

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_pages(client, trial_index, site_copy) -> dict[str, str]:
    for n in range(3):
        make_trial(
            trial_index,
            n,
            phases=["PHASE2"],
            cells=["msc", "mapc"],
            routes=["intravenous"],
            countries=["CN", "JP", "US"],
            acronym=f"LONG-ACRONYM-{n}",
        )
    pages = {}
    for view, query in (("list", ""), ("table", "?view=table")):
        with translation.override("en"):
            html = rendered(client, trial_index.url + query)
        assert all(f"LONG-ACRONYM-{n}" in html for n in range(3))
        pages[view] = site_copy(f"register-{view}.html", html)
    return pages


@pytest.fixture
def phone(register_pages, phone_browser):
    return phone_browser


def test_on_a_phone_trials_come_before_the_folded_filters(phone, register_pages):
    phone.goto(register_pages["list"])
    filters = phone.locator("details.trial-facets")
    assert filters.evaluate("el => el.open") is False
    first_trial = phone.locator(".trial-list__item").first.bounding_box()
    assert first_trial["y"] < PHONE["height"]  # on the first screen
    phone.locator("details.trial-facets > summary").click()
    assert phone.locator("input[name=phase][value=PHASE2]").is_visible()


@pytest.mark.parametrize("view", ["list", "table"])
def test_nothing_is_wider_than_the_phone(phone, register_pages, view):
    phone.goto(register_pages[view])
    assert page_width(phone) <= PHONE["width"]
