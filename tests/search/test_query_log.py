"""Editors' picks and the query log (issue 14): what readers look for, and what found nothing."""

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/zh-hans/search/", {"q": query, **params})
    assert response.status_code == 200
    return response


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw"))
    return client


class TestEditorsPicks:
    def test_a_picked_page_is_shown_first(self, client, make_article):
        make_article("外泌体研究")
        picked = make_article("中风后的康复")  # does not contain the query at all
        SearchPromotion.objects.create(
            query=Query.get("外泌体"), page=picked, description="编辑推荐", sort_order=0
        )
        response = search(client, "外泌体")
        assert [p.page_id for p in response.context["promotions"]] == [picked.pk]
        html = response.content.decode()
        assert html.index("search-promotions") < html.index(picked.get_url()) < html.index("search-types")
        assert "编辑推荐" in html

    def test_an_unpublished_pick_is_not_shown(self, client, make_article):
        picked = make_article("中风后的康复")
        SearchPromotion.objects.create(query=Query.get("外泌体"), page=picked, sort_order=0)
        picked.unpublish()
        assert search(client, "外泌体").context["promotions"] == []

    def test_an_external_pick_is_shown_even_when_nothing_else_is_found(self, client, home):
        SearchPromotion.objects.create(
            query=Query.get("WHO"),
            external_link_url="https://www.who.int/",
            external_link_text="World Health Organization",
            sort_order=0,
        )
        html = search(client, "who").content.decode()
        assert 'href="https://www.who.int/"' in html


class TestQueryLog:
    def test_each_search_is_logged_once_with_what_it_found(self, client, make_article):
        for n in range(12):
            make_article(f"外泌体研究{n}")
        search(client, "外泌体")
        search(client, "外泌体", page="2")  # the next page of the same search
        search(client, "外泌体")
        search(client, "神经干细胞")
        search(client, "   ")
        assert Query.get("外泌体").hits == 2
        assert Query.get("外泌体").outcome.result_count == 12
        assert Query.get("神经干细胞").outcome.result_count == 0
        assert not Query.objects.filter(query_string="").exists()

    def test_the_report_lists_searches_that_found_nothing_most_frequent_first(
        self, client, admin_client, make_article
    ):
        make_article("外泌体研究")
        search(client, "外泌体")
        search(client, "神经干细胞")
        for _ in range(2):
            search(client, "iPSC治疗")
        response = admin_client.get(reverse("search_found_nothing"))
        assert response.status_code == 200
        assert [q.query_string for q in response.context["object_list"]] == ["ipsc治疗", "神经干细胞"]
        popular = admin_client.get(reverse("wagtailsearchpromotions:search_terms"))
        assert "外泌体" in popular.content.decode()

    def test_a_search_that_finds_something_later_leaves_the_report(self, client, admin_client, make_article):
        search(client, "外泌体")
        make_article("外泌体研究")
        search(client, "外泌体")
        assert list(admin_client.get(reverse("search_found_nothing")).context["object_list"]) == []

    def test_the_report_is_in_the_reports_menu_for_admins_only(self, admin_client, client, django_user_model):
        assert (
            reverse("search_found_nothing") in admin_client.get(reverse("wagtailadmin_home")).content.decode()
        )
        editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
        client.force_login(editor)
        assert client.get(reverse("search_found_nothing")).status_code in (302, 403)
