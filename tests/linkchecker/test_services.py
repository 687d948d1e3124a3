"""Checking and storing: the two-failure rule, the OK cache, internal links, muting,
bare-URL references filled from the page, and the digest email (real SMTP)."""

import datetime
import logging

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry, PageViewRestriction

from portal.linkchecker import services
from portal.linkchecker.models import CheckRun, Link
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.linkchecker.factories import paragraph
from tests.linkchecker.servers import Answer, Host, serving
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    host = Host({"/ok": Answer(200), "/missing": Answer(404), "/flaky": [Answer(404), Answer(200)]})
    with serving(host):
        yield host


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


def article_linking(parent, *urls, **kwargs):
    html = "".join(f'<a href="{url}">{n}</a>' for n, url in enumerate(urls))
    return ArticlePageFactory(parent=parent, body_zh_hans=[paragraph(f"<p>{html}</p>")], **kwargs)


def test_broken_only_after_two_failing_runs(site, article_index):
    article_linking(article_index, site.url("/missing"), site.url("/ok"))
    services.links_collect()
    first = services.links_check()
    missing = Link.objects.get(url=site.url("/missing"))
    assert missing.status == Link.Status.NOT_CHECKED  # one failure: not reported yet
    assert (missing.consecutive_failures, missing.status_code) == (1, 404)
    assert missing.first_failure is not None
    assert first.newly_broken == 0

    second = services.links_check()
    missing.refresh_from_db()
    assert missing.status == Link.Status.BROKEN
    assert missing.consecutive_failures == 2
    assert missing.broken_since is not None
    assert second.newly_broken == 1
    assert Link.objects.get(url=site.url("/ok")).status == Link.Status.OK


def test_a_run_is_logged_with_its_figures(site, article_index, caplog):
    """Production logs at INFO (the tests at WARNING): the run's summary line must log."""
    caplog.set_level(logging.INFO, logger="portal.linkchecker.services")
    article_linking(article_index, site.url("/ok"))
    services.links_collect()
    services.links_check()
    [record] = [record for record in caplog.records if record.getMessage() == "links checked"]
    assert (record.scope, record.checked, record.broken, record.newly_broken) == ("all", 1, 0, 0)


def test_a_flaky_night_is_forgiven(site, article_index, settings):
    article_linking(article_index, site.url("/flaky"))
    services.links_collect()
    services.links_check()
    link = Link.objects.get()
    assert link.consecutive_failures == 1
    services.links_check()
    link.refresh_from_db()
    assert (link.status, link.consecutive_failures, link.first_failure) == (Link.Status.OK, 0, None)


def test_failures_before_broken_is_configurable(site, article_index, settings):
    settings.LINKCHECKER_FAILURES_BEFORE_BROKEN = 1
    article_linking(article_index, site.url("/missing"))
    services.links_collect()
    assert services.links_check().newly_broken == 1


def test_ok_results_are_cached(site, article_index, settings):
    article_linking(article_index, site.url("/ok"))
    services.links_collect()
    services.links_check()
    services.links_check()
    assert site.methods("/ok") == ["HEAD"]
    settings.LINKCHECKER_OK_CACHE_SECONDS = 0
    services.links_check()
    assert site.methods("/ok") == ["HEAD", "HEAD"]


def test_ignored_and_snoozed_links_are_not_requested(site, article_index, editor):
    article_linking(article_index, site.url("/missing"), site.url("/ok"))
    services.links_collect()
    services.link_set_ignored(link=Link.objects.get(url=site.url("/missing")), ignored=True, user=editor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.link_snooze(link=Link.objects.get(url=site.url("/ok")), until=tomorrow, user=editor)
    services.links_check()
    assert site.seen == []
    actions = set(ModelLogEntry.objects.filter(user=editor).values_list("action", flat=True))
    assert actions == {services.IGNORE_ACTION, services.SNOOZE_ACTION}


def test_internal_links(article_index, settings):
    settings.LINKCHECKER_FAILURES_BEFORE_BROKEN = 1
    live = ArticlePageFactory(parent=article_index)
    draft = ArticlePageFactory(parent=article_index, live=False)
    private = ArticlePageFactory(parent=article_index)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    deleted = ArticlePageFactory(parent=article_index)
    Document = get_document_model()
    present = Document.objects.create(title="有", file=ContentFile(b"x", name="present.pdf"))
    lost = Document.objects.create(title="丢", file=ContentFile(b"x", name="lost.pdf"))
    lost.file.storage.delete(lost.file.name)
    html = "".join(
        f'<a linktype="page" id="{page.pk}">p</a>' for page in (live, draft, private, deleted)
    ) + "".join(f'<a linktype="document" id="{doc.pk}">d</a>' for doc in (present, lost))
    ArticlePageFactory(parent=article_index, body_zh_hans=[paragraph(f"<p>{html}</p>")])
    deleted.delete()
    services.links_collect()
    services.links_check()
    status = dict(Link.objects.values_list("url", "status"))
    assert status[f"page:{live.pk}"] == "ok"
    assert status[f"page:{draft.pk}"] == "broken"
    assert status[f"page:{private.pk}"] == "broken"
    assert status[f"page:{deleted.pk}"] == "broken"
    assert status[f"document:{present.pk}"] == "ok"
    assert status[f"document:{lost.pk}"] == "broken"
    assert "private" in Link.objects.get(url=f"page:{private.pk}").error


def test_bare_url_reference_filled_from_a_gbk_page(article_index, admin_client):
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "<title>脑卒中干细胞治疗指南</title><meta property='og:site_name' content='中华医学会'></head></html>"
    )
    host = Host({"/guide": Answer(200, body=page.encode("gbk"), headers={"Content-Type": "text/html"})})
    with serving(host):
        bare = ReferenceFactory(kind="web", title="", journal="", authors=[], url=host.url("/guide"))
        written = ReferenceFactory(kind="web", title="编辑写的标题", publisher="", url=host.url("/guide"))
        services.links_collect()
        services.links_check()
    bare.refresh_from_db()
    written.refresh_from_db()
    assert bare.title == "脑卒中干细胞治疗指南"
    assert bare.publisher == "中华医学会"
    assert bare.accessed == timezone.localdate()
    entry = ModelLogEntry.objects.get(action=services.FILL_ACTION)
    assert entry.object_id == str(bare.pk)
    assert entry.data["fields"] == ["accessed", "publisher", "title"]
    assert written.title == "编辑写的标题"  # an editor's title is never replaced
    assert written.publisher == ""
    assert host.methods("/guide") == ["GET"]
    # Editors see who filled it in the reference's history.
    history = reverse("wagtailsnippets_references_reference:history", args=[bare.pk])
    assert "由链接检查器填写" in admin_client.get(history).content.decode()


def test_digest_sent_once_for_newly_broken_links(
    site, article_index, editor, mailbox, django_capture_on_commit_callbacks
):
    article_linking(article_index, site.url("/missing"), title="坏链接的文章", title_zh_hans="坏链接的文章")
    services.links_collect()
    with django_capture_on_commit_callbacks(execute=True):
        services.links_check()
    assert mailbox.messages == []  # one failure is not news
    with django_capture_on_commit_callbacks(execute=True):
        run = services.links_check()
    [message] = mailbox.wait_for(1)
    assert message["To"] == "editor@example.org"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert site.url("/missing") in body
    assert "坏链接的文章" in body
    assert "/admin/reports/broken-links/" in body
    assert CheckRun.objects.get(pk=run.pk).digest_sent
    with django_capture_on_commit_callbacks(execute=True):
        services.links_check()  # still broken, nothing new
    assert len(mailbox.messages) == 1
