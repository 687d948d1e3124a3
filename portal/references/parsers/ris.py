"""RIS (Reference Manager / EndNote / Zotero export), one record per TY … ER."""

import datetime
import re

import rispy
from django.utils.translation import gettext_lazy as _

from portal.references.parsers.bounds import check_entry_count, checked_date, checked_year
from portal.references.parsers.common import (
    ImportFileError,
    ParseResult,
    clean_pages,
    clean_title,
    join_pages,
    line_location,
    month_number,
    split_name,
    to_int,
)

_TAG = re.compile(r"^([A-Z][A-Z0-9])  -( |$)")
_KINDS = {
    "JOUR": "article",
    "JFULL": "article",
    "EJOUR": "article",
    "MGZN": "article",
    "BOOK": "book",
    "EBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "RPRT": "report",
    "GOVDOC": "report",
    "ELEC": "web",
    "WEB": "web",
    "BLOG": "web",
    "UNPB": "preprint",
}


def _date_parts(value: str) -> tuple:
    """RIS dates: "2024/02/01", "2024/02//", "2024"."""
    parts = [p for p in re.split(r"[/\-]", value or "") if p.strip()]
    year = checked_year(to_int(parts[0])) if parts else None
    month = month_number(parts[1]) if len(parts) > 1 else None
    day = to_int(parts[2]) if len(parts) > 2 and month else None
    return year, month, day


def _as_date(value: str) -> datetime.date | None:
    return checked_date(*_date_parts(value))


def record_fields(entry: dict) -> dict:
    authors, groups = [], []
    for name in entry.get("authors") or entry.get("first_authors") or []:
        found = split_name(name)
        if found is None:
            groups.append(" ".join(name.split()))
        else:
            authors.append(found)
    year, month, day = _date_parts(entry.get("date", ""))
    py_year = _date_parts(entry.get("year") or entry.get("publication_year") or "")
    if not year:
        year, month, day = py_year
    journal = entry.get("secondary_title") or entry.get("journal_name") or entry.get("alternate_title3") or ""
    abbreviation = entry.get("alternate_title1") or entry.get("alternate_title2") or ""
    pmid = entry.get("accession_number", "")
    urls = entry.get("urls") or []
    fields = {
        "kind": _KINDS.get(entry.get("type_of_reference", ""), "article"),
        "authors": authors,
        "group_author": "; ".join(groups),
        "title": clean_title(entry.get("title") or entry.get("primary_title") or ""),
        "journal": journal,
        "journal_abbreviation": abbreviation,
        "publisher": entry.get("publisher", ""),
        "year": year,
        "month": month,
        "day": day,
        "volume": entry.get("volume", ""),
        "issue": entry.get("number", ""),
        "pages": clean_pages(join_pages(entry.get("start_page", ""), entry.get("end_page", ""))),
        "doi": entry.get("doi", ""),
        "pmid": pmid if re.fullmatch(r"\s*\d+\s*", pmid or "") else "",
        "pmcid": entry.get("custom2", "") if "PMC" in (entry.get("custom2") or "").upper() else "",
        "url": urls[0] if urls else "",
        "accessed": _as_date(entry.get("access_date", "")),
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def parse(text: str) -> ParseResult:
    result = ParseResult()
    lines = text.splitlines()
    check_entry_count(sum(1 for line in lines if line.startswith("TY  -")))
    record: list[str] = []
    start = 0
    stray = None
    for index, line in enumerate(lines, start=1):
        match = _TAG.match(line)
        tag = match.group(1) if match else None
        if tag == "TY":
            if record:
                result.fail(_("The record has no ER line."), number=start, location=line_location(start))
            record, start = [line], index
        elif not record:
            if line.strip() and stray is None:
                stray = index
        else:
            record.append(line)
            if tag == "ER":
                try:
                    entries = rispy.loads("\n".join(record))
                except Exception as exc:  # rispy raises plain and own errors alike
                    result.fail(
                        _("Unreadable RIS record: %(error)s") % {"error": exc},
                        number=start,
                        location=line_location(start),
                    )
                else:
                    try:
                        result.add(record_fields(entries[0]), number=start, location=line_location(start))
                    except ValueError as exc:
                        result.fail(exc, number=start, location=line_location(start))
                record = []
    if record:
        result.fail(
            _("The record is cut off: no ER line before the end of the file."),
            number=start,
            location=line_location(start),
        )
    if not result.entries and not result.errors:
        if stray:
            raise ImportFileError(
                _("This is not an RIS file: line %(line)d does not start with a “TY  - ” record.")
                % {"line": stray}
            )
        raise ImportFileError(_("The RIS file holds no records."))
    if stray and not result.entries:
        result.fail(
            _("Text outside any record (RIS lines look like “TI  - Title”)."),
            number=stray,
            location=line_location(stray),
        )
    return result
