"""Hits answered before Django (portal/core/pagecache/wsgi.py, what gunicorn serves):
the same page and headers as Django gave it, no query and no Django request; everything
the page cache may not answer goes to Django."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from portal.wsgi import application

pytestmark = pytest.mark.usefixtures("page_cache")


def call(path: str, **extra) -> tuple[str, dict, bytes]:
    environ = RequestFactory().get(path, **extra).environ
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's database connection stays open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()  # what a WSGI server does: request_finished
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered["status"], answered["headers"], body


def test_a_hit_is_the_page_django_gave_with_its_final_headers_and_no_django(
    article, django_assert_num_queries
):
    url = article.get_url()
    status, first_headers, first_body = call(url)
    assert (status, first_headers["X-Page-Cache"]) == ("200 OK", "miss")
    started = []
    request_started.connect(receiver := lambda **kwargs: started.append(1), weak=False)
    try:
        with django_assert_num_queries(0):
            status, headers, body = call(url)
    finally:
        request_started.disconnect(receiver)
    assert (status, headers["X-Page-Cache"], started) == ("200 OK", "hit", [])
    assert body == first_body and "干细胞与中风" in body.decode()
    # What every middleware gave the page on its way out is kept with it.
    del headers["X-Page-Cache"], first_headers["X-Page-Cache"]
    assert headers == first_headers and "Content-Security-Policy" in headers


def answered_by_django(path: str, **extra) -> bool:
    started = []
    request_started.connect(receiver := lambda **kwargs: started.append(1), weak=False)
    try:
        call(path, **extra)
    finally:
        request_started.disconnect(receiver)
    return bool(started)


def test_what_the_cache_may_not_answer_goes_to_django(article, settings):
    url = article.get_url()
    call(url)
    assert not answered_by_django(url)
    assert answered_by_django(url, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert answered_by_django(url, HTTP_X_CACHE_REFRESH="1")
    assert answered_by_django(url, QUERY_STRING="a=1")
    assert not answered_by_django(url)  # the refresh kept the page anew, for this layer
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert answered_by_django(url)  # plain http: Django's security middleware redirects it
    assert not answered_by_django(url, HTTP_X_FORWARDED_PROTO="https")


def test_a_publish_is_shown_at_once(article, django_capture_on_commit_callbacks):
    url = article.get_url()
    call(url)
    article.title_zh_hans = "干细胞与中风：新版"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    status, headers, body = call(url)
    assert headers["X-Page-Cache"] == "miss" and "干细胞与中风：新版" in body.decode()
