"""manage.py import_trials PATH... : ClinicalTrials.gov API v2 JSON into the trial register."""

from django.core.management.base import BaseCommand, CommandError

from portal.core.commands import ProgressBar, resolve_parent
from trials.models import TrialIndexPage
from trials.services.imports import ImportFailed, default_trial_index, trials_import_paths


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
            index = resolve_parent(TrialIndexPage, parent) if parent else default_trial_index()
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        with ProgressBar(self.stderr, verbosity=verbosity) as progress:
            report = trials_import_paths(paths=paths, parent=index, progress=progress)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        for problem in report.problems:
            self.stderr.write(self.style.ERROR(f"skipped: {problem}"))
        self.stdout.write(report.summary())
        if report.problems:
            raise CommandError(
                f"{len(report.problems)} record(s) could not be imported; the others were imported."
            )
