"""No way around the second factor: with the password alone a session reaches no admin
view (the inquiries' CSV export and the admin API included), no private document, and
async code sees no user either. Idle expiry counts what the person does, not the
admin's own background pings."""

import time

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.accounts.signals import SEEN_AT_KEY
from tests.inquiries.factories import InquiryFactory

from .conftest import enrol, next_code, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def password_only(client, staff):
    """(the staff's authenticator, a session that passed the password only)"""
    sign_in(client, "staff")
    app, _codes = enrol(client)
    other = Client()
    sign_in(other, "staff")
    return app, other


def test_the_password_alone_opens_no_admin_view(password_only):
    app, session = password_only
    inquiry = InquiryFactory()
    urls = [
        "/admin/inquiries/?export=csv",
        "/admin/inquiries/?export=xlsx",
        f"/admin/inquiries/inspect/{inquiry.pk}/",
        "/admin/api/main/pages/",
        "/admin/users/",
        "/admin/reports/site-history/",
        "/admin/two-step/",
    ]
    for url in urls:
        response = session.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/two-step/verify/?next="), url
    for url in ("/admin/two-step/recovery-codes/", "/admin/two-step/sign-out-everywhere/"):
        assert session.post(url)["Location"].startswith("/admin/two-step/verify/"), url

    session.post("/admin/two-step/verify/", {"code": next_code(app)})
    export = session.get("/admin/inquiries/?export=csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert inquiry.reference in b"".join(export.streaming_content).decode()


def test_a_private_document_needs_the_second_factor(password_only, settings, tmp_path):
    app, session = password_only
    settings.STORAGES = {  # served from disk, as in production's serve view
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    collection = Collection.get_first_root_node().add_child(name="内部")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="内部指南", collection=collection, file=ContentFile(b"%PDF-1.4 private", name="internal.pdf")
    )

    response = session.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]

    session.post("/admin/two-step/verify/", {"code": next_code(app)})
    response = session.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 private"


@pytest.mark.urls("tests.accounts.probe_urls")
def test_async_code_sees_no_user_in_a_session_without_the_second_factor(password_only):
    app, session = password_only

    assert session.get("/probe/who/").json() == {"authenticated": False}

    session.post("/admin/two-step/verify/", {"code": next_code(app)})
    assert session.get("/probe/who/").json() == {"authenticated": True}


def test_the_editors_background_ping_does_not_keep_a_session_alive(client, staff):
    sign_in(client, "staff")
    enrol(client)
    ping = "/admin/editing-sessions/ping/wagtailcore/page/1/0/"
    session = client.session
    session[SEEN_AT_KEY] = time.time() - 1700
    session.save()

    client.post(ping)
    assert client.session[SEEN_AT_KEY] < time.time() - 1600  # not counted as activity

    session = client.session
    session[SEEN_AT_KEY] = time.time() - 1801
    session.save()
    client.post(ping)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
