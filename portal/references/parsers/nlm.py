"""A pasted NLM/Vancouver citation line, as PubMed's "Cite → NLM" gives it."""

import datetime
import re

from django.utils.translation import gettext_lazy as _

from portal.references.parsers.bounds import check_entry_count
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
# The source after "<title>[.?!] <journal>. ": "YYYY[ Mon[ D]][;Vol][(Issue)][:Pages][.]".
# Every part is bounded (the model keeps 50 characters of volume, issue and pages), so
# trying it at each ". YYYY" of a line stays linear (PITFALLS: no unbounded quantifiers
# next to each other over the same characters).
_DATE_START = re.compile(r"\. (?=\d{4}\b)")
_DATE_TAIL = re.compile(
    r"(?P<year>\d{4})(?: (?P<month>[A-Z][a-z]{2}[a-z]{0,7}(?:-[A-Z][a-z]{2,8})?)(?: (?P<day>\d{1,2}))?)?"
    r"(?:;(?P<volume>[^(:.;]{1,50})?(?:\((?P<issue>[^()]{1,50})\))?)?"
    r"(?::(?P<pages>[^.;\s]{1,50}))?\.? ?"
)
_SENTENCE_END = re.compile(r"[.?!] ")
# A pasted line longer than this is not one citation.
MAX_LINE_LENGTH = 20_000


class NLMParseError(ValueError):
    pass


def _date(text: str) -> tuple[int | None, int | None, int | None]:
    parts = text.split()
    year = int(parts[0])
    month = month_number(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    return year, month, day


def _split_source(body: str) -> tuple[str, str, re.Match | None]:
    """(title, journal, date match) of "<title>[.?!] <journal>. <date…>", in linear time.

    The date is the last ". YYYY…" that runs to the end of the line; the journal is what
    follows the title's last sentence end (NLM journal abbreviations carry no periods)."""
    body = " ".join(body.split())
    for start in reversed([m.start() for m in _DATE_START.finditer(body)]):
        match = _DATE_TAIL.fullmatch(body, start + 2)
        if match is None:
            continue
        ends = [m.end() for m in _SENTENCE_END.finditer(body, 0, start)]
        if not ends:
            break
        title, journal = body[: ends[-1]].strip(), body[ends[-1] : start].strip()
        if not journal or ";" in journal:
            break
        return title, journal, match
    return "", "", None


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

    title, journal, match = _split_source(body)
    if match is None:
        raise NLMParseError(
            _("Could not find the journal and date (expected “Journal. YYYY Mon D;Vol(Issue):Pages.”).")
        )
    fields["title"] = clean_title(title)
    fields["journal_abbreviation"] = journal
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
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    check_entry_count(len(lines))
    result = ParseResult()
    for number, line in lines:
        location = line_location(number)
        if len(line) > MAX_LINE_LENGTH:
            result.fail(
                _("The line is %(length)d characters long; a citation has at most %(limit)d.")
                % {"length": len(line), "limit": MAX_LINE_LENGTH},
                number=number,
                location=location,
            )
            continue
        try:
            result.add(parse_nlm_citation(line), number=number, location=location)
        except NLMParseError as exc:
            result.fail(exc, number=number, location=location)
    return result
