from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.core.services import site_url_apply


class Command(BaseCommand):
    help = (
        "Point the default Wagtail site at the public URL (SITE_URL unless given), so sitemap, "
        "feeds, share cards and emails link to it. Run at every deploy, after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. https://example.org (default: the SITE_URL setting)")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        if not url:
            raise CommandError("No site URL: set SITE_URL or pass one, e.g. https://example.org")
        try:
            site = site_url_apply(url=url)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Site URL: {site.root_url}")
