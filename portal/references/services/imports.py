"""Import a whole reference file: each entry all-or-nothing, a report of what happened."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from portal.references.models import Reference, ReferenceImport
from portal.references.parsers import FORMAT_LABELS, ImportFileError, parse_bytes
from portal.references.services.upsert import reference_upsert

logger = logging.getLogger(__name__)

IMPORT_FILE_ACTION = "references.import_file"


@dataclass
class ReportItem:
    """One entry of an import file and what became of it."""

    location: str  # "line 12" / "record 3"
    status: str  # created | updated | unchanged | skipped
    reference: Reference | None = None
    filled: list[str] = field(default_factory=list)
    conflicts: dict[str, tuple] = field(default_factory=dict)
    reason: str = ""
    read_only: bool = False  # differences not applied: the user may not change existing references


@dataclass
class ImportReport:
    filename: str
    format: str = ""
    error: str = ""  # the whole file could not be read
    items: list[ReportItem] = field(default_factory=list)
    record: ReferenceImport | None = None

    def _with(self, status: str) -> list[ReportItem]:
        return [item for item in self.items if item.status == status]

    @property
    def created(self) -> list[ReportItem]:
        return self._with("created")

    @property
    def updated(self) -> list[ReportItem]:
        return self._with("updated")

    @property
    def unchanged(self) -> list[ReportItem]:
        return self._with("unchanged")

    @property
    def skipped(self) -> list[ReportItem]:
        return self._with("skipped")

    @property
    def conflicts(self) -> list[ReportItem]:
        return [item for item in self.items if item.conflicts]

    @property
    def format_label(self) -> str:
        return str(FORMAT_LABELS.get(self.format, self.format))

    @property
    def nothing_read(self) -> bool:
        return bool(self.error) or not any(item.status != "skipped" for item in self.items)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "conflicts": len(self.conflicts),
            "skipped": len(self.skipped),
        }

    def summary(self) -> str:
        if self.error:
            return str(_("%(file)s: not imported: %(error)s") % {"file": self.filename, "error": self.error})
        return str(
            _(
                "%(file)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(conflicts)d with differences, %(skipped)d skipped"
            )
            % {"file": self.filename, **self.counts()}
        )


def _reason(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


def _log_import(report: ImportReport, *, user) -> None:
    with transaction.atomic():
        report.record = ReferenceImport.objects.create(
            filename=report.filename[:255],
            format=report.format,
            user=user if getattr(user, "pk", None) else None,
            summary={
                "error": report.error,
                **report.counts(),
                "skipped_reasons": [f"{item.location}: {item.reason}" for item in report.skipped][:100],
                "references": [item.reference.pk for item in report.items if item.reference is not None],
            },
        )
        log(instance=report.record, action=IMPORT_FILE_ACTION, user=user, data=report.record.summary)


def reference_import_file(
    *, data: bytes, filename: str, fmt: str | None = None, user=None, progress=None
) -> ImportReport:
    """Import every reference in a PubMed XML, RIS, BibTeX, CSL-JSON or NLM-lines file.

    Each entry is all-or-nothing: a bad entry is skipped with its line/record number
    and reason, the others are imported (created, or filling an existing duplicate).
    A file that cannot be read at all gives a report with `error` set. `progress`,
    if given, is called as progress(done, total) after each entry."""
    report = ImportReport(filename=filename, format=fmt or "")
    try:
        report.format, parsed = parse_bytes(data, filename=filename, fmt=fmt)
    except ImportFileError as exc:
        report.error = str(exc)
        _log_import(report, user=user)
        logger.warning("reference import failed", extra={"file": filename, "error": report.error})
        return report

    numbered = [(error.number, error.location, None, error.message) for error in parsed.errors]
    numbered += [(entry.number, entry.location, entry, "") for entry in parsed.entries]
    numbered.sort(key=lambda row: row[0])
    total = len(numbered)
    for done, (_number, location, entry, message) in enumerate(numbered, start=1):
        if entry is None:
            report.items.append(ReportItem(location=location, status="skipped", reason=message))
        else:
            try:
                result = reference_upsert(fields=entry.fields, user=user, source=filename)
            except ValidationError as exc:
                report.items.append(ReportItem(location=location, status="skipped", reason=_reason(exc)))
            else:
                if result.created:
                    status = "created"
                elif result.filled:
                    status = "updated"
                else:
                    status = "unchanged"
                report.items.append(
                    ReportItem(
                        location=location,
                        status=status,
                        reference=result.reference,
                        filled=result.filled,
                        conflicts=result.conflicts,
                        read_only=result.read_only,
                    )
                )
        if progress is not None:
            progress(done, total)
    _log_import(report, user=user)
    counts = {f"count_{key}": value for key, value in report.counts().items()}
    logger.info("references imported", extra={"file": filename, "format": report.format, **counts})
    return report
