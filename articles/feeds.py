"""RSS 2.0 feed of an article index, in the language of the URL it is read at.

Links and GUIDs are the articles' public URLs on the Wagtail Site record
(portal.core.seo), not the host the feed was fetched from.
"""

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Rss201rev2Feed

from articles.models.pages import FEED_LENGTH
from articles.selectors import feed_articles
from portal.core import seo
from portal.core.i18n.languages import bcp47


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed
    item_guid_is_permalink = True

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.language = bcp47(translation.get_language())
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self.index.title

    def link(self):
        return seo.absolute_url(self.index.get_url(self.request) or "/", self.request)

    def feed_url(self):
        return seo.absolute_url(self.index.feed_url(self.request), self.request)

    def description(self):
        return self.index.intro or self.index.title

    def items(self):
        return feed_articles(index=self.index, language=translation.get_language(), limit=FEED_LENGTH)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        # Also the GUID (Feed's default unique_id is the link).
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]
