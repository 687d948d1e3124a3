"""A pasted NLM/Vancouver citation line, as PubMed's "Cite → NLM" gives it."""

import datetime
import re

from django.utils.translation import gettext_lazy as _

from portal.references.parsers.common import (
    ParseResult,
    clean_title,
    line_location,
    month_number,
    split_name,
)

_IDS = {
    "pmcid": re.compile(r"\bPMCID:\s*(PMC\d+)\.?", re.IGNORECASE),
    "pmid": re.compile(r"\bPMID:\s*(\d+)[.;]?", re.IGNORECASE),
    "epub": re.compile(r"\bEpub\s+(\d{4}(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?)\.", re.IGNORECASE),
    "doi": re.compile(r"\bdoi:\s*(\S+?)\.?(?=\s|$)", re.IGNORECASE),
}
_NUMBERING = re.compile(r"^(?:\[\d+\]|\d+[.)])\s+")
_AHEAD_OF_PRINT = re.compile(r"\s*\bEpub ahead of print\.", re.IGNORECASE)
# "<title>[.?!] <journal>. YYYY[ Mon[ D]][;Vol][(Issue)][:Pages]."
_SOURCE = re.compile(
    r"^(?P<title>.+?[.?!])\s+(?P<journal>[^.;]+?)\.\s+"
    r"(?P<year>\d{4})(?:\s+(?P<month>[A-Z][a-z]{2}(?:[a-z]*)(?:-[A-Z][a-z]+)?)(?:\s+(?P<day>\d{1,2}))?)?"
    r"(?:;(?P<volume>[^(:.;]+)?(?:\((?P<issue>[^)]+)\))?)?"
    r"(?::(?P<pages>[^.;\s]+))?\.?\s*$"
)


class NLMParseError(ValueError):
    pass


def _date(text: str) -> tuple[int | None, int | None, int | None]:
    parts = text.split()
    year = int(parts[0])
    month = month_number(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    return year, month, day


def parse_nlm_citation(text: str) -> dict:
    """Fields of one NLM citation line; raises NLMParseError with a clear message."""
    text = " ".join((text or "").split())
    # Numbered reference lists: "1. ", "[1] ", "1) ".
    text = _NUMBERING.sub("", text)
    text = _AHEAD_OF_PRINT.sub(" ", text).strip()
    if not text:
        raise NLMParseError(_("The citation is empty."))
    fields: dict = {"kind": "article"}
    rest = text
    for key, pattern in _IDS.items():
        match = pattern.search(rest)
        if not match:
            continue
        value = match.group(1)
        if key == "epub":
            year, month, day = _date(value)
            if month and day:
                try:
                    fields["epub_date"] = datetime.date(year, month, day)
                except ValueError:
                    raise NLMParseError(_("“Epub %(date)s” is not a real date.") % {"date": value}) from None
        else:
            fields[key] = value
        rest = (rest[: match.start()] + rest[match.end() :]).strip()

    # Authors end at the first ". " (NLM author lists carry no periods).
    head, sep, body = rest.partition(". ")
    if not sep:
        raise NLMParseError(_("No author list followed by a title was found (expected “Authors. Title. …”)."))
    people, group = [], []
    for chunk in head.split(";"):
        for name in chunk.split(","):
            name = name.strip()
            if not name:
                continue
            found = split_name(name)
            if found is None:
                group.append(name)
            else:
                people.append(found)
    if re.match(r"^\d{4}\b", body) or not people and not group:
        raise NLMParseError(_("No author list was found before the title."))
    fields["authors"] = people
    fields["group_author"] = "; ".join(group)

    match = _SOURCE.match(body)
    if not match:
        raise NLMParseError(
            _("Could not find the journal and date (expected “Journal. YYYY Mon D;Vol(Issue):Pages.”).")
        )
    fields["title"] = clean_title(match.group("title"))
    fields["journal_abbreviation"] = match.group("journal").strip()
    fields["year"] = int(match.group("year"))
    month = match.group("month")
    if month and month_number(month) and "-" not in month:
        fields["month"] = month_number(month)
        if match.group("day"):
            fields["day"] = int(match.group("day"))
    elif month:
        fields["season"] = month
    for key in ("volume", "issue", "pages"):
        if match.group(key):
            fields[key] = match.group(key).strip()
    return fields


def parse(text: str) -> ParseResult:
    """One citation per non-empty line."""
    result = ParseResult()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            result.add(parse_nlm_citation(line), number=number, location=line_location(number))
        except NLMParseError as exc:
            result.fail(exc, number=number, location=line_location(number))
    return result
