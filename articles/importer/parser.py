"""Text as editors receive it -> ParsedArticle. Pure: no database, no network.

The rules are those of the samples README (copied to tests/fixtures/articles_import/FORMAT.md):
a line is a block; lead paragraphs, then the title; headings, sub-headings, lists and
tables (body.py); citation markers; a reference list, a disclaimer line and trailing
WeChat prompts (trailer.py). Then, on the finished document, Chinese punctuation
(punctuation.py) and mixed-script proposals (script.py).
"""

from __future__ import annotations

from collections.abc import Collection

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles import citations
from articles.importer import punctuation, script
from articles.importer.body import BodyMixin
from articles.importer.document import (
    Block,
    CitationMarker,
    ListItem,
    Paragraph,
    ParsedArticle,
    Problem,
    WeChatCTA,
    lazy_format,
)
from articles.importer.lines import (
    BLANK,
    HASH,
    MAX_LINE_CHARS,
    TEXT,
    Line,
    classify,
    ends_mid_sentence,
    is_title_text,
    join_lines,
    line_at,
)
from articles.importer.tables import TableMixin
from articles.importer.trailer import TrailerMixin
from portal.references.parsers.common import ImportFileError, decode

# How far into the file the title may be looked for: lead paragraphs are one
# to three paragraphs, each possibly wrapped over a few lines.
MAX_LEAD_LINES = 12
MAX_LEAD_PARAGRAPHS = 3


def parse_article_bytes(
    data: bytes,
    *,
    lang: str,
    title: str | None = None,
    keep_punctuation: bool = False,
    script_fixes: Collection[str] | str = (),
) -> ParsedArticle:
    """Decode (UTF-8 with or without BOM, else GB18030, within the size limit), then parse."""
    try:
        text = decode(data)
    except ImportFileError as error:
        return ParsedArticle(lang=lang, errors=[Problem(error.code, str(error))])
    return parse_article(
        text, lang=lang, title=title, keep_punctuation=keep_punctuation, script_fixes=script_fixes
    )


def parse_article(
    text: str,
    *,
    lang: str,
    title: str | None = None,
    keep_punctuation: bool = False,
    script_fixes: Collection[str] | str = (),
) -> ParsedArticle:
    """The structured document for `text`; problems are in `.errors` / `.warnings`.

    Chinese text gets full-width punctuation unless `keep_punctuation`; mixed-script
    fixes are only proposed (`.script_proposals`) unless their keys are in
    `script_fixes` (or it is "all").
    """
    if lang not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {lang!r}")
    document = _Parser(text, lang=lang, title=title).run()
    if document.errors:
        return document
    if not keep_punctuation:
        document.punctuation_changes = punctuation.apply(document)
    document.script_proposals = script.apply(document, fixes=script_fixes)
    if document.intro:
        document.summary = document.intro[0].text
    return document


# Errors, and warnings, listed at most; the count of the others is given.
MAX_PROBLEMS = 100


class _Parser(BodyMixin, TrailerMixin, TableMixin):
    def __init__(self, text: str, *, lang: str, title: str | None):
        self.doc = ParsedArticle(lang=lang)
        raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.too_long = [index + 1 for index, raw in enumerate(raw_lines) if len(raw) > MAX_LINE_CHARS]
        self.lines = [
            classify(index + 1, raw) if len(raw) <= MAX_LINE_CHARS else Line(index + 1, "", BLANK)
            for index, raw in enumerate(raw_lines)
        ]
        self.consumed: set[int] = set()  # indexes of lines already turned into something
        self.title_override = (title or "").strip()
        self.named = 0  # reference numbers the citation markers named so far
        self.unlisted: dict[int, int] = {}  # id(errors or warnings) -> problems past MAX_PROBLEMS

    # Problems ---------------------------------------------------------------

    def error(self, code: str, message, line: int | None = None):
        self._problem(self.doc.errors, Problem(code, message, line))

    def warning(self, code: str, message, line: int | None = None):
        self._problem(self.doc.warnings, Problem(code, message, line))

    def _problem(self, problems: list[Problem], problem: Problem) -> None:
        # A crafted file can hold a problem every few characters: list the first ones only.
        if len(problems) < MAX_PROBLEMS:
            problems.append(problem)
        else:
            self.unlisted[id(problems)] = self.unlisted.get(id(problems), 0) + 1

    # Driver -----------------------------------------------------------------

    def run(self) -> ParsedArticle:
        self._run()
        more = (
            (self.doc.errors, _("%(count)d more errors are not listed.")),
            (self.doc.warnings, _("%(count)d more warnings are not listed.")),
        )
        for problems, message in more:
            if count := self.unlisted.get(id(problems)):
                problems.append(Problem("more_problems", lazy_format(message, {"count": count})))
        return self.doc

    def _run(self) -> ParsedArticle:
        for number in self.too_long:
            self.error(
                "line_too_long",
                lazy_format(_("This line is longer than %(limit)d characters."), {"limit": MAX_LINE_CHARS}),
                number,
            )
        if self.too_long:
            return self.doc
        if all(line.kind == BLANK for line in self.lines):
            self.error("empty", _("The file is empty."))
            return self.doc
        self._disclaimer()
        ref_start, ref_end = self._reference_list()
        cta_lines = self._trailing_cta(ref_start)
        title_index = self._title(ref_start)
        body = [self._visible(index) for index in range(title_index + 1, ref_start)]
        self.wrapped = self._hard_wrapped(body)
        self._intro([self._visible(index) for index in range(max(title_index, 0))])
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
        """Find the title; lines before it are the intro. Returns the title's index (-1: none)."""
        candidates = [i for i in range(ref_start) if i not in self.consumed and self.lines[i].kind != BLANK]
        title_index = None
        for position, index in enumerate(candidates[:MAX_LEAD_LINES]):
            line = self.lines[index]
            if line.kind == HASH and line.level == 1:
                title_index, title = index, line.content
                break
            if line.kind != TEXT:
                break
            continues = position > 0 and ends_mid_sentence(self.lines[candidates[position - 1]].text)
            if not continues and is_title_text(line.text):
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
        return title_index

    def _intro(self, lines: list[Line]):
        self.doc.intro = [self._paragraph(unit.lines) for unit in self._units(lines)]
        if len(self.doc.intro) > MAX_LEAD_PARAGRAPHS:
            self.warning(
                "many_leads",
                lazy_format(
                    _("%(count)d paragraphs before the title were taken as the intro."),
                    {"count": len(self.doc.intro)},
                ),
                self.doc.intro[0].line,
            )

    # Text blocks ------------------------------------------------------------------

    def _paragraph(self, lines: list[Line]) -> Paragraph:
        text, starts = join_lines([(line.number, line.text) for line in lines])
        return Paragraph(line=lines[0].number, text=text, markers=self._scan(text, starts))

    def _item(self, line: Line) -> ListItem:
        return ListItem(
            text=line.content, line=line.number, markers=self._scan(line.content, [(0, line.number)])
        )

    # Citations ------------------------------------------------------------------

    def _scan(self, text: str, starts: list[tuple[int, int]]) -> list[CitationMarker]:
        markers = []
        if self.named > citations.MAX_CITED_NUMBERS:
            return markers  # the import fails already; the rest is not worth reading
        for found in citations.iter_markers(text):
            if isinstance(found, citations.CitationError):
                self.error(
                    found.code,
                    lazy_format(
                        _("%(marker)s: %(reason)s."), {"marker": found.marker, "reason": found.reason}
                    ),
                    line_at(starts, found.start),
                )
                continue
            self.named += len(found.numbers)
            if self.named > citations.MAX_CITED_NUMBERS:
                params = {"limit": citations.MAX_CITED_NUMBERS}
                message = lazy_format(
                    _("%(marker)s: %(reason)s."),
                    {"marker": found.text[:50], "reason": lazy_format(citations.TOO_MANY_CITATIONS, params)},
                )
                self.error("too_many_citations", message, line_at(starts, found.start))
                break
            marker = CitationMarker(
                raw=found.text,
                numbers=tuple(found.numbers),
                start=found.start,
                end=found.end,
                line=line_at(starts, found.start),
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
