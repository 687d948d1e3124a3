"""Pipe tables: header row, separator row, data rows; a caption line beside the table (rule 5)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from articles.importer.document import Paragraph, Table, lazy_format
from articles.importer.lines import CAPTION_RE, Line

_SEPARATOR_CELL_RE = re.compile(r"^:?[-－—–]+:?$")
_PIPE_SPLIT_RE = re.compile(r"(?<!\\)[|｜]")


class TableMixin:
    """Table methods of the parser (it provides `doc`, `error` and `_scan`)."""

    @staticmethod
    def _cells(text: str) -> list[str]:
        inner = text.strip()
        inner = inner[1:] if inner[:1] in "|｜" else inner
        inner = inner[:-1] if inner[-1:] in "|｜" and not inner.endswith("\\|") else inner
        return [cell.strip().replace("\\|", "|") for cell in _PIPE_SPLIT_RE.split(inner)]

    def _table(self, lines: list[Line]) -> Table:
        header_line = lines[0]
        header = self._cells(header_line.text)
        table = Table(line=header_line.number, header=header)
        body = lines[1:]
        if body and all(
            _SEPARATOR_CELL_RE.match(cell.replace(" ", "")) for cell in self._cells(body[0].text)
        ):
            separator = self._cells(body[0].text)
            if len(separator) != len(header):
                self._cell_count_error(body[0], len(separator), len(header))
            body = body[1:]
        else:
            self.error(
                "table_separator",
                _("This table has no separator row (|---|---|) under its header row."),
                header_line.number,
            )
        for line in body:
            row = self._cells(line.text)
            if len(row) != len(header):
                self._cell_count_error(line, len(row), len(header))
            for cell in row:
                self._scan(cell, [(0, line.number)])
            table.rows.append(row)
        for cell in header:
            self._scan(cell, [(0, header_line.number)])
        if not table.rows:
            self.error("table_empty", _("This table has a header but no rows."), header_line.number)
        return table

    def _cell_count_error(self, line: Line, found: int, expected: int):
        self.error(
            "table_cells",
            lazy_format(
                _("This table row has the wrong number of cells: %(found)d instead of %(expected)d."),
                {"found": found, "expected": expected},
            ),
            line.number,
        )

    def _captions(self):
        """`表1 …` / `Table 1. …` next to a table is its caption, not a paragraph."""
        blocks = self.doc.blocks
        taken: set[int] = set()
        for index, block in enumerate(blocks):
            if not isinstance(block, Table):
                continue
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(blocks) and neighbour not in taken:
                    candidate = blocks[neighbour]
                    if isinstance(candidate, Paragraph) and CAPTION_RE.match(candidate.text):
                        block.caption = candidate.text
                        taken.add(neighbour)
                        break
        if taken:
            self.doc.blocks = [block for index, block in enumerate(blocks) if index not in taken]
