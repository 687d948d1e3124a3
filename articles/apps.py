from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import signals
        from articles.routing import ARTICLE_INDEX_ROUTE
        from portal.core import patches
        from portal.linkchecker.registry import register

        signals.connect()
        register("articles.ArticlePage")  # rich text and every StreamField block, all languages
        register("articles.ArticleIndexPage")
        patches.apply(ARTICLE_INDEX_ROUTE)
