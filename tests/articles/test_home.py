"""The home page always shows articles: the ones editors chose, else the newest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.core.models import HomePageFeaturedArticle
from tests.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def home_html(client, home, language="en") -> str:
    with translation.override(language):
        return client.get(home.get_url()).content.decode()


def test_without_a_choice_the_newest_articles_show(client, home, article_index):
    for n in range(4):
        ArticlePageFactory(parent=article_index, title_en=f"Article {n}", slug_en=f"article-{n}")
    html = home_html(client, home)
    assert "Latest articles" in html
    shown = [n for n in range(4) if f"Article {n}<" in html]
    assert shown == [1, 2, 3]  # the three newest


def test_chosen_articles_show_in_their_order_and_only_if_live(client, home, article_index):
    first, second, draft = (
        ArticlePageFactory(parent=article_index, title_en=f"Chosen {n}", slug_en=f"chosen-{n}")
        for n in range(3)
    )
    draft.unpublish()
    home.featured_articles = [
        HomePageFeaturedArticle(article=second, sort_order=0),
        HomePageFeaturedArticle(article=draft, sort_order=1),
        HomePageFeaturedArticle(article=first, sort_order=2),
    ]
    home.save()
    html = home_html(client, home)
    assert "Featured articles" in html
    assert html.index("Chosen 1<") < html.index("Chosen 0<")
    assert "Chosen 2<" not in html


def test_chosen_articles_cost_one_query_however_many(
    client, home, article_index, django_assert_max_num_queries
):
    articles = [ArticlePageFactory(parent=article_index, slug_en=f"a-{n}") for n in range(6)]

    def choose(count):
        home.featured_articles = [
            HomePageFeaturedArticle(article=article, sort_order=i)
            for i, article in enumerate(articles[:count])
        ]
        home.save()

    choose(1)
    home_html(client, home)
    with CaptureQueriesContext(connection) as captured:
        home_html(client, home)
    with_one = len(captured)  # now: the next request clears the query log
    choose(6)
    home_html(client, home)
    with django_assert_max_num_queries(with_one):
        home_html(client, home)
