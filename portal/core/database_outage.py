"""Pages while PostgreSQL cannot be reached: a 503 in the visitor's language, not a 500.

A view (or its template) that cannot reach the database raises OperationalError or
InterfaceError (see `is_outage`); DatabaseOutageMiddleware answers templates/503.html instead, rendered
without a request context (no context processor, so no query), with Retry-After and no
caching. An error raised by a middleware rather than the view (where Django calls no
`process_exception`, e.g. the redirects lookup of a 404) is noted through Django's
got_request_exception signal, and its 500 is replaced the same way.

Each process logs the outage once, "database unavailable" (event database_unavailable,
level ERROR) at its first failure, and its end once, "database available again", when
Django next opens a connection: an alert follows one line, not a traceback per request.
Nothing has to be restarted: Django closes a connection that failed, and the next query
opens a new one.
"""

import logging
import sys
import threading
import time

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from portal.core.i18n.languages import language_from_accept_header

logger = logging.getLogger(__name__)

# OperationalErrors the server raises while it works (a deadlock 40P01, a serialisation
# failure 40001, a statement timeout 57014) are no outage. Those of a database that cannot
# be reached have no SQLSTATE (refused, closed, timed out: decided by the client), class
# 08 (connection exception), or 57P01-57P03 (shutting down, crashed, starting up).
OUTAGE_SQLSTATES = ("08", "57P01", "57P02", "57P03")
TEMPLATE = "503.html"
RETRY_AFTER_SECONDS = 30
# Where the signal leaves an error raised outside the view for the middleware to see.
_REQUEST_ATTRIBUTE = "_database_outage_error"


class _Outage:
    """This process's view of the database: since when it has been failing, if it is."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since: float | None = None

    def began(self, exc: BaseException) -> None:
        with self._lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        logger.error(
            "database unavailable",
            extra={
                "event": "database_unavailable",
                "error": exc.__class__.__name__,
                "detail": str(exc)[:300],
            },
        )

    def ended(self) -> None:
        with self._lock:
            if self.since is None:
                return
            seconds = time.monotonic() - self.since
            self.since = None
        logger.warning(
            "database available again",
            extra={"event": "database_available", "outage_seconds": round(seconds, 1)},
        )


outage = _Outage()


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Here rather than in an AppConfig: only a process that serves requests needs them.
        got_request_exception.connect(_note_request_exception, dispatch_uid=f"{__name__}.exception")
        connection_created.connect(_connection_created, dispatch_uid=f"{__name__}.connection")

    def __call__(self, request):
        response = self.get_response(request)
        error = getattr(request, _REQUEST_ATTRIBUTE, None)
        if error is not None and response.status_code == 500:
            outage.began(error)
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        outage.began(exception)
        return unavailable_response(request)


def is_outage(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached (rather than refused a query)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)  # the driver's error, which Django wraps
    return sqlstate is None or sqlstate.startswith(OUTAGE_SQLSTATES)


def unavailable_response(request) -> HttpResponse:
    """templates/503.html in the language of the URL (else of Accept-Language)."""
    language = translation.get_language_from_path(request.path_info) or language_from_accept_header(
        request.headers.get("Accept-Language", "")
    )
    with translation.override(language):
        content = render_to_string(TEMPLATE)  # no request: no context processor touches the database
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    # The outage has its one line above, and portal.request logs every request; without
    # this Django would add an ERROR line ("Service Unavailable: <path>") per request.
    response._has_been_logged = True
    return response


def _note_request_exception(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and error is not None and is_outage(error):
        setattr(request, _REQUEST_ATTRIBUTE, error)


def _connection_created(sender, connection=None, **kwargs):
    outage.ended()
