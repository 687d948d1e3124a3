"""The admin's flat list of articles, with a filter for those still awaiting a translation."""

from articles.models import ArticlePage
from portal.core.admin_filters import NeedsTranslationFilterSet


class ArticlePageFilterSet(NeedsTranslationFilterSet):
    class Meta:
        model = ArticlePage
        fields = []
