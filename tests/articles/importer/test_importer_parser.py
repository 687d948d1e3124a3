"""The parser alone: text in, structured document out (samples README rules 1-9)."""

from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.functional import Promise

from articles.importer.document import BulletList, Heading, OrderedList, Paragraph, Table, WeChatCTA
from articles.importer.parser import parse_article, parse_article_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"
TREASURE_START = "Houkin K, Osanai T, Uchiyama S"
TREASURE_END = "doi: 10.1001/jamaneurol.2023.5200. PMID: 38227308; PMCID: PMC10792497."


def parse_file(name: str, lang: str, **kwargs):
    return parse_article_bytes((FIXTURES / name).read_bytes(), lang=lang, **kwargs)


def codes(problems) -> list[tuple[str, int | None]]:
    return [(problem.code, problem.line) for problem in problems]


def heading_texts(doc) -> list[tuple[int, str]]:
    return [(block.level, block.text) for block in doc.blocks_of(Heading)]


# The two samples -------------------------------------------------------------


class TestSampleZhHans:
    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("sample_article_zh_hans.md", "zh-hans")

    def test_no_problems(self, doc):
        assert doc.errors == []
        assert doc.warnings == []

    def test_title_is_first_line_and_not_repeated(self, doc):
        assert doc.title == "干细胞治疗中风：三项临床试验告诉我们什么"
        assert doc.title_line == 1
        assert doc.summary == ""
        assert doc.title not in [text for _level, text in heading_texts(doc)]

    def test_five_chinese_ordinal_headings(self, doc):
        assert heading_texts(doc) == [
            (2, "TREASURE：发病后18至36小时内静脉输注干细胞"),
            (2, "PISCES III：把神经干细胞直接注射进大脑"),
            (2, "PASSIoN：经鼻腔给新生儿使用干细胞"),
            (2, "三项试验一览"),
            (2, "给患者和家属的几点提示"),
        ]

    def test_block_counts(self, doc):
        assert doc.block_counts() == {"paragraph": 8, "heading": 5, "table": 1, "bullet_list": 1}

    def test_table(self, doc):
        (table,) = doc.blocks_of(Table)
        assert table.header == ["试验", "细胞类型", "给药途径", "阶段"]
        assert table.rows == [
            ["TREASURE", "骨髓来源的异体多能成体祖细胞（MultiStem）", "静脉输注", "2/3期"],
            ["PISCES III", "神经干细胞（CTX0E03）", "立体定向脑内注射", "2期（已终止）"],
            ["PASSIoN", "骨髓来源的异体间充质干细胞", "经鼻给药", "1/2期"],
        ]
        assert table.line == 25

    def test_bullets(self, doc):
        (bullets,) = doc.blocks_of(BulletList)
        assert len(bullets.items) == 4
        assert bullets.items[1].text.startswith("如果有机构宣称“干细胞可以治愈中风”")
        assert bullets.items[3].text == "任何治疗决定都应与神经科医生充分沟通后再作出。"

    def test_citation_markers(self, doc):
        assert [(m.raw, m.numbers, m.line) for m in doc.citations] == [
            ("[1-3]", (1, 2, 3), 3),
            ("[1]", (1,), 7),
            ("[1]", (1,), 9),
            ("[3]", (3,), 13),
            ("[3]", (3,), 15),
            ("[2]", (2,), 19),
            ("[2]", (2,), 21),
            ("[1,3]", (1, 3), 31),
        ]

    def test_marker_positions_point_into_the_paragraph(self, doc):
        paragraph = doc.blocks[0]
        (marker,) = paragraph.markers
        assert paragraph.text[marker.start : marker.end] == "[1-3]"
        assert paragraph.text.endswith("得出了什么结论[1-3]。")

    def test_reference_entries(self, doc):
        assert doc.reference_numbers() == [1, 2, 3]
        treasure = doc.references[0]
        assert treasure.line == 41
        assert treasure.text.startswith(TREASURE_START)
        assert treasure.text.endswith(TREASURE_END)
        assert doc.references[2].text == (
            "ClinicalTrials.gov. NCT03629275. https://clinicaltrials.gov/study/NCT03629275"
        )

    def test_disclaimer_is_not_body(self, doc):
        assert doc.disclaimer == "本文仅供科普参考，不构成任何医疗建议；具体诊断和治疗请咨询专业医生。"
        assert doc.disclaimer_line == 45
        assert all("免责说明" not in getattr(block, "text", "") for block in doc.blocks)


class TestSampleEn:
    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("sample_article_en.md", "en")

    def test_no_problems(self, doc):
        assert doc.errors == []
        assert doc.warnings == []

    def test_title(self, doc):
        assert doc.title == "Stem Cells for Stroke: What Three Clinical Trials Tell Us"

    def test_arabic_headings(self, doc):
        assert heading_texts(doc) == [
            (2, "TREASURE: intravenous cells 18 to 36 hours after stroke"),
            (2, "PISCES III: neural stem cells injected into the brain"),
            (2, "PASSIoN: intranasal stem cells for newborns"),
            (2, "The three trials at a glance"),
            (2, "Points for patients and families"),
        ]
        assert doc.blocks_of(OrderedList) == []

    def test_same_structure_as_zh_hans(self, doc):
        zh = parse_file("sample_article_zh_hans.md", "zh-hans")
        assert doc.block_counts() == zh.block_counts()
        assert [(m.raw, m.numbers) for m in doc.citations] == [(m.raw, m.numbers) for m in zh.citations]
        assert [e.text for e in doc.references] == [e.text for e in zh.references]

    def test_table_and_bullets(self, doc):
        (table,) = doc.blocks_of(Table)
        assert table.header == ["Trial", "Cell type", "Route", "Phase"]
        assert [row[0] for row in table.rows] == ["TREASURE", "PISCES III", "PASSIoN"]
        assert table.rows[1][3] == "Phase 2 (terminated)"
        (bullets,) = doc.blocks_of(BulletList)
        assert bullets.items[1].text.startswith('If a clinic claims that "stem cells can cure stroke"')

    def test_english_marker_follows_a_space(self, doc):
        assert doc.blocks[0].text.endswith("perinatal arterial ischaemic stroke [1-3].")

    def test_disclaimer(self, doc):
        assert doc.disclaimer.startswith("This article is for general education only")


# Own fixtures: one per README rule -------------------------------------------


class TestNoBlankLines:
    """WeChat copy: every line is its own block; `[n]text` entries; trailing prompt."""

    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("no_blank_lines_zh_hans.txt", "zh-hans")

    def test_clean(self, doc):
        assert doc.errors == [] and doc.warnings == []

    def test_every_line_is_a_block(self, doc):
        assert doc.title == "卒中后做康复，干细胞能帮上忙吗"
        assert [type(block).__name__ for block in doc.blocks] == [
            "Paragraph",
            "Paragraph",
            "Heading",
            "Paragraph",
            "Paragraph",
            "Heading",
            "BulletList",
            "Table",
            "Heading",
            "Paragraph",
            "WeChatCTA",
        ]
        assert doc.blocks[1].text == "这篇短文用几分钟讲清楚目前的证据。"

    def test_table_with_alignment_separator(self, doc):
        (table,) = doc.blocks_of(Table)
        assert table.header == ["问题", "可靠的回答"]
        assert table.rows == [
            ["有没有登记号", "能给出并且可以查到"],
            ["要不要交钱", "正规试验一般不向受试者收费"],
        ]

    def test_entries_without_space(self, doc):
        assert doc.reference_numbers() == [1, 2]
        assert doc.references[0].text.startswith(TREASURE_START)
        assert doc.references[1].text.startswith("ClinicalTrials.gov.")

    def test_wechat_prompt_becomes_cta(self, doc):
        (cta,) = doc.blocks_of(WeChatCTA)
        assert cta.text == "长按识别下方二维码，添加我们的微信，了解更多试验信息。"
        assert cta.line == 21
        assert doc.blocks[-1] is cta
        assert doc.disclaimer == "本文内容仅用于健康科普，不能代替医生的诊断。"


class TestLeadParagraphs:
    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("lead_paragraphs_zh_hans.md", "zh-hans")

    def test_clean(self, doc):
        assert doc.errors == [] and doc.warnings == []

    def test_leads_become_intro_and_hash_title(self, doc):
        assert doc.title == "静脉输注干细胞治疗急性卒中：一项试验的启示"
        assert doc.title_line == 5
        assert [(paragraph.line, paragraph.text) for paragraph in doc.intro] == [
            (1, "你是不是也在朋友圈里看到过“干细胞让瘫痪的人重新站起来”这样的文章？"),
            (3, "今天我们不讲故事，只看登记在案的临床试验到底说了些什么。"),
        ]
        assert doc.summary == doc.intro[0].text

    def test_hash_headings(self, doc):
        assert heading_texts(doc) == [(2, "试验是怎样设计的"), (3, "给药时间"), (2, "结果说明了什么")]

    def test_wrapped_cjk_lines_join_without_space(self, doc):
        paragraph = doc.blocks[1]
        assert paragraph.text == (
            "这项试验一共招募了两百多名急性缺血性卒中患者，他们被随机分到干细胞组或者安慰剂组，"
            "医生和患者都不知道谁接受了哪一种治疗[1]。"
        )
        assert paragraph.markers[0].line == 11  # the third of the wrapped lines

    def test_en_dash_range_and_caption(self, doc):
        assert ("[1–2]", (1, 2)) in [(m.raw, m.numbers) for m in doc.citations]
        (table,) = doc.blocks_of(Table)
        assert table.caption == "表1：试验的基本情况"
        assert table.rows == [["人数", "206"], ["给药方式", "静脉输注"]]
        assert not any(isinstance(block, Paragraph) and block.text.startswith("表1") for block in doc.blocks)

    def test_hash_reference_heading_with_colon(self, doc):
        assert doc.reference_numbers() == [1, 2]
        assert doc.references[1].text.endswith("https://www.nhc.gov.cn/example/stem-cell-rules.html")


class TestGB18030:
    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("gb18030_zh_hans.txt", "zh-hans")

    def test_decoded(self, doc):
        assert doc.errors == [] and doc.warnings == []
        assert doc.title == "间充质干细胞是什么"

    def test_arabic_headings_and_chinese_ordered_list(self, doc):
        assert heading_texts(doc) == [(2, "细胞从哪里来"), (2, "怎样给药")]
        (ordered,) = doc.blocks_of(OrderedList)
        assert [item.text for item in ordered.items] == ["静脉输注", "动脉内注射", "经鼻腔给药"]

    def test_wrapped_paragraph(self, doc):
        assert doc.blocks[0].text == (
            "间充质干细胞可以从骨髓、脂肪或脐带中获得，是目前卒中研究里用得最多的细胞类型之一[1]。"
        )


class TestBomEnglish:
    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("bom_en.md", "en")

    def test_bom_and_hash_title(self, doc):
        assert doc.errors == []
        assert doc.title == "Asking the Right Questions About Stem Cell Clinics"
        assert doc.title_line == 1

    def test_wrapped_english_lines_join_with_a_space(self, doc):
        assert doc.blocks[0].text.startswith(
            "Clinics that sell stem cell treatments for stroke often point to research that does not"
        )

    def test_h3_and_ordered_list(self, doc):
        assert heading_texts(doc) == [(3, "What a registered trial looks like")]
        (ordered,) = doc.blocks_of(OrderedList)
        assert [item.text for item in ordered.items] == [
            "Ask for the registration number.",
            "Look the number up yourself.",
            "Check who pays for the treatment.",
        ]

    def test_marker_variants(self, doc):
        assert [(m.raw, m.numbers) for m in doc.citations] == [
            ("[1, 2]", (1, 2)),
            ("[2–3]", (2, 3)),
            ("[1,2-3]", (1, 2, 3)),
        ]

    def test_references_colon_and_english_cta(self, doc):
        assert doc.reference_numbers() == [1, 2, 3]
        assert doc.references[2].text == "Notes from a patient support group meeting, spring 2024"
        (cta,) = doc.blocks_of(WeChatCTA)
        assert cta.text.startswith("Scan the QR code to add us on WeChat")
        assert doc.disclaimer.startswith("This text is general information")


class TestTraditional:
    @pytest.fixture(scope="class")
    def doc(self):
        return parse_file("zh_hant.md", "zh-hant")

    def test_clean(self, doc):
        assert doc.errors == [] and doc.warnings == []
        assert doc.title == "中風之後的幹細胞治療：我們知道多少"

    def test_chinese_comma_headings_and_fullwidth_comma_marker(self, doc):
        assert heading_texts(doc) == [(2, "臨床試驗的現況"), (2, "家屬可以做的事")]
        assert doc.citations[0].raw == "[1，2]"
        assert doc.citations[0].numbers == (1, 2)

    def test_traditional_reference_heading_and_disclaimer(self, doc):
        assert doc.reference_numbers() == [1, 2]
        assert doc.disclaimer == "本文僅供衛教參考，不構成任何醫療建議。"


# Structural errors: each reported with its line ------------------------------


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("error_no_title.md", "zh-hans", [("no_title", 1)]),
        ("error_table_cells.md", "en", [("table_cells", 8), ("table_cells", 9)]),
        ("error_table_separator.md", "en", [("table_separator", 3)]),
        ("error_unmatched_citation.md", "zh-hans", [("unmatched_citation", 3)]),
        ("error_reversed_range.md", "en", [("reversed_range", 3)]),
        ("error_empty_marker.md", "en", [("empty_citation", 3)]),
        (
            "error_many.md",
            "en",
            [
                ("unmatched_citation", 3),
                ("table_cells", 7),
                ("reversed_range", 9),
                ("empty_citation", 9),
            ],
        ),
        ("error_unreadable_utf16.txt", "en", [("unreadable", None)]),
    ],
)
def test_structural_errors(name, lang, expected):
    doc = parse_file(name, lang)
    assert codes(doc.errors) == expected
    assert not doc.ok


def test_error_messages_name_line_and_reason():
    doc = parse_file("error_many.md", "en")
    with translation.override("en"):
        messages = [str(problem) for problem in doc.errors]
    assert messages == [
        "Line 3: Citation [5]: reference [5] is not in the reference list.",
        "Line 7: This table row has the wrong number of cells: 3 instead of 2.",
        "Line 9: [2-1]: reversed citation range.",
        "Line 9: [ ]: empty citation marker.",
    ]


def test_messages_are_translated_when_shown():
    """Messages stay lazy: the admin renders them in the editor's language, later."""
    doc = parse_file("error_table_cells.md", "en")
    assert isinstance(doc.errors[0].message, Promise)
    with translation.override("en"):
        assert str(doc.errors[0]).startswith("Line 8: ")


def test_empty_file():
    doc = parse_article("\n \n", lang="en")
    assert codes(doc.errors) == [("empty", None)]


@override_settings(IMPORT_MAX_BYTES=100)
def test_size_limit():
    doc = parse_article_bytes(b"Title\n\n" + b"x. " * 100, lang="en")
    assert codes(doc.errors) == [("too_large", None)]
    assert "100" in str(doc.errors[0])


def test_random_bytes_are_unreadable():
    doc = parse_article_bytes(bytes(range(256)) * 4, lang="en")
    assert codes(doc.errors) == [("unreadable", None)]


def test_unknown_language_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_article("Title", lang="fr")


# Single rules, small inputs ----------------------------------------------------


def test_title_override_replaces_detected_title():
    doc = parse_article("Old title\n\nBody text.\n", lang="en", title="New title")
    assert doc.title == "New title"
    assert [block.text for block in doc.blocks] == ["Body text."]


def test_title_override_when_none_is_found():
    doc = parse_article("第一段就是正文。\n第二段也是。\n", lang="zh-hans", title="补上的标题")
    assert doc.errors == []
    assert doc.title == "补上的标题"
    assert [block.text for block in doc.blocks] == ["第一段就是正文。", "第二段也是。"]


def test_lead_paragraphs_without_blank_lines():
    text = "第一段引言，说明背景。\n第二段引言！\n真正的标题\n正文第一句。\n"
    doc = parse_article(text, lang="zh-hans")
    assert doc.title == "真正的标题"
    assert [paragraph.text for paragraph in doc.intro] == ["第一段引言，说明背景。", "第二段引言！"]
    assert doc.summary == "第一段引言，说明背景。"
    assert [block.text for block in doc.blocks] == ["正文第一句。"]


def test_more_than_three_leads_warns():
    text = "一句。\n\n两句。\n\n三句。\n\n四句。\n\n标题在这里\n\n正文。\n"
    doc = parse_article(text, lang="zh-hans")
    assert doc.title == "标题在这里"
    assert codes(doc.warnings) == [("many_leads", 1)]


def test_chinese_ordinal_line_is_a_heading_whatever_it_holds_up_to_the_block_limit():
    too_long = "一、" + "很长的句子" * 41
    text = f"标题\n\n{too_long}\n\n二、这是一个完整的句子。\n\n三、正常的小标题\n"
    doc = parse_article(text, lang="zh-hans")
    assert heading_texts(doc) == [(2, "这是一个完整的句子。"), (2, "正常的小标题")]
    assert [b.type for b in doc.blocks] == ["paragraph", "heading", "heading"]


def test_consecutive_numbered_lines_are_an_ordered_list():
    text = "Title\n\n1. Intro\n\nSome text.\n\n1. first step\n\n2. second step\n\nMore text.\n\n2. Next section\n"
    doc = parse_article(text, lang="en")
    assert heading_texts(doc) == [(2, "Intro"), (2, "Next section")]
    (ordered,) = doc.blocks_of(OrderedList)
    assert [item.text for item in ordered.items] == ["first step", "second step"]


def test_arabic_heading_numbers_must_rise():
    text = "Title\n\n1. Intro\n\nText.\n\n2. Methods\n\nText.\n\n1. Not a heading\n\nText.\n"
    doc = parse_article(text, lang="en")
    assert heading_texts(doc) == [(2, "Intro"), (2, "Methods")]
    (ordered,) = doc.blocks_of(OrderedList)
    assert ordered.items[0].text == "Not a heading"


def test_arabic_heading_with_full_stop_is_a_list_item():
    doc = parse_article("Title\n\n1. Ask your doctor first.\n", lang="en")
    assert doc.blocks_of(Heading) == []
    assert doc.blocks_of(OrderedList)[0].items[0].text == "Ask your doctor first."


def test_arabic_under_chinese_sections_are_subheadings():
    text = "标题\n\n一、背景\n\n1、细胞来源\n\n正文。\n\n二、方法\n\n1、给药\n\n正文。\n"
    doc = parse_article(text, lang="zh-hans")
    assert heading_texts(doc) == [(2, "背景"), (3, "细胞来源"), (2, "方法"), (3, "给药")]


def test_chinese_ordinals_up_to_eleven():
    numerals = "一二三四五六七八九十"
    sections = [f"{n}、第{i + 1}节" for i, n in enumerate(numerals)] + ["十一、第11节"]
    text = "标题\n\n" + "\n\n正文。\n\n".join(sections) + "\n"
    doc = parse_article(text, lang="zh-hans")
    assert [text for _level, text in heading_texts(doc)] == [f"第{i}节" for i in range(1, 12)]
    assert doc.warnings == []


def test_chinese_section_numbers_going_back_warn():
    doc = parse_article("标题\n\n二、后面\n\n一、前面\n", lang="zh-hans")
    assert len(doc.blocks_of(Heading)) == 2
    assert codes(doc.warnings) == [("heading_order", 5)]


def test_blank_lines_in_a_bullet_list_mean_nothing_and_quotes_stay():
    text = 'Title\n\n- one "quoted" [1]\n- two ‘curly’\n\n- three\n\nReferences\n[1] A web page. https://example.org/a\n'
    doc = parse_article(text, lang="en")
    (bullets,) = doc.blocks_of(BulletList)
    assert [item.text for item in bullets.items] == ['one "quoted" [1]', "two ‘curly’", "three"]
    assert bullets.items[0].markers[0].numbers == (1,)


def test_line_after_a_list_item_is_a_block_even_in_a_wrapped_file():
    text = "Title\n\nA paragraph that the editor's text editor\nwrapped at a fixed width.\n\n- an item that\n  goes on\n- next\n"
    doc = parse_article(text, lang="en")
    assert doc.blocks[0].text == "A paragraph that the editor's text editor wrapped at a fixed width."
    assert [block.type for block in doc.blocks] == ["paragraph", "bullet_list", "paragraph", "bullet_list"]
    assert [item.text for item in doc.blocks[1].items] == ["an item that"]
    assert doc.blocks[2].text == "goes on"


def test_structural_lines_always_start_a_block():
    text = "Title\n\nSome text\n- a bullet\n| a | b |\n|---|---|\n| 1 | 2 |\nmore text\n"
    doc = parse_article(text, lang="en")
    assert [block.type for block in doc.blocks] == ["paragraph", "bullet_list", "table", "paragraph"]


def test_table_separator_with_any_dashes_and_colons_and_escaped_pipe():
    text = "Title\n\n| A | B |\n| :- | -------: |\n| x \\| y | 2/3期 |\n"
    doc = parse_article(text, lang="zh-hans")
    (table,) = doc.blocks_of(Table)
    assert table.rows == [["x | y", "2/3期"]]
    assert doc.errors == []


def test_table_needs_rows():
    doc = parse_article("Title\n\n| A | B |\n|---|---|\n", lang="en")
    assert codes(doc.errors) == [("table_empty", 3)]


def test_brackets_with_other_text_are_plain_text():
    text = "Title\n\nSee [note] and [a1] and [NCT123] here.\n"
    doc = parse_article(text, lang="en")
    assert doc.errors == [] and doc.citations == []


def test_unmatched_range_reports_each_missing_number():
    text = "Title\n\nText [1-3].\n\nReferences\n[1] A. https://example.org/a\n"
    doc = parse_article(text, lang="en")
    assert codes(doc.errors) == [("unmatched_citation", 3), ("unmatched_citation", 3)]


def test_markers_without_reference_list_are_errors():
    doc = parse_article("Title\n\nText [1].\n", lang="en")
    assert codes(doc.errors) == [("unmatched_citation", 3)]


@pytest.mark.parametrize(
    "heading",
    [
        "参考资料",
        "参考资料：",
        "參考資料:",
        "参考文献",
        "## 參考文獻",
        "References",
        "REFERENCES:",
        "# references",
    ],
)
def test_reference_heading_variants(heading):
    text = f"标题\n\n正文[1]。\n\n{heading}\n[1]ClinicalTrials.gov. NCT1. https://example.org/1\n"
    doc = parse_article(text, lang="zh-hans")
    assert doc.errors == []
    assert doc.reference_numbers() == [1]


def test_reference_list_ends_at_blank_line_and_wrapped_entries_join():
    text = (
        "Title\n\nText [1,2].\n\nReferences\n"
        "[1] Author A. A long title that\nwraps. J Test. 2020;1(1):1-2.\n[2] Web. https://example.org/x\n"
        "\nExtra words after the list.\n"
    )
    doc = parse_article(text, lang="en")
    assert doc.references[0].text == "Author A. A long title that wraps. J Test. 2020;1(1):1-2."
    assert codes(doc.warnings) == [("after_references", 10)]
    assert doc.blocks[-1].text == "Extra words after the list."


def test_duplicate_and_unnumbered_reference_lines_are_errors():
    text = "Title\n\nText [1].\n\nReferences\nnot numbered\n[1] One. https://a.example\n[1] Again.\n"
    doc = parse_article(text, lang="en")
    assert codes(doc.errors) == [("reference_entry", 6), ("duplicate_reference", 8)]


def test_uncited_and_out_of_order_references_warn():
    text = "Title\n\nText [2].\n\nReferences\n[2] Two. https://b.example\n[1] One. https://a.example\n"
    doc = parse_article(text, lang="en")
    assert doc.errors == []
    assert codes(doc.warnings) == [("reference_order", 5), ("uncited_reference", 7)]


@pytest.mark.parametrize(
    "line",
    ["免责说明：只供参考。", "免責說明：只供參考。", "Disclaimer: for information only.", "disclaimer：x"],
)
def test_disclaimer_variants(line):
    doc = parse_article(f"标题\n\n正文。\n\n{line}\n", lang="zh-hans")
    assert doc.disclaimer == line.split("：" if "：" in line else ":", 1)[1].strip()
    assert [block.text for block in doc.blocks] == ["正文。"]


@pytest.mark.parametrize(
    "prompt",
    [
        "扫码添加微信，获取更多资讯",
        "掃碼加我們的微信",
        "欢迎关注我们的公众号",
        "Scan the code to add us on WeChat.",
        "Add us on WeChat: stemcell-team",
    ],
)
def test_trailing_wechat_prompts(prompt):
    doc = parse_article(f"Title\n\nBody.\n\n{prompt}\n", lang="en")
    assert [block.type for block in doc.blocks] == ["paragraph", "wechat_cta"]
    assert doc.blocks[-1].text == prompt


def test_prompt_before_reference_list_is_cta_and_mid_text_mention_is_not():
    text = (
        "Title\n\nWe talked about WeChat groups in the clinic.\n\nScan the QR code to join us.\n\n"
        "References\n[1] One. https://a.example\n"
    )
    doc = parse_article(text, lang="en")
    assert [block.type for block in doc.blocks] == ["paragraph", "wechat_cta"]


def test_crlf_and_invisible_characters():
    text = "\ufeffTitle\r\n\r\n\u3000\u3000Body\u200b text [1].\r\n\r\nReferences\r\n[1] One. https://a.example\r\n"
    doc = parse_article(text, lang="en")
    assert doc.errors == []
    assert doc.blocks[0].text == "Body text [1]."


def test_gb18030_bytes_decode():
    data = "标题\n\n正文。\n".encode("gb18030")
    doc = parse_article_bytes(data, lang="zh-hans")
    assert doc.title == "标题" and doc.errors == []


def test_utf8_bom_bytes_decode():
    doc = parse_article_bytes("\ufeffTitle\n\nBody.\n".encode(), lang="en")
    assert doc.title == "Title"


def test_reference_list_without_heading_is_found_with_a_warning():
    text = "Title\n\nText [1,2].\n\n[1] One. https://a.example\n[2] Two. https://b.example\n\nDisclaimer: x\n"
    doc = parse_article(text, lang="en")
    assert doc.errors == []
    assert doc.reference_numbers() == [1, 2]
    assert codes(doc.warnings) == [("reference_heading_missing", 5)]
    assert [block.text for block in doc.blocks] == ["Text [1,2]."]


def test_bracketed_lines_inside_a_paragraph_are_not_a_reference_list():
    text = "Title\n\nThe note below explains it [1]\n[1] is what we call the first study.\n"
    doc = parse_article(text, lang="en")
    assert doc.references == []
    assert codes(doc.errors) == [("unmatched_citation", 3), ("unmatched_citation", 4)]
