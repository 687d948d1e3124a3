"""Routing from the article index to one article in one query.

portal.core.routing already reads only the children whose slug matches; under
an article index we know the child is an ArticlePage, so we ask for that model
directly (no `.specific` query) and bring the cover image along, keeping the
library's comparison (the current language's slug, with its fallbacks) to
choose among the candidates.
"""

from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from portal.core.slugs import language_codes


def article_index_route(self, request, path_components):
    from django.http import Http404
    from wagtail.url_routing import RouteResult

    from articles.models import ArticlePage

    if not path_components:
        return _library_route(self, request, path_components)
    if self.live:
        try:
            view, args, kwargs = self.resolve_subpage("/" + "/".join(path_components) + "/")
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass
    child_slug, remaining = path_components[0], path_components[1:]
    any_language = Q()
    for code in language_codes():
        any_language |= Q(**{build_localized_fieldname("slug", code): child_slug})
    # The cover image comes along: the article page shows it (one query fewer).
    candidates = ArticlePage.objects.child_of(self).filter(any_language).select_related("cover_image")
    for article in candidates:
        if article.slug == child_slug:
            return article.route(request, remaining)
    return _library_route(self, request, path_components)


_library_route = None


def install(model) -> None:
    """Called from ArticlesConfig.ready(), after wagtail-modeltranslation patched `route`."""
    global _library_route
    if model.route is article_index_route:
        return
    _library_route = model.route
    model.route = article_index_route
