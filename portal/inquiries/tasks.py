from smtplib import SMTPException

from celery import shared_task

from portal.inquiries import services
from portal.inquiries.webhooks import WebhookError


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(SMTPException, OSError, WebhookError, services.NotificationBusy),
    retry_backoff=True,
    max_retries=5,
)
def notification_send(notification_id: int) -> bool:
    """Safe to repeat: a sent notification is not sent again, and one repeated after a
    killed worker carries the same Message-ID (email) or text (robots). A robot
    answering an error code is retried with back-off like an SMTP failure. Past its retries the outbox drain
    publishes it again."""
    return services.notification_send(notification_id=notification_id)


@shared_task
def outbox_drain() -> int:
    """Beat, every minute: publish what Redis or the worker missed."""
    return services.outbox_drain()


@shared_task
def anonymise_expired() -> int:
    """Beat, daily: retention (INQUIRIES_RETENTION_DAYS)."""
    return services.inquiries_anonymise_expired()
