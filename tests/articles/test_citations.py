import pytest
from django.utils import translation

from articles import citations


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("[1]", [1]),
        ("[1,3]", [1, 3]),
        ("[1, 3]", [1, 3]),
        ("[1，3]", [1, 3]),  # full-width comma
        ("[2-4]", [2, 3, 4]),
        ("[2–4]", [2, 3, 4]),  # en dash
        ("[1,3-5]", [1, 3, 4, 5]),
        ("[3,1,3]", [3, 1]),
        ("［1、3］", [1, 3]),  # full-width brackets, enumeration comma
        ("[１-２]", [1, 2]),  # full-width digits
        ("[2~3]", [2, 3]),
    ],
)
def test_marker_numbers(text, numbers):
    (marker,) = citations.find_markers(f"研究显示{text}。")
    assert marker.numbers == numbers
    assert marker.text == text


def test_brackets_holding_anything_else_are_plain_text():
    assert citations.find_markers("see [note 1], [a] and [1a] or [图1]") == []


def test_marker_positions_in_text():
    text = "Stroke trials [1-3]. Newborns [2]."
    markers = citations.find_markers(text)
    assert [text[m.start : m.end] for m in markers] == ["[1-3]", "[2]"]
    assert citations.cited_numbers(text) == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[3-1]", "[3-1]: reversed citation range"),
        ("[123456]", "[123456]: a citation marker holds numbers and ranges only"),
        ("[]", "[]: empty citation marker"),
        ("[1,]", "[1,]: a citation marker holds numbers and ranges only"),
        ("[0]", "[0]: reference numbers start at 1"),
        ("[4]", "[4]: no reference 4 (the list has 3)"),
        ("[2-5]", "[2-5]: no reference 4, 5 (the list has 3)"),
    ],
)
def test_marker_problems(text, problem):
    with translation.override("en"):
        assert citations.marker_problems(f"text {text} more", reference_count=3) == [problem]


def test_no_problems_within_the_list():
    assert citations.marker_problems("a [1] b [2,3] c [1-3]", reference_count=3) == []


def test_strings_in_stream_data_skip_ids_and_types():
    raw = [
        {"type": "paragraph", "value": "<p>x [1]</p>", "id": "[9]"},
        {"type": "table", "value": {"caption": "c [2]", "table": {"data": [["[3]", None]]}}},
    ]
    assert list(citations.strings_in(raw)) == ["<p>x [1]</p>", "c [2]", "[3]"]


class TestLinker:
    def test_links_each_citation_with_its_own_id(self):
        linker = citations.CitationLinker(3)
        html = linker.link_html("<p>A [1]. B [1,2].</p>")
        assert html == (
            '<p>A <sup class="citation">[<a href="#ref-1" id="cite-1-1">1</a>]</sup>. '
            'B <sup class="citation">[<a href="#ref-1" id="cite-1-2">1</a>,'
            '<a href="#ref-2" id="cite-2-1">2</a>]</sup>.</p>'
        )
        assert linker.backlinks(1) == ["cite-1-1", "cite-1-2"]
        assert linker.backlinks(3) == []

    def test_range_keeps_its_form_and_anchors_the_middle(self):
        linker = citations.CitationLinker(3)
        html = linker.link_text("[1–3]")
        assert html == (
            '<sup class="citation">[<a href="#ref-1" id="cite-1-1">1</a><span id="cite-2-1"></span>'
            '–<a href="#ref-3" id="cite-3-1">3</a>]</sup>'
        )
        assert linker.backlinks(2) == ["cite-2-1"]

    def test_leaves_tags_links_and_out_of_range_markers_alone(self):
        linker = citations.CitationLinker(2)
        source = '<p data-x="[1]">see <a href="/x">[1]</a> and [5]</p>'
        assert linker.link_html(source) == source
        assert linker.citations == {}


def test_linker_handles_full_width_brackets():
    linker = citations.CitationLinker(2)
    assert linker.link_html("<p>研究［2］。</p>") == (
        '<p>研究<sup class="citation">[<a href="#ref-2" id="cite-2-1">2</a>]</sup>。</p>'
    )


def test_marker_names_at_most_max_numbers():
    assert citations.marker_problems(f"x [1-{citations.MAX_NUMBERS}] y", reference_count=300) == []
    too_many = "[" + ",".join(["1-100"] * 3) + "]"
    with translation.override("en"):
        (problem,) = citations.marker_problems(f"x {too_many} y", reference_count=300)
    assert problem.endswith("too many numbers in one citation marker")


def test_renumber_keeps_unchanged_markers_as_written():
    text = "a [1，2] b [2–4] c [3]"
    assert citations.renumber(text, {3: 5}) == "a [1，2] b [2,5,4] c [5]"
    assert citations.renumber(text, {}) == text


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("", "empty_citation"),
        ("  ", "empty_citation"),
        ("4-2", "reversed_range"),
        ("1,", "malformed_citation"),
        ("0", "malformed_citation"),
        ("1-150,1-60", "citation_too_long"),
    ],
)
def test_unreadable_markers_name_their_problem(body, code):
    with pytest.raises(citations.CitationError) as caught:
        citations.parse_marker_body(body)
    assert caught.value.code == code
