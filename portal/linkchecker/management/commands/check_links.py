from django.core.management.base import BaseCommand, CommandError, no_translations

from portal.core.commands import ProgressBar
from portal.core.publishing import publish
from portal.linkchecker import services
from portal.linkchecker.collect import normalise
from portal.linkchecker.models import Link
from portal.linkchecker.tasks import check_all_links


class Command(BaseCommand):
    help = (
        "Check every outbound link of the live content (collected again first). Without --sync "
        "the check is queued for a Celery worker; with --url only that URL is checked, now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sync", action="store_true", help="Check here and now instead of queueing.")
        parser.add_argument(
            "--url", help="Check this one URL now (and store the result if the site uses it)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Request links found OK recently too (no result cache)."
        )

    @no_translations  # messages (the checker's errors too) in English, as every command's
    def handle(self, *args, sync=False, url=None, force=False, **options):
        if url is not None:
            return self._check_url(url)
        if not sync:
            if not publish(check_all_links):
                raise CommandError("Could not queue the check: the broker is unreachable. Run with --sync.")
            self.stdout.write("Link check queued for the Celery worker.")
            return
        usages = services.links_collect()
        with ProgressBar(self.stderr, verbosity=options["verbosity"]) as progress:
            run = services.links_check(force=force, progress=progress)
        self.stdout.write(
            f"{run.checked} links checked ({usages} uses): {run.ok} OK, {run.broken} broken "
            f"({run.newly_broken} new), {run.failing} failing once (broken if again), "
            f"{run.not_checked} not checked."
        )

    def _check_url(self, url: str):
        normal = normalise(url)
        if normal is None:
            raise CommandError(f"{url!r} is not an absolute http or https URL.")
        link = Link.objects.filter(url=normal).first()
        if link is not None:
            services.links_check(
                links=Link.objects.filter(pk=link.pk), scope=normal, force=True, send_digest=False
            )
            link.refresh_from_db()
            status, code, error = link.status, link.status_code, link.error
        else:
            outcome = services.check_urls([normal])[normal]
            status, code, error = outcome.status, outcome.status_code, outcome.error
        self.stdout.write(f"{normal}: {status}{f' ({code})' if code else ''}{f': {error}' if error else ''}")
