from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.core.commands import ProgressBar
from portal.references.parsers import FORMATS
from portal.references.services import reference_import_file


class Command(BaseCommand):
    help = (
        "Import references from PubMed XML (efetch), RIS, BibTeX, CSL-JSON or NLM citation lines "
        "(one per line). Duplicates (same DOI, PMID or URL) are filled, never doubled."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="Format of every file (default: from the extension, else from the content).",
        )

    def handle(self, *args, files, format=None, **options):
        reports, unreadable = [], []
        for name in files:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                unreadable.append(f"{name}: {exc.strerror or exc}")
                self.stderr.write(f"{name}: cannot be read: {exc.strerror or exc}")
                continue
            with ProgressBar(self.stderr, verbosity=options["verbosity"]) as progress:
                report = reference_import_file(data=data, filename=path.name, fmt=format, progress=progress)
            reports.append(report)
            self.stdout.write(report.summary())
            for item in report.skipped:
                self.stderr.write(f"  {item.location}: skipped: {item.reason}")
            for item in report.conflicts:
                fields = ", ".join(
                    f"{name} (stored {old!r}, file {new!r})" for name, (old, new) in item.conflicts.items()
                )
                self.stdout.write(f"  {item.location}: differs from reference #{item.reference.pk}: {fields}")
            if report.error:
                unreadable.append(report.summary())

        totals = {"created": 0, "updated": 0, "unchanged": 0, "conflicts": 0, "skipped": 0}
        for report in reports:
            for key, value in report.counts().items():
                totals[key] += value
        read_anything = any(not report.nothing_read for report in reports)
        if not read_anything:
            reason = unreadable[0] if unreadable else "no entry could be imported"
            raise CommandError(f"Nothing imported: {reason}")
        summary = (
            f"{len(reports)} file(s): {totals['created']} created, {totals['updated']} updated, "
            f"{totals['unchanged']} unchanged, {totals['conflicts']} with differences, "
            f"{totals['skipped']} skipped"
        )
        if unreadable:
            raise CommandError(
                f"{summary}; {len(unreadable)} file(s) could not be read: {'; '.join(unreadable)}"
            )
        self.stdout.write(self.style.SUCCESS(summary))
