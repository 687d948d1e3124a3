import datetime
import json
import logging
import uuid

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.inquiries import services
from portal.inquiries.models import Inquiry, InquiryNote, Notification

from .factories import InquiryFactory

pytestmark = pytest.mark.django_db

VALUES = {
    "name": "王小明",
    "phone": "+8613800138000",
    "wechat_id": "wang_xiaoming",
    "preferred_channel": "wechat",
    "email": "wang@example.org",
    "condition": "ischemic",
    "time_since_onset": "1_to_6_months",
    "message": "我父亲三个月前脑梗，想了解试验。",
}


def submit(**kwargs):
    return services.inquiry_submit(values=VALUES, token=uuid.uuid4(), language="zh-hans", **kwargs)


def actions(inquiry) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(inquiry.pk))
        .order_by("timestamp")
        .values_list("action", flat=True)
    )


def test_submit_stores_the_request_and_its_outbox_row_then_notifies_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        inquiry, created = submit()

    assert created
    notification = Notification.objects.get(inquiry=inquiry)
    assert notification.sent_at is not None
    assert notification.enqueued_at is not None
    assert len(mail.outbox) == 1


def test_nothing_is_published_before_the_request_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit()

    assert len(callbacks) == 1
    assert mail.outbox == []
    assert Notification.objects.get().enqueued_at is None


def test_the_same_token_stores_one_request():
    token = uuid.uuid4()
    first, created = services.inquiry_submit(values=VALUES, token=token, language="en")
    again, created_again = services.inquiry_submit(values=VALUES, token=token, language="en")

    assert created and not created_again
    assert first.pk == again.pk
    assert Inquiry.objects.count() == 1


def test_the_notification_holds_no_personal_or_health_details_only_reference_and_link():
    inquiry, _ = submit()

    services.notification_send(notification_id=inquiry.notifications.get().pk)

    (email,) = mail.outbox
    text = email.subject + email.body + email.alternatives[0][0]
    assert inquiry.reference in email.subject
    assert f"http://testserver/admin/inquiries/inspect/{inquiry.pk}/" in email.body
    for personal in (
        "王小明",
        "13800138000",
        "wang_xiaoming",
        "wang@example.org",
        "脑梗",
        "ischemic",
        "缺血",
    ):
        assert personal not in text
    assert email.to == ["staff@example.org"]


def test_a_notification_is_sent_once_with_a_message_id_derived_from_the_request():
    inquiry, _ = submit()
    notification_id = inquiry.notifications.get().pk

    assert services.notification_send(notification_id=notification_id) is True
    assert services.notification_send(notification_id=notification_id) is False

    (email,) = mail.outbox
    assert email.message()["Message-ID"] == f"<inquiry-{inquiry.reference}@example.org>"
    assert services.message_id(inquiry) == email.message()["Message-ID"]


def test_without_a_recipient_the_notification_waits_in_the_outbox(settings):
    settings.INQUIRIES_NOTIFY_EMAILS = []
    inquiry, _ = submit()

    assert services.notification_send(notification_id=inquiry.notifications.get().pk) is False
    assert Notification.objects.get().sent_at is None


def test_the_drain_publishes_what_is_unsent_and_not_in_flight(settings):
    settings.INQUIRIES_OUTBOX_REQUEUE_AFTER = 600
    now = timezone.now()
    never_published = InquiryFactory()
    Notification.objects.create(inquiry=never_published)
    lost_in_broker = InquiryFactory()
    Notification.objects.create(inquiry=lost_in_broker, enqueued_at=now - datetime.timedelta(hours=1))
    in_flight = InquiryFactory()
    Notification.objects.create(inquiry=in_flight, enqueued_at=now - datetime.timedelta(seconds=30))
    sent = InquiryFactory()
    Notification.objects.create(inquiry=sent, enqueued_at=now, sent_at=now)

    assert services.outbox_drain() == 2

    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"新的咨询请求 {i.reference}" for i in (never_published, lost_in_broker)
    )
    assert Notification.objects.get(inquiry=in_flight).sent_at is None


def test_staff_actions_are_written_to_the_audit_log(django_user_model):
    staff = django_user_model.objects.create_user("staff")
    inquiry = InquiryFactory()

    services.inquiry_view(inquiry=inquiry, user=staff)
    services.inquiry_assign(inquiry=inquiry, assignee=staff, user=staff)
    services.inquiry_set_status(inquiry=inquiry, status=Inquiry.Status.CONTACTED, user=staff)
    services.inquiry_add_note(inquiry=inquiry, text="已通过微信联系，约好下周电话。", user=staff)

    inquiry.refresh_from_db()
    assert inquiry.assignee == staff
    assert inquiry.status == "contacted"
    assert inquiry.notes.get().text == "已通过微信联系，约好下周电话。"
    assert actions(inquiry) == [
        services.VIEW_ACTION,
        services.ASSIGN_ACTION,
        services.STATUS_ACTION,
        services.NOTE_ACTION,
    ]
    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels == {inquiry.reference}


@pytest.mark.parametrize("bad", ["", "deleted"])
def test_a_status_outside_the_flow_is_refused(bad):
    with pytest.raises(ValueError):
        services.inquiry_set_status(inquiry=InquiryFactory(), status=bad, user=None)


def test_an_empty_note_is_refused():
    with pytest.raises(ValueError):
        services.inquiry_add_note(inquiry=InquiryFactory(), text="   ", user=None)


@pytest.fixture
def one_person():
    """Three requests of one person (matched by phone, WeChat ID, email) and one of another."""
    first = InquiryFactory(phone="+8613800138000", wechat_id="wang_xiaoming", email="")
    by_wechat = InquiryFactory(phone="", wechat_id="Wang_Xiaoming", email="wang@example.org")
    by_phone = InquiryFactory(phone="+8613800138000", wechat_id="", email="")
    other = InquiryFactory(name="李四", phone="+85291234567", wechat_id="li_si_hk", email="li@example.org")
    InquiryNote.objects.create(inquiry=first, text="家属希望电话联系。")
    return first, by_wechat, by_phone, other


def test_a_person_export_holds_all_their_requests_and_is_logged(one_person, django_user_model):
    first, by_wechat, by_phone, other = one_person
    staff = django_user_model.objects.create_user("staff")

    data = json.loads(services.inquiry_export_person(inquiry=first, user=staff))

    references = {item["reference"] for item in data["requests"]}
    assert references == {first.reference, by_wechat.reference, by_phone.reference}
    exported_first = next(item for item in data["requests"] if item["reference"] == first.reference)
    assert exported_first["name"] == "王小明"
    assert exported_first["notes"][0]["text"] == "家属希望电话联系。"
    assert "submission_token" not in exported_first
    assert services.PERSON_EXPORT_ACTION in actions(by_phone)
    assert actions(other) == []


def test_erasing_a_person_blanks_every_request_of_theirs_and_keeps_statistics(one_person, django_user_model):
    first, by_wechat, by_phone, other = one_person
    staff = django_user_model.objects.create_user("staff")

    assert services.inquiry_erase_person(inquiry=first, user=staff) == 3

    for item in (first, by_wechat, by_phone):
        item.refresh_from_db()
        assert (item.name, item.phone, item.wechat_id, item.email, item.message) == ("", "", "", "", "")
        assert item.anonymised_at is not None
        assert item.condition == "ischemic" and item.language == "zh-hans" and item.status == "new"
        assert services.ERASE_ACTION in actions(item)
    assert InquiryNote.objects.count() == 0
    other.refresh_from_db()
    assert other.name == "李四" and other.anonymised_at is None


def test_retention_anonymises_only_requests_past_the_period(settings):
    settings.INQUIRIES_RETENTION_DAYS = 30
    old = InquiryFactory(created_at=timezone.now() - datetime.timedelta(days=31))
    InquiryNote.objects.create(inquiry=old, text="电话 13800138000")
    recent = InquiryFactory(created_at=timezone.now() - datetime.timedelta(days=29))

    assert services.inquiries_anonymise_expired() == 1
    assert services.inquiries_anonymise_expired() == 0

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.name == "" and old.phone == "" and old.anonymised_at
    assert old.time_since_onset == "1_to_6_months"
    assert not old.notes.exists()
    assert recent.name == "王小明" and recent.anonymised_at is None
    assert actions(old) == [services.ANONYMISE_ACTION]


def test_logs_name_requests_by_reference_only(caplog):
    with caplog.at_level(logging.INFO, logger="portal.inquiries"):
        inquiry, _ = submit()
        services.notification_send(notification_id=inquiry.notifications.get().pk)

    assert caplog.records
    for record in caplog.records:
        text = record.getMessage() + json.dumps(
            {k: str(v) for k, v in vars(record).items() if k not in ("msg", "args")}, ensure_ascii=False
        )
        for personal in VALUES.values():
            if len(personal) > 8:
                assert personal not in text
        assert "王小明" not in text
