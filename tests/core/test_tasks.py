import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from portal.core.tasks import publish_scheduled_pages
from tests.core.factories import StandardPageFactory


def test_beat_runs_scheduled_publishing_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    assert entry["task"] == "portal.core.tasks.publish_scheduled_pages"
    assert entry["schedule"].minute == set(range(60))


def test_tasks_survive_a_killed_worker():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True


@pytest.mark.django_db
def test_scheduled_page_goes_live(home):
    page = StandardPageFactory(parent=home, title_zh_hans="定时发布", live=False)
    revision = page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    page.refresh_from_db()
    assert not page.live
    publish_scheduled_pages.delay()
    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == revision.pk


def test_beat_refreshes_trials_from_the_registry_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["sync-trials-from-registry"]
    assert entry["task"] == "trials.tasks.sync_all_trials"
    assert entry["schedule"].hour == {3}
