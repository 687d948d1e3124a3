"""manage.py import_trials PATH... : ClinicalTrials.gov API v2 JSON into the trial register."""

import sys

from django.core.management.base import BaseCommand, CommandError

from trials.models import TrialIndexPage
from trials.services import ImportFailed, default_trial_index, trials_import_paths


class Command(BaseCommand):
    help = (
        "Create or update trials from ClinicalTrials.gov API v2 JSON: a study, a list of studies, "
        'a {"studies": [...]} page, or a folder of such files. New trials are drafts.'
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="JSON file or folder")
        parser.add_argument(
            "--parent",
            help="ID or URL path of the trial register page for new trials (default: the only one)",
        )

    def handle(self, *args, paths, parent=None, verbosity=1, **options):
        try:
            index = self._parent(parent) if parent else default_trial_index()
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        progress = self._progress if verbosity >= 1 and self.stderr.isatty() else None
        report = trials_import_paths(paths=paths, parent=index, progress=progress)
        if progress:
            self.stderr.write("")
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(f"skipped: {problem}"))
        self.stdout.write(report.summary())
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} record(s) could not be imported; the others were imported."
            )

    def _parent(self, value: str) -> TrialIndexPage:
        pages = TrialIndexPage.objects.all()
        page = pages.filter(pk=int(value)).first() if value.isdigit() else None
        if page is None:
            path = "/" + value.strip("/") + "/"
            page = next((p for p in pages if p.url_path.endswith(path)), None)
        if page is None:
            raise CommandError(f"No trial register page {value!r}.")
        return page

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total}", ending="")
        sys.stderr.flush()
