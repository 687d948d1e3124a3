"""What a single line of an article is: the line-level rules of the samples README."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from articles.importer.markers import MARKER_RE

# Kinds of line, before they are grouped into blocks.
BLANK = "blank"
HASH = "hash"  # `# `, `## `, `### `
CHINESE = "chinese"  # 一、 … 十一、
NUMBERED = "numbered"  # `1. `, `1、`
BULLET = "bullet"  # `- `
TABLE = "table"  # `| … |`
TEXT = "text"

HEADING_WIDTH = 120  # display width (a CJK character counts 2)
TITLE_WIDTH = 130

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_SPACES = {ord("\u00a0"): " ", ord("\u3000"): " ", ord("\t"): " "}

_HASH_RE = re.compile(r"^(#{1,6})\s+(\S.*?)(?:\s+#+)?$")
_CHINESE_RE = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
_NUMBERED_RE = re.compile(r"^(\d{1,3})(?:\.\s+|[、．]\s*)(\S.*)$")
_BULLET_RE = re.compile(r"^[-•・*]\s+(.*)$")

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

REFERENCE_HEADINGS = {"参考资料", "參考資料", "参考文献", "參考文獻", "references"}
DISCLAIMER_RE = re.compile(
    r"^(?:免责说明|免責說明|免责声明|免責聲明|disclaimer)\s*[:：]\s*(.*)$", re.IGNORECASE
)
ENTRY_RE = re.compile(r"^[\[［]\s*(\d{1,4})\s*[\]］]\s*(.*)$")
CAPTION_RE = re.compile(r"^(?:表\s*\d+|table\s+\d+)\s*[:：.．、]?\s*\S", re.IGNORECASE)

# Trailing "scan the code / add us on WeChat" prompts (SPEC 2.E call-to-action).
_CTA_RE = re.compile(
    r"扫码|掃碼|扫一扫|掃一掃|二维码|二維碼|微信号|微信號|微信ID"
    r"|(?:添加|加|关注|關注|联系|聯繫|聯絡|私信).{0,12}(?:微信|公众号|公眾號)"
    r"|scan (?:the |our |this )?(?:qr )?code"
    r"|(?:add|follow|contact|message|find) us on wechat"
    r"|wechat id",
    re.IGNORECASE,
)
CTA_MAX_LENGTH = 200


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the file
    text: str
    kind: str
    ordinal: int | None = None  # section / list number
    content: str = ""  # the text after the ordinal, bullet or hashes
    level: int = 0  # hashes


def normalise(raw: str) -> str:
    """Strip invisible characters WeChat copies carry, indentation and trailing space."""
    text = raw.translate(_INVISIBLE).translate(_SPACES)
    return text.strip()


def chinese_number(numeral: str) -> int | None:
    """一 -> 1, 十 -> 10, 十一 -> 11, 二十 -> 20, 二十三 -> 23."""
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral) if len(numeral) == 1 else None
    tens, _sep, units = numeral.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    tens_value = _CN_DIGITS.get(tens, 0) if tens else 1
    if tens and not tens_value:
        return None
    units_value = _CN_DIGITS.get(units, 0) if units else 0
    if units and not units_value:
        return None
    return tens_value * 10 + units_value


def classify(number: int, raw: str) -> Line:
    text = normalise(raw)
    if not text:
        return Line(number, "", BLANK)
    if text.startswith(("|", "｜")):
        return Line(number, text, TABLE)
    match = _HASH_RE.match(text)
    if match:
        return Line(number, text, HASH, content=match[2], level=len(match[1]))
    match = _CHINESE_RE.match(text)
    if match and (value := chinese_number(match[1])) and match[2]:
        return Line(number, text, CHINESE, ordinal=value, content=match[2].strip())
    match = _NUMBERED_RE.match(unicodedata.normalize("NFKC", text[:6]) + text[6:])
    if match:
        return Line(number, text, NUMBERED, ordinal=int(match[1]), content=match[2].strip())
    match = _BULLET_RE.match(text)
    if match:
        return Line(number, text, BULLET, content=match[1].strip())
    return Line(number, text, TEXT, content=text)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _has_sentence_break(text: str, final: str) -> bool:
    if text[-1] in final:
        return True
    # A sentence ends inside the line: "。" / "？" anywhere, or ". " between words.
    return bool(re.search(r"[。？！]|[.?!]\s+\S", text[:-1]))


def is_heading_text(text: str) -> bool:
    """Short, and no sentence-final punctuation (README rule 3)."""
    return bool(text) and display_width(text) <= HEADING_WIDTH and not _has_sentence_break(text, "。.？?")


def is_title_text(text: str) -> bool:
    """Short, no sentence-final punctuation, not ending like a lead-in, no citation (rule 1)."""
    return (
        bool(text)
        and display_width(text) <= TITLE_WIDTH
        and not _has_sentence_break(text, "。.？?！!…；;，,、：:")
        and not MARKER_RE.search(text)
    )


def ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in '。.？?！!…”"」』)）]］'


def is_reference_heading(text: str) -> bool:
    name = text.strip().lstrip("#").strip().rstrip(":：").strip()
    return name.lower() in REFERENCE_HEADINGS


def is_cta(text: str) -> bool:
    return len(text) <= CTA_MAX_LENGTH and bool(_CTA_RE.search(text))


def join_lines(parts: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Join wrapped lines: no space where CJK meets CJK text, else one space.

    Returns the text and (offset, line number) of where each line starts in it.
    """
    text = ""
    starts: list[tuple[int, int]] = []
    for number, part in parts:
        if text and part:
            if not (is_cjk(text[-1]) or is_cjk(part[0])):
                text += " "
        starts.append((len(text), number))
        text += part
    return text, starts


def line_at(starts: list[tuple[int, int]], offset: int) -> int:
    line = starts[0][1]
    for start, number in starts:
        if start > offset:
            break
        line = number
    return line
