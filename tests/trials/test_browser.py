"""The register's real HTML, CSS and JavaScript in a real browser (Debian's Chromium)
at a phone's width.

The page is rendered by the test client and served, with the project's static files,
by a local HTTP server: the browser sees exactly what a visitor gets, and the test
keeps its rolled-back database.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.utils import translation

from tests.services import chromium_path

from .test_views import make_trial

PHONE = {"width": 390, "height": 800}
pytestmark = pytest.mark.django_db


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def site_copy(tmp_path):
    """A local HTTP server for pages saved by `publish`, with the project's /static/."""
    (tmp_path / "static").symlink_to(settings.STATICFILES_DIRS[0], target_is_directory=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def publish(name: str, html: str) -> str:
        (tmp_path / name).write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_address[1]}/{name}"

    yield publish
    server.shutdown()
    server.server_close()


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
            html = client.get(trial_index.url + query).content.decode()
        pages[view] = site_copy(f"register-{view}.html", html)
    return pages


@pytest.fixture
def phone(register_pages):
    """A phone-sized browser page (Playwright runs an event loop in this thread, where
    Django refuses database queries: the pages are rendered before it starts)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport=PHONE)
        finally:
            browser.close()


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
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
