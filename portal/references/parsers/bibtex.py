"""BibTeX / biblatex, parsed entry by entry so one broken entry does not hide the rest."""

import datetime
import re

import bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
from bibtexparser.latexenc import latex_to_unicode
from django.utils.translation import gettext_lazy as _

from portal.references.parsers.common import (
    ImportFileError,
    ParseResult,
    clean_pages,
    clean_title,
    line_location,
    month_number,
    person,
    to_int,
)

_ENTRY_START = re.compile(r"^\s*@\s*(\w+)\s*[{(]", re.MULTILINE)
_KINDS = {
    "article": "article",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "techreport": "report",
    "report": "report",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "unpublished": "preprint",
}


def _strip_braces(value: str) -> str:
    return " ".join(value.replace("{", "").replace("}", "").split())


def _split_authors(value: str) -> list[str]:
    """Split on " and " outside braces."""
    names, depth, current = [], 0, []
    tokens = re.split(r"(\{|\}|\s+and\s+)", value)
    for token in tokens:
        if token == "{":  # noqa: S105
            depth += 1
        elif token == "}":  # noqa: S105
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append("".join(current))
            current = []
        else:
            current.append(token or "")
    names.append("".join(current))
    return [" ".join(n.split()) for n in names if n.strip()]


def _person_or_group(name: str):
    stripped = name.strip()
    if stripped.startswith("{") and stripped.endswith("}") and stripped.count("{") == 1:
        return None, _strip_braces(latex_to_unicode(stripped))
    name = _strip_braces(latex_to_unicode(stripped))
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return person(family, given), None
    tokens = name.split(" ")
    # "Given von Family": the family starts at the first lowercase particle, else the last word.
    for index, token in enumerate(tokens[1:], start=1):
        if token[:1].islower():
            return person(" ".join(tokens[index:]), " ".join(tokens[:index])), None
    return person(tokens[-1], " ".join(tokens[:-1])), None


def _date(value: str) -> tuple:
    match = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value or "")
    if not match:
        return None, None, None
    return tuple(int(g) if g else None for g in match.groups())


def entry_fields(entry: dict) -> dict:
    entry = {key.lower(): value for key, value in entry.items()}
    authors, groups = [], []
    for name in _split_authors(entry.get("author", "")):
        found, group = _person_or_group(name)
        if found:
            authors.append(found)
        elif group:
            groups.append(group)
    year, month, day = _date(entry.get("date", ""))
    if not year:
        year = to_int(entry.get("year"))
        month = month_number(entry.get("month"))
        day = None
    pmid = entry.get("pmid", "")
    if not pmid and entry.get("eprinttype", "").lower() == "pubmed":
        pmid = entry.get("eprint", "")
    accessed = None
    url_year, url_month, url_day = _date(entry.get("urldate", ""))
    if url_year and url_month and url_day:
        try:
            accessed = datetime.date(url_year, url_month, url_day)
        except ValueError:
            accessed = None
    kind = _KINDS.get(entry.get("entrytype", "").lower(), "article")
    if kind == "article" and entry.get("entrytype", "").lower() == "misc" and entry.get("url"):
        kind = "web"
    journal = entry.get("journal") or entry.get("journaltitle") or entry.get("booktitle") or ""
    fields = {
        "kind": kind,
        "authors": authors,
        "group_author": "; ".join(groups),
        "title": clean_title(_strip_braces(entry.get("title", ""))),
        "journal": _strip_braces(journal),
        "journal_abbreviation": _strip_braces(entry.get("shortjournal", "")),
        "publisher": _strip_braces(entry.get("publisher") or entry.get("institution") or ""),
        "year": year,
        "month": month,
        "day": day,
        "volume": entry.get("volume", ""),
        "issue": entry.get("number") or entry.get("issue") or "",
        "pages": clean_pages(entry.get("pages", "")),
        "doi": entry.get("doi", ""),
        "pmid": pmid,
        "pmcid": entry.get("pmcid", ""),
        "url": entry.get("url", ""),
        "accessed": accessed,
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _convert(record: dict) -> dict:
    # Braces around a whole author mark a collective name: keep them for _person_or_group.
    author = record.get("author")
    record = convert_to_unicode(record)
    if author is not None:
        record["author"] = author
    return record


def _parser() -> BibTexParser:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    parser.customization = _convert
    return parser


def parse(text: str) -> ParseResult:
    starts = list(_ENTRY_START.finditer(text))
    if not starts:
        raise ImportFileError(_("This is not a BibTeX file: no “@article{…}” entry was found."))
    strings = "\n".join(
        text[m.start() : (starts[i + 1].start() if i + 1 < len(starts) else len(text))]
        for i, m in enumerate(starts)
        if m.group(1).lower() == "string"
    )
    result = ParseResult()
    for index, match in enumerate(starts):
        kind = match.group(1).lower()
        if kind in ("string", "preamble", "comment"):
            continue
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        chunk = text[match.start() : end]
        at = text.index("@", match.start())
        line = text.count("\n", 0, at) + 1
        location = line_location(line)
        try:
            entries = bibtexparser.loads(strings + "\n" + chunk, _parser()).entries
        except Exception as exc:  # bibtexparser raises assorted errors on broken input
            result.fail(
                _("Unreadable BibTeX entry: %(error)s") % {"error": exc}, number=line, location=location
            )
            continue
        if not entries:
            result.fail(
                _("Unreadable BibTeX entry (unbalanced braces or a missing comma?)."),
                number=line,
                location=location,
            )
            continue
        result.add(entry_fields(entries[0]), number=line, location=location)
    return result
