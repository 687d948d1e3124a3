from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import signals
        from articles.routing import ARTICLE_INDEX_ROUTE
        from portal.core import patches

        signals.connect()
        patches.apply(ARTICLE_INDEX_ROUTE)
