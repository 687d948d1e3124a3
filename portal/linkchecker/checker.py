"""The checker: many URLs at once through portal.core.http's async client.

HEAD first, GET when HEAD is refused or answered with an error (many servers answer
HEAD wrongly); redirects followed one hop at a time, each through the address guard
(`network`), with the chain recorded; a global limit and a per-host limit on requests
in flight, an optional pause between requests to one host, retries with back-off on
429, 503, timeouts and failed connections (honouring Retry-After); bodies read only
up to a small cap (the `<title>` of a page), the connection closed past it.
"""

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from portal.core import http
from portal.linkchecker import registry
from portal.linkchecker.metadata import page_metadata
from portal.linkchecker.network import AddressRefused, GuardedBackend

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
# Definite answers to HEAD; any other error status is asked again with GET.
HEAD_TRUSTED_ERRORS = frozenset({404, 410})
OK, REDIRECTED, BROKEN, NOT_CHECKED = "ok", "redirected", "broken", "not_checked"


@dataclass
class Outcome:
    url: str
    status: str  # a Link.Status value
    status_code: int | None = None
    error: str = ""
    final_url: str = ""
    chain: list[list] = field(default_factory=list)  # [[url, status code], ...] of each redirect
    page_title: str = ""
    site_name: str = ""

    @property
    def failed(self) -> bool:
        return self.status == BROKEN


class _Failed(Exception):
    """No answer after the retries; str() is the reason."""


def _status_message(code: int) -> str:
    return _("The server answered %(code)d.") % {"code": code}


class Checker:
    def __init__(
        self,
        *,
        per_host: int | None = None,
        concurrency: int | None = None,
        host_delay: float | None = None,
        max_redirects: int | None = None,
        retries: int | None = None,
        max_bytes: int | None = None,
    ):
        self.per_host = per_host or settings.LINKCHECKER_PER_HOST
        self.concurrency = concurrency or settings.LINKCHECKER_CONCURRENCY
        self.host_delay = settings.LINKCHECKER_HOST_DELAY if host_delay is None else host_delay
        self.max_redirects = settings.LINKCHECKER_MAX_REDIRECTS if max_redirects is None else max_redirects
        self.retries = settings.LINKCHECKER_RETRIES if retries is None else retries
        self.max_bytes = max_bytes or settings.LINKCHECKER_MAX_BYTES
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    def _client(self, host: str) -> httpx.AsyncClient:
        """One client per host, its pool as large as the host's limit: a shared pool of
        many hosts spends its time closing one host's idle connections for another's
        (and httpcore scans every connection for every request)."""
        client = self._clients.get(host)
        if client is None:
            client = self._clients[host] = http.async_client(
                network_backend=self._backend,
                verify=self._tls,
                follow_redirects=False,
                timeout=httpx.Timeout(
                    settings.LINKCHECKER_TIMEOUT, connect=settings.LINKCHECKER_CONNECT_TIMEOUT
                ),
                limits=httpx.Limits(max_connections=self.per_host, max_keepalive_connections=self.per_host),
            )
        return client

    async def check_many(
        self,
        urls: Iterable[str],
        *,
        want_title: Iterable[str] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Outcome]:
        urls = list(dict.fromkeys(urls))
        want_title = set(want_title)
        self._global = asyncio.Semaphore(self.concurrency)
        self._backend = GuardedBackend()
        self._tls = httpx.create_ssl_context()  # loading the CA bundle takes ~70 ms: once per run
        self._clients: dict[str, httpx.AsyncClient] = {}
        results: dict[str, Outcome] = {}

        async def one(url: str) -> None:
            results[url] = await self.check(url, want_title=url in want_title)
            if progress:
                progress(len(results), len(urls))

        try:
            await asyncio.gather(*(one(url) for url in urls))
        finally:
            for client in self._clients.values():
                await client.aclose()
        return results

    async def check(self, url: str, *, want_title: bool = False) -> Outcome:
        if urlsplit(url).scheme not in ("http", "https"):
            return Outcome(url, NOT_CHECKED, error=_("Only http and https links are checked."))
        method = "GET" if want_title else "HEAD"
        chain: list[list] = []
        seen = {url}
        current = url
        try:
            for _hop in range(self.max_redirects + 1):
                answer = await self._fetch(method, current, want_title)
                if (
                    method == "HEAD"
                    and answer.status_code >= 400
                    and answer.status_code not in HEAD_TRUSTED_ERRORS
                ):
                    method = "GET"  # HEAD refused (405, 501) or answered wrongly: ask properly
                    answer = await self._fetch(method, current, want_title)
                location = answer.headers.get("location")
                if answer.status_code not in REDIRECTS or not location:
                    break
                chain.append([current, answer.status_code])
                target = urljoin(current, location.strip()).split("#", 1)[0]
                if urlsplit(target).scheme not in ("http", "https"):
                    return Outcome(
                        url, NOT_CHECKED, answer.status_code, _("Redirects to a link that is not http or https."),
                        target, chain,
                    )  # fmt: skip
                if target in seen:
                    return Outcome(url, BROKEN, answer.status_code, _("Redirect loop."), target, chain)
                seen.add(target)
                current = target
            else:
                return Outcome(
                    url,
                    BROKEN,
                    answer.status_code,
                    _("More than %(count)d redirects.") % {"count": self.max_redirects},
                    current,
                    chain,
                )
        except AddressRefused as exc:
            return Outcome(url, NOT_CHECKED, None, str(exc), current, chain)
        except _Failed as exc:
            return Outcome(url, BROKEN, None, str(exc), current, chain)
        return self._judge(url, answer, current, chain, want_title)

    def _judge(self, url: str, answer: http.Fetched, final: str, chain: list, want_title: bool) -> Outcome:
        code = answer.status_code
        outcome = Outcome(url, OK, code, "", final if chain else "", chain)
        if 200 <= code < 300:
            if any(status in PERMANENT for _url, status in chain):
                outcome.status = REDIRECTED
                outcome.error = _("Moved permanently to %(url)s: update the link.") % {"url": final}
            if want_title:
                outcome.page_title, outcome.site_name = page_metadata(
                    answer.headers.get("content-type", ""), answer.content
                )
            return outcome
        outcome.error = _status_message(code)
        if code == 403 and (registry.refuses_robots(url) or registry.refuses_robots(final)):
            outcome.status = NOT_CHECKED
            outcome.error = _("The registry refuses robots (403); the identifier is valid.")
        elif code == 429:
            outcome.status = NOT_CHECKED
            outcome.error = _("The site asked to slow down (429) past the retries.")
        else:
            outcome.status = BROKEN
        return outcome

    async def _fetch(self, method: str, url: str, want_title: bool) -> http.Fetched:
        """One request with the host's slot held, retried on 429, 503, timeouts and failed connections."""
        host = urlsplit(url).netloc.lower()
        slot = self._host_slots.setdefault(host, asyncio.Semaphore(self.per_host))
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            attempt += 1
            async with slot:
                now = loop.time()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + self.host_delay
                if start > now:
                    await asyncio.sleep(start - now)
                async with self._global:
                    try:
                        answer = await http.arequest(
                            method,
                            url,
                            client=self._client(host),
                            retries=0,
                            truncate=True,
                            # A GET reads the head of a page for its title, else nothing.
                            max_bytes=self.max_bytes if want_title else 1,
                        )
                        error = None
                    except http.OutboundError as exc:
                        answer, error = None, exc
            if answer is not None:
                delay = http.retry_delay(
                    attempt, answer.status_code, answer.headers.get("retry-after"), retries=self.retries
                )
                if delay is None:
                    return answer
            else:
                cause = error.__cause__
                retriable = isinstance(cause, httpx.TimeoutException | httpx.NetworkError)
                delay = http.retry_delay(attempt, retries=self.retries) if retriable else None
                if delay is None:
                    raise _Failed(self._error_text(error)) from error
            # Every request to this host waits: it asked to slow down or is struggling.
            self._next_start[host] = max(self._next_start.get(host, 0.0), loop.time() + delay)

    @staticmethod
    def _error_text(error: http.OutboundError) -> str:
        cause = error.__cause__
        if isinstance(cause, httpx.TimeoutException):
            return _("No answer in time (%(error)s).") % {"error": type(cause).__name__}
        if isinstance(cause, httpx.ConnectError):
            return _("Could not connect: %(error)s") % {"error": str(cause) or type(cause).__name__}
        return str(error)


def check_urls(
    urls: Iterable[str], *, want_title: Iterable[str] = (), progress=None, **options
) -> dict[str, Outcome]:
    """Check URLs from sync code (a Celery task, a command): one event loop per call."""
    return asyncio.run(Checker(**options).check_many(urls, want_title=want_title, progress=progress))
