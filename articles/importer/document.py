"""The structured document the parser returns: typed blocks, markers, entries, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _


def _interpolate(message, params) -> str:
    return str(message) % params


# `_("...") % params` would translate right away; this stays lazy until shown.
lazy_format = lazy(_interpolate, str)


@dataclass(frozen=True)
class Problem:
    """An error or warning, tied to a line of the input (None: the whole file).

    `message` is lazy: it is rendered in the language active where it is shown,
    so the admin upload speaks the editor's language and the command English.
    """

    code: str
    message: str | Promise
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return str(self.message)
        return str(_("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message})


@dataclass(frozen=True)
class CitationMarker:
    """`[1,3-5]` at text[start:end] of a block; `numbers` is expanded: (1, 3, 4, 5)."""

    raw: str
    numbers: tuple[int, ...]
    start: int
    end: int
    line: int


@dataclass
class Block:
    type: ClassVar[str] = ""
    line: int


@dataclass
class Heading(Block):
    type: ClassVar[str] = "heading"
    level: int = 2
    text: str = ""


@dataclass
class Paragraph(Block):
    type: ClassVar[str] = "paragraph"
    text: str = ""
    markers: list[CitationMarker] = field(default_factory=list)


@dataclass
class ListItem:
    text: str
    line: int
    markers: list[CitationMarker] = field(default_factory=list)


@dataclass
class BulletList(Block):
    type: ClassVar[str] = "bullet_list"
    items: list[ListItem] = field(default_factory=list)


@dataclass
class OrderedList(Block):
    type: ClassVar[str] = "ordered_list"
    items: list[ListItem] = field(default_factory=list)
    start: int = 1


@dataclass
class Table(Block):
    type: ClassVar[str] = "table"
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    caption: str = ""


@dataclass
class WeChatCTA(Block):
    type: ClassVar[str] = "wechat_cta"
    text: str = ""


@dataclass(frozen=True)
class ReferenceEntry:
    number: int
    text: str
    line: int


@dataclass
class ParsedArticle:
    lang: str
    title: str = ""
    title_line: int | None = None
    summary: str = ""
    blocks: list[Block] = field(default_factory=list)
    references: list[ReferenceEntry] = field(default_factory=list)
    citations: list[CitationMarker] = field(default_factory=list)
    disclaimer: str = ""
    disclaimer_line: int | None = None
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def block_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for block in self.blocks:
            counts[block.type] = counts.get(block.type, 0) + 1
        return counts

    def blocks_of(self, kind: type[Block]) -> list:
        return [block for block in self.blocks if isinstance(block, kind)]

    def reference_numbers(self) -> list[int]:
        return [entry.number for entry in self.references]
