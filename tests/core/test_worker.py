"""The Celery app against a real Redis broker and a real worker (tests/worker.py)."""

import datetime

from django.utils import timezone

from portal.core.tasks import publish_scheduled_pages
from tests.core.factories import StandardPageFactory
from tests.worker import wait_for


def test_worker_runs_scheduled_publishing_from_the_broker(home, real_worker):
    page = StandardPageFactory(parent=home, title_zh_hans="定时发布", live=False)
    page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))

    publish_scheduled_pages.delay()

    wait_for(lambda: type(page).objects.get(pk=page.pk).live, what="the page to go live")
