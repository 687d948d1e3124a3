"""Full-width punctuation in Chinese text: `以後,很多` -> `以後，很多` (issue 9).

Chinese articles arrive with the half-width `, : ; ? ! ( )` of a Latin keyboard.
A mark is turned into its full-width form when the nearest character on either
side (spaces skipped) is Chinese; so Latin text, numbers (`2.5`, `1,000`, `18:30`),
URLs and citation markers stay as they are. A `)` follows its `(`. The length of
the text never changes, so the markers' offsets stay valid.
"""

from __future__ import annotations

import re

from articles.citations import MARKER_RE
from articles.importer.document import ParsedArticle, rewrite_text

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
CHINESE_LANGUAGES = {"zh-hans", "zh-hant"}
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"“”（）]+", re.IGNORECASE)


def is_chinese(ch: str) -> bool:
    """Han characters, CJK punctuation and full-width forms."""
    return (
        "\u3400" <= ch <= "\u9fff"
        or "\uf900" <= ch <= "\ufaff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff01" <= ch <= "\uff60"
    )


def _protected(text: str) -> set[int]:
    positions: set[int] = set()
    for pattern in (_URL_RE, MARKER_RE):
        for match in pattern.finditer(text):
            positions.update(range(match.start(), match.end()))
    return positions


def _neighbour(chars: list[str], index: int, step: int) -> str:
    index += step
    while 0 <= index < len(chars) and chars[index] == " ":
        index += step
    return chars[index] if 0 <= index < len(chars) else ""


def full_width(text: str) -> tuple[str, int]:
    """The text with Chinese-context punctuation made full-width, and how many marks changed."""
    if not any(ch in FULL_WIDTH for ch in text):
        return text, 0
    protected = _protected(text)
    chars = list(text)
    opened: list[bool] = []  # for each open "(", whether it was converted
    changes = 0
    for index, ch in enumerate(text):
        if ch not in FULL_WIDTH or index in protected:
            continue
        chinese_side = is_chinese(_neighbour(chars, index, -1)) or is_chinese(_neighbour(chars, index, 1))
        if ch == "(":
            opened.append(chinese_side)
            convert = chinese_side
        elif ch == ")" and opened:
            convert = opened.pop()
        else:
            convert = chinese_side
        if convert:
            chars[index] = FULL_WIDTH[ch]
            changes += 1
    return "".join(chars), changes


def apply(document: ParsedArticle) -> int:
    """Make the punctuation of a Chinese article's text full-width; returns the count."""
    if document.lang not in CHINESE_LANGUAGES:
        return 0
    total = 0

    def change(text: str) -> str:
        nonlocal total
        converted, count = full_width(text)
        total += count
        return converted

    rewrite_text(document, change)
    return total
