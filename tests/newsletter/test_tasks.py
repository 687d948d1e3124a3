"""What beat runs for the newsletter, and the tasks it names (Celery eager here; the
real worker and a killed one are in test_sending.py and test_fault.py)."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from portal.celery import app
from portal.newsletter import services, tasks
from portal.newsletter.models import Subscriber

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_beat_resumes_sending_every_minute_and_deletes_stale_pending_nightly():
    app.loader.import_default_modules()  # as a starting worker does
    schedule = settings.CELERY_BEAT_SCHEDULE
    resume = schedule["newsletter-resume-sending"]
    purge = schedule["newsletter-delete-stale-pending"]
    assert resume["task"] == tasks.resume_sending.name and resume["task"] in app.tasks
    assert purge["task"] == tasks.delete_stale_pending.name and purge["task"] in app.tasks
    assert resume["schedule"] == crontab()
    assert purge["schedule"] == crontab(hour=2, minute=45)


def test_the_nightly_task_deletes_only_pending_subscriptions_past_the_configured_days(settings):
    settings.NEWSLETTER_PENDING_DAYS = 3
    days_ago = lambda days: timezone.now() - timezone.timedelta(days=days)  # noqa: E731
    stale = SubscriberFactory(status="pending", subscribed_at=days_ago(4), confirmation_sent_at=days_ago(4))
    fresh = SubscriberFactory(status="pending", subscribed_at=days_ago(2), confirmation_sent_at=days_ago(2))
    confirmed = SubscriberFactory(subscribed_at=days_ago(40))
    assert tasks.delete_stale_pending.delay().get() == 1
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert not Subscriber.objects.filter(pk=stale.pk).exists()


def test_a_subscription_asked_for_again_after_leaving_is_counted_from_the_new_request(
    settings, django_capture_on_commit_callbacks
):
    """`subscribed_at` keeps the first subscription: the purge counts from the last
    confirmation email, or a returning reader would be deleted before they could confirm."""
    settings.NEWSLETTER_PENDING_DAYS = 7
    month_ago = timezone.now() - timezone.timedelta(days=30)
    SubscriberFactory(
        email="back@example.com",
        status=Subscriber.Status.UNSUBSCRIBED,
        subscribed_at=month_ago,
        confirmation_sent_at=month_ago,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.subscriber_subscribe(email="Back@Example.com", language="en", consent_text="I agree.")
    back = Subscriber.objects.get(email="back@example.com")
    assert back.status == Subscriber.Status.PENDING and back.subscribed_at == month_ago

    assert services.subscribers_delete_stale_pending() == 0
    assert Subscriber.objects.filter(pk=back.pk).exists()

    later = timezone.now() + timezone.timedelta(days=8)
    assert services.subscribers_delete_stale_pending(now=later) == 1
