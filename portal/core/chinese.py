"""Simplified <-> Traditional conversion with OpenCC (phrase level, offline).

`s2tw`/`tw2s` are deliberate: `s2t` gives 臨牀 for 临床 and `s2twp` rewrites
vocabulary the editor did not write (发布 -> 釋出).
"""

import json
from functools import cache

import opencc

SIMPLIFIED = "zh-hans"
TRADITIONAL = "zh-hant"
# Which OpenCC config produces text in the given script.
_CONFIG_FOR_TARGET = {TRADITIONAL: "s2tw", SIMPLIFIED: "tw2s"}
PARTNER_SCRIPT = {TRADITIONAL: SIMPLIFIED, SIMPLIFIED: TRADITIONAL}


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{config}.json")


def convert_text(text: str, *, to: str) -> str:
    """Convert Chinese text into the script `to` (``zh-hans`` or ``zh-hant``)."""
    if not text:
        return text
    return _converter(_CONFIG_FOR_TARGET[to]).convert(text)


def to_traditional(text: str) -> str:
    return convert_text(text, to=TRADITIONAL)


def to_simplified(text: str) -> str:
    return convert_text(text, to=SIMPLIFIED)


def convert_json(data, *, to: str):
    """Convert every string inside JSON-like data (StreamField raw data) at once.

    OpenCC leaves ASCII alone, so block types, ids and URLs pass through unchanged.
    """
    dumped = json.dumps(data, ensure_ascii=False)
    return json.loads(convert_text(dumped, to=to))
