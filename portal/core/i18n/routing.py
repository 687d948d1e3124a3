"""Route to a child page by asking the database for its slug.

wagtail-modeltranslation replaces each translated page model's `route` with a
version that loads *every* child of the page and compares their translated
slugs in Python, so a request under a trial index with 10,000 trials would read
10,000 rows. We keep its behaviour (the current language's slug with its
fallbacks decides) but only load the children whose slug matches in some
language, which are the only ones that can. `portal.core.patches` installs it.
"""

from django.db.models import Q
from django.http import Http404
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.url_routing import RouteResult

from portal.core.i18n.slugs import language_codes


def slug_in_any_language(slug: str) -> Q:
    query = Q()
    for code in language_codes():
        query |= Q(**{build_localized_fieldname("slug", code): slug})
    return query


def route(self, request, path_components):
    if isinstance(self, RoutablePageMixin) and self.live:
        try:
            path = "/" + "/".join(path_components) + "/" if path_components else "/"
            resolver_match = self.resolve_subpage(path)
            request.routable_resolver_match = resolver_match  # as Wagtail's route() does
            view, args, kwargs = resolver_match
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass
    if path_components:
        child_slug, remaining = path_components[0], path_components[1:]
        for page in self.get_children().filter(slug_in_any_language(child_slug)):
            if page.slug == child_slug:
                return page.specific.route(request, remaining)
        raise Http404
    if self.live:
        return RouteResult(self)
    raise Http404
