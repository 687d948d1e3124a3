"""The one outbound HTTP client: every call this site makes to another site goes through here.

Built on httpx, sync and async from one configuration (settings.OUTBOUND_HTTP_*):
a User-Agent naming the site, connect and read timeouts, a cap on the size of an
answer (streamed, and dropped as soon as it passes the cap), a deadline for the whole
answer, and retries with back-off on connection errors and on 429/503 (honouring a
bounded Retry-After). Callers get a `Fetched` answer or an `OutboundError` whose
message can be shown to an editor.
"""

import asyncio
import email.message
import email.utils
import json
import logging
import time
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 503})
# Errors where the request surely or probably did not reach the server; a read timeout
# is not retried: it would multiply the time a worker waits on a slow host.
RETRY_ERRORS = (httpx.NetworkError, httpx.ConnectTimeout, httpx.RemoteProtocolError)


class OutboundError(Exception):
    """The other site could not give an answer; str() is a message for an editor."""


class ResponseTooLarge(OutboundError):
    pass


@dataclass(frozen=True)
class Fetched:
    """An answer read in full (within the size cap)."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes
    truncated: bool = False  # `truncate=True` stopped reading at the size cap

    @property
    def text(self) -> str:
        message = email.message.Message()
        message["content-type"] = self.headers.get("content-type", "")
        return self.content.decode(message.get_content_charset() or "utf-8", errors="replace")

    def json(self):
        return json.loads(self.content)


def client_options() -> dict:
    """What every client shares, read from the settings at call time."""
    return {
        "headers": {"User-Agent": settings.OUTBOUND_HTTP_USER_AGENT},
        "timeout": httpx.Timeout(
            settings.OUTBOUND_HTTP_TIMEOUT, connect=settings.OUTBOUND_HTTP_CONNECT_TIMEOUT
        ),
        "follow_redirects": True,
        "max_redirects": 5,
    }


def sync_client(**overrides) -> httpx.Client:
    """A sync client to reuse connections over several `request(client=...)` calls."""
    return httpx.Client(**{**client_options(), **overrides})


def async_client(*, network_backend=None, **overrides) -> httpx.AsyncClient:
    """An async client; `network_backend` (an httpcore.AsyncNetworkBackend) opens its
    connections, e.g. to vet the address a host name resolves to before connecting."""
    if network_backend is not None:
        overrides.setdefault("trust_env", False)  # through a proxy the backend would vet the proxy only
        # `verify` may be one ssl.SSLContext for many clients: loading the CAs takes ~70 ms.
        transport = httpx.AsyncHTTPTransport(
            verify=overrides.pop("verify", True),
            limits=overrides.pop("limits", httpx.Limits()),
            trust_env=overrides["trust_env"],
        )
        # httpx 0.28.1 (httpcore 1.0.9) takes no network backend in its transport's
        # arguments; its connection pool keeps the one it uses in `_network_backend`.
        transport._pool._network_backend = network_backend
        overrides["transport"] = transport
    return httpx.AsyncClient(**{**client_options(), **overrides})


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - timezone.now()).total_seconds())


def retry_delay(
    attempt: int, status: int | None = None, retry_after: str | None = None, *, retries: int | None = None
) -> float | None:
    """Seconds to wait before retry number `attempt` (1-based), or None: do not retry.

    `status` is None after a connection error; `retries` overrides
    settings.OUTBOUND_HTTP_RETRIES."""
    if attempt > (settings.OUTBOUND_HTTP_RETRIES if retries is None else retries):
        return None
    if status is not None and status not in RETRY_STATUSES:
        return None
    backoff = settings.OUTBOUND_HTTP_BACKOFF * 2 ** (attempt - 1)
    asked = retry_after_seconds(retry_after) if status is not None else None
    if asked is None:
        return backoff
    # A host asking for a longer pause than we may hold a worker gets its answer as it is.
    return asked if asked <= settings.OUTBOUND_HTTP_MAX_RETRY_AFTER else None


def _too_large(limit: int) -> ResponseTooLarge:
    return ResponseTooLarge(_("The answer is larger than %(limit)d bytes.") % {"limit": limit})


def _check_declared_length(response: httpx.Response, limit: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > limit:
        raise _too_large(limit)


def _transport_error(exc: httpx.HTTPError) -> OutboundError:
    return OutboundError(type(exc).__name__)


class _Body:
    """Collects chunks up to the size cap and within the deadline.

    With `truncate`, the cap ends the reading instead of failing it: `add` answers
    False once the cap is reached, and the caller closes the connection."""

    def __init__(self, limit: int, *, truncate: bool = False):
        self.limit = limit
        self.truncate = truncate
        self.truncated = False
        self.deadline = time.monotonic() + settings.OUTBOUND_HTTP_DEADLINE
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> bool:
        self.size += len(chunk)
        if self.size > self.limit:
            if not self.truncate:
                raise _too_large(self.limit)
            self.chunks.append(chunk[: len(chunk) - (self.size - self.limit)])
            self.truncated = True
            return False
        if time.monotonic() > self.deadline:
            raise OutboundError(
                _("The answer took longer than %(seconds)s seconds to arrive.")
                % {"seconds": settings.OUTBOUND_HTTP_DEADLINE}
            )
        self.chunks.append(chunk)
        return True

    def content(self) -> bytes:
        return b"".join(self.chunks)


def request(
    method: str,
    url: str,
    *,
    client: httpx.Client | None = None,
    max_bytes: int | None = None,
    **kwargs,
) -> Fetched:
    """Send a request and read the answer (any status) within the size cap.

    `kwargs` are httpx's (params, headers, json, content…). Raises OutboundError when
    no answer could be had, ResponseTooLarge past `max_bytes`
    (settings.OUTBOUND_HTTP_MAX_BYTES by default)."""
    limit = max_bytes or settings.OUTBOUND_HTTP_MAX_BYTES
    own = client is None
    http = sync_client() if own else client
    try:
        attempt = 0
        while True:
            attempt += 1
            try:
                with http.stream(method, url, **kwargs) as response:
                    delay = retry_delay(attempt, response.status_code, response.headers.get("retry-after"))
                    if delay is None:
                        _check_declared_length(response, limit)
                        body = _Body(limit)
                        for chunk in response.iter_bytes():
                            body.add(chunk)
                        return Fetched(
                            str(response.url), response.status_code, response.headers, body.content()
                        )
            except RETRY_ERRORS as exc:
                delay = retry_delay(attempt)
                if delay is None:
                    raise _transport_error(exc) from exc
            except httpx.HTTPError as exc:
                raise _transport_error(exc) from exc
            logger.info("outbound request retried", extra={"url": url, "attempt": attempt, "delay": delay})
            time.sleep(delay)
    finally:
        if own:
            http.close()


def get(url: str, **kwargs) -> Fetched:
    return request("GET", url, **kwargs)


async def arequest(
    method: str,
    url: str,
    *,
    client: httpx.AsyncClient | None = None,
    max_bytes: int | None = None,
    retries: int | None = None,
    truncate: bool = False,
    **kwargs,
) -> Fetched:
    """The async twin of `request`, with two more options: `retries` overrides
    settings.OUTBOUND_HTTP_RETRIES (0: the caller retries), and `truncate` reads
    the first `max_bytes` of a larger answer and hangs up instead of failing
    (a link check wants the status and the `<title>`, never the whole body)."""
    limit = max_bytes or settings.OUTBOUND_HTTP_MAX_BYTES
    own = client is None
    http = async_client() if own else client
    try:
        attempt = 0
        while True:
            attempt += 1
            try:
                async with http.stream(method, url, **kwargs) as response:
                    delay = retry_delay(
                        attempt, response.status_code, response.headers.get("retry-after"), retries=retries
                    )
                    if delay is None:
                        if not truncate:
                            _check_declared_length(response, limit)
                        body = _Body(limit, truncate=truncate)
                        async for chunk in response.aiter_bytes():
                            if not body.add(chunk):
                                break  # leaving the stream closes the connection unread
                        return Fetched(
                            str(response.url),
                            response.status_code,
                            response.headers,
                            body.content(),
                            body.truncated,
                        )
            except RETRY_ERRORS as exc:
                delay = retry_delay(attempt, retries=retries)
                if delay is None:
                    raise _transport_error(exc) from exc
            except httpx.HTTPError as exc:
                raise _transport_error(exc) from exc
            logger.info("outbound request retried", extra={"url": url, "attempt": attempt, "delay": delay})
            await asyncio.sleep(delay)
    finally:
        if own:
            await http.aclose()


async def aget(url: str, **kwargs) -> Fetched:
    return await arequest("GET", url, **kwargs)
