"""The article page's cached parts (articles.fragments, portal.core.cached_routes):
with them warm a page view costs one query, and whatever the page shows from elsewhere
refreshes them at once."""

import re

from wagtail.models import PageViewRestriction

from portal.core.models import SiteSettings
from tests.articles.factories import ArticlePageFactory, TopicFactory

from .test_views import add_topic, url_in


def without_nonces(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', "", html)


def test_a_warm_article_costs_one_query_and_reads_as_the_first_render(
    client, article, django_assert_num_queries
):
    url = url_in("zh-hans", article)
    first = client.get(url).content.decode()
    with django_assert_num_queries(1):
        warm = client.get(url).content.decode()
    assert without_nonces(warm) == without_nonces(first)


def test_an_edited_reference_is_shown_at_once(client, article):
    url = url_in("en", article)
    client.get(url)
    reference = article.reference_links.first().reference
    reference.title = "A renamed study of cells after stroke."
    reference.save()
    assert "A renamed study of cells after stroke." in client.get(url).content.decode()


def test_a_new_related_article_and_new_settings_are_shown_at_once(client, article, home):
    topic = TopicFactory()
    add_topic(article, topic)
    url = url_in("zh-hans", article)
    client.get(url)
    other = ArticlePageFactory(parent=article.get_parent(), title_zh_hans="另一篇相关文章")
    add_topic(other, topic)
    other.save_revision().publish()
    assert "另一篇相关文章" in client.get(url).content.decode()

    settings = SiteSettings.objects.get()
    settings.medical_disclaimer_zh_hans = "新的免责声明。"
    settings.save()
    assert "新的免责声明。" in client.get(url).content.decode()


def test_a_restricted_or_unpublished_article_is_not_served_from_a_warm_route(
    client, article, django_user_model
):
    url = url_in("zh-hans", article)
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url).status_code == 302  # to the sign-in page

    PageViewRestriction.objects.all().delete()
    assert client.get(url).status_code == 200
    article.unpublish()
    assert client.get(url).status_code == 404


def test_a_query_string_shares_the_cached_parts_of_its_page(client, article, django_assert_num_queries):
    url = url_in("zh-hans", article)
    first = client.get(url + "?utm_source=wechat").content.decode()
    with django_assert_num_queries(1):  # head and header from the first request's parts
        other = client.get(url + "?utm_source=weibo&from=timeline").content.decode()
    assert without_nonces(other) == without_nonces(first)
