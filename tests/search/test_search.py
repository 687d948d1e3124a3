"""The search page over articles, trials and standard pages (issue 14), on SQLite and PostgreSQL."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.core.models import Synonym
from tests.core.factories import StandardPageFactory
from tests.search.conftest import paragraph

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [str(item["page"].title) for item in response.context["result_items"]]


def search(client, query, *, language="zh-hans", **params):
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


class TestChinese:
    def test_a_simplified_query_finds_traditional_text_and_back(self, client, make_article):
        make_article("幹細胞治療的最新進展", title_zh_hant="幹細胞治療的最新進展")
        make_article("神经干细胞与康复")
        assert titles(search(client, "干细胞治疗")) == ["幹細胞治療的最新進展"]
        assert titles(search(client, "神經幹細胞", language="zh-hant")) == ["神經幹細胞與康復"]

    def test_text_mixing_the_scripts_is_found_from_both(self, client, make_article):
        make_article("中風後的干細胞治療")  # copied from the web: 干 left Simplified
        assert titles(search(client, "干细胞")) == ["中風後的干細胞治療"]
        assert len(titles(search(client, "幹細胞", language="zh-hant"))) == 1

    def test_a_long_term_finds_its_article_and_one_character_does_not_find_everything(
        self, client, make_article
    ):
        make_article("骨髓间充质干细胞移植", summary="间充质干细胞来自骨髓。")
        make_article("神经干细胞")
        make_article("中风的康复训练")
        assert titles(search(client, "间充质干细胞")) == ["骨髓间充质干细胞移植"]
        assert len(titles(search(client, "干细胞"))) == 2
        assert titles(search(client, "干")) == []

    def test_the_result_is_shown_in_the_visitors_script_with_the_words_marked(self, client, make_article):
        make_article("干细胞与中风", summary="间充质干细胞可以减轻中风后的损伤。")
        response = search(client, "幹細胞", language="zh-hant")
        [item] = response.context["result_items"]
        assert str(item["page"].title) == "幹細胞與中風"
        assert "<mark>幹細胞</mark>" in str(item["snippet"])
        assert "<mark>幹細胞</mark>" in response.content.decode()


class TestEnglishAndTrials:
    def test_an_english_query_finds_the_english_version(self, client, make_article):
        make_article("干细胞", title_en="Stem cells after a stroke")
        make_article("只有中文的文章")
        response = search(client, "stem cells", language="en")
        assert titles(response) == ["Stem cells after a stroke"]
        assert "/en/" in response.context["result_items"][0]["page"].get_url()

    def test_an_article_without_english_is_not_offered_to_english_readers(self, client, make_article):
        make_article("干细胞")
        assert titles(search(client, "干细胞", language="en")) == []
        assert len(titles(search(client, "干细胞"))) == 1

    @pytest.mark.parametrize(
        "query",
        [
            "MASTERS-2",
            "masters-2",
            "NCT03545607",
            "nct03545607",
            "ChiCTR2000031234",
            "Athersys",
            "cerebral infarction",
        ],
    )
    def test_a_trial_is_found_by_acronym_registry_id_sponsor_and_condition(
        self, client, masters_trial, query
    ):
        for language in ("zh-hans", "zh-hant", "en"):
            response = search(client, query, language=language)
            assert [item["page"].pk for item in response.context["result_items"]] == [masters_trial.pk]


class TestSynonyms:
    @pytest.mark.parametrize(
        ("query", "found"),
        [
            ("MSC", "间充质干细胞的来源"),
            ("mesenchymal stem cells", "间充质干细胞的来源"),
            ("卒中", "中风的早期信号"),
            ("脑卒中", "中风的早期信号"),
            ("iPSC", "诱导多能干细胞"),
            ("间充质干细胞", "间充质干细胞的来源"),
            ("中风", "中风的早期信号"),
            ("stroke", "中风的早期信号"),
            ("诱导多能干细胞", "诱导多能干细胞"),
        ],
    )
    def test_each_form_finds_the_same_content(self, client, make_article, query, found):
        # The groups issue 14 names come with the migration.
        assert Synonym.objects.count() >= 3
        make_article("间充质干细胞的来源")
        make_article("中风的早期信号")
        make_article("诱导多能干细胞")
        assert titles(search(client, query)) == [found]

    @pytest.mark.parametrize(
        ("query", "found"),
        [
            ("间充质干细胞", "MSC的来源"),
            ("mesenchymal stem cell", "MSC的来源"),
            ("中风", "stroke后的康复"),
            ("卒中", "stroke后的康复"),
            ("诱导多能干细胞", "iPSC的研究"),
        ],
    )
    def test_content_in_the_other_form_is_found_too(self, client, make_article, query, found):
        make_article("MSC的来源")
        make_article("stroke后的康复")
        make_article("iPSC的研究")
        assert titles(search(client, query)) == [found]

    def test_an_editors_new_group_applies_at_once(self, client, make_article):
        make_article("外泌体的作用")
        assert titles(search(client, "exosome")) == []
        Synonym.objects.create(terms="外泌体，exosome")
        assert titles(search(client, "exosomes")) == ["外泌体的作用"]


class TestOnlyLivePublicPages:
    def test_unpublished_and_draft_pages_are_never_found(self, client, make_article):
        page = make_article("外泌体研究")
        assert titles(search(client, "外泌体")) == ["外泌体研究"]
        page.unpublish()
        assert titles(search(client, "外泌体")) == []
        make_article("外泌体草稿", live=False)
        assert titles(search(client, "外泌体")) == []

    def test_publishing_a_change_updates_the_index(self, client, make_article):
        page = make_article("外泌体研究")
        page.title_zh_hans = "神经干细胞研究"
        page.save_revision()
        assert titles(search(client, "神经干细胞")) == []  # a draft is not public
        page.get_latest_revision().publish()
        assert titles(search(client, "神经干细胞")) == ["神经干细胞研究"]
        assert titles(search(client, "外泌体")) == []

    def test_private_pages_are_never_found(self, client, make_article, article_index):
        page = make_article("外泌体研究")
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        assert titles(search(client, "外泌体")) == []
        restriction.delete()
        assert titles(search(client, "外泌体")) == ["外泌体研究"]
        group_only = PageViewRestriction.objects.create(page=article_index, restriction_type="groups")
        group_only.groups.add(Group.objects.create(name="staff"))
        assert titles(search(client, "外泌体")) == []

    def test_a_page_moved_under_a_private_page_is_not_found(self, client, make_article, home):
        page = make_article("外泌体研究")
        private = StandardPageFactory(
            parent=home, title="内部", title_zh_hans="内部", slug_zh_hans="internal"
        )
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        page.move(private, pos="last-child")
        assert titles(search(client, "外泌体")) == []

    def test_a_deleted_page_is_gone_from_the_index(self, client, make_article):
        from wagtail.search.models import IndexEntry

        page = make_article("外泌体研究")
        pk = page.pk
        page.delete()
        assert titles(search(client, "外泌体")) == []
        assert not IndexEntry.objects.filter(object_id=str(pk)).exists()


class TestPage:
    def test_types_are_counted_and_filtered(self, client, make_article, masters_trial, home):
        make_article("缺血性卒中的干细胞治疗")
        StandardPageFactory(
            parent=home,
            title="关于我们",
            title_zh_hans="关于我们",
            slug_zh_hans="about",
            body_zh_hans=paragraph("我们介绍卒中的研究。"),
        )
        response = search(client, "缺血性卒中")
        assert dict((t.key, n) for t, n in response.context["type_counts"]) == {
            "articlepage": 1,
            "trialpage": 1,
            "standardpage": 0,
        }
        html = response.content.decode()
        assert "clinical trial" in html.lower() or "临床试验" in html
        assert html.count('class="badge badge--articlepage"') == 1
        assert html.count('class="badge badge--trialpage"') == 1
        only_trials = search(client, "缺血性卒中", type="trialpage")
        assert [item["page"].pk for item in only_trials.context["result_items"]] == [masters_trial.pk]
        assert only_trials.context["total"] == 2  # the counts stay those of every type

    def test_results_are_paginated(self, client, make_article):
        for n in range(12):
            make_article(f"外泌体研究{n}")
        first = search(client, "外泌体")
        assert len(first.context["result_items"]) == 10
        second = search(client, "外泌体", page="2")
        assert len(second.context["result_items"]) == 2
        assert search(client, "外泌体", page="99").context["search_results"].number == 2

    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "？？？!!!",
            "🙂🧠",
            "干细胞" * 400,
            "'; DROP TABLE wagtailcore_page; --",
            "a' OR '1'='1",
        ],
    )
    def test_bad_input_answers_quickly_with_a_helpful_page(self, client, make_article, trial_index, query):
        make_article("干细胞")
        with CaptureQueriesContext(connection) as queries:
            response = search(client, query)
        assert len(queries) < 45  # about ten of them log the search (services.search_record)
        html = response.content.decode()
        assert 'class="search-empty"' in html or response.context["result_items"]
        assert 'name="q"' in html
        if not response.context.get("total"):
            assert trial_index.get_url() in html  # the trial register is suggested

    def test_nothing_found_suggests_the_register_and_topics(self, client, make_article, trial_index):
        from tests.articles.factories import TopicFactory

        topic = TopicFactory(name="干细胞", name_zh_hans="干细胞")
        make_article("干细胞")
        html = search(client, "外泌体").content.decode()
        assert "search-empty" in html
        assert trial_index.get_url() in html
        assert f"?topic={topic.slug}" in html

    def test_a_search_costs_the_same_queries_for_three_results_or_thirty(
        self, client, make_article, trial_index
    ):
        def queries_for_a_search() -> int:
            search(client, "外泌体")  # the query log's first row, then the counted search
            with CaptureQueriesContext(connection) as queries:
                search(client, "外泌体")
            return len(queries)

        for n in range(3):
            make_article(f"外泌体研究{n}")
        few = queries_for_a_search()
        for n in range(3, 30):
            make_article(f"外泌体研究{n}")
        assert queries_for_a_search() == few

    def test_the_page_is_never_cached(self, client, make_article):
        make_article("外泌体研究")
        make_article("神经干细胞")
        first = search(client, "外泌体")
        assert "no-cache" in first["Cache-Control"] or "max-age=0" in first["Cache-Control"]
        assert titles(search(client, "神经干细胞")) == ["神经干细胞"]


@pytest.mark.usefixtures("require_postgres")
class TestPostgresRanking:
    def test_a_title_match_ranks_above_a_body_only_match(self, client, make_article):
        # The title match is made first: ties go to the newer page.
        make_article("外泌体与中风")
        make_article("中风的康复训练", body="文中提到外泌体。")
        assert titles(search(client, "外泌体")) == ["外泌体与中风", "中风的康复训练"]

    def test_a_title_match_ranks_above_a_summary_match(self, client, make_article):
        make_article("外泌体与中风")
        make_article("中风的早期信号", summary="外泌体可能有帮助。")
        assert titles(search(client, "外泌体")) == ["外泌体与中风", "中风的早期信号"]

    def test_the_match_reads_the_gin_index_of_title_and_body(self, make_article):
        from wagtail.models import Page

        from portal.core.search.query import search_query
        from portal.core.search.results import matching_by_index

        make_article("外泌体与中风")
        found = Page.objects.live().search(search_query("外泌体"))
        sql, params = found.get_queryset().query.sql_with_params()
        with matching_by_index(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "core_search_entry_match_gin" in plan, plan
        assert "body" not in plan.split("Sort Key:")[1].splitlines()[0], plan  # ranked on the title vector
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone() == ("on",)  # the rest of the request plans as usual

    def test_a_summary_match_ranks_above_a_body_only_match(self, client, make_article):
        make_article("中风的早期信号", summary="外泌体可能有帮助。")
        make_article("中风的康复训练", body="文中提到外泌体。")
        assert titles(search(client, "外泌体")) == ["中风的早期信号", "中风的康复训练"]

    def test_english_words_are_stemmed(self, client, make_article):
        make_article("干细胞", title_en="How a stem cell repairs the brain")
        assert titles(search(client, "cells repairing", language="en")) == [
            "How a stem cell repairs the brain"
        ]


def test_every_page_has_a_search_box_in_its_language(client, home):
    for language in ("zh-hans", "zh-hant", "en"):
        html = client.get(f"/{language}/").content.decode()
        assert f'action="/{language}/search/"' in html
