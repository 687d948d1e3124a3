"""The reverse proxy of deploy/ (Debian's nginx) in front of the app, with its page cache
refreshed through Wagtail's front-end cache invalidation when a page changes."""

import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from django.utils import translation

from deploy.stack import free_port, nginx_main_config, site_config
from tests.services import redis_url, unavailable
from tests.worker import wait_for

# The live server needs committed rows; the tables are restored afterwards for the tests
# that follow in this process (root page, locales).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "testserver"  # the test Site's host name: purges name it, visitors send it


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nginx did not listen on {port}: {log.read_text()}")


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    """nginx with deploy/nginx.conf in front of the live server; an httpx client to it."""
    redis_url()  # the app layer on the real Redis, as in production
    nginx = shutil.which("nginx") or unavailable("nginx is not installed (apt-get install -y nginx-light)")
    https_port, http_port, purge_port = free_port(), free_port(), free_port()
    site = site_config(
        tmp_path,
        upstream=urlsplit(live_server.url).netloc,
        https_port=https_port,
        http_port=http_port,
        purge_port=purge_port,
    )
    (tmp_path / "portal-site.conf").write_text(site)
    (tmp_path / "nginx-main.conf").write_text(nginx_main_config(tmp_path, tmp_path / "portal-site.conf"))
    log = tmp_path / "error.log"
    process = subprocess.Popen(
        [nginx, "-c", tmp_path / "nginx-main.conf", "-p", tmp_path, "-e", log],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(https_port, process, log)
        settings.PAGE_CACHE_ENABLED = True
        settings.WAGTAILFRONTENDCACHE = {
            "proxy": {
                "BACKEND": "portal.core.pagecache.proxy.ProxyRefreshBackend",
                "LOCATION": f"http://127.0.0.1:{purge_port}",
            }
        }
        trusted = ssl.create_default_context(cafile=tmp_path / "cert.pem")  # the proxy's own certificate
        with httpx.Client(
            base_url=f"https://127.0.0.1:{https_port}", headers={"Host": HOST}, verify=trusted, timeout=20
        ) as client:
            client.http_port = http_port
            client.access_log = tmp_path / "access.log"
            yield client
    finally:
        process.terminate()
        process.wait(timeout=10)


def english_url(page) -> str:
    with translation.override("en"):
        return page.get_url()


def test_proxy_hits_and_shows_a_publish_at_once(proxy, article):
    url = english_url(article)
    first = proxy.get(url)
    assert (first.status_code, first.headers["X-Proxy-Cache"]) == (200, "MISS")
    hit = proxy.get(url)
    assert (hit.headers["X-Proxy-Cache"], hit.text) == ("HIT", first.text)
    assert "X-Accel-Expires" not in hit.headers  # read by nginx, not shown to visitors

    article.title_en = "Stem cells and stroke, revised"
    article.save_revision().publish()
    after = proxy.get(url)
    assert after.headers["X-Proxy-Cache"] == "HIT"  # the purge listener stored the new copy
    assert "Stem cells and stroke, revised" in after.text
    index = proxy.get(english_url(article.get_parent()))
    assert "Stem cells and stroke, revised" in index.text

    article.unpublish()
    assert proxy.get(url).status_code == 404


def test_what_the_proxy_never_caches(proxy, article):
    url = english_url(article)
    proxy.get(url)
    assert proxy.get(url).headers["X-Proxy-Cache"] == "HIT"
    logged_in = proxy.get(url, headers={"Cookie": "sessionid=anything"})
    assert logged_in.headers["X-Proxy-Cache"] == "BYPASS"
    # A visitor cannot make the proxy fetch a page afresh.
    assert proxy.get(url, headers={"X-Cache-Refresh": "1"}).headers["X-Proxy-Cache"] == "HIT"
    for _ in range(2):
        search = proxy.get("/en/search/?q=stroke")
        assert search.status_code == 200
        assert search.headers["X-Proxy-Cache"] == "MISS"


def test_uploads_past_the_body_limit_are_refused(proxy, home):
    response = proxy.post("/en/", content=b"x" * (17 * 1024 * 1024))
    assert response.status_code == 413


def test_plain_http_goes_to_https(proxy, home):
    with httpx.Client(headers={"Host": "portal.example.org"}) as plain:
        response = plain.get(f"http://127.0.0.1:{proxy.http_port}/en/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://portal.example.org/en/"


def test_the_access_log_keeps_no_query_string_or_referrer(proxy, home):
    finder_answers = "type=ischemic&age=67&sex=female&province=CN-GD"
    proxy.get(
        f"/en/search/?q=my+father+67&{finder_answers}", headers={"Referer": f"https://x/?{finder_answers}"}
    )

    # nginx writes the line once the answer has gone out: a moment after the client has it.
    logged = wait_for(
        lambda: proxy.access_log.exists() and proxy.access_log.read_text(), timeout=10, what="the access log"
    )
    assert '"GET /en/search/ HTTP/' in logged
    assert "67" not in logged.replace(str(proxy.base_url.port), "") and "CN-GD" not in logged
