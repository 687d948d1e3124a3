"""CSL-JSON (Zotero, Mendeley, citation.js, Crossref's content negotiation)."""

import datetime
import json

from django.utils.translation import gettext_lazy as _

from portal.references.parsers.bounds import check_entry_count, checked_date, checked_year
from portal.references.parsers.common import (
    MONTHS,
    ImportFileError,
    ParseResult,
    clean_pages,
    clean_title,
    person,
    record_location,
)

_KINDS = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "book": "book",
    "chapter": "chapter",
    "report": "report",
    "webpage": "web",
    "post-weblog": "web",
    "post": "web",
    "article": "preprint",
    "manuscript": "preprint",
}


def _date_parts(value) -> tuple:
    if not isinstance(value, dict):
        return None, None, None
    parts = value.get("date-parts") or []
    first = parts[0] if parts and isinstance(parts[0], list) else []
    numbers = []
    for part in first[:3]:
        try:
            numbers.append(int(part))
        except (TypeError, ValueError):
            break
    numbers += [None] * (3 - len(numbers))
    checked_year(numbers[0])
    return tuple(numbers)


def _season(value, year, month) -> str:
    """ "Nov-Dec" for a month range within one year, else the CSL season word."""
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts") or []
    if len(parts) == 2 and isinstance(parts[1], list) and len(parts[1]) >= 2 and month and 1 <= month <= 12:
        try:
            end_year, end_month = int(parts[1][0]), int(parts[1][1])
        except (TypeError, ValueError):
            return ""
        if end_year == year and 1 <= end_month <= 12 and end_month != month:
            return f"{MONTHS[month - 1]}-{MONTHS[end_month - 1]}"
    season = value.get("season")
    return str(season) if isinstance(season, str) and not season.isdigit() else ""


def _full_date(value) -> datetime.date | None:
    return checked_date(*_date_parts(value))


def item_fields(item: dict) -> dict:
    authors, groups = [], []
    for name in item.get("author") or []:
        if not isinstance(name, dict):
            raise ValueError(_("An author is not an object."))
        if name.get("literal") and not name.get("family"):
            groups.append(" ".join(str(name["literal"]).split()))
        elif name.get("family"):
            family = " ".join(p for p in (name.get("non-dropping-particle"), name["family"]) if p)
            authors.append(person(family, name.get("given", "")))
    year, month, day = _date_parts(item.get("issued"))
    season = _season(item.get("issued"), year, month)
    if season:
        month = day = None
    epub = _full_date(item.get("available-date")) or _full_date(item.get("epub"))
    title = item.get("title") or ""
    if isinstance(title, list):
        title = " ".join(title)
    fields = {
        "kind": _KINDS.get(item.get("type", ""), "article"),
        "authors": authors,
        "group_author": "; ".join(groups),
        "title": clean_title(str(title)),
        "journal": str(item.get("container-title") or ""),
        "journal_abbreviation": str(
            item.get("container-title-short") or item.get("journalAbbreviation") or ""
        ),
        "publisher": str(item.get("publisher") or ""),
        "year": year,
        "month": month if year else None,
        "day": day if month else None,
        "season": season,
        "epub_date": epub,
        "volume": str(item.get("volume") or ""),
        "issue": str(item.get("issue") or ""),
        "pages": clean_pages(str(item.get("page") or "")),
        "doi": str(item.get("DOI") or ""),
        "pmid": str(item.get("PMID") or ""),
        "pmcid": str(item.get("PMCID") or ""),
        "url": str(item.get("URL") or ""),
        "accessed": _full_date(item.get("accessed")),
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def parse(text: str) -> ParseResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("The JSON is malformed at line %(line)d, column %(column)d: %(error)s")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, arrays nested too deep
        raise ImportFileError(_("The JSON cannot be read: %(error)s") % {"error": exc}) from exc
    if isinstance(data, dict):
        data = data.get("items") if isinstance(data.get("items"), list) else [data]
    if not isinstance(data, list):
        raise ImportFileError(_("CSL-JSON must be an object or a list of objects."))
    check_entry_count(len(data))
    result = ParseResult()
    for number, item in enumerate(data, start=1):
        location = record_location(number)
        if not isinstance(item, dict):
            result.fail(_("The record is not a JSON object."), number=number, location=location)
            continue
        try:
            result.add(item_fields(item), number=number, location=location)
        except ValueError as exc:
            result.fail(exc, number=number, location=location)
        except (TypeError, AttributeError):
            result.fail(_("A value in the record has the wrong JSON type."), number=number, location=location)
    if not data:
        raise ImportFileError(_("The CSL-JSON list is empty."))
    return result
