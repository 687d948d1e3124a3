from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache

from portal.core.search import results
from portal.core.search.query import MAX_QUERY_LENGTH, search_query
from portal.core.search.services import search_record_later

RESULTS_PER_PAGE = 10


class CountedPaginator(Paginator):
    """A paginator told how many results there are: the search counted them per type
    already, and a second count would match the whole index again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # shadows Paginator.count, a cached_property


class FetchedPage:
    """The results of the page asked for, fetched already: what the paginator slices."""

    def __init__(self, items: list):
        self.items = items

    def __getitem__(self, index):
        return self.items


def requested_page(request) -> int:
    """The page number asked for; a bad one is the first page."""
    try:
        return max(1, int(request.GET.get("page") or 1))
    except ValueError:
        return 1


@never_cache  # one visitor's query never lands in another's page
def search(request):
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    language = translation.get_language()
    types = results.page_types()
    only = next((t for t in types if t.key == request.GET.get("type")), None)
    query = search_query(text) if text else None
    context = {
        "search_query": text,
        "page_types": types,
        "selected_type": only,
        "searched": query is not None,
    }
    if query is not None:
        number = requested_page(request)
        start = (number - 1) * RESULTS_PER_PAGE
        with results.matching_by_index():
            items, counts = results.search_page(
                query, language=language, types=types, only=only, start=start, stop=start + RESULTS_PER_PAGE
            )
            if counts is not None:
                total = sum(counts.values())
                paginator = CountedPaginator(FetchedPage(items), RESULTS_PER_PAGE, count=total)
                page = paginator.get_page(number)
            else:
                found, counts = results.search(query, language=language, types=types, only=only)
                total = sum(counts.values())
                paginator = CountedPaginator(
                    found, RESULTS_PER_PAGE, count=counts[only.key] if only else total
                )
                page = paginator.get_page(request.GET.get("page"))  # a bad number: first or last page
                items = list(page)
        labels = {t.content_type.pk: t for t in types}
        context.update(
            search_results=page,
            result_items=[
                {
                    "page": item,
                    "type": labels.get(item.content_type_id),
                    "snippet": results.highlighted_snippet(
                        item.search_result_text(), query_text=text, language=language
                    ),
                }
                for item in items
            ],
            type_counts=[(t, counts[t.key]) for t in types],
            total=total,
        )
    if text and ("search_results" not in context or context["search_results"].number == 1):
        # Logged once per search, not per page of its results.
        search_record_later(text=text, result_count=context.get("total", 0))
        context["promotions"] = results.promotions(text)
    if not context.get("total"):
        context["suggestions"] = results.suggestions()
    return render(request, "pages/search_results.html", context)
