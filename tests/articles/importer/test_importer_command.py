"""manage.py import_article: exit status, problems with line numbers, summary."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from articles.models import ArticlePage
from portal.references.models import Reference

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_url_and_summary(article_index):
    out, err = run(FIXTURES / "sample_article_zh_hans.md", "--lang", "zh-hans")
    page = ArticlePage.objects.get()
    assert out.splitlines()[0].startswith("Created draft /zh-hans/")
    assert f"page {page.pk}" in out
    assert "blocks: bullet_list 1, heading 5, paragraph 8, table 1; references: 3 created, 0 reused" in out
    assert err == ""
    assert not page.live


def test_translation_onto_page_and_publish(article_index):
    run(FIXTURES / "sample_article_zh_hans.md", "--lang", "zh-hans", "--publish")
    page = ArticlePage.objects.get()
    out, _err = run(FIXTURES / "sample_article_en.md", "--lang", "en", "--page", page.pk, "--publish")
    assert out.startswith("Published new revision of /en/")
    assert "references: 0 created, 3 reused" in out
    page.refresh_from_db()
    assert page.title_en == "Stem Cells for Stroke: What Three Clinical Trials Tell Us"
    assert ArticlePage.objects.count() == 1
    assert Reference.objects.count() == 3


def test_parent_by_path_and_title_override(article_index):
    path = article_index.url_path_zh_hans.split("/", 2)[2]  # without the site root
    out, _err = run(FIXTURES / "bom_en.md", "--lang", "en", "--parent", path, "--title", "Questions to Ask")
    page = ArticlePage.objects.get()
    assert page.title_en == "Questions to Ask"
    assert "warning: Line 21: Reference [3] is neither an NLM citation nor a web page" in _err


def test_every_problem_listed_with_its_line_and_nothing_created(article_index):
    with pytest.raises(CommandError, match=r"4 problem\(s\), nothing was imported"):
        run(FIXTURES / "error_many.md", "--lang", "en")
    assert ArticlePage.objects.count() == 0
    assert Reference.objects.count() == 0


def test_problem_lines_on_stderr(article_index):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_article", str(FIXTURES / "error_many.md"), "--lang", "en", stderr=err)
    lines = err.getvalue().splitlines()
    assert [line for line in lines if line.startswith("error:")] == [
        "error: Line 3: Citation [5]: reference [5] is not in the reference list.",
        "error: Line 7: This table row has the wrong number of cells: 3 instead of 2.",
        "error: Line 9: [2-1]: reversed citation range.",
        "error: Line 9: [ ]: empty citation marker.",
    ]
    assert "warning: Line 12: Reference [1] is not cited in the text." in lines


def test_missing_file_and_unknown_page(article_index, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.md", "--lang", "en")
    with pytest.raises(CommandError, match="No article page with ID 999"):
        run(FIXTURES / "sample_article_en.md", "--lang", "en", "--page", 999)
    with pytest.raises(CommandError, match="No article index page"):
        run(FIXTURES / "sample_article_en.md", "--lang", "en", "--parent", "nowhere")


def test_bad_language_is_refused(article_index):
    with pytest.raises(CommandError):
        run(FIXTURES / "sample_article_en.md", "--lang", "fr")


@override_settings(IMPORT_MAX_BYTES=100)
def test_too_large_file(article_index):
    with pytest.raises(CommandError, match="the limit is 100 bytes"):
        run(FIXTURES / "sample_article_en.md", "--lang", "en")
    assert ArticlePage.objects.count() == 0
