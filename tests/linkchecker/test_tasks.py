"""The nightly run on Celery beat, the check after a publish (a real worker on the real
broker), and `manage.py check_links`."""

import io

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command

from portal.linkchecker import tasks
from portal.linkchecker.models import CheckRun, Link
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.linkchecker.factories import paragraph
from tests.linkchecker.servers import Answer, Host, serving
from tests.worker import wait_for


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
    out = io.StringIO()
    call_command("check_links", "--sync", stdout=out, stderr=io.StringIO())
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
