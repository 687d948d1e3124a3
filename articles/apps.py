from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from articles import routing, signals
        from articles.models import ArticleIndexPage

        signals.connect()
        routing.install(ArticleIndexPage)
