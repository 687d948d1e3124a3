"""The newsletter in the admin: who may do what, preview, test, send with confirmation
and audit log, progress, subscriber CSV export and import."""

import csv
import io
import re
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from portal.newsletter import services
from portal.newsletter.models import Delivery, NewsletterIssue, Subscriber
from tests import smtp
from tests.forms import form_fields
from tests.services import require_postgresql
from tests.worker import wait_for

from .factories import NewsletterIssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _admin_in_english(django_user_model):
    """Every user made here reads the admin in English, as the assertions do."""

    def prefer_english(sender, instance, created, **kwargs):
        if created:
            profile = UserProfile.get_for_user(instance)
            profile.preferred_language = "en"
            profile.save()

    post_save.connect(prefer_english, sender=django_user_model, dispatch_uid="newsletter-admin-tests")
    yield
    post_save.disconnect(sender=django_user_model, dispatch_uid="newsletter-admin-tests")


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", email="editor@example.org", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def sender(editor):
    editor.user_permissions.add(Permission.objects.get(codename="send_newsletterissue"))
    return editor


@pytest.fixture
def issue():
    return NewsletterIssueFactory()


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def posting(url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {}, **kwargs)

    return posting


def test_editors_compose_and_preview_but_may_not_send_without_the_permission(client, editor, issue):
    client.force_login(editor)
    assert client.get(f"/admin/newsletter_issues/edit/{issue.pk}/").status_code == 200
    preview = client.get(f"/admin/newsletter_issues/{issue.pk}/preview/")
    assert preview.status_code == 200
    assert "Send to subscribers" not in preview.content.decode()
    assert client.get(f"/admin/newsletter_issues/{issue.pk}/send/").status_code == 403
    assert client.post(f"/admin/newsletter_issues/{issue.pk}/send/", {"confirm": "0"}).status_code == 403
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.DRAFT


def test_preview_in_each_language_with_the_fallback_said(client, editor, issue):
    client.force_login(editor)
    zh_hant = client.get(f"/admin/newsletter_issues/{issue.pk}/preview/zh-hant/").content.decode()
    assert "十一月通訊：幹細胞治療中風的新進展" in zh_hant  # converted from Simplified
    assert "<style" not in zh_hant and 'style="' in zh_hant
    english = client.get(f"/admin/newsletter_issues/{issue.pk}/preview/en/?format=text").content.decode()
    assert "This month we added two new clinical trials." in english


def test_send_test_to_me_in_each_language_and_logged(client, editor, issue, post):
    client.force_login(editor)
    response = post(f"/admin/newsletter_issues/{issue.pk}/test/", {"language": ""})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["editor@example.org"]] * 3
    assert all(m.subject.startswith("[TEST]") for m in mail.outbox)
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers  # a test is no delivery
    assert ModelLogEntry.objects.filter(action=services.TEST_ACTION, user=editor).count() == 1


def test_send_asks_for_confirmation_then_sends_once_and_logs(client, sender, issue, post):
    for language in ("zh-hans", "zh-hant", "zh-hant", "en"):
        SubscriberFactory(language=language)
    SubscriberFactory(status=Subscriber.Status.PENDING)
    client.force_login(sender)

    page = client.get(f"/admin/newsletter_issues/{issue.pk}/send/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="confirm" value="4"' in html
    assert "2 subscribers get a fallback language." in html  # the issue has no Traditional text
    assert not Delivery.objects.exists()

    assert (
        post(f"/admin/newsletter_issues/{issue.pk}/send/", {"confirm": "3"}).status_code == 200
    )  # stale count
    assert not Delivery.objects.exists()

    response = post(f"/admin/newsletter_issues/{issue.pk}/send/", {"confirm": "4"})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/newsletter_issues/{issue.pk}/progress/"
    assert len(mail.outbox) == 4
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.sent_by == sender
    entry = ModelLogEntry.objects.get(action=services.SEND_ACTION)
    assert entry.user == sender and entry.data == {"recipients": 4}

    progress = client.get(response["Location"]).content.decode()
    assert "100%" in progress
    post(f"/admin/newsletter_issues/{issue.pk}/send/", {"confirm": "4"})  # a second send does nothing
    assert len(mail.outbox) == 4 and Delivery.objects.count() == 4


def test_draft_from_recent_content_adds_nothing_twice(client, editor, issue, post):
    client.force_login(editor)
    response = post(f"/admin/newsletter_issues/{issue.pk}/draft/")
    assert response.status_code == 302
    assert issue.items.count() == 0  # nothing published in this test database


def test_subscriber_csv_export_is_logged_and_escaped(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    SubscriberFactory(email="a@example.com", consent_text="=HYPERLINK()")
    client.force_login(admin)
    response = client.get("/admin/newsletter_subscribers/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == "a@example.com"
    assert "'=HYPERLINK()" in rows[1]
    assert ModelLogEntry.objects.filter(action=services.EXPORT_ACTION, user=admin).exists()


def test_import_skips_and_reports_invalid_addresses_and_needs_confirmation(client, django_user_model, post):
    admin = django_user_model.objects.create_superuser("root", email="root@example.org", password="pw")
    SubscriberFactory(email="known@example.com")
    client.force_login(admin)
    upload = SimpleUploadedFile(
        "list.csv",
        b"email,language\nnew@example.com,en\nnot an address,en\nKnown@example.com,zh-hans\n",
    )
    response = post("/admin/newsletter_subscribers/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 new subscriber." in html and "line 3" in html and "not an address" in html
    new = Subscriber.objects.get(email="new@example.com")
    assert new.status == Subscriber.Status.PENDING and new.language == "en"
    assert [m.to for m in mail.outbox] == [["new@example.com"]]  # asked to confirm


def test_import_with_stated_consent_is_confirmed_and_logged(client, django_user_model, post):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    refused = post(
        "/admin/newsletter_subscribers/import/",
        {"file": SimpleUploadedFile("a.csv", b"x@example.com\n"), "consented": "on"},
    )
    assert "Say how and when they consented" in refused.content.decode()
    assert not Subscriber.objects.exists()

    post(
        "/admin/newsletter_subscribers/import/",
        {
            "file": SimpleUploadedFile("a.csv", b"x@example.com\n"),
            "consented": "on",
            "consent_text": "Signed the paper form at the 2026 stroke day",
        },
    )
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.consent_text == "Signed the paper form at the 2026 stroke day"
    assert mail.outbox == []
    entry = ModelLogEntry.objects.get(action=services.IMPORT_ACTION)
    assert entry.data["consented"] is True and entry.data["consent_text"].startswith("Signed")


def test_a_file_that_is_not_utf8_is_refused_and_writes_nothing(client, django_user_model, post):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    response = post(
        "/admin/newsletter_subscribers/import/",
        {"file": SimpleUploadedFile("a.csv", "张@example.com".encode("gbk"))},
    )
    assert "This file cannot be read" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_an_editor_writes_an_issue_in_three_languages_with_an_article(client, editor, home):
    client.force_login(editor)
    response = client.get("/admin/newsletter_issues/new/")
    assert response.status_code == 200
    form = form_fields(response.content.decode(), "w-editor-form")
    form.update(
        {
            "subject_zh_hans": "十二月通讯",
            "subject_zh_hant": "十二月通訊",
            "subject_en": "December",
            "intro_en": "What we published this month.",
            "items-TOTAL_FORMS": "1",
            "items-0-page": str(home.pk),
            "items-0-ORDER": "1",
            "items-0-id": "",
            "items-0-DELETE": "",
        }
    )
    response = client.post("/admin/newsletter_issues/new/", form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    issue = NewsletterIssue.objects.get()
    assert (issue.subject_zh_hans, issue.subject_zh_hant, issue.subject_en) == (
        "十二月通讯",
        "十二月通訊",
        "December",
    )
    assert issue.status == NewsletterIssue.Status.DRAFT
    assert list(issue.items.values_list("page_id", flat=True)) == [home.pk]


def test_draft_from_recent_content_adds_what_was_published_since_the_last_issue(client, editor, home, post):
    from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
    from tests.trials.factories import TrialIndexPageFactory, TrialPageFactory

    now = timezone.now()
    articles = ArticleIndexPageFactory(parent=home)
    trials = TrialIndexPageFactory(parent=home)
    old = ArticlePageFactory(parent=articles, first_published_at=now - timezone.timedelta(days=40))
    new_article = ArticlePageFactory(parent=articles, first_published_at=now - timezone.timedelta(days=2))
    new_trial = TrialPageFactory(
        parent=trials,
        title_en="A trial of MSC after stroke",
        first_published_at=now - timezone.timedelta(days=1),
    )
    ArticlePageFactory(parent=articles, first_published_at=now - timezone.timedelta(days=1), live=False)
    NewsletterIssueFactory(status=NewsletterIssue.Status.SENT, sent_at=now - timezone.timedelta(days=30))
    issue = NewsletterIssueFactory()
    client.force_login(editor)

    response = post(f"/admin/newsletter_issues/{issue.pk}/draft/")
    assert response.status_code == 302
    assert set(issue.items.values_list("page_id", flat=True)) == {new_article.pk, new_trial.pk}
    assert old.pk not in issue.items.values_list("page_id", flat=True)
    post(f"/admin/newsletter_issues/{issue.pk}/draft/")  # pressed again: nothing twice
    assert issue.items.count() == 2

    # The chosen pages in the issue, each in the reader's language, linked straight to the site.
    english = client.get(f"/admin/newsletter_issues/{issue.pk}/preview/en/?format=text").content.decode()
    assert "A trial of MSC after stroke" in english
    assert re.search(r"^https?://\S+/en/trials/\S+/$", english, re.MULTILINE)  # no redirect, no tracking
    simplified = client.get(f"/admin/newsletter_issues/{issue.pk}/preview/zh-hans/").content.decode()
    assert new_article.title_zh_hans in simplified and new_trial.title_zh_hans in simplified


def test_an_issue_once_sending_can_no_longer_be_changed_drafted_or_deleted(
    client, django_user_model, issue, post
):
    NewsletterIssue.objects.filter(pk=issue.pk).update(status=NewsletterIssue.Status.SENDING)
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    progress = f"/admin/newsletter_issues/{issue.pk}/progress/"
    page = client.get(f"/admin/newsletter_issues/edit/{issue.pk}/")
    assert "it can no longer be changed or deleted" in page.content.decode()
    form = form_fields(page.content.decode(), "w-editor-form")
    form["subject_en"] = "Changed after sending started"
    response = post(f"/admin/newsletter_issues/edit/{issue.pk}/", form)
    assert response.status_code == 302 and response["Location"] == progress
    assert post(f"/admin/newsletter_issues/{issue.pk}/draft/")["Location"] == progress
    assert post(f"/admin/newsletter_issues/delete/{issue.pk}/")["Location"] == progress
    issue.refresh_from_db()
    assert issue.subject_en == "November: news on stem cells for stroke" and issue.items.count() == 0

    draft = NewsletterIssueFactory()
    assert post(f"/admin/newsletter_issues/delete/{draft.pk}/").status_code == 302
    assert not NewsletterIssue.objects.filter(pk=draft.pk).exists()  # a draft may go


def test_progress_shows_sent_failed_remaining_and_a_bar(client, editor, issue):
    subscribers = [SubscriberFactory() for _n in range(4)]
    statuses = [Delivery.Status.SENT, Delivery.Status.FAILED, Delivery.Status.QUEUED, Delivery.Status.QUEUED]
    Delivery.objects.bulk_create(
        Delivery(issue=issue, subscriber=subscriber, language="zh-hans", status=status)
        for subscriber, status in zip(subscribers, statuses, strict=True)
    )
    Delivery.objects.filter(status=Delivery.Status.FAILED).update(error="550 5.1.1 user unknown")
    NewsletterIssue.objects.filter(pk=issue.pk).update(status=NewsletterIssue.Status.SENDING)
    client.force_login(editor)
    html = client.get(f"/admin/newsletter_issues/{issue.pk}/progress/").content.decode()
    assert '<progress max="100" value="50">' in html
    assert "<dt>Sent</dt><dd>1</dd>" in html and "<dt>Failed</dt><dd>1</dd>" in html
    assert "<dt>Remaining</dt><dd>2</dd>" in html
    assert "550 5.1.1 user unknown" in html and 'http-equiv="refresh"' in html  # refreshes while sending


def test_subscriber_list_filters_and_searches(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    SubscriberFactory(email="alice@example.com", language="en")
    SubscriberFactory(email="bob@example.com", language="zh-hant", status=Subscriber.Status.PENDING)
    SubscriberFactory(email="carol@example.org", language="en", status=Subscriber.Status.BOUNCED)
    client.force_login(admin)

    def listed(query: str) -> set[str]:
        html = client.get(f"/admin/newsletter_subscribers/?{query}").content.decode()
        return {
            email for email in ("alice@example.com", "bob@example.com", "carol@example.org") if email in html
        }

    assert listed("") == {"alice@example.com", "bob@example.com", "carol@example.org"}
    assert listed("status=pending") == {"bob@example.com"}
    assert listed("language=en") == {"alice@example.com", "carol@example.org"}
    assert listed("language=en&status=bounced") == {"carol@example.org"}
    assert listed("q=example.org") == {"carol@example.org"}
    body = b"".join(client.get("/admin/newsletter_subscribers/?export=csv&status=pending").streaming_content)
    assert "bob@example.com" in body.decode("utf-8-sig") and "alice" not in body.decode("utf-8-sig")


def test_send_test_with_the_mail_server_down_says_so(client, editor, issue, post, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.free_port()  # nothing listens
    settings.EMAIL_TIMEOUT = 2
    client.force_login(editor)
    response = post(f"/admin/newsletter_issues/{issue.pk}/test/", {"language": "en"}, follow=True)
    assert response.status_code == 200
    assert "The test could not be sent." in response.content.decode()
    assert not ModelLogEntry.objects.filter(action=services.TEST_ACTION).exists()


def test_import_reports_addresses_too_long_to_keep_and_refuses_unreadable_csv(
    client, django_user_model, post
):
    admin = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    long = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"  # valid by RFC, longer than 254
    response = post(
        "/admin/newsletter_subscribers/import/",
        {"file": SimpleUploadedFile("a.csv", f"email\nok@example.com\n{long}\n".encode())},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "1 new subscriber." in html and "line 3" in html
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["ok@example.com"]

    huge = b'email\n"' + b"x" * 200_000 + b'"\n'  # one field past the csv module's limit
    response = post("/admin/newsletter_subscribers/import/", {"file": SimpleUploadedFile("b.csv", huge)})
    assert response.status_code == 200 and "This file cannot be read" in response.content.decode()
    assert Subscriber.objects.count() == 1


def waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        # pg_locks, not pg_stat_activity: a transaction sees the latter as it first read it.
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


# Committed rows, as two connections need; the tables are restored for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_racing_send_waits_for_it_and_is_refused(client, django_user_model):
    require_postgresql()  # row locks
    issue = NewsletterIssueFactory()
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    url = f"/admin/newsletter_issues/edit/{issue.pk}/"
    form = form_fields(client.get(url).content.decode(), "w-editor-form")
    form["subject_en"] = "Changed while Send was starting"
    answers = {}

    def save():
        try:
            answers["response"] = client.post(url, form)
        finally:
            connection.close()

    saving = threading.Thread(target=save)
    with transaction.atomic():  # Send, as services.issue_send holds the issue's row
        NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        NewsletterIssue.objects.filter(pk=issue.pk).update(status=NewsletterIssue.Status.SENDING)
        saving.start()
        wait_for(lambda: waiting_for_a_lock() > 0, timeout=30, what="the save to wait for Send's row lock")
    saving.join(timeout=30)

    assert answers["response"]["Location"] == f"/admin/newsletter_issues/{issue.pk}/progress/"
    issue.refresh_from_db()
    assert issue.subject_en != "Changed while Send was starting"
    assert issue.status == NewsletterIssue.Status.SENDING
