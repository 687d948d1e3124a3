"""BibTeX / biblatex, parsed entry by entry so one broken entry does not hide the rest."""

import logging
import re

from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode
from bibtexparser.latexenc import latex_to_unicode
from django.utils.translation import gettext_lazy as _

from portal.references.parsers.bounds import check_entry_count, checked_date, checked_year
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

# Horizontal space only: `\s*` after `^` would rescan every run of blank lines from each of its lines.
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(]", re.MULTILINE)
# One entry's text; a longer one is reported, not handed to the grammar.
MAX_ENTRY_LENGTH = 100_000

logger = logging.getLogger(__name__)

_NOT_ENTRIES = ("string", "preamble", "comment")
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
    # Spaces collapsed first: `\s+and\s+` would rescan a long run of spaces from each of them.
    parts = re.split(r"(\{|\}| and )", " ".join(value.split()))
    for part in parts:
        if part == "{":
            depth += 1
        elif part == "}":
            depth -= 1
        if depth == 0 and part == " and ":
            names.append("".join(current))
            current = []
        else:
            current.append(part)
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
        year = checked_year(to_int(entry.get("year")))
        month = month_number(entry.get("month"))
        day = None
    pmid = entry.get("pmid", "")
    if not pmid and entry.get("eprinttype", "").lower() == "pubmed":
        pmid = entry.get("eprint", "")
    accessed = checked_date(*_date(entry.get("urldate", "")))
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
    # One parser reads every chunk: its grammar is built once and the @string macros it
    # has read stay defined for the entries after them.
    parser.expect_multiple_parse = True
    return parser


def _chunks(text: str, starts: list[re.Match]):
    """(kind, line number, text) of each "@kind{…}" in the file, in one pass."""
    line, counted = 1, 0
    for index, match in enumerate(starts):
        at = text.index("@", match.start(), match.end())
        line += text.count("\n", counted, at)
        counted = at
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        yield match.group(1).lower(), line, text[match.start() : end]


def parse(text: str) -> ParseResult:
    starts = list(_ENTRY_START.finditer(text))
    if not starts:
        raise ImportFileError(_("This is not a BibTeX file: no “@article{…}” entry was found."))
    chunks = list(_chunks(text, starts))
    check_entry_count(sum(1 for kind, _line, _chunk in chunks if kind not in _NOT_ENTRIES))
    parser = _parser()
    # Macros first, as bibtexparser reads them: each is parsed once, whatever the entry count.
    for kind, _line, chunk in chunks:
        if kind == "string" and len(chunk) <= MAX_ENTRY_LENGTH:
            try:
                parser.parse(chunk)
            except Exception:  # a broken macro leaves its uses undefined, reported there
                logger.info("unreadable BibTeX @string skipped")
    result = ParseResult()
    for kind, line, chunk in chunks:
        if kind in _NOT_ENTRIES:
            continue
        location = line_location(line)
        if len(chunk) > MAX_ENTRY_LENGTH:
            result.fail(
                _("The entry is %(length)d characters long; the limit is %(limit)d.")
                % {"length": len(chunk), "limit": MAX_ENTRY_LENGTH},
                number=line,
                location=location,
            )
            continue
        read = len(parser.bib_database.entries)
        try:
            parser.parse(chunk)
        except Exception as exc:  # bibtexparser raises assorted errors on broken input
            result.fail(
                _("Unreadable BibTeX entry: %(error)s") % {"error": exc}, number=line, location=location
            )
            continue
        entries = parser.bib_database.entries[read:]
        if not entries:
            result.fail(
                _("Unreadable BibTeX entry (unbalanced braces or a missing comma?)."),
                number=line,
                location=location,
            )
            continue
        try:
            result.add(entry_fields(entries[0]), number=line, location=location)
        except ValueError as exc:
            result.fail(exc, number=line, location=location)
    return result
