#!/usr/bin/env python
"""Parse time of the importers against input size, on the crafted inputs of issue 9.

Usage: .venv/bin/python bench/importer_adversarial.py [--scales 1 10 100] [--repeat 3]

For each input, at 1×, 10× and 100× its size, two timings:
- "upload": what an upload gets, every cap on (file size, entries, line length): the
  time to the parse or to the clear error;
- "parser": the same text with the size caps raised, so the parser itself meets the
  whole input. The citation-marker cap (numbers a marker may expand to) stays on: it
  is what keeps that input linear.
Linear parsing shows as a time ratio of about 10 per 10× of input.
Runs in-process with the production settings (bench/common.py); no database is used.
"""

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bench_env

BENCH_ENV = bench_env(SITE_URL=os.environ.get("SITE_URL", "http://127.0.0.1:8123"))
os.environ.update({key: value for key, value in BENCH_ENV.items() if key not in os.environ})

import django  # noqa: E402

django.setup()

from django.test import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402

from articles.importer import lines as article_lines  # noqa: E402
from articles.importer import parser as article_parser  # noqa: E402
from portal.references.parsers import ImportFileError, bibtex, nlm, parse_bytes  # noqa: E402


def article_hash_line(scale: int) -> bytes:
    return ("# a" + " " * 16_000 * scale + "b\n").encode()


def nlm_citation(scale: int) -> bytes:
    return ("A. " + "x! " * 8_000 * scale + "\n").encode()


def bibtex_library(scale: int) -> bytes:
    entries, macros = 100 * scale, 20 * scale
    text = "".join(f"@string{{j{i} = {{Journal number {i}}}}}\n" for i in range(macros))
    text += "".join(
        f"@article{{k{i},\n  author = {{Doe, John and Roe, Rita}},\n  title = {{Study {i}}},\n"
        f"  journal = j{i % macros},\n  year = {{2020}}\n}}\n\n"
        for i in range(entries)
    )
    return text.encode()


def article_marker(scale: int) -> bytes:
    marker = "[" + ",".join(["1-200"] * 4_000 * scale) + "]"  # 24 KB at 1×
    return f"# Title\n\nA paragraph citing everything{marker}.\n".encode()


def parse_article(data: bytes) -> str:
    parsed = article_parser.parse_article_bytes(data, lang="en")
    problems = [*parsed.errors, *getattr(parsed, "warnings", [])]
    return f"{len(parsed.errors)} errors" + (f": {problems[0].message[:60]}" if problems else "")


def parse_references(data: bytes, fmt: str) -> str:
    try:
        _fmt, parsed = parse_bytes(data, filename="bench", fmt=fmt)
    except ImportFileError as exc:
        return f"refused: {str(exc)[:60]}"
    return f"{len(parsed.entries)} read, {len(parsed.errors)} errors"


def parse_nlm_line(data: bytes) -> str:
    """The parser alone, as the article importer and the registry sync call it."""
    try:
        nlm.parse_nlm_citation(data.decode())
    except nlm.NLMParseError as exc:
        return f"error: {str(exc)[:60]}"
    return "parsed"


INPUTS = [
    ("(a) article line `# a` + 16,000 spaces + `b`", article_hash_line, parse_article, parse_article),
    (
        "(b) NLM citation `A. ` + `x! ` × 8,000",
        nlm_citation,
        lambda d: parse_references(d, "nlm"),
        parse_nlm_line,
    ),
    (
        "(c) BibTeX, 100 entries + 20 @string macros",
        bibtex_library,
        lambda d: parse_references(d, "bibtex"),
        lambda d: parse_references(d, "bibtex"),
    ),
    ("(d) article marker `[1-200,1-200,…]` 24 KB", article_marker, parse_article, parse_article),
]


@contextlib.contextmanager
def caps_raised():
    """Size caps out of the way, so the parser meets the whole input."""
    saved = (
        article_lines.MAX_LINE_CHARS,
        article_parser.MAX_LINE_CHARS,
        nlm.MAX_LINE_LENGTH,
        bibtex.MAX_ENTRY_LENGTH,
    )
    huge = 10**9
    article_lines.MAX_LINE_CHARS = article_parser.MAX_LINE_CHARS = nlm.MAX_LINE_LENGTH = huge
    bibtex.MAX_ENTRY_LENGTH = huge
    try:
        with override_settings(IMPORT_MAX_BYTES=huge, IMPORT_MAX_ENTRIES=huge):
            yield
    finally:
        (
            article_lines.MAX_LINE_CHARS,
            article_parser.MAX_LINE_CHARS,
            nlm.MAX_LINE_LENGTH,
            bibtex.MAX_ENTRY_LENGTH,
        ) = saved


def timed(function, data: bytes, repeat: int) -> tuple[float, str]:
    best, outcome = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        outcome = function(data)
        best = min(best, time.perf_counter() - started)
        if best > 2:  # one run of a slow case is enough
            break
    return best, outcome


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    translation.activate("en")

    print("| input | size | upload (caps on) | outcome | parser (caps raised) | ratio to 1× | outcome |")
    print("|---|---:|---:|---|---:|---:|---|")
    for name, build, upload, parse in INPUTS:
        first = None
        for scale in args.scales:
            data = build(scale)
            upload_time, upload_outcome = timed(upload, data, args.repeat)
            with caps_raised():
                parse_time, parse_outcome = timed(parse, data, args.repeat)
            first = first or parse_time
            print(
                f"| {name} ×{scale} | {len(data) / 1024:,.0f} KB | {upload_time * 1000:,.1f} ms | {upload_outcome} "
                f"| {parse_time * 1000:,.1f} ms | {parse_time / first:.1f} | {parse_outcome} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
