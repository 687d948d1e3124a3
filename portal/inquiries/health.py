"""The outbox's line in /healthz: staff notifications that should have gone by now."""

import datetime

from django.conf import settings
from django.utils import timezone

from portal.core.health import OK, degraded
from portal.inquiries.models import Notification


def outbox_state() -> str:
    stuck_since = timezone.now() - datetime.timedelta(seconds=settings.HEALTH_OUTBOX_STUCK_AFTER)
    stuck = Notification.objects.filter(sent_at=None, created_at__lt=stuck_since).count()
    if stuck:
        return degraded(f"{stuck} staff notification(s) unsent after {settings.HEALTH_OUTBOX_STUCK_AFTER} s")
    return OK
