"""The staff inbox: who may see what, the actions, the CSV export, the audit log."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from portal.inquiries import services
from portal.inquiries.models import Inquiry

from .factories import InquiryFactory

pytestmark = pytest.mark.django_db

GROUPS = {
    "editor": "Editors",
    "moderator": "Moderators",
    "reviewer": "Medical reviewers",
    "staff": "Inquiry staff",
}


@pytest.fixture
def users(django_user_model):
    made = {"superuser": django_user_model.objects.create_superuser("root", password="pw")}
    for role, group in GROUPS.items():
        user = django_user_model.objects.create_user(role, password="pw")
        user.groups.add(Group.objects.get(name=group))
        made[role] = user
    return made


@pytest.fixture
def inquiry():
    return InquiryFactory()


def as_user(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def request(client, action, inquiry):
    base = "/admin/inquiries/"
    if action == "list":
        return client.get(base)
    if action == "detail":
        return client.get(f"{base}inspect/{inquiry.pk}/")
    if action == "change":
        return client.post(f"{base}inspect/{inquiry.pk}/status/", {"status": "contacted"})
    if action == "export":
        return client.get(f"{base}?export=csv")
    if action == "person_export":
        return client.post(f"{base}inspect/{inquiry.pk}/person/export/")
    if action == "erase":
        return client.post(f"{base}inspect/{inquiry.pk}/person/erase/")
    raise AssertionError(action)


ACTIONS = ["list", "detail", "change", "export", "person_export", "erase"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["editor", "moderator", "reviewer"])
def test_other_admin_users_get_403_and_change_nothing(client, users, inquiry, role, action):
    response = request(as_user(client, users, role), action, inquiry)

    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == "new" and inquiry.name == "王小明"
    assert not ModelLogEntry.objects.filter(object_id=str(inquiry.pk)).exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, users, inquiry, action):
    response = request(client, action, inquiry)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    inquiry.refresh_from_db()
    assert inquiry.status == "new" and inquiry.name == "王小明"


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_inquiry_staff_and_superusers_can_do_everything(client, users, inquiry, role, action):
    response = request(as_user(client, users, role), action, inquiry)

    inquiry.refresh_from_db()
    if action in ("list", "detail", "export", "person_export"):
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == f"/admin/inquiries/inspect/{inquiry.pk}/"
    if action in ("detail", "person_export"):
        assert "王小明" in response.content.decode()
    if action == "change":
        assert inquiry.status == "contacted"
    if action == "erase":
        assert inquiry.name == "" and inquiry.anonymised_at
    if action != "list":
        assert ModelLogEntry.objects.filter(object_id=str(inquiry.pk), user=users[role]).exists()


@pytest.mark.parametrize("role", ["editor", "moderator", "reviewer", "staff"])
def test_only_inquiry_staff_see_the_menu_item_and_the_dashboard_panel(client, users, inquiry, role):
    html = as_user(client, users, role).get("/admin/").content.decode()

    shown = role == "staff"
    assert ('"/admin/inquiries/"' in html) is shown
    assert ('id="inquiries' in html) is shown


def test_the_dashboard_panel_counts_new_requests_and_shows_the_oldest(client, users):
    import datetime

    from django.utils import timezone

    oldest = InquiryFactory(created_at=timezone.now() - datetime.timedelta(days=3))
    InquiryFactory()
    InquiryFactory(status=Inquiry.Status.CONTACTED)
    client.force_login(users["staff"])

    html = client.get("/admin/").content.decode()

    panel = html[html.index('id="inquiries') :]
    assert "2 条新请求" in panel
    assert panel.index(oldest.reference) < panel.index("</section>")


def test_the_list_filters_and_searches(client, users):
    wang = InquiryFactory(phone="+8613800138000", language="zh-hans")
    li = InquiryFactory(name="李四", phone="+85291234567", wechat_id="li_si_hk", language="zh-hant")
    closed = InquiryFactory(name="张三", phone="", wechat_id="zhang_san", status=Inquiry.Status.CLOSED)
    client.force_login(users["staff"])

    def listed(query):
        html = client.get("/admin/inquiries/", query).content.decode()
        return {i.reference for i in (wang, li, closed) if i.reference in html}

    import datetime

    from django.utils import timezone

    closed.assignee = users["staff"]
    closed.created_at = timezone.now() - datetime.timedelta(days=40)
    closed.save()
    assert listed({"status": "closed"}) == {closed.reference}
    assert listed({"assignee": users["staff"].pk}) == {closed.reference}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed({"created_at_from": since}) == {wang.reference, li.reference}
    assert listed({"language": "zh-hant"}) == {li.reference}
    assert listed({"q": "李四"}) == {li.reference}
    assert listed({"q": "li_si"}) == {li.reference}
    assert listed({"q": "138 0013 8000"}) == {wang.reference}
    assert listed({"q": "+852 9123 4567"}) == {li.reference}


def test_the_csv_export_has_a_bom_escapes_formulas_follows_the_filters_and_is_logged(client, users):
    hostile = InquiryFactory(name='=HYPERLINK("http://evil.example")', message="+1 cmd", status="new")
    other = InquiryFactory(status=Inquiry.Status.SPAM)
    client.force_login(users["staff"])

    response = client.get("/admin/inquiries/", {"export": "csv", "status": "new"})

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 2  # header + the one "new" request
    assert '\'=HYPERLINK("http://evil.example")' in rows[1]
    assert "'+1 cmd" in rows[1]
    exported = ModelLogEntry.objects.filter(action=services.EXPORT_ACTION)
    assert list(exported.values_list("object_id", flat=True)) == [str(hostile.pk)]
    assert not ModelLogEntry.objects.filter(object_id=str(other.pk)).exists()


def test_staff_export_and_erase_one_persons_data_from_the_detail_view(client, users):
    first = InquiryFactory(phone="+8613800138000")
    second = InquiryFactory(phone="+8613800138000", wechat_id="other_id")
    client.force_login(users["staff"])

    detail = client.get(f"/admin/inquiries/inspect/{first.pk}/").content.decode()
    assert second.reference in detail  # the same person's other request

    export = client.post(f"/admin/inquiries/inspect/{first.pk}/person/export/")
    assert export["Content-Disposition"] == f'attachment; filename="person-{first.reference}.json"'
    assert {r["reference"] for r in json.loads(export.content)["requests"]} == {
        first.reference,
        second.reference,
    }

    confirm = client.get(f"/admin/inquiries/inspect/{first.pk}/person/erase/")
    assert confirm.status_code == 200 and second.reference in confirm.content.decode()
    Inquiry.objects.get(pk=second.pk)  # nothing erased by looking

    client.post(f"/admin/inquiries/inspect/{first.pk}/person/erase/")
    second.refresh_from_db()
    assert second.phone == "" and second.anonymised_at


def test_assign_to_me_note_and_spam_from_the_detail_view(client, users, inquiry):
    client.force_login(users["staff"])
    base = f"/admin/inquiries/inspect/{inquiry.pk}/"

    client.post(base + "assign/", {"assignee": "me"})
    client.post(base + "note/", {"text": "第一次电话未接通。"})
    client.post(base + "status/", {"status": "spam"})

    inquiry.refresh_from_db()
    assert inquiry.assignee == users["staff"]
    assert inquiry.status == "spam"
    html = client.get(base).content.decode()
    assert "第一次电话未接通。" in html
    assert list(
        ModelLogEntry.objects.filter(object_id=str(inquiry.pk))
        .order_by("timestamp")
        .values_list("action", flat=True)
    ) == [
        services.ASSIGN_ACTION,
        services.NOTE_ACTION,
        services.STATUS_ACTION,
        services.VIEW_ACTION,
    ]


@pytest.mark.parametrize("name", ["add", "edit", "delete", "copy"])
def test_requests_cannot_be_added_edited_or_deleted_through_generic_forms(name):
    with pytest.raises(NoReverseMatch):
        reverse(f"inquiries:{name}", args=[] if name == "add" else [1])


def test_the_audit_history_names_the_reference_not_the_person(client, users, inquiry):
    client.force_login(users["staff"])
    client.get(f"/admin/inquiries/inspect/{inquiry.pk}/")

    history = client.get(f"/admin/inquiries/history/{inquiry.pk}/")

    assert history.status_code == 200
    entries = ModelLogEntry.objects.filter(content_type__app_label="inquiries")  # not the sign-in's
    assert set(entries.values_list("label", flat=True)) == {inquiry.reference}
