"""Mixed scripts: proposals to fix Simplified characters in Traditional text, and back.

Text copied from the web is often converted character by character and keeps the
wrong character where one Simplified character stands for several Traditional ones:
`干細胞`, `中風后`. Converting to Simplified and back with OpenCC's phrase
dictionaries (and ours) repairs that: `幹細胞`, `中風後`. On clean text the round trip
changes little, and what it changes is a regional preference (`平台` -> `平臺`) the
editor may decline. So every change is a proposal, grouped by word (jieba, on the
Simplified text) and keyed by `source→target`; only accepted keys are applied.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from articles.importer.document import ParsedArticle, ScriptProposal, rewrite_text
from articles.importer.punctuation import is_chinese
from portal.core.i18n.chinese import SIMPLIFIED, TRADITIONAL, to_simplified, to_traditional

ALL = "all"


@dataclass(frozen=True)
class Change:
    start: int
    end: int
    source: str
    target: str

    @property
    def key(self) -> str:
        return f"{self.source}→{self.target}"


@cache
def _jieba():
    import jieba  # loads its dictionary; only needed when a text changes

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _round_trip(text: str, lang: str) -> str:
    # Both ways round: tw2s alone turns the Simplified 什么 into 什幺.
    if lang == TRADITIONAL:
        return to_traditional(to_simplified(text))
    return to_simplified(to_traditional(text))


def _word_spans(simplified: str) -> list[tuple[int, int]]:
    return [(start, end) for _word, start, end in _jieba().tokenize(simplified)]


def changes(text: str, *, lang: str) -> list[Change]:
    """The words of `text` the round trip would change, in order."""
    if lang not in (SIMPLIFIED, TRADITIONAL) or not any(is_chinese(ch) for ch in text):
        return []
    converted = _round_trip(text, lang)
    if converted == text or len(converted) != len(text):
        return []  # OpenCC maps character for character; anything else is not ours to propose
    changed = [index for index, (a, b) in enumerate(zip(text, converted, strict=True)) if a != b]
    if lang == SIMPLIFIED:
        # Only Traditional characters left in Simplified text are ours to fix; the round
        # trip also rewrites clean Simplified words (什么 -> 什幺), which s2tw changes.
        traditional = to_traditional(text)
        if len(traditional) == len(text):
            changed = [index for index in changed if traditional[index] == text[index]]
    if not changed:
        return []
    changed_at = set(changed)
    simplified = converted if lang == SIMPLIFIED else to_simplified(text)
    spans = _word_spans(simplified)
    found: list[Change] = []
    position = 0
    for index in changed:
        while spans[position][1] <= index:
            position += 1
        start, end = spans[position]
        if end - start == 1:
            # A lone character reads better with its word: 中風后 -> 中風後, not 后 -> 後.
            if position > 0 and is_chinese(text[spans[position - 1][0]]):
                start = spans[position - 1][0]
            elif position + 1 < len(spans) and is_chinese(text[spans[position + 1][0]]):
                end = spans[position + 1][1]
        if found and start < found[-1].end:
            start = found[-1].start
            found.pop()
        target = "".join(converted[i] if i in changed_at else text[i] for i in range(start, end))
        found.append(Change(start, end, text[start:end], target))
    return found


def apply(document: ParsedArticle, *, fixes: Collection[str] | str = ()) -> list[ScriptProposal]:
    """Every proposed change of the document's visible text (references excluded),
    counted; the accepted ones (`fixes`: keys, or "all") are applied."""
    accepted = {fixes} if isinstance(fixes, str) else set(fixes)
    counts: Counter[str] = Counter()
    pairs: dict[str, tuple[str, str]] = {}

    def change(text: str) -> str:
        out, position = [], 0
        for found in changes(text, lang=document.lang):
            counts[found.key] += 1
            pairs[found.key] = (found.source, found.target)
            if ALL in accepted or found.key in accepted:
                out.append(text[position : found.start])
                out.append(found.target)
                position = found.end
        out.append(text[position:])
        return "".join(out)

    rewrite_text(document, change)
    return [
        ScriptProposal(key=key, source=pairs[key][0], target=pairs[key][1], count=count)
        for key, count in counts.items()
    ]
