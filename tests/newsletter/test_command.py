"""manage.py send_newsletter (Celery eager in tests)."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from portal.newsletter.models import NewsletterIssue

from .factories import NewsletterIssueFactory, SubscriberFactory

# Committed for real: the command waits for the issue to be sent. Serialized rollback
# restores what migrations made (root page, groups) for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_test_to_prints_the_message_with_its_headers_through_the_console_backend(settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # as in development
    issue = NewsletterIssueFactory()
    out = io.StringIO()
    call_command(
        "send_newsletter", str(issue.pk), "--test-to", "me@example.org", "--language", "en", stdout=out
    )
    printed = capsys.readouterr().out
    assert "Subject: [TEST] November: news on stem cells for stroke" in printed
    assert "To: me@example.org" in printed and "Message-ID:" in printed
    assert "Content-Type: text/html" in printed and "Content-Type: text/plain" in printed
    assert "Sent 1 test email(s)" in out.getvalue()
    assert NewsletterIssue.objects.get().status == NewsletterIssue.Status.DRAFT


def test_send_newsletter_sends_once_and_says_so():
    SubscriberFactory(language="en")
    SubscriberFactory(language="zh-hans")
    issue = NewsletterIssueFactory()
    out = io.StringIO()
    call_command("send_newsletter", str(issue.pk), stdout=out)
    assert len(mail.outbox) == 2
    assert f"Issue {issue.pk}: 2 sent, 0 failed, 0 skipped, 0 possibly repeated." in out.getvalue()
    with pytest.raises(CommandError, match="was sent already"):
        call_command("send_newsletter", str(issue.pk), stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_an_unknown_issue_is_a_clear_error():
    with pytest.raises(CommandError, match="No newsletter issue 999"):
        call_command("send_newsletter", "999")


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["--test-to", "not-an-address"], "is not an email address"),
        (["--language", "en"], "--language goes with --test-to"),
    ],
)
def test_bad_arguments_are_refused_with_the_reason_and_send_nothing(arguments, reason):
    SubscriberFactory()
    issue = NewsletterIssueFactory()
    with pytest.raises(CommandError, match=reason):
        call_command("send_newsletter", str(issue.pk), *arguments, stdout=io.StringIO())
    assert mail.outbox == []
    assert NewsletterIssue.objects.get().status == NewsletterIssue.Status.DRAFT


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_command_draws_a_progress_bar():
    for _n in range(3):
        SubscriberFactory()
    issue = NewsletterIssueFactory()
    out = Terminal()
    call_command("send_newsletter", str(issue.pk), stdout=out)
    assert f"\r[{'#' * 30}] 3/3" in out.getvalue()
    assert out.getvalue().rstrip().endswith("3 sent, 0 failed, 0 skipped, 0 possibly repeated.")
