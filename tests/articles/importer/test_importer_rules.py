"""The corrected format rules, each both ways (samples README rules 1-4, 7, 8, 10; issue 9)."""

from pathlib import Path

import pytest

from articles.importer.parser import parse_article, parse_article_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"


def parse_file(name: str, lang: str, **kwargs):
    doc = parse_article_bytes((FIXTURES / name).read_bytes(), lang=lang, **kwargs)
    assert doc.errors == []
    return doc


def shape(doc) -> list[tuple]:
    """(line, type, level or item count) of every block."""
    out = []
    for block in doc.blocks:
        if block.type == "heading":
            out.append((block.line, f"h{block.level}"))
        elif block.type in ("bullet_list", "ordered_list"):
            out.append((block.line, block.type, len(block.items)))
        else:
            out.append((block.line, block.type))
    return out


def test_question_heading_with_ordinal_is_a_heading_and_without_is_a_paragraph():
    doc = parse_file("rule_question_headings_zh_hant.txt", "zh-hant")
    assert shape(doc) == [
        (2, "h2"),
        (3, "paragraph"),
        (4, "paragraph"),  # 為什麼有些診所收費很高? - a question, no ordinal
        (5, "paragraph"),
        (6, "h2"),
        (7, "paragraph"),
    ]
    assert doc.blocks[0].text == "幹細胞治療安全嗎？"


def test_lines_ending_with_a_colon_and_related_reading_are_paragraphs():
    doc = parse_file("rule_colon_lines_zh_hans.txt", "zh-hans")
    assert shape(doc) == [
        (2, "h2"),
        (3, "paragraph"),
        (4, "paragraph"),  # 需要带的材料:
        (5, "paragraph"),
        (6, "paragraph"),  # 问诊要点：
        (7, "paragraph"),
        (8, "paragraph"),  # 相关阅读:…
        (9, "h3"),  # 康复训练的安排: short, between two paragraphs
        (10, "paragraph"),
    ]
    assert doc.blocks[6].text == "相关阅读：卒中后如何做好家庭康复"


def test_consecutive_numbered_lines_are_a_list_and_lone_ones_sub_headings():
    doc = parse_file("rule_numbered_zh_hans.txt", "zh-hans")
    assert shape(doc) == [
        (2, "h2"),
        (3, "paragraph"),
        (4, "ordered_list", 3),
        (7, "h2"),
        (8, "h3"),
        (9, "paragraph"),
        (10, "h3"),
        (11, "paragraph"),
    ]
    assert [item.text for item in doc.blocks[2].items] == ["查询登记号", "联系研究中心", "签署知情同意书"]
    assert [doc.blocks[i].text for i in (4, 6)] == ["不要自费购买细胞", "保留所有记录"]


def test_a_line_after_a_list_is_never_part_of_its_last_item():
    doc = parse_file("rule_list_end_zh_hant.txt", "zh-hant")
    assert shape(doc) == [
        (2, "h2"),
        (3, "bullet_list", 2),
        (5, "paragraph"),
        (6, "h2"),
        (7, "bullet_list", 1),
        (8, "h2"),  # 結語 right after a list
        (9, "paragraph"),
    ]
    assert doc.blocks[1].items[-1].text == "查詢試驗登記號"


def test_hard_wrapped_english_markdown_is_joined_into_paragraphs():
    doc = parse_file("rule_hard_wrapped_en.md", "en")
    assert shape(doc) == [
        (3, "paragraph"),
        (7, "h2"),
        (9, "paragraph"),
        (12, "bullet_list", 2),
        (14, "paragraph"),
        (17, "h2"),
        (19, "paragraph"),
    ]
    assert doc.blocks[0].text == (
        "Many clinics advertise stem cell treatments for stroke that have never been tested in a "
        "registered trial. This short guide lists the questions to ask first."
    )
    assert doc.blocks[4].text == "Then compare what the clinic says with the registered protocol."


def test_a_file_of_finished_lines_is_not_hard_wrapped():
    text = "Title\n\nThe first paragraph ends here.\nThe second one starts on the next line.\n"
    doc = parse_article(text, lang="en")
    assert [block.text for block in doc.blocks] == [
        "The first paragraph ends here.",
        "The second one starts on the next line.",
    ]


def test_a_line_ending_mid_sentence_goes_on_across_a_stray_blank_line():
    text = "标题\n第一句还没说完,\n\n接着说完了。\n另起一段。\n"
    doc = parse_article(text, lang="zh-hans")
    assert [block.text for block in doc.blocks] == ["第一句还没说完，接着说完了。", "另起一段。"]


@pytest.mark.parametrize("word", ["結語", "总结：", "小結:", "Conclusions", "summary"])
def test_closing_section_words_are_headings(word):
    text = f"标题\n一、开始\n正文第一段。\n{word}\n最后一段。\n"
    doc = parse_article(text, lang="zh-hans")
    assert shape(doc) == [(2, "h2"), (3, "paragraph"), (4, "h2"), (5, "paragraph")]
    assert doc.blocks[2].text == word.rstrip(":：")


def test_a_closing_word_inside_a_sentence_is_no_heading():
    doc = parse_article("标题\n一、开始\n总结一下我们的看法。\n", lang="zh-hans")
    assert shape(doc) == [(2, "h2"), (3, "paragraph")]


def test_short_line_is_a_sub_heading_only_between_paragraphs_in_a_chinese_section():
    text = "标题\n第一段正文。\n短短的一行\n第二段正文。\n一、小节\n第三段正文。\n短短的一行\n第四段正文。\n"
    doc = parse_article(text, lang="zh-hans")
    assert shape(doc)[:3] == [(2, "paragraph"), (3, "paragraph"), (4, "paragraph")]  # no section yet
    assert shape(doc)[3:] == [(5, "h2"), (6, "paragraph"), (7, "h3"), (8, "paragraph")]


def test_short_line_with_a_citation_is_no_sub_heading():
    text = "标题\n一、小节\n第一段正文。\n见研究[1]\n第二段正文。\n参考资料\n[1] https://example.org/a\n"
    doc = parse_article(text, lang="zh-hans")
    assert [block.type for block in doc.blocks] == ["heading", "paragraph", "paragraph", "paragraph"]


def test_sub_heading_numbers_restart_in_each_section_and_may_end_with_a_quote():
    text = (
        "标题\n一、甲\n1. 第一点\n说明。\n2. 把细胞送到“正确位置”\n说明。\n二、乙\n1. 又一个第一点\n说明。\n"
    )
    doc = parse_article(text, lang="zh-hans")
    assert [(b.level, b.text) for b in doc.blocks if b.type == "heading"] == [
        (2, "甲"),
        (3, "第一点"),
        (3, "把细胞送到“正确位置”"),
        (2, "乙"),
        (3, "又一个第一点"),
    ]


def test_lead_paragraphs_each_stay_a_paragraph_of_the_intro():
    text = "第一段引言。\n第二段引言！\n第三段引言?\n真正的标题\n正文。\n"
    doc = parse_article(text, lang="zh-hans")
    assert doc.title == "真正的标题"
    assert [(p.line, p.text) for p in doc.intro] == [
        (1, "第一段引言。"),
        (2, "第二段引言！"),
        (3, "第三段引言？"),
    ]


def test_bare_url_reference_is_a_normal_entry():
    text = "Title\n\nText [1].\n\nReferences\n[1]https://clinicaltrials.gov/study/NCT02961504\n"
    doc = parse_article(text, lang="en")
    assert doc.errors == [] and doc.warnings == []
    assert doc.references[0].text == "https://clinicaltrials.gov/study/NCT02961504"


@pytest.mark.parametrize("prefix", ["醫學免責聲明：", "医学免责说明:", "Disclaimer: "])
def test_disclaimer_with_prefix_and_a_prompt_after_it(prefix):
    text = f"标题\n正文。\n参考资料\n[1] https://example.org/a\n{prefix}仅供参考。\n扫码关注公众号\n"
    doc = parse_article(text.replace("正文。", "正文[1]。"), lang="zh-hans")
    assert doc.disclaimer == "仅供参考。"
    assert [block.type for block in doc.blocks] == ["paragraph", "wechat_cta"]


def test_a_body_line_mentioning_wechat_stays_a_paragraph():
    text = "标题\n正文。\n欢迎家属通过微信与我们交流。\n最后一段。\n"
    doc = parse_article(text, lang="zh-hans")
    assert [block.type for block in doc.blocks] == ["paragraph", "paragraph", "paragraph"]
