"""Citation markers in article text: `[1]`, `[1,3]`, `[2-4]`, `[1，3–5]`.

The one marker grammar of the site: the article page renders and validates with
it, and the article importer parses with it. Pure functions, no Django models.
A marker refers by position to the article's ordered reference list (1 is the
first entry).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Commas: ASCII, full-width and the ideographic enumeration comma; dashes:
# hyphen, non-breaking hyphen, en/em dash, minus, full-width hyphen, tildes.
# Chinese input methods also give full-width brackets and digits.
_COMMA = ",，、"
_DASH = r"\-‐‑–—−－~～"  # the dashes are the point
_DIGITS = "0-9０-９"
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A bracket that holds only numbers, separators and spaces. Anything else
# (`[a]`, `[note 1]`) is plain text. `[]` and `[ , ]` match so they can be reported.
# One character class between the brackets: linear on any input.
MARKER_RE = re.compile(rf"[\[［]([{_DIGITS}\s{_COMMA}{_DASH}]*)[\]］]")
# At most five digits: a longer number is no reference position, and int() of
# thousands of digits is slow (and refused past 4,300).
_PART_RE = re.compile(rf"^\s*(\d{{1,5}})\s*(?:[{_DASH}]\s*(\d{{1,5}})\s*)?$")
_TAG_RE = re.compile(r"(<[^>]*>)")
# A marker names at most this many numbers, each number of a range counted:
# `[1-200,1-200,…]` would otherwise render megabytes of links on every view.
MAX_NUMBERS = 200
# All the markers of one article body together name at most this many numbers: each
# becomes a link or an anchor and a back-link, so `[1-200]` written a thousand times
# would render megabytes too. Real articles name a few hundred at most.
MAX_CITED_NUMBERS = 2_000


class CitationError(ValueError):
    """A marker that cannot be read: empty, a reversed range, a stray separator, too many numbers.

    `code` names the kind of problem; `reason` is translated when shown.
    """

    def __init__(self, marker: str, reason, *, code: str = "malformed_citation"):
        super().__init__(marker, reason)
        self.marker = marker
        self.reason = reason
        self.code = code
        self.start = -1  # where the marker is in the text, once found there

    def __str__(self) -> str:
        return f"{self.marker}: {self.reason}"


@dataclass(frozen=True)
class Part:
    """One number or one range inside a marker, as the editor wrote it."""

    first: int
    last: int

    @property
    def numbers(self) -> list[int]:
        return list(range(self.first, self.last + 1))


@dataclass(frozen=True)
class Marker:
    text: str
    start: int
    end: int
    parts: tuple[Part, ...] = field(default=())

    @property
    def numbers(self) -> list[int]:
        """Every reference number the marker cites, in order, without repeats."""
        # dict.fromkeys, not `in` on a list: a marker may name 200 numbers.
        return list(dict.fromkeys(number for part in self.parts for number in part.numbers))


def parse_marker_body(body: str, *, marker: str | None = None) -> tuple[Part, ...]:
    """`1, 3-5` -> (Part(1, 1), Part(3, 5)). Raises CitationError when unreadable."""
    marker = marker if marker is not None else f"[{body}]"
    body = body.translate(_FULL_WIDTH_DIGITS)
    if not body.strip():
        raise CitationError(marker, _("empty citation marker"), code="empty_citation")
    parts = []
    named = 0
    for piece in re.split(rf"[{_COMMA}]", body):
        match = _PART_RE.match(piece)
        if not match:
            raise CitationError(marker, _("a citation marker holds numbers and ranges only"))
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if first < 1:
            raise CitationError(marker, _("reference numbers start at 1"))
        if last < first:
            raise CitationError(marker, _("reversed citation range"), code="reversed_range")
        named += last - first + 1
        if named > MAX_NUMBERS:
            raise CitationError(
                marker, _("too many numbers in one citation marker"), code="citation_too_long"
            )
        parts.append(Part(first, last))
    return tuple(parts)


def iter_markers(text: str) -> Iterator[Marker | CitationError]:
    """Every marker in `text`, in order; unreadable ones come as CitationError."""
    for match in MARKER_RE.finditer(text):
        try:
            parts = parse_marker_body(match.group(1), marker=match.group(0))
        except CitationError as error:
            error.start = match.start()
            yield error
            continue
        yield Marker(text=match.group(0), start=match.start(), end=match.end(), parts=parts)


def find_markers(text: str) -> list[Marker]:
    """The readable markers in `text` (unreadable ones are left out)."""
    return [m for m in iter_markers(text) if isinstance(m, Marker)]


def cited_numbers(text: str) -> list[int]:
    """All numbers cited in `text`, in order of first citation."""
    return list(dict.fromkeys(number for marker in find_markers(text) for number in marker.numbers))


# The problem of a body whose markers name more than MAX_CITED_NUMBERS numbers.
TOO_MANY_CITATIONS = _(
    "the citation markers of an article may name at most %(limit)d reference numbers in all, "
    "each number of a range counted"
)


def marker_problems(text: str, *, reference_count: int) -> list[str]:
    """Human-readable problems of the markers in `text` against a list of
    `reference_count` entries: unreadable markers and numbers past the list."""
    problems = []
    for item in iter_markers(text):
        if isinstance(item, CitationError):
            problems.append(str(item))
            continue
        beyond = [n for n in item.numbers if n > reference_count]
        if beyond:
            problems.append(
                str(
                    _("%(marker)s: no reference %(numbers)s (the list has %(count)d)")
                    % {"marker": item.text, "numbers": ", ".join(map(str, beyond)), "count": reference_count}
                )
            )
    return problems


def _compact(numbers: list[int]) -> str:
    """(1, 3, 4, 5) -> "1,3-5": runs of three or more become ranges."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ",".join(f"{run[0]}-{run[-1]}" if len(run) >= 3 else ",".join(map(str, run)) for run in runs)


def renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite the markers of `text` through `mapping` (old number -> new number).

    Markers that do not change keep the editor's spelling (`[1，3]`, `[2–4]`).
    """
    out, position = [], 0
    for marker in find_markers(text):
        numbers = [mapping.get(number, number) for number in marker.numbers]
        if numbers == marker.numbers:
            continue
        out.append(text[position : marker.start])
        out.append(f"[{_compact(list(dict.fromkeys(numbers)))}]")
        position = marker.end
    out.append(text[position:])
    return "".join(out)


def strings_in(data) -> Iterator[str]:
    """Every string inside JSON-like data (StreamField raw data, table cells)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("id", "type"):
                continue
            yield from strings_in(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from strings_in(value)


def _has_bracket(text: str) -> bool:
    return "[" in text or "［" in text


class CitationLinker:
    """Turns markers in rendered HTML into links to the reference list.

    One linker per rendered article: it counts how often each reference is
    cited so every citation gets its own id (`cite-<n>-<k>`) and the reference
    entry can link back to each of them. Numbers past `reference_count` stay
    as plain text (validation stops them from being saved in the first place).
    """

    def __init__(self, reference_count: int):
        self.reference_count = reference_count
        self.citations: dict[int, list[str]] = {}
        self.linked = 0  # numbers linked so far, at most MAX_CITED_NUMBERS

    def _anchor(self, number: int) -> str:
        ids = self.citations.setdefault(number, [])
        anchor = f"cite-{number}-{len(ids) + 1}"
        ids.append(anchor)
        return anchor

    def _link(self, number: int, label: str) -> str:
        anchor = self._anchor(number)
        return f'<a href="#ref-{number}" id="{anchor}">{label}</a>'

    def _render_marker(self, marker: Marker) -> str:
        pieces = []
        for part in marker.parts:
            if part.first == part.last:
                pieces.append(self._link(part.first, str(part.first)))
                continue
            # A range shows its ends as the editor wrote it; the numbers in
            # between get an anchor so their entries can link back too.
            inner = "".join(f'<span id="{self._anchor(n)}"></span>' for n in range(part.first + 1, part.last))
            pieces.append(
                f"{self._link(part.first, str(part.first))}{inner}–{self._link(part.last, str(part.last))}"
            )
        return f'<sup class="citation">[{",".join(pieces)}]</sup>'

    def link_text(self, text: str) -> str:
        out, position = [], 0
        for marker in find_markers(text):
            numbers = marker.numbers
            if any(n > self.reference_count for n in numbers):
                continue
            if self.linked + len(numbers) > MAX_CITED_NUMBERS:
                continue  # validation refuses such a body; an older one stays text
            self.linked += len(numbers)
            out.append(text[position : marker.start])
            out.append(self._render_marker(marker))
            position = marker.end
        out.append(text[position:])
        return "".join(out)

    def link_html(self, html: str) -> str:
        """Link the markers in the text of `html`, never inside tags or existing links."""
        if not _has_bracket(html):
            return html
        out, in_link = [], 0
        for piece in _TAG_RE.split(html):
            if piece.startswith("<"):
                lowered = piece.lower()
                if lowered.startswith("<a ") or lowered == "<a>":
                    in_link += 1
                elif lowered.startswith("</a"):
                    in_link = max(0, in_link - 1)
                out.append(piece)
            elif in_link or not _has_bracket(piece):
                out.append(piece)
            else:
                out.append(self.link_text(piece))
        return "".join(out)

    def backlinks(self, number: int) -> list[str]:
        """Ids of the citations of reference `number`, in reading order."""
        return list(self.citations.get(number, []))
