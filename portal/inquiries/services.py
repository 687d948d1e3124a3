"""Writes of the inquiries app: submitting, the staff's actions, notifying, retention.

Every staff action is written to Wagtail's audit log against the inquiry, whose
string is its reference number: no log line or audit entry carries a name.
"""

import json
import logging
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page

from portal.core.publishing import publish
from portal.inquiries import webhooks
from portal.inquiries.models import SOURCE_MODELS, Inquiry, InquiryNote, Notification

logger = logging.getLogger(__name__)

# The wording of the two consents on the form (templates/inquiries/contact_page.html).
# Change this when that wording changes: each request records the version it agreed to.
CONSENT_VERSION = "2026-11"

VIEW_ACTION = "inquiries.view"
ASSIGN_ACTION = "inquiries.assign"
STATUS_ACTION = "inquiries.status"
NOTE_ACTION = "inquiries.note"
EXPORT_ACTION = "inquiries.export"
PERSON_EXPORT_ACTION = "inquiries.export_person"
ERASE_ACTION = "inquiries.erase_person"
ANONYMISE_ACTION = "inquiries.anonymise"

PERSONAL_FIELDS = ("name", "phone", "wechat_id", "email", "message")


class NotificationBusy(Exception):
    """The notification is locked by a transaction in flight."""


def notification_channels() -> list[str]:
    """The channels each new request is announced on: the staff email (which waits in
    the outbox while INQUIRIES_NOTIFY_EMAILS is empty) and each configured robot."""
    channels = [Notification.Channel.EMAIL]
    if settings.WECOM_WEBHOOK_URL:
        channels.append(Notification.Channel.WECOM)
    if settings.DINGTALK_WEBHOOK_URL:
        channels.append(Notification.Channel.DINGTALK)
    return channels


def inquiry_submit(
    *,
    values: dict,
    token: uuid.UUID,
    language: str,
    source_page: Page | None = None,
) -> tuple[Inquiry, bool]:
    """Store a request and its outbox row in one transaction, then publish the
    staff notification. Returns (inquiry, created); a token already used returns
    the request it made, so a double tap stores one request."""
    existing = Inquiry.objects.filter(submission_token=token).first()
    if existing:
        return existing, False
    now = timezone.now()
    source = SOURCE_MODELS.get(source_page.specific_class._meta.label, "") if source_page else ""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                inquiry = Inquiry.objects.create(
                    **values,
                    reference=Inquiry.new_reference(now),
                    submission_token=token,
                    language=language,
                    source_page=source_page,
                    source=source,
                    consent_version=CONSENT_VERSION,
                    consent_personal_at=now,
                    consent_health_at=now,
                    created_at=now,
                )
                notifications = Notification.objects.bulk_create(
                    Notification(inquiry=inquiry, channel=channel, created_at=now)
                    for channel in notification_channels()
                )
        except IntegrityError:
            existing = Inquiry.objects.filter(submission_token=token).first()
            if existing:  # the same form, sent twice at once
                return existing, False
            continue  # a reference number drawn twice: draw again
        break
    else:
        raise RuntimeError("could not draw a unique reference number")
    logger.info("inquiry received", extra={"inquiry": inquiry.reference})
    notification_ids = [notification.pk for notification in notifications]
    transaction.on_commit(lambda: notifications_publish(notification_ids=notification_ids))
    return inquiry, True


def notifications_publish(*, notification_ids: list[int]) -> int:
    """Publish the notifications of one request; what the broker does not take waits
    in the outbox for the next drain."""
    published = 0
    for notification_id in notification_ids:
        if not notification_publish(notification_id=notification_id):
            break  # the broker is away: the others would wait as long
        published += 1
    return published


def notification_publish(*, notification_id: int) -> bool:
    """Hand one notification to the broker; on failure it stays in the outbox."""
    from portal.inquiries.tasks import notification_send  # cycle: the task calls notification_send below

    if not publish(notification_send, notification_id):
        # The outbox drain (beat, every minute) publishes it later.
        logger.warning("notification left in the outbox", extra={"notification": notification_id})
        return False
    Notification.objects.filter(pk=notification_id).update(enqueued_at=timezone.now())
    return True


def outbox_drain(*, now=None) -> int:
    """Publish every notification not yet handed to the broker, or handed over
    long ago and still unsent. Run every minute by Celery beat."""
    published = 0
    for notification_id in Notification.objects.due(now=now).values_list("pk", flat=True):
        if not notification_publish(notification_id=notification_id):
            break  # the broker is still away: try again at the next tick
        published += 1
    if published:
        logger.info("outbox drained", extra={"published": published})
    return published


def message_id(inquiry: Inquiry) -> str:
    """The same Message-ID every time the notification of `inquiry` is sent, so a
    repeat after a killed worker is recognisably the same email."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<inquiry-{inquiry.reference}@{domain}>"


def _channel_configured(channel: str) -> bool:
    return bool(
        {
            Notification.Channel.EMAIL: settings.INQUIRIES_NOTIFY_EMAILS,
            Notification.Channel.WECOM: settings.WECOM_WEBHOOK_URL,
            Notification.Channel.DINGTALK: settings.DINGTALK_WEBHOOK_URL,
        }[channel]
    )


def _admin_url(inquiry: Inquiry) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("inquiries:inspect", args=[inquiry.pk])


def _email_send(inquiry: Inquiry) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"inquiry": inquiry, "admin_url": _admin_url(inquiry)}
        subject = render_to_string("emails/inquiries/new_inquiry_subject.txt", context).strip()
        email = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/inquiries/new_inquiry.txt", context),
            to=settings.INQUIRIES_NOTIFY_EMAILS,
            headers={"Message-ID": message_id(inquiry)},
        )
        email.attach_alternative(render_to_string("emails/inquiries/new_inquiry.html", context), "text/html")
    email.send()


def _wecom_send(inquiry: Inquiry) -> None:
    webhooks.wecom_send(inquiry, admin_url=_admin_url(inquiry))


def _dingtalk_send(inquiry: Inquiry) -> None:
    webhooks.dingtalk_send(inquiry, admin_url=_admin_url(inquiry))


SENDERS = {
    Notification.Channel.EMAIL: _email_send,
    Notification.Channel.WECOM: _wecom_send,
    Notification.Channel.DINGTALK: _dingtalk_send,
}


def notification_send(*, notification_id: int) -> bool:
    """Tell the staff about one request on the notification's channel (email or a
    group robot). Returns False when it was sent already or its channel is not
    configured (it then waits in the outbox); raises NotificationBusy while another
    transaction holds it, and the sender's error (SMTP, webhooks.WebhookError) when
    the channel failed: the task retries with back-off.

    The row stays locked while the message goes out and is marked sent in the same
    transaction: a worker killed in between leaves it unsent, so the message in
    flight may go out once more, never more often."""
    channel = Notification.objects.filter(pk=notification_id).values_list("channel", flat=True).first()
    if channel is None:
        return False
    if not _channel_configured(channel):
        logger.warning("notification channel not configured: kept in the outbox", extra={"channel": channel})
        return False
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("inquiry")
            .filter(pk=notification_id, sent_at=None)
            .first()
        )
        if notification is None:
            if Notification.objects.filter(pk=notification_id, sent_at=None).exists():
                # Locked: another worker is sending it, or a killed worker's transaction
                # is not yet rolled back. Not ours to drop: the task tries again.
                raise NotificationBusy(notification_id)
            return False
        inquiry = notification.inquiry
        SENDERS[notification.channel](inquiry)
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["sent_at", "attempts"])
    logger.info("notification sent", extra={"inquiry": inquiry.reference, "channel": channel})
    return True


def inquiry_view(*, inquiry: Inquiry, user) -> None:
    log(instance=inquiry, action=VIEW_ACTION, user=user)


def inquiry_assign(*, inquiry: Inquiry, assignee, user) -> Inquiry:
    with transaction.atomic():
        inquiry.assignee = assignee
        inquiry.save(update_fields=["assignee", "updated_at"])
        log(
            instance=inquiry,
            action=ASSIGN_ACTION,
            user=user,
            data={"assignee": assignee.pk if assignee else None},
        )
    return inquiry


def inquiry_set_status(*, inquiry: Inquiry, status: str, user) -> Inquiry:
    if status not in Inquiry.Status.values:
        raise ValueError(f"Not an inquiry status: {status}")
    with transaction.atomic():
        previous = inquiry.status
        inquiry.status = status
        inquiry.save(update_fields=["status", "updated_at"])
        log(instance=inquiry, action=STATUS_ACTION, user=user, data={"from": previous, "to": status})
    return inquiry


def inquiry_add_note(*, inquiry: Inquiry, text: str, user) -> InquiryNote:
    text = text.strip()
    if not text:
        raise ValueError("A note needs text")
    with transaction.atomic():
        note = InquiryNote.objects.create(inquiry=inquiry, author=user, text=text)
        inquiry.save(update_fields=["updated_at"])
        log(instance=inquiry, action=NOTE_ACTION, user=user)
    return note


def inquiries_log_export(*, inquiries, user) -> int:
    """One audit entry per exported request, written in one statement."""
    content_type = ContentType.objects.get_for_model(Inquiry)
    now = timezone.now()
    entries = [
        ModelLogEntry(
            content_type=content_type,
            object_id=str(pk),
            label=reference,
            action=EXPORT_ACTION,
            user=user,
            timestamp=now,
            data={},
        )
        for pk, reference in inquiries.values_list("pk", "reference")
    ]
    ModelLogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def inquiry_export_person(*, inquiry: Inquiry, user) -> str:
    """Everything held about the person who sent `inquiry` (all their requests and
    the notes on them), as JSON for their access request under PIPL."""
    requests = list(Inquiry.objects.same_person_as(inquiry).prefetch_related("notes").order_by("created_at"))
    data = {
        "exported_at": timezone.now(),
        "requests": [
            {
                **{
                    field.name: getattr(item, field.attname)
                    for field in Inquiry._meta.concrete_fields
                    if field.name not in ("submission_token", "assignee", "source_page")
                },
                "asked_about": item.source_page_id,
                "notes": [{"written_at": note.created_at, "text": note.text} for note in item.notes.all()],
            }
            for item in requests
        ],
    }
    with transaction.atomic():
        for item in requests:
            log(
                instance=item,
                action=PERSON_EXPORT_ACTION,
                user=user,
                data={"requested_from": inquiry.reference},
            )
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _anonymise(inquiries, *, action: str, user, data: dict) -> int:
    """Audit-log and blank each of `inquiries` (a locked queryset), read once."""
    ids = []
    for item in inquiries:
        log(instance=item, action=action, user=user, data=data)
        ids.append(item.pk)
    InquiryNote.objects.filter(inquiry_id__in=ids).delete()
    return Inquiry.objects.filter(pk__in=ids).update(
        **dict.fromkeys(PERSONAL_FIELDS, ""), anonymised_at=timezone.now(), updated_at=timezone.now()
    )


def inquiry_erase_person(*, inquiry: Inquiry, user) -> int:
    """Erase what is held about the person who sent `inquiry`: every request of
    theirs keeps only its statistics (dates, status, language, source, condition).
    Returns the number of requests erased."""
    with transaction.atomic():
        count = _anonymise(
            Inquiry.objects.same_person_as(inquiry).select_for_update(),
            action=ERASE_ACTION,
            user=user,
            data={"requested_from": inquiry.reference},
        )
    logger.info("person erased", extra={"inquiry": inquiry.reference, "requests": count})
    return count


def inquiries_anonymise_expired(*, now=None) -> int:
    """Blank the personal fields of requests past the retention period, keeping statistics."""
    with transaction.atomic():
        count = _anonymise(
            Inquiry.objects.expired(now=now).select_for_update(),
            action=ANONYMISE_ACTION,
            user=None,
            data={"days": settings.INQUIRIES_RETENTION_DAYS},
        )
    logger.info("expired inquiries anonymised", extra={"count": count})
    return count
