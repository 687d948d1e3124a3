"""The editor's choices reach the page: script fixes ("all" or chosen keys) and an editor's summary kept."""

from pathlib import Path

import pytest

from articles.importer.services import article_import
from articles.models import ArticlePage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"
MIXED = (FIXTURES / "mixed_script_zh_hant.txt").read_bytes()


def body_text(page: ArticlePage) -> str:
    revision = page.get_latest_revision_as_object()
    return str(revision.body_zh_hant.raw_data)


def test_all_script_fixes_as_a_string_are_applied(article_index):
    result = article_import(data=MIXED, lang="zh-hant", parent=article_index, script_fixes="all")

    assert result.ok, result.errors
    text = body_text(result.page)
    assert "中風後" in text and "範圍" in text
    assert "中風后" not in text and "范圍" not in text


def test_only_the_accepted_script_fix_is_applied(article_index):
    result = article_import(data=MIXED, lang="zh-hant", parent=article_index, script_fixes=["范圍→範圍"])

    assert result.ok, result.errors
    text = body_text(result.page)
    assert "範圍" in text and "范圍" not in text
    assert "中風后" in text


def test_no_script_fix_without_acceptance(article_index):
    result = article_import(data=MIXED, lang="zh-hant", parent=article_index)

    assert "中風后" in body_text(result.page)


def test_the_reference_entry_is_never_rewritten(article_index):
    result = article_import(data=MIXED, lang="zh-hant", parent=article_index, script_fixes="all")

    (link,) = result.page.get_latest_revision_as_object().reference_links.all()
    assert "干細胞與中風后康復" in link.reference.title


def test_an_empty_summary_takes_the_lead_and_an_editors_summary_stays(article_index):
    data = (FIXTURES / "lead_paragraphs_zh_hans.md").read_bytes()
    first = article_import(data=data, lang="zh-hans", parent=article_index)
    page = first.page.get_latest_revision_as_object()
    assert page.summary_zh_hans.startswith("你是不是也在朋友圈里看到过")

    page.summary_zh_hans = "编辑写的摘要。"
    page.save_revision()
    again = article_import(data=data, lang="zh-hans", parent=None, page=first.page)

    assert again.ok, again.errors
    assert again.page.get_latest_revision_as_object().summary_zh_hans == "编辑写的摘要。"


@pytest.mark.parametrize("text", ["你在做什么？这么多人都在问。", "怎么办？为什么这么难？"])
def test_clean_simplified_words_are_never_proposed(text):
    from articles.importer.script import changes

    assert changes(text, lang="zh-hans") == []


def test_traditional_characters_in_simplified_text_are_proposed_alone():
    from articles.importer.script import changes

    found = [(c.source, c.target) for c in changes("为什么这么多幹細胞研究？", lang="zh-hans")]
    assert found == [("幹細胞", "干细胞")]
