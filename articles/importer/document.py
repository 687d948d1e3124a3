"""The structured document the parser returns: typed blocks, markers, entries, problems."""

from __future__ import annotations

from collections.abc import Callable
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


@dataclass(frozen=True)
class ScriptProposal:
    """A mixed-script fix the editor may accept: `source` -> `target`, `count` times.

    `key` is stable for the same change, so a choice made on a preview applies
    to the import that follows.
    """

    key: str
    source: str
    target: str
    count: int


@dataclass
class ParsedArticle:
    lang: str
    title: str = ""
    title_line: int | None = None
    # The lead paragraphs before the title: the article's intro, one paragraph each.
    intro: list[Paragraph] = field(default_factory=list)
    summary: str = ""
    blocks: list[Block] = field(default_factory=list)
    references: list[ReferenceEntry] = field(default_factory=list)
    citations: list[CitationMarker] = field(default_factory=list)
    disclaimer: str = ""
    disclaimer_line: int | None = None
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    punctuation_changes: int = 0
    script_proposals: list[ScriptProposal] = field(default_factory=list)

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


def rewrite_text(document: ParsedArticle, change: Callable[[str], str]) -> None:
    """Pass every text a reader sees through `change` (never the reference entries).

    `change` must keep the length of the text: the citation markers' offsets stay valid.
    """
    document.title = change(document.title)
    document.disclaimer = change(document.disclaimer)
    for block in [*document.intro, *document.blocks]:
        if isinstance(block, Heading | Paragraph | WeChatCTA):
            block.text = change(block.text)
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                item.text = change(item.text)
        elif isinstance(block, Table):
            block.caption = change(block.caption)
            block.header = [change(cell) for cell in block.header]
            block.rows = [[change(cell) for cell in row] for row in block.rows]
