"""What a single line of an article is: the line-level rules of the samples README.

Every pattern here is applied to one line at a time and is linear in its length
(no two adjacent unbounded quantifiers over the same characters); lines longer
than MAX_LINE_CHARS are refused before any pattern sees them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from articles.citations import MARKER_RE

# Kinds of line, before they are grouped into blocks.
BLANK = "blank"
HASH = "hash"  # `# `, `## `, `### `
CHINESE = "chinese"  # 一、 … 十一、
NUMBERED = "numbered"  # `1. `, `1、`
BULLET = "bullet"  # `- `
TABLE = "table"  # `| … |`
TEXT = "text"

HEADING_CHARS = 120  # a numbered heading's text (rules 3 and 3b)
SHORT_HEADING_CHARS = 32  # an unnumbered sub-heading (rule 3b)
HEADING_MAX_CHARS = 200  # what the heading block holds
TITLE_WIDTH = 130  # display width (a CJK character counts 2)
MAX_LINE_CHARS = 10_000

SENTENCE_FINAL = "。.？?！!"
MID_SENTENCE = "，、；,;"

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"))
_SPACES = {ord("\u00a0"): " ", ord("\u3000"): " ", ord("\t"): " "}

_HASH_RE = re.compile(r"^(#{1,6})[ \t](.*)$")
_CHINESE_RE = re.compile(r"^([一二三四五六七八九十]{1,3})、\s*(.*)$")
_NUMBERED_RE = re.compile(r"^(\d{1,3})(?:\.\s+|[、．]\s*)(\S.*)$")
_BULLET_RE = re.compile(r"^[-•・*]\s+(.*)$")

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

REFERENCE_HEADINGS = {"参考资料", "參考資料", "参考文献", "參考文獻", "references"}
DISCLAIMER_RE = re.compile(
    r"^(?:医学|醫學)?(?:免责说明|免責說明|免责声明|免責聲明)[ \t]*[:：](.*)$|^disclaimer[ \t]*[:：](.*)$",
    re.IGNORECASE,
)
CLOSING_WORDS = {
    "結語",
    "结语",
    "總結",
    "总结",
    "結論",
    "结论",
    "小結",
    "小结",
    "conclusion",
    "conclusions",
    "summary",
}
RELATED_READING = ("相關閱讀", "相关阅读", "延伸閱讀", "延伸阅读", "related reading")
ENTRY_RE = re.compile(r"^[\[［]\s*(\d{1,4})\s*[\]］]\s*(.*)$")
CAPTION_RE = re.compile(r"^(?:表\s*+\d++|table\s++\d++)\s*+[:：.．、]?\s*+\S", re.IGNORECASE)

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
    if match and (content := _hash_content(match[2])):
        return Line(number, text, HASH, content=content, level=len(match[1]))
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


def _hash_content(rest: str) -> str:
    """`Title ##` -> `Title`: Markdown's optional closing hashes."""
    rest = rest.strip()
    bare = rest.rstrip("#")
    if bare != rest and (not bare or bare[-1] == " "):
        rest = bare.strip()
    return rest


def disclaimer_text(text: str) -> str | None:
    """The disclaimer a `免責說明：…` / `Disclaimer: …` line holds, else None (rule 8)."""
    match = DISCLAIMER_RE.match(text)
    if not match:
        return None
    return (match[1] if match[1] is not None else match[2]).strip()


def is_closing_word(text: str) -> bool:
    """`結語`, `总结：`, `Conclusions` alone on a line (rule 3)."""
    return text.rstrip(":：").strip().lower() in CLOSING_WORDS


def is_related_reading(text: str) -> bool:
    return text.lower().startswith(RELATED_READING)


def ends_mid_sentence(text: str) -> bool:
    """The line goes on on the next one (rule 2)."""
    return bool(text) and text[-1] in MID_SENTENCE


def ends_without_final(text: str) -> bool:
    return bool(text) and text[-1] not in SENTENCE_FINAL


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _has_sentence_break(text: str, final: str) -> bool:
    if text[-1] in final:
        return True
    # A sentence ends inside the line: "。" / "？" anywhere, or ". " between words.
    return bool(re.search(r"[。？！]|[.?!]\s+\S", text[:-1]))


def is_heading_text(text: str, limit: int = HEADING_CHARS) -> bool:
    """Short, and no sentence-final punctuation (README rules 3 and 3b)."""
    return bool(text) and len(text) <= limit and not _has_sentence_break(text, SENTENCE_FINAL)


def is_short_heading(text: str) -> bool:
    """An unnumbered sub-heading candidate (rule 3b); its neighbours decide."""
    return (
        is_heading_text(text, SHORT_HEADING_CHARS)
        and text[-1] not in ":："
        and not is_related_reading(text)
        and not MARKER_RE.search(text)
    )


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
