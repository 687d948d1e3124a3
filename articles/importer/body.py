"""The body of an article: which lines join, and what each block is (README rules 2-5)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from articles.importer.document import BulletList, Heading, OrderedList
from articles.importer.lines import (
    BLANK,
    BULLET,
    CHINESE,
    HASH,
    HEADING_MAX_CHARS,
    NUMBERED,
    TABLE,
    TEXT,
    Line,
    ends_mid_sentence,
    ends_without_final,
    is_closing_word,
    is_heading_text,
    is_short_heading,
)

CLOSING = "closing"  # a closing-section word alone on its line: 結語, Conclusions


@dataclass
class Unit:
    """Lines that become one block: a paragraph's lines, a list's items, a table's rows."""

    kind: str
    lines: list[Line]

    @property
    def first(self) -> Line:
        return self.lines[0]


class BodyMixin:
    """Body methods of the parser (it provides `lines`, `consumed`, `doc`, `warning`,
    `_paragraph`, `_item`, `_table` and `_scan`)."""

    wrapped = False

    def _hard_wrapped(self, lines: list[Line]) -> bool:
        """At least half of the body-text lines end without sentence-final punctuation (rule 2).

        Short lines that may be sub-headings are headings, not body text: they do not count.
        """
        text = [
            line
            for line in lines
            if line.kind == TEXT and not is_closing_word(line.text) and not is_short_heading(line.text)
        ]
        unfinished = sum(1 for line in text if ends_without_final(line.text))
        return bool(text) and unfinished * 2 >= len(text)

    def _units(self, lines: list[Line]) -> list[Unit]:
        """A line is a block, except where a paragraph goes on (rule 2) and where list
        items, table rows or numbered lines follow each other (rules 3-5).
        Blank lines end a paragraph of a hard-wrapped file and mean nothing else."""
        units: list[Unit] = []
        after_blank = False
        for line in lines:
            if line.kind == BLANK:
                after_blank = True
                continue
            kind = CLOSING if line.kind == TEXT and is_closing_word(line.text) else line.kind
            last = units[-1] if units else None
            if last is not None and kind == last.kind == TEXT:
                joins = ends_mid_sentence(last.lines[-1].text) or (self.wrapped and not after_blank)
            else:
                joins = last is not None and kind == last.kind and kind in (BULLET, NUMBERED, TABLE)
            if joins:
                last.lines.append(line)
            else:
                units.append(Unit(kind, [line]))
            after_blank = False
        return units

    def _body(self, lines: list[Line]):
        units = self._units(lines)
        chinese = any(unit.kind == CHINESE for unit in units)
        in_chinese_section = False
        last_chinese = last_arabic = 0
        for position, unit in enumerate(units):
            first = unit.first
            if unit.kind == HASH:
                level = 3 if first.level >= 3 else 2
                if level == 2:
                    in_chinese_section, last_arabic = False, 0
                self.doc.blocks.append(self._heading(first, level, first.content))
            elif unit.kind == CHINESE and len(first.content) <= HEADING_MAX_CHARS:
                if first.ordinal <= last_chinese:
                    self.warning(
                        "heading_order",
                        _("This section number does not follow the previous one."),
                        first.number,
                    )
                last_chinese, last_arabic, in_chinese_section = first.ordinal, 0, True
                self.doc.blocks.append(self._heading(first, 2, first.content))
            elif unit.kind == CLOSING:
                in_chinese_section, last_arabic = False, 0
                self.doc.blocks.append(self._heading(first, 2, first.text.rstrip(":：").strip()))
            elif unit.kind == NUMBERED:
                if (
                    len(unit.lines) == 1
                    and first.ordinal > last_arabic
                    and is_heading_text(first.content)
                    and (in_chinese_section or not chinese)
                ):
                    last_arabic = first.ordinal
                    self.doc.blocks.append(self._heading(first, 3 if chinese else 2, first.content))
                else:
                    items = [self._item(line) for line in unit.lines]
                    self.doc.blocks.append(OrderedList(line=first.number, items=items, start=first.ordinal))
            elif unit.kind == BULLET:
                items = [self._item(line) for line in unit.lines]
                self.doc.blocks.append(BulletList(line=first.number, items=items))
            elif unit.kind == TABLE:
                self.doc.blocks.append(self._table(unit.lines))
            elif in_chinese_section and self._sub_heading(units, position):
                self.doc.blocks.append(self._heading(first, 3, first.text))
            else:
                self.doc.blocks.append(self._paragraph(unit.lines))

    @staticmethod
    def _plain_paragraph(units: list[Unit], position: int) -> bool:
        if not 0 <= position < len(units):
            return False
        unit = units[position]
        return unit.kind == TEXT and not (len(unit.lines) == 1 and is_short_heading(unit.first.text))

    def _sub_heading(self, units: list[Unit], position: int) -> bool:
        """A short unnumbered line between two paragraphs (rule 3b)."""
        unit = units[position]
        return (
            len(unit.lines) == 1
            and is_short_heading(unit.first.text)
            and self._plain_paragraph(units, position - 1)
            and self._plain_paragraph(units, position + 1)
        )

    def _heading(self, line: Line, level: int, text: str) -> Heading:
        self._scan(text, [(0, line.number)])
        return Heading(line=line.number, level=level, text=text)
