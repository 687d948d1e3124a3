"""Writes of the newsletter: subscribing, confirming, leaving, importing, and the
editors' actions on an issue (draft, test, send). Sending itself is in sending.py.

Every sending or bulk action of an editor is written to Wagtail's audit log.
"""

import csv
import io
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from portal.core.publishing import publish
from portal.core.seo import site_root_url
from portal.newsletter import tokens
from portal.newsletter.models import PAGE_TYPES, Delivery, NewsletterIssue, NewsletterIssueItem, Subscriber
from portal.newsletter.rendering import (
    build_message,
    is_fallback,
    issue_content,
    mail_domain,
    site_display_name,
)
from portal.newsletter.sending import issue_finish

logger = logging.getLogger(__name__)

SEND_ACTION = "newsletter.send"
TEST_ACTION = "newsletter.send_test"
IMPORT_ACTION = "newsletter.import"
EXPORT_ACTION = "newsletter.export"
CONFIRMATION_INTERVAL = timezone.timedelta(hours=1)
MAX_IMPORT_ROWS = 50_000
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def normalise_email(email: str) -> str:
    return email.strip().lower()


def subscriber_subscribe(*, email: str, language: str, consent_text: str) -> Subscriber:
    """Record a subscription from the form and send a confirmation, at most one an hour
    per address. The caller shows the same answer whatever the address's state."""
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email,
            defaults={
                "language": language,
                "consent_text": consent_text,
                "consent_at": now,
                "subscribed_at": now,
            },
        )
        if not created and subscriber.status != Subscriber.Status.CONFIRMED:
            # Asked again (after leaving, a bounce or a lost email): confirm again.
            subscriber.status = Subscriber.Status.PENDING
            subscriber.language = language
            subscriber.consent_text, subscriber.consent_at = consent_text, now
            subscriber.save(update_fields=["status", "language", "consent_text", "consent_at"])
        due = subscriber.status == Subscriber.Status.PENDING and (
            subscriber.confirmation_sent_at is None
            or subscriber.confirmation_sent_at <= now - CONFIRMATION_INTERVAL
        )
        if due:
            subscriber.confirmation_sent_at = now
            subscriber.save(update_fields=["confirmation_sent_at"])
            transaction.on_commit(lambda: confirmation_publish(subscriber_id=subscriber.pk))
    return subscriber


def confirmation_publish(*, subscriber_id: int) -> bool:
    from portal.newsletter.tasks import send_confirmation  # cycle: the task calls confirmation_send

    return publish(send_confirmation, subscriber_id)


def _absolute(path: str) -> str:
    return site_root_url() + path


def _confirmation_message_id(subscriber: Subscriber) -> str:
    """One per confirmation asked for: a repeat of the same request is recognisably the same email."""
    sent = int(subscriber.confirmation_sent_at.timestamp()) if subscriber.confirmation_sent_at else 0
    return f"<newsletter-confirm-{subscriber.pk}-{sent}@{mail_domain()}>"


def confirmation_send(*, subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is None:
        return False
    with translation.override(subscriber.language):
        context = {
            "confirm_url": _absolute(
                reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber.pk)])
            ),
            "site_name": site_display_name(),
            # The link's own age limit, or the purge of unconfirmed subscriptions if sooner.
            "days": min(tokens.CONFIRM_MAX_AGE // 86400, settings.NEWSLETTER_PENDING_DAYS),
        }
        subject = render_to_string("emails/newsletter/confirm_subject.txt", context).strip()
        email = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("emails/newsletter/confirm.txt", context),
            to=[subscriber.email],
            headers={
                "Message-ID": _confirmation_message_id(subscriber),
                "Content-Language": subscriber.language,
            },
        )
        email.attach_alternative(render_to_string("emails/newsletter/confirm.html", context), "text/html")
    email.send()
    logger.info("newsletter confirmation sent", extra={"subscriber": subscriber.pk})
    return True


def subscriber_confirm(*, subscriber_id: int) -> Subscriber | None:
    """Confirm a pending subscription (a POST from the confirmation page)."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return None
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def subscriber_unsubscribe(*, subscriber_id: int) -> Subscriber | None:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return None
        if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
            subscriber.status = Subscriber.Status.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
    logger.info("newsletter unsubscribe", extra={"subscriber": subscriber.pk})
    return subscriber


def subscriber_set_language(*, subscriber: Subscriber, language: str) -> Subscriber:
    if language not in LANGUAGE_CODES:
        raise ValueError(f"Not a language: {language}")
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    return subscriber


def subscribers_delete_stale_pending(*, now=None) -> int:
    count, _detail = Subscriber.objects.stale_pending(now=now).delete()
    logger.info("stale pending subscribers deleted", extra={"count": count})
    return count


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, value)


class SubscriberFileError(ValueError):
    """The file cannot be read as a subscriber list; nothing was written."""


def subscribers_import(*, data: bytes, consented: bool, consent_text: str, user) -> ImportReport:
    """Read a CSV (`email` and optional `language` columns, or one address per line).
    Invalid addresses are skipped and reported; existing addresses are left alone. New ones
    need confirmation, unless the importer states they consented (logged with the wording)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubscriberFileError("not UTF-8") from exc
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # a field past the csv module's limit, a stray quote at the end
        raise SubscriberFileError(str(exc)) from exc
    if len(rows) > MAX_IMPORT_ROWS:
        raise SubscriberFileError("too many rows")
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    email_col, language_col, start = 0, None, 0
    if "email" in header:
        email_col, start = header.index("email"), 1
        language_col = header.index("language") if "language" in header else None
    report = ImportReport()
    wanted: dict[str, str] = {}
    for number, row in enumerate(rows[start:], start=start + 1):
        if not row or not any(cell.strip() for cell in row):
            continue
        value = row[email_col].strip() if len(row) > email_col else ""
        try:
            validate_email(value)
            if len(value) > Subscriber._meta.get_field("email").max_length:
                raise ValidationError("too long")  # valid by RFC, longer than the column
        except ValidationError:
            report.invalid.append((number, value[:100]))
            continue
        language = (
            row[language_col].strip().lower() if language_col is not None and len(row) > language_col else ""
        )
        wanted.setdefault(
            normalise_email(value), language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
        )
    now = timezone.now()
    with transaction.atomic():
        known = set(Subscriber.objects.filter(email__in=wanted).values_list("email", flat=True))
        new = [
            Subscriber(
                email=email,
                language=language,
                source=Subscriber.Source.IMPORT,
                status=Subscriber.Status.CONFIRMED if consented else Subscriber.Status.PENDING,
                consent_text=consent_text if consented else "",
                consent_at=now if consented else None,
                confirmed_at=now if consented else None,
                confirmation_sent_at=None if consented else now,
                subscribed_at=now,
            )
            for email, language in wanted.items()
            if email not in known
        ]
        created = Subscriber.objects.bulk_create(new, batch_size=500)
        report.created, report.existing = len(created), len(known)
        _log_list_action(
            action=IMPORT_ACTION,
            user=user,
            data={
                "created": report.created,
                "existing": report.existing,
                "invalid": len(report.invalid),
                "consented": consented,
                "consent_text": consent_text if consented else "",
            },
        )
        if not consented:
            ids = [subscriber.pk for subscriber in created]
            transaction.on_commit(lambda: [confirmation_publish(subscriber_id=pk) for pk in ids])
    return report


def subscribers_log_export(*, count: int, user) -> None:
    _log_list_action(action=EXPORT_ACTION, user=user, data={"subscribers": count})


def _log_list_action(*, action: str, user, data: dict) -> ModelLogEntry:
    """One audit entry for an action on the subscriber list as a whole (an import, an
    export), shown in the admin's log under "subscriber"."""
    return ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Subscriber),
        object_id="all",  # the whole list, not one subscriber
        label=str(Subscriber._meta.verbose_name_plural),
        action=action,
        user=user,
        timestamp=timezone.now(),
        data=data,
    )


class AlreadySent(Exception):
    """The issue was sent (or is being sent) already."""


@contextmanager
def draft_locked(issue_id: int) -> Iterator[NewsletterIssue]:
    """The issue, row-locked for a transaction that changes it as a draft: what changes a
    draft and Send take turns. Raises AlreadySent once sending has started."""
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue_id)
        if issue.status != NewsletterIssue.Status.DRAFT:
            raise AlreadySent(issue_id)
        yield issue


def issue_draft_from_recent(*, issue: NewsletterIssue) -> int:
    """Add the articles and trials published since the last issue was sent (all, for the
    first issue) that the issue does not list yet. Returns how many were added.
    Raises AlreadySent for an issue no longer a draft."""
    with draft_locked(issue.pk) as issue:
        return _add_recent_pages(issue)


def _add_recent_pages(issue: NewsletterIssue) -> int:
    last = (
        NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENT)
        .exclude(pk=issue.pk)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    chosen = set(issue.items.values_list("page_id", flat=True))
    found = []
    for label in PAGE_TYPES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        pages = model.objects.live().public()
        if last:
            pages = pages.filter(first_published_at__gt=last)
        found.extend(pages.exclude(pk__in=chosen).order_by("-first_published_at")[:20])
    order = (issue.items.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0) + 1
    NewsletterIssueItem.objects.bulk_create(
        NewsletterIssueItem(issue=issue, page=page, sort_order=order + n) for n, page in enumerate(found)
    )
    return len(found)


def issue_audience(*, issue: NewsletterIssue) -> dict:
    """Confirmed subscribers by language, and how many get another language's text."""
    by_language = dict(
        Subscriber.objects.confirmed()
        .values_list("language")
        .annotate(n=Count("pk"))
        .values_list("language", "n")
    )
    rows = []
    for code, name in settings.LANGUAGES:
        content = issue_content(issue, code, pages=[])
        rows.append(
            {
                "code": code,
                "name": name,
                "count": by_language.get(code, 0),
                "fallback": is_fallback(issue, code),
                "written_in": dict(settings.LANGUAGES)[content.language],
            }
        )
    return {
        "languages": rows,
        "total": sum(row["count"] for row in rows),
        "fallbacks": sum(row["count"] for row in rows if row["fallback"]),
    }


def issue_send_test(*, issue: NewsletterIssue, to: str, user, languages: list[str] | None = None) -> int:
    """The issue in each language to `to` (no subscriber links, not a delivery)."""
    messages = [
        build_message(
            content=issue_content(issue, code),
            to=to,
            subscriber_id=None,
            headers={"X-Newsletter-Test": "yes"},
        )
        for code in languages or LANGUAGE_CODES
    ]
    for message in messages:
        message.subject = f"[TEST] {message.subject}"
        message.send()
    log(
        instance=issue,
        action=TEST_ACTION,
        user=user,
        data={"to": to, "languages": languages or LANGUAGE_CODES},
    )
    return len(messages)


def issue_send(*, issue: NewsletterIssue, user) -> int:
    """Create one delivery per confirmed subscriber and hand the batches to Celery.
    Returns the number of deliveries. An issue is sent once: a second call raises."""
    with draft_locked(issue.pk) as issue:
        deliveries = [
            Delivery(issue=issue, subscriber_id=pk, language=language)
            for pk, language in Subscriber.objects.confirmed().values_list("pk", "language")
        ]
        Delivery.objects.bulk_create(deliveries, batch_size=2000, ignore_conflicts=True)
        issue.status = NewsletterIssue.Status.SENDING
        issue.send_started_at = timezone.now()
        issue.sent_by = user
        issue.save(update_fields=["status", "send_started_at", "sent_by"])
        log(instance=issue, action=SEND_ACTION, user=user, data={"recipients": len(deliveries)})
        batches = max(1, math.ceil(len(deliveries) / settings.NEWSLETTER_BATCH_SIZE))
        transaction.on_commit(lambda: issue_publish_batches(issue_id=issue.pk, batches=batches))
    logger.info("newsletter issue sending", extra={"issue": issue.pk, "recipients": len(deliveries)})
    return len(deliveries)


def issue_publish_batches(*, issue_id: int, batches: int) -> int:
    """One task per batch; each claims whatever is due, so extra tasks are harmless."""
    from portal.newsletter.tasks import send_batch  # cycle: the task calls sending.batch_send

    published = 0
    for _n in range(batches):
        if not publish(send_batch, issue_id):
            break  # the beat's resume_sending publishes them later
        published += 1
    return published


def issues_resume() -> int:
    """Beat, every minute: a batch task for every issue still sending with work due or a
    batch left by a dead sender (a task lost with its worker is otherwise back only
    after the broker's visibility timeout)."""
    now = timezone.now()
    resumed = 0
    for issue_id in NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENDING).values_list(
        "pk", flat=True
    ):
        work = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.SENDING).exists() or (
            Delivery.objects.due(now=now).filter(issue_id=issue_id).exists()
        )
        if work:
            resumed += issue_publish_batches(issue_id=issue_id, batches=1)
        else:
            issue_finish(issue_id=issue_id)
    return resumed
