"""A real browser (Debian's Chromium, driven by Playwright) for layout tests.

A page is rendered by the test client and served, with the project's static files,
by a local HTTP server: the browser sees exactly what a visitor gets, and the test
keeps its rolled-back database.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings

from tests.services import chromium_path

PHONE = {"width": 390, "height": 800}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class's signature
        pass


@pytest.fixture
def site_copy(tmp_path):
    """`publish(name, html)` saves a page and returns its URL on a local HTTP server
    that also serves the project's /static/."""
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
def phone_browser():
    """A phone-sized browser page. Render pages before requesting it: Playwright runs an
    event loop in this thread, where Django refuses database queries."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport=PHONE)
        finally:
            browser.close()


def rendered(client, url: str) -> str:
    """The HTML of a page that rendered: an error page would fit a phone just as well."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")
