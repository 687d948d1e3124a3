"""Checks of a parsed article that need more than the text rules: the language it claims.

A few characters of the other Chinese script are no warning: the parser proposes
their fix (script.py). Only text written mostly in the other script is.
"""

from django.utils.translation import gettext_lazy as _

from articles.importer.document import ParsedArticle, Problem
from portal.core.i18n.chinese import to_simplified, to_traditional

# Text counts as written in the other script when one CJK character in this many changes.
OTHER_SCRIPT_SHARE = 5


def _visible_text(document: ParsedArticle) -> str:
    parts = [document.title]
    for block in [*document.intro, *document.blocks]:
        parts.append(getattr(block, "text", ""))
        parts.extend(item.text for item in getattr(block, "items", []))
        for row in [getattr(block, "header", []), *getattr(block, "rows", [])]:
            parts.extend(row)
    return "".join(parts)


def _changed(text: str, converted: str) -> int:
    if len(text) != len(converted):
        return abs(len(text) - len(converted)) or 1
    return sum(a != b for a, b in zip(text, converted, strict=True))


def script_warnings(document: ParsedArticle) -> list[Problem]:
    """Warn when the text does not look like the language it is imported as."""
    text = _visible_text(document)
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return []
    lang = document.lang
    message = None
    if lang == "en" and cjk > letters * 0.3:
        message = _("The text looks Chinese but is imported as English.")
    elif lang != "en" and cjk < letters * 0.1:
        message = _("The text looks English but is imported as Chinese.")
    elif lang in ("zh-hans", "zh-hant"):
        convert = to_simplified if lang == "zh-hans" else to_traditional
        if _changed(text, convert(text)) > max(3, cjk // OTHER_SCRIPT_SHARE):
            message = (
                _("The text looks like Traditional Chinese but is imported as Simplified.")
                if lang == "zh-hans"
                else _("The text looks like Simplified Chinese but is imported as Traditional.")
            )
    return [Problem("script_mismatch", message)] if message else []
