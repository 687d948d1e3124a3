import copy
import datetime
import os
import signal
import threading
import zoneinfo

import pytest
from celery.beat import Scheduler
from django.conf import settings
from django.utils import timezone

from portal.celery import app as celery_app
from portal.core.tasks import publish_scheduled_pages
from tests.core.factories import StandardPageFactory
from tests.trials.conftest import TREASURE
from tests.trials.factories import TrialIndexPageFactory
from tests.trials.registry_server import RegistryServer
from tests.worker import wait_for
from trials.models import TrialPage
from trials.services.imports import trials_import_paths
from trials.tasks import sync_trial


def queued_task_names() -> list[str]:
    """Take every message off this test process's queue and return the task names."""
    names = []
    with celery_app.connection_for_read() as conn:
        queue = conn.SimpleQueue(settings.CELERY_TASK_DEFAULT_QUEUE)
        try:
            while True:
                message = queue.get(timeout=1)
                names.append(message.headers["task"])
                message.ack()
        except queue.Empty:
            return names
        finally:
            queue.close()


def test_beat_sends_every_scheduled_task_to_the_broker(broker):
    beat = Scheduler(app=celery_app)
    assert set(beat.schedule) >= set(settings.CELERY_BEAT_SCHEDULE)
    for name in settings.CELERY_BEAT_SCHEDULE:
        # Over a week ago in the app's time zone, as beat records it: every entry is due now.
        # (From exactly a day ago, Celery's crontab counted a daily entry as due later today:
        # at 02:08 Shanghai time it held back the one set for 02:30.)
        beat.schedule[name].last_run_at = celery_app.now() - datetime.timedelta(days=8)
    # One due entry per tick, sent with beat's own producer. Keep ticking past a pause:
    # an every-minute entry may come due again at a minute boundary mid-loop.
    for _ in range(4 * len(beat.schedule)):
        beat.tick()
    sent = queued_task_names()
    assert set(sent) == {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"portal.core.tasks.publish_scheduled_pages", "trials.tasks.sync_all_trials"} <= set(sent)
    celery_app.loader.import_default_modules()  # as a starting worker does
    assert set(sent) <= set(celery_app.tasks)  # a worker knows every task beat sends


def due(entry: str, *, last_run: datetime.datetime, now: datetime.datetime) -> bool:
    schedule = copy.copy(settings.CELERY_BEAT_SCHEDULE[entry]["schedule"])
    schedule.nowfun = lambda: now
    return schedule.is_due(last_run).is_due


def test_beat_runs_scheduled_publishing_every_minute():
    zone = zoneinfo.ZoneInfo(settings.CELERY_TIMEZONE)
    last = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=zone)
    assert not due("publish-scheduled-pages", last_run=last, now=last + datetime.timedelta(seconds=50))
    assert due("publish-scheduled-pages", last_run=last, now=last + datetime.timedelta(seconds=61))


def test_beat_refreshes_trials_from_the_registry_daily_at_three():
    zone = zoneinfo.ZoneInfo(settings.CELERY_TIMEZONE)
    last = datetime.datetime(2026, 3, 1, 3, 0, tzinfo=zone)
    assert not due(
        "sync-trials-from-registry", last_run=last, now=last + datetime.timedelta(hours=23, minutes=59)
    )
    assert due(
        "sync-trials-from-registry", last_run=last, now=last + datetime.timedelta(hours=24, seconds=30)
    )


class FirstAnswerHangs(RegistryServer):
    """A registry whose first answer never comes: the task is caught in the middle."""

    def __init__(self):
        super().__init__()
        self.first_request = threading.Event()
        self.release = threading.Event()

    def answer(self, path):
        if not self.first_request.is_set():
            self.first_request.set()
            self.release.wait(60)
        return super().answer(path)


def test_tasks_survive_a_killed_worker(home, broker, worker_process, settings):
    with FirstAnswerHangs() as registry:
        settings.CTGOV_API_BASE_URL = registry.base_url
        trials_import_paths(paths=[TREASURE], parent=TrialIndexPageFactory(parent=home))
        trial = TrialPage.objects.get()
        worker = worker_process()
        started = timezone.now()

        sync_trial.delay(trial.pk)

        wait_for(registry.first_request.is_set, what="the task to reach the registry")
        killed = worker.pool_children()
        assert killed
        for pid in killed:
            os.kill(pid, signal.SIGKILL)  # the process running the task dies mid-task
        try:
            wait_for(lambda: len(registry.requests) == 2, timeout=60, what="the task to run again")
            wait_for(
                lambda: TrialPage.objects.filter(pk=trial.pk, last_synced_at__gte=started).exists(),
                what="the repeated task to finish",
            )
        finally:
            registry.release.set()
    assert set(worker.pool_children()).isdisjoint(killed)  # it ran again in a new process


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


def test_a_worker_knows_every_task_the_code_defines():
    """A worker registers the tasks of the modules Celery discovers; a task defined
    anywhere else is refused as unregistered (the page cache's proxy refresh once was).
    The worker's registry is read in a fresh process, as a worker starts."""
    import importlib
    import json
    import subprocess
    import sys
    from pathlib import Path

    from celery import Task

    worker_view = subprocess.run(
        [sys.executable, "-c", (
            "import json, django; django.setup(); from portal.celery import app; "
            "app.loader.import_default_modules(); print(json.dumps(sorted(app.tasks)))"
        )],
        cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
    )  # fmt: skip
    registered = set(json.loads(worker_view.stdout.strip().splitlines()[-1]))
    root = Path(settings.BASE_DIR)
    defined = set()
    for path in [
        *root.glob("portal/**/tasks.py"),
        *root.glob("trials/**/tasks.py"),
        *root.glob("articles/**/tasks.py"),
    ]:
        module = importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
        defined |= {value.name for value in vars(module).values() if isinstance(value, Task)}
    assert "portal.core.pagecache.tasks.proxy_refresh" in defined
    assert defined <= registered, defined - registered
