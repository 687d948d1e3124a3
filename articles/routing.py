"""Routing from the article index to one article in one query.

portal.core.i18n.routing already reads only the children whose slug matches; under
an article index we know the child is an ArticlePage, so we ask for that model
directly (no `.specific` query) and bring the cover image along, keeping the
library's comparison (the current language's slug, with its fallbacks) to
choose among the candidates.
"""

from django.http import Http404
from wagtail.url_routing import RouteResult

from articles.models import ArticleIndexPage, ArticlePage
from portal.core.i18n.routing import slug_in_any_language
from portal.core.patches import Patch

# The route ArticleIndexPage has before ours: portal's, set by portal.core.patches.
_previous_route = None


def article_index_route(self, request, path_components):
    if not path_components:
        return _previous_route(self, request, path_components)
    if self.live:
        try:
            view, args, kwargs = self.resolve_subpage("/" + "/".join(path_components) + "/")
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass
    child_slug, remaining = path_components[0], path_components[1:]
    # The cover image comes along: the article page shows it (one query fewer).
    candidates = (
        ArticlePage.objects.child_of(self)
        .filter(slug_in_any_language(child_slug))
        .select_related("cover_image")
    )
    for article in candidates:
        if article.slug == child_slug:
            return article.route(request, remaining)
    return _previous_route(self, request, path_components)


def _install() -> None:
    global _previous_route
    _previous_route = ArticleIndexPage.route
    ArticleIndexPage.route = article_index_route


ARTICLE_INDEX_ROUTE = Patch(
    replaces="wagtail_modeltranslation.patch_wagtailadmin._new_route on ArticleIndexPage, "
    "as narrowed by portal.core.i18n.routing (one more query for each child's specific page)",
    distribution="wagtail-modeltranslation",
    checked="0.16.1",
    install=_install,
)
