"""Chinese punctuation and mixed-script proposals on import (issue 9)."""

from pathlib import Path

import pytest

from articles.importer.document import Heading, Paragraph, Table
from articles.importer.parser import parse_article, parse_article_bytes
from articles.importer.punctuation import full_width
from articles.importer.script import ALL

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"
MIXED = (FIXTURES / "mixed_script_zh_hant.txt").read_bytes()


# Punctuation -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "count"),
    [
        ("以後,很多家屬", "以後，很多家屬", 1),
        ("是什麼?", "是什麼？", 1),
        ("中風:家屬", "中風：家屬", 1),
        ("安全;但是", "安全；但是", 1),
        ("太好了!", "太好了！", 1),
        ("部分亞組(例如較年輕的患者)顯示", "部分亞組（例如較年輕的患者）顯示", 2),
        ("間充質幹細胞 (MSCs)", "間充質幹細胞 （MSCs）", 2),
        ("“幹細胞”,也會", "“幹細胞”，也會", 1),
        ("共1,000名患者,劑量2.5", "共1,000名患者，劑量2.5", 1),
        ("時間是18:30", "時間是18:30", 0),
        ("Phase 2 (terminated), see: x", "Phase 2 (terminated), see: x", 0),
        ("登記網址:https://example.org/a?b=1,2", "登記網址：https://example.org/a?b=1,2", 1),
        ("研究[1,3]顯示", "研究[1,3]顯示", 0),
    ],
)
def test_full_width_next_to_chinese_only(text, expected, count):
    assert full_width(text) == (expected, count)


def test_chinese_article_gets_full_width_punctuation_and_counts_it():
    text = "干细胞:常见问题\n一、为什么?\n正文,说明(简短)[1]。\n- 列表,项目\n| 甲 | 乙 |\n|---|---|\n| 1,000 | 好,的 |\n参考资料\n[1] Smith J. A, b: c. J Test. 2020;1(2):3-4.\n免责说明:仅供参考,谢谢。\n"
    doc = parse_article(text, lang="zh-hans")
    assert doc.title == "干细胞：常见问题"
    assert doc.blocks_of(Heading)[0].text == "为什么？"
    (paragraph,) = doc.blocks_of(Paragraph)
    assert paragraph.text == "正文，说明（简短）[1]。"
    assert paragraph.text[paragraph.markers[0].start : paragraph.markers[0].end] == "[1]"
    assert doc.blocks[2].items[0].text == "列表，项目"
    assert doc.blocks_of(Table)[0].rows == [["1,000", "好，的"]]
    assert doc.disclaimer == "仅供参考，谢谢。"
    assert doc.references[0].text == "Smith J. A, b: c. J Test. 2020;1(2):3-4."
    assert doc.punctuation_changes == 8


def test_keep_punctuation_turns_it_off():
    doc = parse_article("干细胞:常见问题\n正文,说明。\n", lang="zh-hans", keep_punctuation=True)
    assert doc.title == "干细胞:常见问题"
    assert doc.blocks[0].text == "正文,说明。"
    assert doc.punctuation_changes == 0


def test_english_article_is_left_alone():
    doc = parse_article("Title: a (short) one\n\nText, with 中文,here.\n", lang="en")
    assert doc.blocks[0].text == "Text, with 中文,here."
    assert doc.punctuation_changes == 0


# Mixed scripts -------------------------------------------------------------------


def test_mixed_script_proposals_are_listed_and_nothing_changes():
    doc = parse_article_bytes(MIXED, lang="zh-hant")
    assert [(p.key, p.source, p.target, p.count) for p in doc.script_proposals] == [
        ("干細胞→幹細胞", "干細胞", "幹細胞", 2),
        ("中風后→中風後", "中風后", "中風後", 1),
        ("范圍→範圍", "范圍", "範圍", 2),
        ("并且→並且", "并且", "並且", 1),
    ]
    assert doc.title == "干細胞治療中風的新進展"
    assert doc.warnings == []  # proposals, not warnings


def test_accepted_proposals_are_applied_and_the_others_not():
    doc = parse_article_bytes(MIXED, lang="zh-hant", script_fixes=["干細胞→幹細胞", "中風后→中風後"])
    assert doc.title == "幹細胞治療中風的新進展"
    assert doc.blocks[0].text == "中風後，很多家屬都在尋找幹細胞治療的資訊。"
    assert doc.blocks[1].text == "研究的范圍"  # declined
    assert doc.blocks[2].markers[0].numbers == (1,)


def test_all_proposals_applied_but_never_to_reference_entries():
    doc = parse_article_bytes(MIXED, lang="zh-hant", script_fixes=ALL)
    assert doc.blocks[2].text == "目前的研究範圍仍然有限，並且多數是小型試驗[1]。"
    assert doc.references[0].text == "王小明. 干細胞與中風后康復. https://example.org/stem-cells"
    assert len(doc.script_proposals) == 4  # still listed, for the record


def test_clean_traditional_text_proposes_only_regional_preferences():
    doc = parse_article_bytes((FIXTURES / "sample_article_wechat_zh_hant.txt").read_bytes(), lang="zh-hant")
    assert [(p.source, p.target, p.count) for p in doc.script_proposals] == [
        ("平台", "平臺", 1),
        ("借助", "藉助", 1),
        ("分布", "分佈", 1),
    ]


def test_simplified_text_holding_traditional_characters():
    doc = parse_article("干细胞治疗\n中風后的康复很重要。\n", lang="zh-hans", script_fixes=ALL)
    assert [(p.source, p.target) for p in doc.script_proposals] == [("中風", "中风")]
    assert doc.blocks[0].text == "中风后的康复很重要。"


def test_clean_simplified_sample_proposes_nothing():
    doc = parse_article_bytes((FIXTURES / "sample_article_zh_hans.md").read_bytes(), lang="zh-hans")
    assert doc.script_proposals == []
