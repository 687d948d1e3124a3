"""The WeChat-shaped sample imports block by block as its `.expected.json` says (issue 9)."""

import json
import re
from pathlib import Path

import pytest

from articles.importer.document import BulletList, Heading, OrderedList, Paragraph, Table, WeChatCTA
from articles.importer.parser import parse_article_bytes
from articles.importer.references import entry_fields
from articles.importer.stream import stream_data
from portal.references.models import Reference

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"
SAMPLE = FIXTURES / "sample_article_wechat_zh_hant.txt"
EXPECTED = json.loads((FIXTURES / "sample_article_wechat_zh_hant.expected.json").read_text(encoding="utf-8"))
TYPES = {"heading": Heading, "paragraph": Paragraph, "table": Table, "bullet_list": BulletList}
# The expected fragments hold no punctuation; the importer makes it full-width.
_PUNCTUATION = re.compile(r"[,:;?!()，：；？！（）]")


def bare(text: str) -> str:
    return _PUNCTUATION.sub("", text)


@pytest.fixture(scope="module")
def doc():
    return parse_article_bytes(SAMPLE.read_bytes(), lang=EXPECTED["language"])


def test_clean(doc):
    assert doc.errors == []
    assert doc.warnings == []


def test_title(doc):
    assert doc.title_line == 5
    for fragment in EXPECTED["title_contains"]:
        assert fragment in bare(doc.title)


def test_intro_paragraphs_stay_separate(doc):
    assert [p.line for p in doc.intro] == [item["line"] for item in EXPECTED["intro"]]
    for paragraph, expected in zip(doc.intro, EXPECTED["intro"], strict=True):
        assert bare(paragraph.text).startswith(expected["starts_with"])
    assert doc.summary == doc.intro[0].text


def test_every_body_block(doc):
    body = [block for block in doc.blocks if not isinstance(block, WeChatCTA)]
    assert [block.line for block in body] == [item["line"] for item in EXPECTED["body"]]
    for block, expected in zip(body, EXPECTED["body"], strict=True):
        where = f"line {expected['line']}"
        assert isinstance(block, TYPES[expected["type"]]), where
        if expected["type"] == "heading":
            assert block.level == expected["level"], where
            assert expected["text_contains"] in bare(block.text), where
        elif expected["type"] == "paragraph":
            assert bare(block.text).startswith(expected["starts_with"]), where
            cited = [number for marker in block.markers for number in marker.numbers]
            assert cited == expected.get("citations", []), where
        elif expected["type"] == "table":
            assert len(block.header) == expected["columns"], where
            assert block.header == expected["header"], where
            assert len(block.rows) == expected["body_rows"], where
            assert all(len(row) == expected["columns"] for row in block.rows), where
        elif expected["type"] == "bullet_list":
            assert len(block.items) == expected["items"], where


def test_table_of_contents_has_six_sections_and_eight_sub_headings(doc):
    headings = doc.blocks_of(Heading)
    assert [h.level for h in headings].count(2) == 6
    assert [h.level for h in headings].count(3) == 8
    assert doc.blocks_of(OrderedList) == []


def test_no_list_item_swallows_the_next_line(doc):
    for bullets in doc.blocks_of(BulletList):
        assert all(len(item.text) < 60 for item in bullets.items)


def test_references(doc):
    assert [(entry.number, entry.line) for entry in doc.references] == [
        (item["n"], item["line"]) for item in EXPECTED["references"]
    ]
    for entry, expected in zip(doc.references, EXPECTED["references"], strict=True):
        fields, kind = entry_fields(entry.text)
        kind = {Reference.Kind.JOURNAL_ARTICLE: "journal", Reference.Kind.WEB: "web"}[kind]
        assert kind == expected["kind"]
        for name in ("doi", "pmid", "pmcid", "url"):
            if name in expected:
                assert fields[name].lower() == expected[name].lower(), (entry.number, name)


def test_reference_entries_keep_their_punctuation(doc):
    assert doc.references[0].text.startswith("Houkin K, Osanai T,")


def test_disclaimer_and_call_to_action(doc):
    assert doc.disclaimer_line == EXPECTED["disclaimer"]["line"]
    assert EXPECTED["disclaimer"]["contains"] in doc.disclaimer
    (cta,) = doc.blocks_of(WeChatCTA)
    assert cta.line == EXPECTED["wechat_call_to_action"]["line"]
    assert doc.blocks[-1] is cta


def test_intro_is_the_first_blocks_of_the_body(doc):
    data = stream_data(doc)
    assert [block["type"] for block in data[:4]] == ["lead", "lead", "lead", "heading"]
    assert data[0]["value"].startswith("<p>家人中風以後，")
