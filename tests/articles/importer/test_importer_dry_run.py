"""manage.py import_article --dry-run / --keep-punctuation / --fix-script (issue 9)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from articles.models import ArticlePage
from portal.references.models import Reference
from tests.references.factories import ReferenceFactory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"
WECHAT = FIXTURES / "sample_article_wechat_zh_hant.txt"
MIXED = FIXTURES / "mixed_script_zh_hant.txt"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_outline_and_writes_nothing(article_index):
    existing = ReferenceFactory(doi="10.1001/jamaneurol.2023.5200", pmid="38227308")
    out, err = run(WECHAT, "--lang", "zh-hant", "--dry-run")
    assert ArticlePage.objects.count() == 0
    assert Reference.objects.count() == 1
    lines = out.splitlines()
    assert lines[0] == "Title: 幹細胞治療中風：家屬最常問的五個問題"
    assert "Intro:" in lines
    assert "  h2 幹細胞治療中風到底是什麼？  (line 6)" in lines
    assert "    h3 靶向遞送：把細胞送到“正確位置”  (line 43)" in lines
    assert "  h2 結語  (line 55)" in lines
    assert "Blocks: bullet_list 2, heading 14, paragraph 26, table 1, wechat_cta 1" in lines
    assert f"-> reuse reference {existing.pk}" in lines[lines.index("References: 4") + 1]
    assert lines[lines.index("References: 4") + 3] == (
        "  [3] web: https://clinicaltrials.gov/study/NCT02961504 -> new reference"
    )
    assert "Punctuation changes: 76" in lines
    assert "  平台 -> 平臺 ×1" in lines
    assert "Warnings: 0" in lines
    assert lines[-1] == "Dry run: nothing was written."
    assert err == ""


def test_dry_run_with_keep_punctuation_and_fix_script(article_index):
    out, _err = run(MIXED, "--lang", "zh-hant", "--dry-run", "--keep-punctuation", "--fix-script")
    assert "Title: 幹細胞治療中風的新進展" in out
    assert "Punctuation changes: 0" in out
    assert "  干細胞 -> 幹細胞 ×2" in out
    assert ArticlePage.objects.count() == 0


def test_dry_run_of_a_broken_file_lists_its_problems(article_index):
    with pytest.raises(CommandError, match=r"4 problem\(s\), nothing would be imported"):
        run(FIXTURES / "error_many.md", "--lang", "en", "--dry-run")
    assert Reference.objects.count() == 0


def test_import_applies_the_choices_at_once(article_index):
    out, _err = run(MIXED, "--lang", "zh-hant", "--fix-script", "--keep-punctuation")
    assert out.startswith("Created draft ")
    page = ArticlePage.objects.get()
    assert page.title_zh_hant == "幹細胞治療中風的新進展"
    body = page.get_latest_revision_as_object().body_zh_hant.raw_data
    assert body[0]["value"] == "<p>中風後,很多家屬都在尋找幹細胞治療的資訊。</p>"


def test_import_without_choices_converts_punctuation_and_proposes_only(article_index):
    run(MIXED, "--lang", "zh-hant")
    page = ArticlePage.objects.get()
    assert page.title_zh_hant == "干細胞治療中風的新進展"
    body = page.get_latest_revision_as_object().body_zh_hant.raw_data
    assert body[0]["value"] == "<p>中風后，很多家屬都在尋找干細胞治療的資訊。</p>"


def test_intro_is_shown_as_the_lead_before_the_table_of_contents(article_index, client):
    run(WECHAT, "--lang", "zh-hant", "--publish")
    page = ArticlePage.objects.get()
    assert page.summary_zh_hant.startswith("家人中風以後，很多家屬")
    with translation.override("zh-hant"):
        url = page.get_url()
    html = client.get(url).content.decode()
    intro, toc = html.index('class="article__intro"'), html.index('class="article__toc')
    assert intro < toc
    for start in ("家人中風以後", "幹細胞研究確實進", "這篇文章整理了家"):
        assert intro < html.index(f"<p>{start}") < toc
