"""article_import: files become ArticlePages with linked citations and shared references."""

import html
import logging
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import GroupPagePermission, Page, PageLogEntry

from articles.importer.services import IMPORT_ACTION, article_import
from articles.models import ArticleImportKey, ArticlePage
from portal.references.citation import nlm_citation
from portal.references.models import Reference

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles_import"
TREASURE_NLM = (
    "Houkin K, Osanai T, Uchiyama S, Minematsu K, Taguchi A, Maruichi K, Niiya Y, Asaoka K, Kuga Y, "
    "Takizawa K, Haraguchi K, Yoshimura S, Kimura K, Tokunaga K, Aoyama A, Ikawa F, Inenaga C, Abe T, "
    "Tominaga A, Takahashi S, Kudo K, Fujimura M, Sugiyama T, Ito M, Kawabori M, Hess DC, Savitz SI, "
    "Hirano T; TREASURE Study Investigators. Allogeneic Stem Cell Therapy for Acute Ischemic Stroke: "
    "The Phase 2/3 TREASURE Randomized Clinical Trial. JAMA Neurol. 2024 Feb 1;81(2):154-162. "
    "doi: 10.1001/jamaneurol.2023.5200. PMID: 38227308; PMCID: PMC10792497."
)


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def run_import(name, lang, parent, **kwargs):
    return article_import(data=read(name), lang=lang, parent=parent, source=name, **kwargs)


def visible(response) -> str:
    return html.unescape(response.content.decode())


def render(client, page, lang):
    with translation.override(lang):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return visible(response)


def body_html(page_html: str) -> str:
    match = re.search(
        r'<div class="article__body">(.*?)</div>\s*(?:</div>|<section|<aside|<footer)', page_html, re.S
    )
    assert match, "the page has no article body"
    return match.group(1)


@pytest.fixture
def imported_zh(article_index):
    result = run_import("sample_article_zh_hans.md", "zh-hans", article_index, publish=True)
    assert result.ok, [str(e) for e in result.errors]
    return result


class TestSampleZhHans:
    def test_creates_page_and_references(self, imported_zh, article_index):
        page = imported_zh.page
        assert imported_zh.created and imported_zh.published
        assert page.get_parent().pk == article_index.pk
        assert page.title_zh_hans == "干细胞治疗中风：三项临床试验告诉我们什么"
        assert page.slug_zh_hans.startswith("gan-xi-bao-zhi-liao-zhong-feng-san-xiang-lin-chuang-shi-yan")
        assert page.disclaimer_zh_hans.startswith("本文仅供科普参考")
        assert imported_zh.block_counts == {"paragraph": 8, "heading": 5, "table": 1, "bullet_list": 1}
        assert (imported_zh.references_created, imported_zh.references_reused) == (3, 0)
        assert imported_zh.warnings == []
        kinds = [link.reference.kind for link in page.reference_links.all()]
        assert kinds == ["article", "article", "web"]

    def test_treasure_reference_is_the_exact_nlm_string(self, imported_zh):
        treasure = imported_zh.page.reference_links.first().reference
        assert (treasure.doi, treasure.pmid, treasure.pmcid) == (
            "10.1001/jamaneurol.2023.5200",
            "38227308",
            "PMC10792497",
        )
        assert nlm_citation(treasure) == TREASURE_NLM

    def test_web_reference(self, imported_zh):
        registry = imported_zh.page.reference_links.all()[2].reference
        assert (registry.publisher, registry.title, registry.url) == (
            "ClinicalTrials.gov",
            "NCT03629275",
            "https://clinicaltrials.gov/study/NCT03629275",
        )

    def test_renders(self, client, imported_zh):
        page_html = render(client, imported_zh.page, "zh-hans")
        body = body_html(page_html)
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", body, re.S)
        assert [re.sub(r"<[^>]+>", "", h).strip() for h in headings] == [
            "TREASURE：发病后18至36小时内静脉输注干细胞",
            "PISCES III：把神经干细胞直接注射进大脑",
            "PASSIoN：经鼻腔给新生儿使用干细胞",
            "三项试验一览",
            "给患者和家属的几点提示",
        ]
        table = re.search(r"<table>(.*?)</table>", body, re.S).group(1)
        assert re.findall(r'<th scope="col">(.*?)</th>', table) == ["试验", "细胞类型", "给药途径", "阶段"]
        rows = re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S)
        assert [re.findall(r"<td>(.*?)</td>", row)[0] for row in rows] == [
            "TREASURE",
            "PISCES III",
            "PASSIoN",
        ]
        assert "2期（已终止）" in table
        bullets = re.search(r"<ul>(.*?)</ul>", body, re.S).group(1)
        assert bullets.count("<li>") == 4
        # [1-3] links its ends and anchors 2; every cited number links to its entry.
        assert '<a href="#ref-1" id="cite-1-1">1</a>' in body
        assert 'id="cite-2-1"' in body
        assert '<a href="#ref-3" id="cite-3-1">3</a>' in body
        assert "[1-3]" not in body and "[1,3]" not in body
        assert "免责说明" not in body
        assert "本文仅供科普参考" in page_html

    def test_reference_list_renders_numbered(self, client, imported_zh):
        page_html = render(client, imported_zh.page, "zh-hans")
        references = re.search(r'<ol class="reference-list">(.*?)</ol>', page_html, re.S).group(1)
        items = re.findall(r'<li id="ref-(\d+)"[^>]*>(.*?)</li>', references, re.S)
        assert [number for number, _text in items] == ["1", "2", "3"]
        treasure_text = " ".join(re.sub(r"<[^>]+>", " ", items[0][1]).split())
        assert TREASURE_NLM in treasure_text

    def test_renders_in_traditional_through_fallback(self, client, imported_zh):
        page_html = render(client, imported_zh.page, "zh-hant")
        assert "幹細胞治療中風" in page_html
        assert "給患者和家屬的幾點提示" in page_html

    def test_audit_log(self, imported_zh):
        entry = PageLogEntry.objects.filter(page=imported_zh.page, action=IMPORT_ACTION).get()
        assert entry.data["language"] == "zh-hans"
        assert entry.data["references_created"] == 3
        assert entry.data["blocks"]["table"] == 1


class TestReimport:
    def test_same_file_adds_a_revision_not_a_copy(self, imported_zh, article_index):
        revisions = imported_zh.page.revisions.count()
        again = run_import("sample_article_zh_hans.md", "zh-hans", article_index)
        assert again.ok
        assert not again.created
        assert again.page.pk == imported_zh.page.pk
        assert ArticlePage.objects.count() == 1
        assert Reference.objects.count() == 3
        assert (again.references_created, again.references_reused) == (0, 3)
        assert again.page.revisions.count() == revisions + 1

    def test_english_translation_onto_the_page(self, client, imported_zh, article_index):
        result = run_import("sample_article_en.md", "en", article_index, page=imported_zh.page, publish=True)
        assert result.ok, [str(e) for e in result.errors]
        page = result.page
        assert page.pk == imported_zh.page.pk
        assert page.title_en == "Stem Cells for Stroke: What Three Clinical Trials Tell Us"
        assert page.title_zh_hans == "干细胞治疗中风：三项临床试验告诉我们什么"
        assert Reference.objects.count() == 3
        assert page.reference_links.count() == 3
        english = render(client, page, "en")
        assert "The three trials at a glance" in english
        assert '<a href="#ref-1" id="cite-1-1">1</a>' in english
        assert TREASURE_NLM in " ".join(re.sub(r"<[^>]+>", " ", english).split())
        chinese = render(client, page, "zh-hans")
        assert "三项试验一览" in chinese
        # The English file again, without --page: found by its English slug.
        again = run_import("sample_article_en.md", "en", article_index)
        assert again.page.pk == page.pk and not again.created
        assert again.warnings == []

    def test_english_without_page_finds_nothing_and_creates_flagged_draft(self, article_index):
        result = run_import("sample_article_en.md", "en", article_index)
        assert result.ok and result.created
        page = result.page
        assert not page.live
        assert (
            page.title_zh_hans == page.title_en == "Stem Cells for Stroke: What Three Clinical Trials Tell Us"
        )
        assert page.slug_zh_hans == "stem-cells-for-stroke-what-three-clinical-trials-tell-us"
        assert page.needs_translation is True
        again = run_import("sample_article_en.md", "en", article_index)
        assert again.page.pk == page.pk and not again.created


class TestOwnFixtures:
    @pytest.mark.parametrize(
        ("name", "lang", "heading", "blocks", "has_treasure"),
        [
            (
                "no_blank_lines_zh_hans.txt",
                "zh-hans",
                "现在的证据有多少",
                {"wechat_cta": 1, "table": 1},
                True,
            ),
            ("lead_paragraphs_zh_hans.md", "zh-hans", "试验是怎样设计的", {"heading": 3, "table": 1}, True),
            ("gb18030_zh_hans.txt", "zh-hans", "细胞从哪里来", {"ordered_list": 1, "heading": 2}, False),
            (
                "bom_en.md",
                "en",
                "What a registered trial looks like",
                {"ordered_list": 1, "wechat_cta": 1},
                True,
            ),
            ("zh_hant.md", "zh-hant", "臨床試驗的現況", {"bullet_list": 1, "heading": 2}, True),
        ],
    )
    def test_imports_and_renders(self, client, article_index, name, lang, heading, blocks, has_treasure):
        result = run_import(name, lang, article_index, publish=True)
        assert result.ok, [str(e) for e in result.errors]
        for kind, count in blocks.items():
            assert result.block_counts[kind] == count
        page_html = render(client, result.page, lang)
        body = body_html(page_html)
        assert re.search(rf"<h[23][^>]*>{re.escape(heading)}</h[23]>", body)
        assert '<a href="#ref-1" id="cite-1-1">1</a>' in body
        unlinked = re.sub(r'<sup class="citation">.*?</sup>', "", body)
        assert not re.search(r"\[\d", unlinked)  # every marker became a link
        if "table" in blocks:
            assert "<table>" in body and "<thead>" in body
        if "bullet_list" in blocks or name == "no_blank_lines_zh_hans.txt":
            assert "<ul><li>" in body
        if "ordered_list" in blocks:
            assert "<ol><li>" in body
        references = re.search(r'<ol class="reference-list">(.*?)</ol>', page_html, re.S).group(1)
        if has_treasure:
            assert TREASURE_NLM in " ".join(re.sub(r"<[^>]+>", " ", references).split())

    def test_lead_paragraphs_become_the_summary_and_caption_renders(self, client, article_index):
        result = run_import("lead_paragraphs_zh_hans.md", "zh-hans", article_index, publish=True)
        assert result.page.summary_zh_hans.startswith("你是不是也在朋友圈里看到过")
        page_html = render(client, result.page, "zh-hans")
        assert "<caption>表1：试验的基本情况</caption>" in page_html

    def test_wechat_prompt_renders_as_cta(self, client, article_index):
        result = run_import("no_blank_lines_zh_hans.txt", "zh-hans", article_index, publish=True)
        page_html = render(client, result.page, "zh-hans")
        cta = re.search(r'<aside class="cta cta--wechat">(.*?)</aside>', page_html, re.S).group(1)
        assert "长按识别下方二维码" in cta

    def test_traditional_import_stores_simplified_title_and_slug(self, client, article_index):
        result = run_import("zh_hant.md", "zh-hant", article_index, publish=True)
        page = result.page
        assert page.title_zh_hant == "中風之後的幹細胞治療：我們知道多少"
        assert page.title_zh_hans == "中风之后的干细胞治疗：我们知道多少"
        assert page.slug_zh_hans.startswith("zhong-feng-zhi-hou-de-gan-xi-bao-zhi-liao")
        simplified = render(client, page, "zh-hans")
        assert "临床试验的现况" in simplified
        assert "本文仅供卫教参考" in simplified

    def test_plain_text_reference_warns_and_is_reused(self, article_index):
        result = run_import("bom_en.md", "en", article_index)
        assert [(w.code, w.line) for w in result.warnings] == [("reference_plain", 21)]
        plain = result.page.reference_links.all()[2].reference
        assert plain.kind == "plain"
        assert nlm_citation(plain) == "Notes from a patient support group meeting, spring 2024"
        count = Reference.objects.count()
        again = run_import("bom_en.md", "en", article_index)
        assert Reference.objects.count() == count
        assert again.references_created == 0

    def test_references_shared_across_articles(self, article_index):
        run_import("sample_article_zh_hans.md", "zh-hans", article_index)
        other = run_import("no_blank_lines_zh_hans.txt", "zh-hans", article_index)
        assert (other.references_created, other.references_reused) == (0, 2)
        assert Reference.objects.count() == 3


def test_out_of_order_entries_are_renumbered_by_position(article_index):
    text = (
        "Order Test\n\nFirst cites two [2]. Then one [1]. Both [1-2].\n\n"
        "References\n[2] Site B. Page B. https://b.example.org/\n[1] Site A. Page A. https://a.example.org/\n"
    )
    result = article_import(data=text.encode(), lang="en", parent=article_index)
    assert result.ok
    links = [link.reference.title for link in result.page.reference_links.all()]
    assert links == ["Page B", "Page A"]
    assert result.page.body_en[0].value.source == "<p>First cites two [1]. Then one [2]. Both [2,1].</p>"


@pytest.mark.parametrize(
    ("name", "lang", "lines"),
    [
        ("error_no_title.md", "zh-hans", [1]),
        ("error_table_cells.md", "en", [8, 9]),
        ("error_table_separator.md", "en", [3]),
        ("error_unmatched_citation.md", "zh-hans", [3]),
        ("error_reversed_range.md", "en", [3]),
        ("error_empty_marker.md", "en", [3]),
        ("error_many.md", "en", [3, 7, 9, 9]),
        ("error_unreadable_utf16.txt", "en", [None]),
    ],
)
def test_structural_errors_create_nothing(article_index, name, lang, lines):
    result = run_import(name, lang, article_index)
    assert not result.ok
    assert [e.line for e in result.errors] == lines
    assert result.page is None
    assert ArticlePage.objects.count() == 0
    assert Reference.objects.count() == 0
    assert not PageLogEntry.objects.filter(action=IMPORT_ACTION).exists()


def test_page_that_cannot_be_saved_rolls_the_references_back(article_index):
    """The references are written before the page: a page error must undo them too."""
    result = run_import("sample_article_zh_hans.md", "zh-hans", article_index, title="长" * 300)
    assert [e.code for e in result.errors] == ["invalid_page"]
    assert "255" in str(result.errors[0])
    assert result.page is None and result.references == []
    assert ArticlePage.objects.count() == 0
    assert Reference.objects.count() == 0


def test_user_without_permission_creates_nothing(article_index, django_user_model):
    editor = django_user_model.objects.create_user("nobody", password="x")
    result = run_import("sample_article_zh_hans.md", "zh-hans", article_index, user=editor)
    assert [e.code for e in result.errors] == ["permission"]
    assert ArticlePage.objects.count() == 0
    assert Reference.objects.count() == 0


def test_text_is_escaped(client, article_index):
    text = "Escaping <b>Test</b>\n\nA <script>alert(1)</script> & more.\n\n- <i>item</i>\n"
    result = article_import(data=text.encode(), lang="en", parent=article_index, publish=True)
    assert result.ok
    with translation.override("en"):
        raw = client.get(result.page.get_url()).content.decode()
    assert "<script>alert(1)</script>" not in raw
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in raw
    assert "<li>&lt;i&gt;item&lt;/i&gt;</li>" in raw


def test_editor_with_add_permission_under_the_index(article_index, django_user_model):
    group = Group.objects.create(name="Article editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=article_index,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(group)
    result = run_import("sample_article_zh_hans.md", "zh-hans", article_index, user=editor)
    assert result.ok and not result.published
    assert PageLogEntry.objects.get(page=result.page, action=IMPORT_ACTION).user == editor
    # No publish permission, but the index is under the medical review: submitted.
    submitted = run_import("sample_article_zh_hans.md", "zh-hans", article_index, user=editor, publish=True)
    assert submitted.ok and submitted.submitted and not submitted.published
    assert submitted.page.current_workflow_state.requested_by == editor


def test_publish_without_permission_outside_a_workflow_is_refused(article_index, django_user_model):
    from wagtail.models import WorkflowPage

    WorkflowPage.objects.all().delete()  # Wagtail's own workflow sits on the root page
    group = Group.objects.create(name="Article editors")
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=article_index,
            permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore"),
        )
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(group)
    index = Page.objects.get(pk=article_index.pk)  # the fixture's copy remembers its workflow
    refused = run_import("sample_article_zh_hans.md", "zh-hans", index, user=editor, publish=True)
    assert [e.code for e in refused.errors] == ["permission"]
    assert ArticlePage.objects.count() == 0


def test_parent_must_be_an_article_index(home):
    result = run_import("sample_article_en.md", "en", home)
    assert [e.code for e in result.errors] == ["bad_parent"]


def test_default_parent_is_the_only_index(article_index):
    result = run_import("sample_article_en.md", "en", None)
    assert result.ok and result.page.get_parent().pk == article_index.pk


def test_summary_line(imported_zh):
    with translation.override("en"):
        assert imported_zh.summary() == (
            "blocks: bullet_list 1, heading 5, paragraph 8, table 1; "
            "references: 3 created, 0 reused; warnings: 0"
        )


def test_traditional_reimport_finds_its_article(article_index):
    first = run_import("zh_hant.md", "zh-hant", article_index)
    again = run_import("zh_hant.md", "zh-hant", article_index)
    assert again.page.pk == first.page.pk and not again.created
    assert ArticlePage.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "lang", "message"),
    [
        ("zh_hant.md", "zh-hans", "looks like Traditional Chinese"),
        ("sample_article_zh_hans.md", "zh-hant", "looks like Simplified Chinese"),
        ("sample_article_zh_hans.md", "en", "looks Chinese"),
        ("sample_article_en.md", "zh-hans", "looks English"),
    ],
)
def test_language_that_does_not_match_the_text_warns(article_index, name, lang, message):
    result = run_import(name, lang, article_index)
    assert result.ok
    assert [w.code for w in result.warnings] == ["script_mismatch"]
    with translation.override("en"):
        assert message in str(result.warnings[0])


def test_import_is_logged(article_index, caplog):
    caplog.set_level(logging.INFO, logger="articles.importer.services")
    result = run_import("sample_article_en.md", "en", article_index)
    (record,) = [r for r in caplog.records if r.getMessage() == "article imported"]
    assert (record.page_id, record.language, record.new_page) == (result.page.pk, "en", True)
    assert record.references_created == 3


def test_title_differing_in_case_and_punctuation_finds_the_article_and_warns(article_index):
    first = run_import("sample_article_en.md", "en", article_index)
    text = (
        (FIXTURES / "sample_article_en.md")
        .read_text()
        .replace(
            "Stem Cells for Stroke: What Three Clinical Trials Tell Us",
            "Stem cells for stroke - what three clinical trials tell us",
            1,
        )
    )
    again = article_import(data=text.encode(), lang="en", parent=article_index)
    assert again.page.pk == first.page.pk
    assert [w.code for w in again.warnings] == ["matched_by_key"]


def test_query_count_does_not_grow_with_blocks(article_index):
    """Same references, three times the body: the import runs the same number of queries."""
    base = (FIXTURES / "sample_article_en.md").read_text()
    title, _sep, rest = base.partition("\n")
    body, _sep, references = rest.partition("References\n")
    run_import("sample_article_en.md", "en", article_index)  # the references exist from now on

    def measure(text):
        with CaptureQueriesContext(connection) as queries:
            result = article_import(data=text.encode(), lang="en", parent=article_index)
        assert result.ok and result.created, [str(e) for e in result.errors]
        return result, len(queries.captured_queries)

    short, short_count = measure(f"Short Copy\n{body}References\n{references}")
    long, long_count = measure(f"Long Copy\n{body * 3}References\n{references}")
    assert long.block_counts["paragraph"] == 3 * short.block_counts["paragraph"]
    assert long_count == short_count


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("sample_article_zh_hans.md", "zh-hans", "干细胞治疗中风：三项临床试验告诉我们什么"),
        ("zh_hant.md", "zh-hant", "中风之后的干细胞治疗：我们知道多少"),
    ],
)
def test_chinese_import_replaces_the_english_placeholder_title(article_index, name, lang, expected):
    english = run_import("sample_article_en.md", "en", article_index).page
    result = run_import(name, lang, article_index, page=english, publish=True)
    assert result.ok
    page = ArticlePage.objects.get(pk=english.pk)
    assert page.title_zh_hans == expected
    assert page.title_en == "Stem Cells for Stroke: What Three Clinical Trials Tell Us"
    assert page.needs_translation is False


LONG_TITLE = "Stem cells after stroke: what the registered randomised trials of intravenous cells " * 2


def titled(title: str) -> bytes:
    return f"# {title}\n\nOne paragraph of text.\n".encode()


def test_long_titles_sharing_their_beginning_stay_two_articles(article_index):
    """Slugs are cut to 80 characters; the import key is the whole title."""
    first = article_import(data=titled(LONG_TITLE + "one"), lang="en", parent=article_index)
    second = article_import(data=titled(LONG_TITLE + "two"), lang="en", parent=article_index)
    assert first.created and second.created
    assert first.page.pk != second.page.pk
    assert first.page.slug_en[:60] == second.page.slug_en[:60]
    again = article_import(data=titled(LONG_TITLE + "two"), lang="en", parent=article_index)
    assert again.page.pk == second.page.pk and not again.created
    assert ArticlePage.objects.count() == 2


def test_a_draft_translation_is_found_again_by_its_key(imported_zh, article_index):
    """The key is stored at import, outside the revision: a draft is found before it is published."""
    draft = run_import("sample_article_en.md", "en", article_index, page=imported_zh.page)
    assert draft.ok and not draft.published
    assert ArticlePage.objects.get(pk=imported_zh.page.pk).title_en in ("", None)
    again = run_import("sample_article_en.md", "en", article_index)
    assert again.page.pk == imported_zh.page.pk and not again.created
    assert ArticleImportKey.objects.get(page=imported_zh.page, language="en").key == (
        "stemcellsforstrokewhatthreeclinicaltrialstellus"
    )
