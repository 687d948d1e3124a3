"""The one outbound HTTP client, against a real HTTP server on 127.0.0.1."""

import asyncio
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation

from portal.core import http
from tests.references.servers import closed_port_url


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"{}"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before the headers are sent
    declare_length: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass
class Seen:
    path: str
    headers: dict
    at: float


@contextmanager
def scripted_server(*answers: Answer):
    """Answers each request with the next scripted answer (the last one repeats)."""
    seen: list[Seen] = []
    script = list(answers)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(Seen(self.path, dict(self.headers), time.monotonic()))
            answer = script.pop(0) if len(script) > 1 else script[0]
            time.sleep(answer.delay)
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            if answer.declare_length:
                self.send_header("Content-Length", str(len(answer.body)))
            else:
                self.close_connection = True
            self.end_headers()
            try:
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up past its cap

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_user_agent_names_the_site(settings):
    settings.OUTBOUND_HTTP_USER_AGENT = (
        "Stem Cells for Stroke (+https://example.org; mailto:team@example.org)"
    )
    with scripted_server(Answer(body=b'{"ok": true}')) as (base, seen):
        answer = http.get(f"{base}/works", params={"q": "stroke"})
    assert answer.status_code == 200 and answer.json() == {"ok": True}
    assert seen[0].path == "/works?q=stroke"
    assert seen[0].headers["User-Agent"] == settings.OUTBOUND_HTTP_USER_AGENT


def test_default_user_agent_names_the_site_and_a_contact():
    from django.conf import settings

    assert settings.WAGTAIL_SITE_NAME in settings.OUTBOUND_HTTP_USER_AGENT
    assert f"mailto:{settings.DEFAULT_FROM_EMAIL}" in settings.OUTBOUND_HTTP_USER_AGENT


def test_a_slow_server_times_out(settings):
    settings.OUTBOUND_HTTP_TIMEOUT = 0.3
    with scripted_server(Answer(delay=2)) as (base, seen):
        started = time.monotonic()
        with pytest.raises(http.OutboundError, match="ReadTimeout"):
            http.get(base)
        assert time.monotonic() - started < 1.5
    assert len(seen) == 1  # a read timeout is not retried


@pytest.mark.parametrize("declare_length", [True, False], ids=["declared", "streamed"])
def test_an_answer_past_the_size_cap_is_refused(declare_length):
    with scripted_server(Answer(body=b"x" * 200_000, declare_length=declare_length)) as (base, _seen):
        with (
            translation.override("en"),
            pytest.raises(http.ResponseTooLarge, match="larger than 100000 bytes"),
        ):
            http.get(base, max_bytes=100_000)
        assert len(http.get(base, max_bytes=200_000).content) == 200_000


def test_503_is_retried_after_the_pause_retry_after_asks_for(settings):
    settings.OUTBOUND_HTTP_BACKOFF = 0.01
    busy = Answer(status=503, headers={"Retry-After": "1"}, body=b"busy")
    with scripted_server(busy, Answer(body=b"done")) as (base, seen):
        answer = http.get(base)
    assert (answer.status_code, answer.content) == (200, b"done")
    assert len(seen) == 2
    assert seen[1].at - seen[0].at >= 0.95


def test_429_with_a_longer_pause_than_allowed_is_given_up_at_once(settings):
    settings.OUTBOUND_HTTP_MAX_RETRY_AFTER = 5
    with scripted_server(Answer(status=429, headers={"Retry-After": "3600"}, body=b"slow down")) as (
        base,
        seen,
    ):
        answer = http.get(base)
    assert (answer.status_code, len(seen)) == (429, 1)


def test_retries_are_bounded(settings):
    settings.OUTBOUND_HTTP_RETRIES = 2
    with scripted_server(Answer(status=503, body=b"down")) as (base, seen):
        answer = http.get(base)
    assert (answer.status_code, len(seen)) == (503, 3)


def test_other_errors_are_not_retried():
    with scripted_server(Answer(status=500, body=b"broken")) as (base, seen):
        assert http.get(base).status_code == 500
    assert len(seen) == 1


def test_a_closed_port_is_an_outbound_error_after_the_retries(settings):
    settings.OUTBOUND_HTTP_BACKOFF = 0.2
    started = time.monotonic()
    with pytest.raises(http.OutboundError, match="ConnectError"):
        http.get(closed_port_url())
    assert time.monotonic() - started >= 0.2 + 0.4  # two back-offs: 0.2 s, then doubled


def test_retry_after_as_an_http_date():
    assert http.retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert http.retry_after_seconds("120") == 120.0
    assert http.retry_after_seconds("soon") is None


def test_the_async_client_shares_the_configuration(settings):
    settings.OUTBOUND_HTTP_USER_AGENT = "Portal test agent"
    big = Answer(body=b"y" * 50_000, declare_length=False)
    with scripted_server(Answer(status=503, headers={"Retry-After": "0"}), Answer(body=b"hi"), big) as (
        base,
        seen,
    ):
        answer = asyncio.run(http.aget(base))
        with pytest.raises(http.ResponseTooLarge):
            asyncio.run(http.aget(base, max_bytes=10_000))
    assert (answer.status_code, answer.text) == (200, "hi")
    assert [s.headers["User-Agent"] for s in seen[:2]] == ["Portal test agent"] * 2
