"""Crafted article input ends in a clear error or a correct parse, quickly (issue 9).

Each parse runs in a forked process that must answer within 10 seconds: a parser that
turns quadratic again fails here visibly instead of hanging the suite. (An alarm signal
would not do: a regex running in C is not interrupted until it ends.)
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from articles import citations
from articles.importer.lines import MAX_LINE_CHARS
from articles.importer.parser import parse_article, parse_article_bytes
from articles.models import ArticlePage
from tests.timeouts import finishes_within

TIMEOUT = 10


def codes(problems):
    return [(problem.code, problem.line) for problem in problems]


def error_codes(text: str, lang: str = "en") -> list[tuple[str, int | None]]:
    """The parse's error codes and lines, computed in a process that must finish in time."""
    return finishes_within(TIMEOUT, lambda: codes(parse_article(text, lang=lang).errors))


def first_blocks(text: str, lang: str, *, times: int = 1) -> list[tuple[str, str]]:
    def parse():
        for _ in range(times):
            doc = parse_article(text, lang=lang)
        return [
            (block.type, getattr(block, "text", "") or getattr(block, "caption", "")) for block in doc.blocks
        ]

    return finishes_within(TIMEOUT, parse)


def test_hash_heading_with_sixteen_thousand_spaces_is_refused_by_its_line_number():
    text = "Title\n\n# a" + " " * 16_000 + "b\n"
    assert error_codes(text) == [("line_too_long", 3)]
    doc = parse_article(text, lang="en")
    with translation.override("en"):
        assert str(doc.errors[0]) == f"Line 3: This line is longer than {MAX_LINE_CHARS} characters."


def test_hash_heading_pattern_is_linear_below_the_line_limit():
    line = "## a" + " " * (MAX_LINE_CHARS - 10) + "b"
    kind, text = first_blocks(f"Title\n\n{line}\n\nText.\n", "en", times=20)[0]
    assert kind == "heading"
    assert text.startswith("a ") and text.endswith("b")


def test_sentence_patterns_are_linear_on_long_lines():
    lines = ["x! " * 3_000, "一、" + "?" * 9_000, "- " + ". " * 4_000, "|" * 9_000, "[1]" + " " * 9_000]
    for line in lines:
        first_blocks(f"Title\n\n{line}\n", "zh-hans")


def test_caption_pattern_is_linear():
    text = "Title\n\n表1" + " " * 9_000 + "：\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    blocks = first_blocks(text, "zh-hans", times=5)
    assert [kind for kind, _caption in blocks] == ["table"]
    assert blocks[0][1].startswith("表1 ")


def test_a_24_kb_marker_is_an_error_with_its_line_number():
    marker = "[" + ",".join(["1-200"] * 4_000) + "]"  # 24 KB
    assert error_codes(f"Title\n\nText {marker}.\n") == [("line_too_long", 3)]


def test_a_marker_naming_too_many_numbers_is_an_error_with_its_line_number():
    marker = "[" + ",".join(["1-200"] * 1_500) + "]"  # within the line limit
    text = f"Title\n\nText {marker}.\n\nReferences\n[1] https://example.org/a\n"
    assert error_codes(text) == [("citation_too_long", 3)]


@pytest.mark.django_db
def test_a_marker_naming_too_many_numbers_fails_validation_on_save():
    marker = "[" + ",".join(["1-200"] * 4_000) + "]"
    body = [{"type": "paragraph", "value": f"<p>Text {marker}.</p>", "id": "x"}]

    def check():
        try:
            ArticlePage().check_citations(reference_count=200, bodies=[body])
        except ValidationError as error:
            return error.code
        return None

    assert finishes_within(TIMEOUT, check) == "citation_out_of_range"


def test_rendering_a_range_is_bounded():
    linker = citations.CitationLinker(200)
    html = linker.link_text("[1-200] [1-200,1-200,1-200]")
    assert len(html) < 50_000  # the second marker names 600 numbers: left as text


def test_huge_digit_strings_in_brackets_are_no_crash():
    assert error_codes("Title\n\nText [" + "9" * 5_000 + "].\n") == [("malformed_citation", 3)]


def test_many_short_lines_parse_in_linear_time():
    body = "\n".join(
        f"{n}. 第{n}点\n说明。\n- 项目\n| a | b |\n|---|---|\n| 1 | 2 |" for n in range(1, 2_000)
    )
    data = f"标题\n一、开始\n{body}\n".encode()
    assert finishes_within(TIMEOUT, lambda: parse_article_bytes(data, lang="zh-hans").errors) == []


# Many markers, each within the marker cap: `[1-200]` a thousand times ------------------

REFERENCES_200 = "参考资料\n" + "\n".join(f"[{n}] https://example.org/{n}" for n in range(1, 201)) + "\n"
MANY_RANGES = "文字" + "[1-200]" * 1_250 + "。"  # 8.8 KB, 250,000 numbers named


def test_many_range_markers_are_one_error_at_the_marker_past_the_article_cap():
    text = f"标题\n正文[1-200]。\n{MANY_RANGES}\n" + f"{MANY_RANGES}\n" * 200 + REFERENCES_200
    assert len(text) > 1_700_000
    errors = finishes_within(TIMEOUT, lambda: codes(parse_article(text, lang="zh-hans").errors))
    assert errors == [("too_many_citations", 3)]


@pytest.mark.django_db
def test_a_body_naming_too_many_numbers_in_all_fails_validation_on_save():
    body = [{"type": "paragraph", "value": f"<p>{MANY_RANGES}</p>", "id": "x"}]
    with translation.override("en"):
        problems = finishes_within(
            TIMEOUT, lambda: ArticlePage().citation_problems(reference_count=200, bodies=[body])
        )
    assert problems == [
        f"the citation markers of an article may name at most {citations.MAX_CITED_NUMBERS} "
        "reference numbers in all, each number of a range counted"
    ]
    small = [{"type": "paragraph", "value": "<p>Text [1-200].</p>", "id": "x"}]
    assert ArticlePage().citation_problems(reference_count=200, bodies=[small]) == []


def test_rendering_many_markers_is_bounded_in_all():
    linker = citations.CitationLinker(200)
    html = finishes_within(TIMEOUT, linker.link_text, MANY_RANGES)
    # 10 markers (2,000 numbers) are linked, the rest stays text: not 7.7 MB of links.
    assert html.count('<sup class="citation">') == citations.MAX_CITED_NUMBERS // 200
    assert len(html) < 150_000


def test_a_problem_every_few_characters_lists_the_first_hundred_and_counts_the_rest():
    text = "标题\n" + ("文字" + "[]" * 4_000 + "。\n") * 100  # 400,000 empty markers
    doc = finishes_within(TIMEOUT, parse_article, text, lang="zh-hans")
    assert len(doc.errors) == 101
    assert {problem.code for problem in doc.errors[:100]} == {"empty_citation"}
    with translation.override("en"):
        assert str(doc.errors[-1]) == "399900 more errors are not listed."
