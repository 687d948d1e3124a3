"""The admin's own search understands Chinese as the public search does (issue 14)."""

import pytest
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from portal.core.models import Synonym
from tests.articles.factories import TopicFactory
from tests.references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def found(response, url: str) -> bool:
    assert response.status_code == 200
    return url in response.content.decode()


class TestPageSearch:
    def test_the_explorer_finds_a_page_by_the_other_script(self, editor_client, make_article):
        page = make_article("干细胞治疗的最新进展")
        make_article("中风的康复训练")
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = editor_client.get(reverse("wagtailadmin_pages:search"), {"q": "幹細胞"})
        assert found(response, edit_url)
        assert [p.pk for p in response.context["pages"]] == [page.pk]

    def test_the_page_chooser_finds_a_page_by_a_word_inside_its_title(self, editor_client, make_article):
        page = make_article("骨髓间充质干细胞移植")
        response = editor_client.get(reverse("wagtailadmin_choose_page_search"), {"q": "間充質幹細胞"})
        assert response.status_code == 200
        assert [p.pk for p in response.context["pages"]] == [page.pk]

    def test_a_synonym_works_in_the_admin_too(self, editor_client, make_article):
        page = make_article("外泌体的作用")
        Synonym.objects.create(terms="外泌体, exosome")
        response = editor_client.get(reverse("wagtailadmin_pages:search"), {"q": "exosome"})
        assert [p.pk for p in response.context["pages"]] == [page.pk]

    @pytest.mark.parametrize("query", ["？？？", "🙂", "'; DROP TABLE wagtailcore_page; --"])
    def test_bad_input_is_no_error(self, editor_client, make_article, query):
        make_article("干细胞")
        assert editor_client.get(reverse("wagtailadmin_pages:search"), {"q": query}).status_code == 200


class TestReferenceChooser:
    @pytest.mark.parametrize(
        ("title", "query"),
        [
            ("間充質幹細胞移植治療缺血性中風的隨機對照試驗", "间充质干细胞"),
            ("间充质干细胞移植治疗缺血性中风的随机对照试验", "間充質幹細胞"),
        ],
    )
    def test_finds_a_chinese_title_by_the_other_script(self, editor_client, title, query):
        reference = ReferenceFactory(title=title)
        ReferenceFactory(title="Rehabilitation after stroke")
        url = reverse("wagtailsnippetchoosers_references_reference:choose_results")
        response = editor_client.get(url, {"q": query})
        chosen = reverse("wagtailsnippetchoosers_references_reference:chosen", args=[reference.pk])
        assert found(response, chosen)
        assert [r.pk for r in response.context["results"]] == [reference.pk]

    def test_english_still_found_by_a_prefix(self, editor_client):
        reference = ReferenceFactory(title="Rehabilitation after stroke")
        url = reverse("wagtailsnippetchoosers_references_reference:choose_results")
        response = editor_client.get(url, {"q": "rehab"})
        assert [r.pk for r in response.context["results"]] == [reference.pk]


def test_topics_are_found_by_either_script():
    topic = TopicFactory(name="幹細胞", name_zh_hans="干细胞", name_zh_hant="幹細胞", name_en="Stem cells")
    backend = get_search_backend()
    for query in ("干细胞", "幹細胞", "stem"):
        assert [t.pk for t in backend.autocomplete(query, type(topic))] == [topic.pk]
