"""Exactly-once sending of an issue.

One Delivery row per (issue, subscriber), under a unique constraint. A sender claims a
batch: it takes a PostgreSQL advisory lock on a new random key, then marks up to
NEWSLETTER_BATCH_SIZE due rows `sending` with that key (rows read FOR UPDATE SKIP
LOCKED, so two senders never claim one row). It sends them in id order over one SMTP
connection and records each as sent as soon as the server accepts it.

A sender killed mid-batch leaves rows `sending` under a key nobody holds: PostgreSQL
drops a session's advisory locks when its connection dies. The next sender that finds
such rows takes the lock itself and sends them, with the same Message-IDs. Of those
rows only the first (lowest id) can have been in flight, accepted by the server but
not yet recorded; it is flagged `maybe_repeated`, and the report counts it. Every other
row of the batch was never handed to the server, so no recipient receives two
different messages, and none is lost.

On SQLite (development, Celery eager, one process) there are no advisory locks: a
batch left `sending` for ORPHAN_AFTER is taken over instead.
"""

import logging
import secrets
import smtplib
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import connection as db
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from portal.newsletter.models import Delivery, NewsletterIssue, Subscriber
from portal.newsletter.rendering import IssueContent, delivery_message, issue_content, issue_pages

logger = logging.getLogger(__name__)

ORPHAN_AFTER = timezone.timedelta(minutes=15)  # SQLite only
# SMTP reply codes that say the address does not exist: the subscriber is marked bounced.
HARD_BOUNCE_CODES = {550, 551, 553}


class SendingInterrupted(Exception):
    """The SMTP connection failed: the batch's unsent rows are queued again."""


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry_later: int = 0
    recovered: bool = False
    errors: list[str] = field(default_factory=list)


def _postgres() -> bool:
    return db.vendor == "postgresql"


def _lock(key: int) -> None:
    if _postgres():
        with db.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])


def _try_lock(key: int) -> bool:
    if not _postgres():
        return True
    with db.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        return cursor.fetchone()[0]


def _unlock(key: int) -> None:
    if _postgres():
        with db.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _recover_orphan(issue_id: int) -> int | None:
    """Take over a batch whose sender died; returns its key (now locked by us) or None."""
    sending = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.SENDING)
    if not _postgres():
        sending = sending.filter(claimed_at__lt=timezone.now() - ORPHAN_AFTER)
    for key in sending.values_list("claim", flat=True).distinct():
        if key is None or not _try_lock(key):
            continue  # its sender is alive
        with transaction.atomic():
            rows = Delivery.objects.select_for_update().filter(claim=key, status=Delivery.Status.SENDING)
            first = rows.aggregate(first=Min("pk"))["first"]
            if first is None:  # finished between our look and our lock
                _unlock(key)
                continue
            Delivery.objects.filter(pk=first).update(maybe_repeated=True)
            rows.update(claimed_at=timezone.now())
        logger.warning("newsletter batch taken over from a dead sender", extra={"issue": issue_id})
        return key
    return None


def _claim_due(issue_id: int, size: int) -> int | None:
    key = secrets.randbits(62)
    _lock(key)  # before the rows carry the key: nobody may find them unlocked
    with transaction.atomic():
        ids = list(
            Delivery.objects.due()
            .filter(issue_id=issue_id)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claim=key, claimed_at=timezone.now()
        )
    if not ids:
        _unlock(key)
        return None
    return key


class Throttle:
    """At most NEWSLETTER_RATE emails per second over every worker, counted per second in
    the cache (Redis in production). Each sender takes its share in small chunks, so the
    count costs one cache call for several emails."""

    def __init__(self):
        self.second = 0
        self.left = 0

    def wait(self) -> None:
        rate = settings.NEWSLETTER_RATE
        if rate <= 0:
            return
        chunk = max(1, min(10, rate // 20))
        while True:
            now = time.time()
            second = int(now)
            if second == self.second and self.left > 0:
                self.left -= 1
                return
            key = f"newsletter:rate:{second}"
            try:
                try:
                    count = cache.incr(key, chunk)
                except ValueError:  # the second's first chunk
                    cache.add(key, 0, timeout=5)
                    count = cache.incr(key, chunk)
            except Exception:  # no cache: send unthrottled rather than not at all
                return
            granted = min(chunk, rate - (count - chunk))
            if granted > 0:
                self.second, self.left = second, granted - 1
                return
            time.sleep(max(0.0, second + 1 - now))


def _backoff(attempts: int) -> timezone.timedelta:
    # 1, 2, 4 … minutes, at most 30: a countdown stays under the broker's visibility timeout.
    return timezone.timedelta(seconds=min(60 * 2 ** (attempts - 1), 1800))


def _record_sent(delivery: Delivery) -> None:
    """Recorded before the next email is handed over: at most one is ever in flight.

    Without waiting for the WAL flush (synchronous_commit off for this one transaction):
    the row is visible at once and survives any worker's death; only a crash of the
    database server itself could lose the last fraction of a second of such records, and
    those emails would then go again with the same Message-ID. The wait saved is most of
    the time one email takes."""
    with transaction.atomic():
        if _postgres():
            with db.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT, sent_at=timezone.now(), claim=None, attempts=delivery.attempts + 1
        )


def _record_failure(delivery: Delivery, code: int | None, error: str, result: BatchResult) -> None:
    """A 5xx reply is permanent (a hard bounce marks the subscriber); anything else is
    retried with back-off until NEWSLETTER_MAX_ATTEMPTS."""
    attempts = delivery.attempts + 1
    error = error[:300]
    if code is not None and 500 <= code < 600 or attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        with transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, claim=None, attempts=attempts, error=error
            )
            if code in HARD_BOUNCE_CODES:
                Subscriber.objects.filter(pk=delivery.subscriber_id).update(
                    status=Subscriber.Status.BOUNCED, bounced_at=timezone.now()
                )
        result.failed += 1
        result.errors.append(error)
        return
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.QUEUED,
        claim=None,
        attempts=attempts,
        error=error,
        not_before=timezone.now() + _backoff(attempts),
    )
    result.retry_later += 1


def _smtp_code(exc: smtplib.SMTPException) -> tuple[int | None, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()))
        return code, f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = (
            exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        return exc.smtp_code, f"{exc.smtp_code} {reply}"
    return None, str(exc)


def batch_send(*, issue_id: int, batch_size: int | None = None) -> BatchResult:
    """Claim one batch of the issue (a dead sender's first) and send it. Raises
    SendingInterrupted when the SMTP connection fails (the task retries)."""
    result = BatchResult()
    key = _recover_orphan(issue_id)
    result.recovered = key is not None
    if key is None:
        key = _claim_due(issue_id, batch_size or settings.NEWSLETTER_BATCH_SIZE)
    if key is None:
        issue_finish(issue_id=issue_id)
        return result
    try:
        _send_claimed(issue_id, key, result)
    finally:
        # Rows left `sending` by an error (not a kill) go back to the queue, then the key is freed.
        Delivery.objects.filter(claim=key, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.QUEUED, claim=None
        )
        _unlock(key)
    issue_finish(issue_id=issue_id)
    logger.info(
        "newsletter batch sent",
        extra={"issue": issue_id, "sent": result.sent, "failed": result.failed, "retry": result.retry_later},
    )
    return result


def _send_claimed(issue_id: int, key: int, result: BatchResult) -> None:
    issue = NewsletterIssue.objects.get(pk=issue_id)
    rows = list(
        Delivery.objects.filter(claim=key, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )
    result.claimed = len(rows)
    pages = issue_pages(issue)
    contents: dict[str, IssueContent] = {}
    throttle = Throttle()
    smtp = get_connection(fail_silently=False)
    try:
        smtp.open()
    except OSError as exc:
        raise SendingInterrupted(str(exc)) from exc
    try:
        for delivery in rows:
            if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
                Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SKIPPED, claim=None)
                continue
            if delivery.language not in contents:
                contents[delivery.language] = issue_content(issue, delivery.language, pages)
            message = delivery_message(delivery, contents[delivery.language], connection=smtp)
            throttle.wait()
            try:
                smtp.send_messages([message])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                code, error = _smtp_code(exc)
                _record_failure(delivery, code, error, result)
                continue
            except (smtplib.SMTPException, OSError) as exc:
                # The connection broke: the server may or may not have taken this one.
                Delivery.objects.filter(pk=delivery.pk).update(maybe_repeated=True)
                _record_failure(delivery, None, str(exc), result)
                raise SendingInterrupted(str(exc)) from exc
            _record_sent(delivery)
            result.sent += 1
    finally:
        try:
            smtp.close()
        except (smtplib.SMTPException, OSError):
            pass


def issue_finish(*, issue_id: int) -> bool:
    """Mark the issue sent once no delivery is left to send."""
    left = Delivery.objects.filter(
        issue_id=issue_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists()
    if left:
        return False
    updated = NewsletterIssue.objects.filter(pk=issue_id, status=NewsletterIssue.Status.SENDING).update(
        status=NewsletterIssue.Status.SENT, sent_at=timezone.now()
    )
    if updated:
        logger.info("newsletter issue sent", extra={"issue": issue_id})
    return True


def issue_next_due(*, issue_id: int):
    """When the earliest queued delivery may be sent; None when nothing is queued."""
    queued = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.QUEUED)
    if queued.filter(not_before=None).exists():
        return timezone.now()
    return queued.aggregate(when=Min("not_before"))["when"]
