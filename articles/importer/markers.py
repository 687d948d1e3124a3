"""Citation markers: `[1]`, `[1,3]`, `[1, 3]`, `[1，3]`, `[2-4]`, `[2–4]`, `[1,3-5]`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from articles.importer.document import lazy_format

# Brackets holding only digits, commas, hyphens/dashes and spaces are markers;
# anything else in brackets is plain text. Full-width brackets and digits are
# accepted because Chinese input methods produce them.
MARKER_RE = re.compile(r"[\[［]([0-9０-９\s,，、\-‐‑–—－~～]*)[\]］]")
_RANGE_RE = re.compile(r"^(\d+)\s*[-‐‑–—－~～]\s*(\d+)$")
MAX_RANGE = 200
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class MarkerSyntax:
    """A marker found in text: numbers expanded, or the reason it is malformed."""

    raw: str
    start: int
    end: int
    numbers: tuple[int, ...]
    error_code: str = ""
    error: str = ""


def expand(content: str) -> tuple[tuple[int, ...], str, str]:
    """`"1,3-5"` -> ((1, 3, 4, 5), "", ""); on failure ((), code, message)."""
    content = content.translate(_DIGITS).strip()
    if not content:
        return (), "empty_citation", _("empty citation marker")
    numbers: list[int] = []
    for part in re.split(r"[,，、]", content):
        part = part.strip()
        if not part:
            return (), "malformed_citation", _("malformed citation marker (a number is missing)")
        if part.isdigit():
            numbers.append(int(part))
            continue
        match = _RANGE_RE.match(part)
        if not match:
            return (), "malformed_citation", _("malformed citation marker")
        low, high = int(match[1]), int(match[2])
        if low > high:
            return (
                (),
                "reversed_range",
                lazy_format(_("reversed citation range %(low)d-%(high)d"), {"low": low, "high": high}),
            )
        if high - low > MAX_RANGE:
            return (
                (),
                "malformed_citation",
                lazy_format(_("citation range %(low)d-%(high)d is too long"), {"low": low, "high": high}),
            )
        numbers.extend(range(low, high + 1))
    unique = tuple(dict.fromkeys(numbers))
    return unique, "", ""


def find_markers(text: str) -> list[MarkerSyntax]:
    """Every bracketed marker in `text`, in order, with its offsets."""
    found = []
    for match in MARKER_RE.finditer(text):
        numbers, code, error = expand(match[1])
        found.append(
            MarkerSyntax(
                raw=match[0],
                start=match.start(),
                end=match.end(),
                numbers=numbers,
                error_code=code,
                error=error,
            )
        )
    return found


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
        if marker.error_code:
            continue
        numbers = [mapping.get(number, number) for number in marker.numbers]
        if numbers == list(marker.numbers):
            continue
        out.append(text[position : marker.start])
        out.append(f"[{_compact(list(dict.fromkeys(numbers)))}]")
        position = marker.end
    out.append(text[position:])
    return "".join(out)
