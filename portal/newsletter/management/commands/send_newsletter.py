import time
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from portal.core.commands import ProgressBar
from portal.newsletter import services
from portal.newsletter.models import NewsletterIssue

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = (
        "Send a newsletter issue to its confirmed subscribers through Celery, showing progress; "
        "or, with --test-to, send a test of it (in development the console backend prints it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", type=int, help="the issue's id (in its admin URL)")
        parser.add_argument("--test-to", metavar="EMAIL", help="send a test to this address instead")
        parser.add_argument(
            "--language", choices=LANGUAGE_CODES, help="with --test-to: only this language (default: each)"
        )
        parser.add_argument(
            "--no-wait", action="store_true", help="hand the issue to the workers and return at once"
        )

    def handle(self, *args, issue, test_to=None, language=None, no_wait=False, **options):
        if language and not test_to:
            raise CommandError(
                "--language goes with --test-to: an issue is sent to each subscriber in theirs."
            )
        if test_to is not None:
            try:
                validate_email(test_to)
            except ValidationError as exc:
                raise CommandError(f"--test-to {test_to!r} is not an email address.") from exc
        found = NewsletterIssue.objects.filter(pk=issue).first()
        if found is None:
            raise CommandError(f"No newsletter issue {issue}.")
        if test_to:
            try:
                count = services.issue_send_test(
                    issue=found, to=test_to, user=None, languages=[language] if language else None
                )
            except (SMTPException, OSError) as exc:
                raise CommandError(f"The test could not be sent: {exc}") from exc
            self.stdout.write(f"Sent {count} test email(s) of issue {issue} to {test_to}.")
            return
        try:
            count = services.issue_send(issue=found, user=None)
        except services.AlreadySent as exc:
            raise CommandError(f"Issue {issue} was sent already (status: {found.status}).") from exc
        if no_wait:
            self.stdout.write(f"Issue {issue}: {count} deliveries handed to the workers.")
            return
        with ProgressBar(self.stdout, verbosity=options["verbosity"]) as bar:
            while True:
                found.refresh_from_db()
                progress = found.progress()
                bar(progress["total"] - progress["remaining"], progress["total"])
                if found.status == NewsletterIssue.Status.SENT:
                    break
                time.sleep(1)
        self.stdout.write(
            f"Issue {issue}: {progress['sent']} sent, {progress['failed']} failed, "
            f"{progress['skipped']} skipped, {progress['repeats']} possibly repeated."
        )
