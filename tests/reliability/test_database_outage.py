"""PostgreSQL away, in-process: the 503 page of portal.core.database_outage through the
Django test client, the database cut by a real TCP proxy (tcp_proxy.py) in front of it."""

import logging

import pytest
from django.db import DatabaseError, OperationalError, close_old_connections, connection
from django.test import Client

from portal.core.database_outage import DatabaseOutageMiddleware, outage
from tests.services import require_postgresql

from .tcp_proxy import TcpProxy

# The connection is re-pointed at the proxy, so no test transaction may hold it; the
# rows other tests expect (root page, locales) are restored afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLES = {
    "zh-hans": "网站暂时无法访问",
    "zh-hant": "網站暫時無法訪問",
    "en": "The site is briefly unavailable",
}
FORM_NOTE = {
    "zh-hans": "如果您刚才在提交表单，我们尚未收到",
    "zh-hant": "如果您剛才在提交表單，我們尚未收到",
    "en": "If you were sending a form, it has not reached us",
}
OUTAGE_LOGGER = "portal.core.database_outage"


@pytest.fixture
def database_proxy():
    """The test database reached through a proxy the test can cut; put back afterwards."""
    require_postgresql()
    settings_dict = connection.settings_dict
    saved = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    with TcpProxy(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)) as proxy:
        settings_dict["HOST"], settings_dict["PORT"] = proxy.host, proxy.port
        try:
            yield proxy
        finally:
            connection.close()
            settings_dict["HOST"], settings_dict["PORT"] = saved


@pytest.fixture(autouse=True)
def _no_outage_left():
    outage.since = None
    yield
    outage.since = None


def outage_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == OUTAGE_LOGGER]


def test_pages_answer_a_friendly_503_in_the_visitors_language(client, database_proxy, caplog):
    caplog.set_level(logging.INFO, logger=OUTAGE_LOGGER)
    assert client.get("/en/").status_code != 503  # a connection through the proxy is open
    assert outage_lines(caplog) == []

    database_proxy.cut()
    for language, title in TITLES.items():
        response = client.get(f"/{language}/")
        html = response.content.decode()
        assert response.status_code == 503
        assert f"<title>{title}</title>" in html
        assert f"<h1>{title}</h1>" in html
        assert FORM_NOTE[language] in html
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        assert "Traceback" not in html and "OperationalError" not in html
    assert '<html lang="zh-Hant">' in client.get("/zh-hant/some/article/").content.decode()
    # One line for the whole outage, however many visitors met it.
    assert outage_lines(caplog) == ["database unavailable"]
    record = next(record for record in caplog.records if record.name == OUTAGE_LOGGER)
    assert (record.levelname, record.event) == ("ERROR", "database_unavailable")


def test_an_error_outside_the_view_is_a_503_too(database_proxy, caplog):
    """A URL without a language prefix is a 404 whose page (and the redirects lookup) needs
    the database: that error is raised outside the view, where Django calls no
    process_exception. The page follows Accept-Language."""
    client = Client(raise_request_exception=False)
    database_proxy.cut()
    with caplog.at_level(logging.CRITICAL, logger="django.request"):  # Django's own 500 line
        response = client.get("/no-such-page", headers={"Accept-Language": "zh-TW,en;q=0.5"})
    assert response.status_code == 503
    assert f"<title>{TITLES['zh-hant']}</title>" in response.content.decode()


def test_the_site_recovers_when_the_database_returns(client, database_proxy, caplog):
    caplog.set_level(logging.INFO, logger=OUTAGE_LOGGER)
    database_proxy.cut()
    assert client.get("/en/").status_code == 503
    assert client.get("/healthz").status_code == 503

    database_proxy.restore()
    close_old_connections()  # what Django does at the start of every request outside the test client
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code != 503
    assert outage_lines(caplog) == ["database unavailable", "database available again"]


def database_error(*statements: str) -> Exception:
    """The error Django raises for the last of `statements`, run on the real database."""
    with pytest.raises(DatabaseError) as caught, connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return caught.value


def test_a_database_that_refuses_a_query_is_no_outage(rf, caplog):
    """Bad SQL or a statement timeout comes from a database that works: it stays a 500
    (logged with its traceback by Django), with no outage line."""
    require_postgresql()
    bad_sql = database_error("SELECT * FROM no_such_table")
    try:
        timed_out = database_error("SET statement_timeout = 1", "SELECT pg_sleep(1)")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
    assert isinstance(timed_out, OperationalError)  # QueryCanceled, SQLSTATE 57014

    middleware = DatabaseOutageMiddleware(lambda request: None)
    for error in (bad_sql, timed_out):
        assert middleware.process_exception(rf.get("/en/"), error) is None
    assert outage_lines(caplog) == []
