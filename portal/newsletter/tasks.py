from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from portal.newsletter import sending, services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(sending.SendingInterrupted,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_batch(issue_id: int) -> int:
    """One batch of an issue. Safe to repeat and to run in parallel: rows are claimed
    under locks (sending.py), and a batch left by a killed worker is taken over.
    Emails put back for a later attempt (transient SMTP errors) get a task of their own."""
    result = sending.batch_send(issue_id=issue_id)
    if result.retry_later:
        when = sending.issue_next_due(issue_id=issue_id)
        if when is not None:
            countdown = max(1, int((when - timezone.now()).total_seconds()) + 1)
            send_batch.apply_async(args=[issue_id], countdown=countdown)
    return result.sent


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_confirmation(subscriber_id: int) -> bool:
    return services.confirmation_send(subscriber_id=subscriber_id)


@shared_task
def resume_sending() -> int:
    """Beat, every minute: pick up issues whose tasks were lost with a worker."""
    return services.issues_resume()


@shared_task
def delete_stale_pending() -> int:
    """Beat, daily: subscriptions never confirmed within NEWSLETTER_PENDING_DAYS."""
    return services.subscribers_delete_stale_pending()
