"""What every reference parser shares: decoding, results, names, dates."""

import codecs
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_WORDS = {
    **{name.lower(): number for number, name in enumerate(MONTHS, start=1)},
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "sept": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}


class ImportFileError(Exception):
    """The whole file cannot be read (too big, wrong encoding, not the format).

    `code` names the kind of problem for callers that report it (the article importer).
    """

    def __init__(self, message, *, code: str = "unreadable"):
        super().__init__(message)
        self.code = code


@dataclass
class ParsedEntry:
    """One reference read from a file: model field values, and where it was."""

    fields: dict
    number: int  # the record number (1-based), or the line it starts on
    location: str = ""  # e.g. "line 12" or "record 3", for reports


@dataclass
class EntryError:
    number: int
    location: str
    message: str


@dataclass
class ParseResult:
    entries: list[ParsedEntry] = field(default_factory=list)
    errors: list[EntryError] = field(default_factory=list)

    def add(self, fields: dict, *, number: int, location: str) -> None:
        self.entries.append(ParsedEntry(fields=fields, number=number, location=location))

    def fail(self, message, *, number: int, location: str) -> None:
        self.errors.append(EntryError(number=number, location=location, message=str(message)))


def line_location(number: int) -> str:
    return str(_("line %(number)d") % {"number": number})


def record_location(number: int) -> str:
    return str(_("record %(number)d") % {"number": number})


_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control characters other than tab, newline, carriage return and form feed mean
# the bytes are not text in the encoding tried (GB18030 decodes almost anything).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def max_import_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def check_size(data: bytes) -> None:
    limit = max_import_bytes()
    if len(data) > limit:
        raise ImportFileError(
            _("The file is %(size)s bytes; the limit is %(limit)s bytes.")
            % {"size": len(data), "limit": limit},
            code="too_large",
        )


def decode(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (with or without BOM) or GB18030, within the size limit.

    The one upload decoder of the site: reference files and article files go through it.
    """
    check_size(data)
    if data.startswith(_UTF16_32_BOMS):
        raise ImportFileError(_("The file is UTF-16 or UTF-32; save it as UTF-8 and try again."))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("The file is neither UTF-8 nor GB18030 text (unreadable byte at position %(position)d).")
                % {"position": exc.start}
            ) from exc
    if _CONTROL_RE.search(text):
        raise ImportFileError(_("The file is not text: save it as UTF-8 or GB18030 plain text."))
    return text


def month_number(value) -> int | None:
    """1-12 from "Feb", "February", "02" or 2; None when not a month."""
    if value in (None, ""):
        return None
    text = str(value).strip().rstrip(".").lower()
    if text.isdecimal():
        number = int(text)
        return number if 1 <= number <= 12 else None
    if not text.isalpha():  # "Nov-Dec" is a range, not a month
        return None
    return _MONTH_WORDS.get(text) or _MONTH_WORDS.get(text[:3])


def to_int(value) -> int | None:
    if value in (None, ""):
        return None
    match = re.match(r"\s*(\d+)", str(value))
    return int(match.group(1)) if match else None


def initials_from_given(given: str) -> str:
    """NLM initials: "David C" -> "DC", "Rian M J C" -> "RMJC", "Jean-Pierre" -> "JP".

    A given name already written as initials ("DC", "D.C.") is kept as it is.
    """
    given = (given or "").strip()
    if not given:
        return ""
    compact = given.replace(".", "").replace(" ", "")
    if compact.isalpha() and compact.isupper() and len(compact) <= 4:
        return compact
    parts = [p for p in re.split(r"[\s.\-‐]+", given) if p]
    return "".join(p[0].upper() for p in parts if p[0].isalpha())


def person(family: str, given: str = "", initials: str = "") -> dict:
    family = " ".join((family or "").split())
    given = " ".join((given or "").split())
    initials = (initials or "").replace(".", "").replace(" ", "") or initials_from_given(given)
    return {"family": family, "given": given, "initials": initials}


def split_name(text: str) -> dict | None:
    """A person from "Family, Given", "Family Initials" or "Given Family"; None for a
    collective name (no comma and not ending in initials)."""
    text = " ".join((text or "").split()).strip(" ;")
    if not text:
        return None
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return person(family, given)
    tokens = text.split(" ")
    if len(tokens) >= 2 and re.fullmatch(r"[A-Z]{1,4}", tokens[-1]):
        return person(" ".join(tokens[:-1]), "", tokens[-1])
    return None


def clean_title(title: str) -> str:
    """Titles are stored without the final period the NLM format adds back."""
    title = " ".join((title or "").split())
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return title


def clean_pages(pages: str) -> str:
    return re.sub(r"\s*(?:--|–|—|‐|-)\s*", "-", (pages or "").strip())


def join_pages(start: str, end: str) -> str:
    start, end = (start or "").strip(), (end or "").strip()
    if start and end and end != start:
        return f"{start}-{end}"
    return start
