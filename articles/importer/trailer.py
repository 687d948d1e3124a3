"""The end of an article: disclaimer line, reference list, trailing WeChat prompts (rules 7-8)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from articles.importer.document import ReferenceEntry, lazy_format
from articles.importer.lines import (
    BLANK,
    ENTRY_RE,
    HASH,
    TEXT,
    Line,
    disclaimer_text,
    is_cta,
    is_reference_heading,
    join_lines,
)


class TrailerMixin:
    """Methods of the parser that read what follows the body (it provides `lines`,
    `consumed`, `doc`, `error`, `warning` and `_paragraph`)."""

    def _disclaimer(self):
        found = []
        for index, line in enumerate(self.lines):
            text = disclaimer_text(line.text) if line.kind != BLANK else None
            if text is not None:
                found.append((index, line, text))
        for index, _line, _text in found:
            self.consumed.add(index)
        if not found:
            return
        _index, line, text = found[-1]
        self.doc.disclaimer = text
        self.doc.disclaimer_line = line.number
        for _index, other, _text in found[:-1]:
            self.warning(
                "several_disclaimers",
                _("Several disclaimer lines: only the last one is used."),
                other.number,
            )

    def _reference_list(self) -> tuple[int, int]:
        """Read the list; returns the index of its heading and of the line after it."""
        start = next(
            (
                index
                for index, line in enumerate(self.lines)
                if index > 0
                and index not in self.consumed
                and line.kind in (TEXT, HASH)
                and is_reference_heading(line.text)
            ),
            None,
        )
        if start is None:
            start = self._headless_list_start()
            if start is None:
                return len(self.lines), len(self.lines)
            self.warning(
                "reference_heading_missing",
                lazy_format(
                    _(
                        "The reference list has no heading (%(names)s): "
                        "the numbered lines at the end were read as the list."
                    ),
                    {"names": "参考资料 / 參考資料 / References"},
                ),
                self.lines[start].number,
            )
            index = start
        else:
            self.consumed.add(start)
            index = start + 1
        while index < len(self.lines) and self.lines[index].kind == BLANK:
            index += 1
        entries: list[dict] = []
        seen: set[int] = set()
        while index < len(self.lines):
            line = self.lines[index]
            if line.kind == BLANK or index in self.consumed:
                break
            match = ENTRY_RE.match(line.text)
            if match:
                number, text = int(match[1]), match[2].strip()
                if number in seen:
                    self.error(
                        "duplicate_reference",
                        lazy_format(_("Reference [%(number)d] is listed twice."), {"number": number}),
                        line.number,
                    )
                seen.add(number)
                entries.append({"number": number, "parts": [(line.number, text)], "line": line.number})
            elif is_cta(line.text):
                break
            elif entries:
                entries[-1]["parts"].append((line.number, line.text))
            else:
                self.error(
                    "reference_entry",
                    _("A reference entry must start with its number in brackets, e.g. [1]."),
                    line.number,
                )
            self.consumed.add(index)
            index += 1
        for entry in entries:
            text, _starts = join_lines(entry["parts"])
            if not text:
                self.error(
                    "empty_reference",
                    lazy_format(_("Reference [%(number)d] has no text."), {"number": entry["number"]}),
                    entry["line"],
                )
            self.doc.references.append(ReferenceEntry(entry["number"], text, entry["line"]))
        if not entries:
            self.warning(
                "empty_reference_list",
                _("The reference list has no entries."),
                self.lines[start].number,
            )
        numbers = [entry.number for entry in self.doc.references]
        if numbers and numbers != list(range(1, len(numbers) + 1)):
            self.warning(
                "reference_order",
                _("The reference numbers are not 1, 2, 3… in order."),
                self.lines[start].number,
            )
        return start, index

    def _headless_list_start(self) -> int | None:
        """A run of `[1] …`, `[2] …` lines ending the text (before a disclaimer or prompt)."""
        index = len(self.lines) - 1
        while index > 0 and (
            self.lines[index].kind == BLANK or index in self.consumed or is_cta(self.lines[index].text)
        ):
            index -= 1
        first = None
        while index > 0 and self.lines[index].kind != BLANK and ENTRY_RE.match(self.lines[index].text):
            first = index
            index -= 1
        if first is None or int(ENTRY_RE.match(self.lines[first].text)[1]) != 1:
            return None
        if index > 0 and self.lines[index].kind != BLANK:
            return None  # the run continues a paragraph: not a list
        return first

    def _trailing_cta(self, ref_start: int) -> list[Line]:
        """Prompts to scan a code or add us on WeChat at the end of the body or of the file."""
        found: list[Line] = []
        for end in {len(self.lines), ref_start}:
            index = end - 1
            while index > 0:
                line = self.lines[index]
                if line.kind == BLANK or index in self.consumed:
                    if index in self.consumed and disclaimer_text(line.text) is None:
                        break  # the reference list: prompts stop here
                    index -= 1
                    continue
                if not is_cta(line.text):
                    break
                found.append(line)
                self.consumed.add(index)
                index -= 1
        return sorted(found, key=lambda line: line.number)

    def _after_references(self, ref_end: int):
        """Text after the reference list that is neither disclaimer nor prompt: kept, with a warning."""
        rest = [
            line
            for index, line in enumerate(self.lines[ref_end:], start=ref_end)
            if line.kind != BLANK and index not in self.consumed
        ]
        for line in rest:
            self.warning(
                "after_references",
                _("Text after the reference list was added at the end of the body."),
                line.number,
            )
            self.doc.blocks.append(self._paragraph([line]))
