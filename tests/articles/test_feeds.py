"""The RSS feed as a feed reader sees it (feedparser)."""

import datetime
import json
import re
from email.utils import parsedate_to_datetime
from io import StringIO

import feedparser
import pytest
from django.core.management import call_command
from django.utils import translation
from lxml import etree

from tests.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    feed.xml = etree.fromstring(response.content)
    return feed


def feed_url(language, index) -> str:
    with translation.override(language):
        return index.get_url() + "feed/"


@pytest.fixture
def public_site(home):
    call_command("set_site_url", "https://example.org", stdout=StringIO())


def test_links_and_guids_are_permalinks_on_the_public_site(client, article_index, article, public_site):
    feed = read_feed(client, "/en/articles/feed/")  # fetched as http://testserver
    assert feed.feed.language == "en"
    assert feed.feed.link == "https://example.org/en/articles/"
    (entry,) = feed.entries
    assert entry.title == "What three stroke stem-cell trials tell us"
    assert entry.link == "https://example.org/en/articles/three-trials/"
    assert entry.id == entry.link
    assert feed.xml.xpath("//item/guid/@isPermaLink") == ["true"]
    assert client.get(entry.link.removeprefix("https://example.org")).status_code == 200


def test_pub_date_is_the_date_the_article_shows(client, article_index, article):
    article.publish_date = datetime.date(2024, 11, 3)
    article.save_revision().publish()  # first published today: not the date readers see
    (entry,) = read_feed(client, "/zh-hans/articles/feed/").entries
    assert parsedate_to_datetime(entry.published).date() == datetime.date(2024, 11, 3)

    with translation.override("zh-hans"):
        page_html = client.get(article.get_url()).content.decode()
    assert '<time datetime="2024-11-03">' in page_html
    json_ld = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page_html).group(1)
    )
    assert json_ld["datePublished"] == "2024-11-03"


def test_an_article_without_english_is_only_in_the_chinese_feeds(client, article_index, article):
    ArticlePageFactory(parent=article_index, title="只有中文的文章", title_zh_hans="只有中文的文章")
    english = [entry.title for entry in read_feed(client, "/en/articles/feed/").entries]
    assert english == ["What three stroke stem-cell trials tell us"]
    for language in ("zh-hans", "zh-hant"):
        titles = [entry.title for entry in read_feed(client, feed_url(language, article_index)).entries]
        assert len(titles) == 2
