"""Text as editors receive it -> ParsedArticle. Pure: no database, no network.

The rules are those of the samples README (copied to tests/fixtures/articles_import/FORMAT.md):
title line or lead paragraphs then title, paragraphs with or without blank lines,
numbered and hash headings, bullets, pipe tables, citation markers, a reference
list, a disclaimer line and trailing WeChat prompts.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.importer.decoding import decode_article
from articles.importer.document import (
    Block,
    BulletList,
    CitationMarker,
    Heading,
    ListItem,
    OrderedList,
    Paragraph,
    ParsedArticle,
    Problem,
    WeChatCTA,
    lazy_format,
)
from articles.importer.lines import (
    BLANK,
    BULLET,
    CHINESE,
    HASH,
    NUMBERED,
    TABLE,
    TEXT,
    Line,
    classify,
    ends_sentence,
    is_heading_text,
    is_title_text,
    join_lines,
    line_at,
)
from articles.importer.markers import find_markers
from articles.importer.tables import TableMixin
from articles.importer.trailer import TrailerMixin

# How far into the file the title may be looked for: lead paragraphs are one
# to three paragraphs, each possibly wrapped over a few lines.
MAX_LEAD_LINES = 12
MAX_LEAD_PARAGRAPHS = 3


def parse_article_bytes(data: bytes, *, lang: str, title: str | None = None) -> ParsedArticle:
    """Decode (UTF-8 with or without BOM, else GB18030, within the size limit), then parse."""
    decoded = decode_article(data)
    if decoded.errors:
        return ParsedArticle(lang=lang, errors=list(decoded.errors))
    return parse_article(decoded.text, lang=lang, title=title)


def parse_article(text: str, *, lang: str, title: str | None = None) -> ParsedArticle:
    """The structured document for `text`; problems are in `.errors` / `.warnings`."""
    if lang not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {lang!r}")
    return _Parser(text, lang=lang, title=title).run()


class _Group:
    """Consecutive lines that will become one block."""

    def __init__(self, kind: str, line: Line):
        self.kind = kind
        self.lines = [line]
        # For list groups: indexes into `lines` where an item starts.
        self.item_starts = [0]
        self.continued = False

    def add_item(self, line: Line):
        self.item_starts.append(len(self.lines))
        self.lines.append(line)

    def add_continuation(self, line: Line):
        self.lines.append(line)
        self.continued = True

    def items(self) -> list[list[Line]]:
        bounds = self.item_starts + [len(self.lines)]
        return [self.lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


class _Parser(TrailerMixin, TableMixin):
    def __init__(self, text: str, *, lang: str, title: str | None):
        self.doc = ParsedArticle(lang=lang)
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.lines = [classify(index + 1, raw) for index, raw in enumerate(raw_lines)]
        self.consumed: set[int] = set()  # indexes of lines already turned into something
        self.title_override = (title or "").strip()

    # Problems ---------------------------------------------------------------

    def error(self, code: str, message, line: int | None = None):
        self.doc.errors.append(Problem(code, message, line))

    def warning(self, code: str, message, line: int | None = None):
        self.doc.warnings.append(Problem(code, message, line))

    # Driver -----------------------------------------------------------------

    def run(self) -> ParsedArticle:
        if all(line.kind == BLANK for line in self.lines):
            self.error("empty", _("The file is empty."))
            return self.doc
        self._disclaimer()
        ref_start, ref_end = self._reference_list()
        cta_lines = self._trailing_cta(ref_start)
        title_index = self._title(ref_start)
        body = [self._visible(index) for index in range(title_index + 1, ref_start)]
        self._body(body)
        self._after_references(ref_end)
        if cta_lines:
            text = "\n".join(line.text for line in cta_lines)
            self.doc.blocks.append(WeChatCTA(line=cta_lines[0].number, text=text))
        self._captions()
        self._check_citations()
        if not any(block.type != WeChatCTA.type for block in self.doc.blocks):
            self.warning("no_body", _("The article has no body text."))
        self.doc.errors.sort(key=lambda p: p.line or 0)
        self.doc.warnings.sort(key=lambda p: p.line or 0)
        return self.doc

    def _visible(self, index: int) -> Line:
        """The line, or a blank in its place once something else has taken it."""
        line = self.lines[index]
        if index in self.consumed:
            return Line(line.number, "", BLANK)
        return line

    # Title and lead paragraphs ------------------------------------------------

    def _title(self, ref_start: int) -> int:
        """Find the title; lines before it are the summary. Returns the title's index (-1: none)."""
        candidates = [i for i in range(ref_start) if i not in self.consumed and self.lines[i].kind != BLANK]
        title_index = None
        for position, index in enumerate(candidates[:MAX_LEAD_LINES]):
            line = self.lines[index]
            if line.kind == HASH and line.level == 1:
                title_index, title = index, line.content
                break
            if line.kind != TEXT:
                break
            previous = self.lines[index - 1] if index else None
            starts_block = (
                position == 0
                or previous is None
                or previous.kind == BLANK
                or ends_sentence(self.lines[candidates[position - 1]].text)
            )
            if starts_block and is_title_text(line.text):
                title_index, title = index, line.text
                break
        if title_index is None:
            if self.title_override:
                self.doc.title = self.title_override
                return -1
            first = self.lines[candidates[0]].number if candidates else None
            self.error(
                "no_title",
                _(
                    "No title found: the first line (or the first line after the lead paragraphs) "
                    "must be a short title without a full stop."
                ),
                first,
            )
            return -1
        self.doc.title = self.title_override or title.strip()
        self.doc.title_line = self.lines[title_index].number
        self._summary([self.lines[i] for i in range(title_index) if i not in self.consumed])
        return title_index

    def _summary(self, lines: list[Line]):
        groups = self._group(lines, blank_mode=self._blank_mode(lines))
        paragraphs = [self._paragraph(group.lines) for group in groups]
        if len(paragraphs) > MAX_LEAD_PARAGRAPHS:
            self.warning(
                "many_leads",
                lazy_format(
                    _("%(count)d paragraphs before the title were taken as the summary."),
                    {"count": len(paragraphs)},
                ),
                paragraphs[0].line,
            )
        self.doc.summary = "\n".join(paragraph.text for paragraph in paragraphs)

    # Body -----------------------------------------------------------------------

    @staticmethod
    def _blank_mode(lines: list[Line]) -> bool:
        """Do blank lines separate paragraphs here? If not, every line is its own block."""
        last_text = max((i for i, line in enumerate(lines) if line.kind != BLANK), default=-1)
        previous = None
        for index, line in enumerate(lines):
            if line.kind != BLANK:
                previous = line
            elif previous is not None and previous.kind == TEXT and index < last_text:
                return True
        return False

    def _group(self, lines: list[Line], *, blank_mode: bool) -> list[_Group]:
        groups: list[_Group] = []
        current: _Group | None = None

        def close():
            nonlocal current
            if current is not None:
                groups.append(current)
            current = None

        for line in lines:
            kind = line.kind
            if kind == CHINESE and not is_heading_text(line.content):
                kind = TEXT  # "一、" opening a long sentence is a paragraph
            if kind == BLANK:
                close()
            elif kind in (HASH, CHINESE):
                close()
                groups.append(_Group(kind, line))
            elif kind in (TABLE, BULLET, NUMBERED):
                if current is not None and current.kind == kind:
                    if kind == TABLE:
                        current.add_continuation(line)
                    else:
                        current.add_item(line)
                else:
                    close()
                    current = _Group(kind, line)
            elif blank_mode and current is not None and current.kind in (TEXT, BULLET, NUMBERED):
                current.add_continuation(line)
            else:
                close()
                current = _Group(TEXT, line)
                if not blank_mode:
                    close()
        close()
        return groups

    def _body(self, lines: list[Line]):
        groups = self._group(lines, blank_mode=self._blank_mode(lines))
        has_chinese_sections = any(group.kind == CHINESE for group in groups)
        last_chinese = last_arabic = 0
        for group in groups:
            first = group.lines[0]
            if group.kind == HASH:
                level = 3 if first.level >= 3 else 2
                self.doc.blocks.append(self._heading(first, level))
            elif group.kind == CHINESE:
                if first.ordinal <= last_chinese:
                    self.warning(
                        "heading_order",
                        _("This section number does not follow the previous one."),
                        first.number,
                    )
                last_chinese, last_arabic = first.ordinal, 0
                self.doc.blocks.append(self._heading(first, 2))
            elif group.kind == NUMBERED:
                if len(group.lines) == 1 and first.ordinal > last_arabic and is_heading_text(first.content):
                    last_arabic = first.ordinal
                    self.doc.blocks.append(self._heading(first, 3 if has_chinese_sections else 2))
                else:
                    items = [self._item(item_lines) for item_lines in group.items()]
                    self.doc.blocks.append(OrderedList(line=first.number, items=items, start=first.ordinal))
            elif group.kind == BULLET:
                items = [self._item(item_lines) for item_lines in group.items()]
                self.doc.blocks.append(BulletList(line=first.number, items=items))
            elif group.kind == TABLE:
                self.doc.blocks.append(self._table(group.lines))
            else:
                self.doc.blocks.append(self._paragraph(group.lines))

    def _heading(self, line: Line, level: int) -> Heading:
        self._scan(line.content, [(0, line.number)])
        return Heading(line=line.number, level=level, text=line.content)

    def _paragraph(self, lines: list[Line]) -> Paragraph:
        text, starts = join_lines([(line.number, line.text) for line in lines])
        return Paragraph(line=lines[0].number, text=text, markers=self._scan(text, starts))

    def _item(self, lines: list[Line]) -> ListItem:
        parts = [(lines[0].number, lines[0].content)] + [(line.number, line.text) for line in lines[1:]]
        text, starts = join_lines(parts)
        return ListItem(text=text, line=lines[0].number, markers=self._scan(text, starts))

    # Citations ------------------------------------------------------------------

    def _scan(self, text: str, starts: list[tuple[int, int]]) -> list[CitationMarker]:
        markers = []
        for found in find_markers(text):
            line = line_at(starts, found.start)
            if found.error_code:
                self.error(
                    found.error_code,
                    lazy_format(_("%(marker)s: %(reason)s."), {"marker": found.raw, "reason": found.error}),
                    line,
                )
                continue
            marker = CitationMarker(
                raw=found.raw, numbers=found.numbers, start=found.start, end=found.end, line=line
            )
            markers.append(marker)
            self.doc.citations.append(marker)
        return markers

    def _check_citations(self):
        listed = set(self.doc.reference_numbers())
        cited: set[int] = set()
        for marker in self.doc.citations:
            cited.update(marker.numbers)
            for number in marker.numbers:
                if number not in listed:
                    self.error(
                        "unmatched_citation",
                        lazy_format(
                            _("Citation %(marker)s: reference [%(number)d] is not in the reference list."),
                            {"marker": marker.raw, "number": number},
                        ),
                        marker.line,
                    )
        for entry in self.doc.references:
            if entry.number not in cited:
                self.warning(
                    "uncited_reference",
                    lazy_format(
                        _("Reference [%(number)d] is not cited in the text."), {"number": entry.number}
                    ),
                    entry.line,
                )


__all__ = ["Block", "ParsedArticle", "parse_article", "parse_article_bytes"]
