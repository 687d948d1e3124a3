"""CSV and JSON export of the register's filtered set (docs/trials.md lists the columns).

The column order is part of the interface: add new columns at the end only.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.core.spreadsheet import escape_cell
from trials.dates import iso_partial

# (key, header): JSON uses the key, CSV the header in the visitor's language.
COLUMNS = (
    ("registry_ids", _("Registry IDs")),
    ("acronym", _("Acronym")),
    ("title", _("Title")),
    ("url", _("Page")),
    ("status", _("Status")),
    ("phases", _("Phases")),
    ("study_type", _("Study type")),
    ("cell_types", _("Cell types")),
    ("cell_source", _("Cell source")),
    ("routes", _("Routes")),
    ("stroke_stages", _("Stroke stages")),
    ("stroke_types", _("Stroke types")),
    ("enrollment", _("Enrollment")),
    ("enrollment_type", _("Enrollment actual or estimated")),
    ("start_date", _("Start date")),
    ("completion_date", _("Completion date")),
    ("sponsor", _("Sponsor")),
    ("countries", _("Countries")),
    ("minimum_age", _("Minimum age")),
    ("maximum_age", _("Maximum age")),
    ("sex", _("Sex")),
    ("registry_url", _("Registry URL")),
    ("last_update_posted", _("Last update posted")),
    ("status_code", _("Status code")),
    ("phase_codes", _("Phase codes")),
    ("country_codes", _("Country codes")),
)
COLUMN_KEYS = [key for key, _header in COLUMNS]


def _age(value, unit) -> str:
    if value is None or not unit:
        return ""
    return f"{value} {unit.lower()}"


def trial_row(trial, *, base_url: str) -> dict:
    """One trial's export values in the active language; lists stay lists.

    `base_url` is the register's full URL: a trial is its child, so its URL is that
    plus its slug in the active language (without a page lookup per trial).
    """
    phases = list(trial.phases.all())
    countries = list(trial.countries.all())
    return {
        "registry_ids": [r.identifier for r in trial.registry_ids.all()],
        "acronym": trial.acronym,
        "title": trial.title,
        "url": f"{base_url}{trial.slug}/" if base_url else "",
        "status": trial.get_overall_status_display() if trial.overall_status else "",
        "phases": [str(p.label) for p in phases],
        "study_type": trial.get_study_type_display() if trial.study_type else "",
        "cell_types": [str(t) for t in trial.cell_types.all()],
        "cell_source": trial.get_cell_source_display() if trial.cell_source else "",
        "routes": [str(t) for t in trial.routes.all()],
        "stroke_stages": [str(t) for t in trial.stroke_stages.all()],
        "stroke_types": [str(t) for t in trial.stroke_types.all()],
        "enrollment": trial.enrollment,
        "enrollment_type": trial.get_enrollment_type_display() if trial.enrollment_type else "",
        "start_date": iso_partial(trial.start_date, trial.start_date_precision),
        "completion_date": iso_partial(trial.completion_date, trial.completion_date_precision),
        "sponsor": trial.sponsor,
        "countries": [c.name for c in countries],
        "minimum_age": _age(trial.minimum_age, trial.minimum_age_unit),
        "maximum_age": _age(trial.maximum_age, trial.maximum_age_unit),
        "sex": trial.get_sex_display() if trial.sex else "",
        "registry_url": trial.registry_link,
        "last_update_posted": trial.last_update_posted.isoformat() if trial.last_update_posted else "",
        "status_code": trial.overall_status,
        "phase_codes": [p.code for p in phases],
        "country_codes": [c.country for c in countries],
    }


class _Line:
    """A file-like object whose `write` returns the text, for `csv.writer` to stream."""

    def write(self, text: str) -> str:
        return text


def stream_csv(rows: Iterable[dict]) -> Iterator[str]:
    """UTF-8 CSV with a BOM, so Excel opens Chinese text correctly; one line at a time."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([escape_cell(str(header)) for _key, header in COLUMNS])
    for row in rows:
        yield writer.writerow([escape_cell(row[key]) for key in COLUMN_KEYS])


def stream_json(rows: Iterable[dict], *, count: int, filters: dict, sort: str) -> Iterator[str]:
    """The export as one JSON object whose `trials` list is written a row at a time."""
    head = {
        "language": translation.get_language(),
        "count": count,
        "filters": filters,
        "sort": sort,
        "columns": COLUMN_KEYS,
    }
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "trials": ['
    separator = "\n  "
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n  "
    yield "\n ]\n}\n"
