"""The nightly run on Celery beat, the check after a publish (a real worker on the real
broker), and `manage.py check_links`."""

import io
import logging

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from portal.linkchecker import tasks
from portal.linkchecker.models import CheckRun, Link
from portal.linkchecker.tasks import check_page_links
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.linkchecker.factories import paragraph
from tests.linkchecker.servers import Answer, Host, serving
from tests.worker import fresh_connection_pools, wait_for

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker_down():
    """Tasks go to a broker that is not there (Celery reads Django's settings live)."""
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=DEAD_BROKER):
        fresh_connection_pools()
        yield
    fresh_connection_pools()


class Terminal(io.StringIO):
    """Where a progress bar draws: a terminal (it is silent in logs and pipes)."""

    def isatty(self):
        return True


@pytest.fixture
def site():
    host = Host({"/ok": Answer(200), "/missing": Answer(404)})
    with serving(host):
        yield host


def test_beat_runs_the_full_check_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["linkchecker-check-all"]
    assert entry["task"] == tasks.check_all_links.name
    assert entry["schedule"] == crontab(minute="0", hour="4")


@pytest.mark.django_db
def test_full_run_collects_then_checks(home, site):
    index = ArticleIndexPageFactory(parent=home)
    ArticlePageFactory(parent=index, body_zh_hans=[paragraph(f'<p><a href="{site.url("/ok")}">x</a></p>')])
    run = CheckRun.objects.get(pk=tasks.check_all_links.delay().get())
    assert (run.scope, run.checked, run.ok) == ("all", 1, 1)
    assert Link.objects.get().status == Link.Status.OK


def test_publishing_checks_the_page_soon_after(real_worker, settings, home, site):
    settings.LINKCHECKER_PUBLISH_DELAY = 0
    index = ArticleIndexPageFactory(parent=home)
    article = ArticlePageFactory(parent=index, live=False)
    article.body_zh_hans = [paragraph(f'<p><a href="{site.url("/ok")}">x</a></p>')]
    article.save_revision().publish()
    link = wait_for(lambda: Link.objects.filter(url=site.url("/ok"), last_checked__isnull=False).first())
    assert link.status == Link.Status.OK
    assert CheckRun.objects.get().scope == f"page {article.pk}"


@pytest.mark.django_db
def test_check_links_command(home, site):
    index = ArticleIndexPageFactory(parent=home)
    html = f'<p><a href="{site.url("/ok")}">a</a><a href="{site.url("/missing")}">b</a></p>'
    ArticlePageFactory(parent=index, body_zh_hans=[paragraph(html)])
    out, terminal = io.StringIO(), Terminal()
    call_command("check_links", "--sync", stdout=out, stderr=terminal)
    assert terminal.getvalue().endswith(f"\r[{'#' * 30}] 2/2\n")  # the progress bar, ended
    assert out.getvalue().strip() == (
        "2 links checked (2 uses): 1 OK, 0 broken (0 new), 1 failing once (broken if again), 0 not checked."
    )
    out = io.StringIO()
    call_command("check_links", "--url", site.url("/missing"), stdout=out)
    assert out.getvalue().strip() == f"{site.url('/missing')}: broken (404): The server answered 404."
    assert Link.objects.get(url=site.url("/missing")).status == Link.Status.BROKEN


@pytest.mark.django_db
def test_check_links_command_refuses_a_bad_url():
    with pytest.raises(CommandError, match="not an absolute http or https URL"):
        call_command("check_links", "--url", "javascript:alert(1)")


@pytest.mark.django_db
def test_publishing_with_the_broker_down_still_publishes(
    home, broker_down, caplog, django_capture_on_commit_callbacks
):
    index = ArticleIndexPageFactory(parent=home)
    article = ArticlePageFactory(parent=index, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    assert article.live
    [record] = [record for record in caplog.records if getattr(record, "task", "") == check_page_links.name]
    assert record.levelno == logging.WARNING  # said, not raised


@pytest.mark.django_db
def test_check_links_command_with_the_broker_down_says_to_run_sync(broker_down):
    with pytest.raises(CommandError, match="--sync"):
        call_command("check_links", stdout=io.StringIO())
