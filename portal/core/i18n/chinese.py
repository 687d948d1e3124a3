"""Simplified <-> Traditional conversion with OpenCC (phrase level, offline).

`s2tw`/`tw2s` are deliberate: `s2t` gives 臨牀 for 临床 and `s2twp` rewrites
vocabulary the editor did not write (发布 -> 釋出).

OpenCC segments text by its longest known phrase, so 中风干细胞 ("stroke stem
cells", everywhere on this site) splits as 中|风干|细胞 and becomes 中風乾細胞
("wind-dried"). Our own phrases in `opencc/s2tw_phrases.txt` are looked up before
OpenCC's, in segmentation and in conversion.
"""

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

import opencc

SIMPLIFIED = "zh-hans"
TRADITIONAL = "zh-hant"
# Which OpenCC config produces text in the given script.
_CONFIG_FOR_TARGET = {TRADITIONAL: "s2tw", SIMPLIFIED: "tw2s"}
PARTNER_SCRIPT = {TRADITIONAL: SIMPLIFIED, SIMPLIFIED: TRADITIONAL}


_OPENCC_DATA = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
_OUR_PHRASES = {"s2tw": Path(__file__).parent / "opencc" / "s2tw_phrases.txt"}


@cache
def _converter(config: str) -> opencc.OpenCC:
    phrases = _OUR_PHRASES.get(config)
    if phrases is None:
        return opencc.OpenCC(f"{config}.json")
    return opencc.OpenCC(str(_config_with_phrases(config, phrases)))


def _config_with_phrases(config: str, phrases: Path) -> Path:
    """OpenCC's config with our phrase file ahead of its first dictionaries (absolute paths)."""

    def absolute(node):
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                return {**node, "file": str(_OPENCC_DATA / node["file"])}
            return {key: absolute(value) for key, value in node.items()}
        if isinstance(node, list):
            return [absolute(item) for item in node]
        return node

    spec = absolute(json.loads((_OPENCC_DATA / f"{config}.json").read_text(encoding="utf-8")))
    ours = {"type": "text", "file": str(phrases)}
    for step in (spec["segmentation"], spec["conversion_chain"][0]):
        step["dict"] = {"type": "group", "dicts": [ours, step["dict"]]}
    text = json.dumps(spec, ensure_ascii=False)
    path = (
        Path(tempfile.gettempdir())
        / f"portal-opencc-{config}-{hashlib.sha256(text.encode()).hexdigest()[:12]}.json"
    )
    if not path.exists():
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


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
