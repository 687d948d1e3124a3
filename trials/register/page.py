"""The public register on TrialIndexPage: its context and its CSV/JSON export."""

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import translation

from trials.register import export
from trials.register.chart import bar_chart
from trials.register.index import register_index
from trials.register.listing import fetch_listing, trial_rows
from trials.register.selectors import (
    FACETS,
    SORTS,
    Selection,
    facet_options,
    term_counts,
)

PAGE_SIZE = 20
EXPORT_FORMATS = {"csv", "json"}
EXPORT_CHUNK = 500


def export_response(index, request) -> StreamingHttpResponse | None:
    """The filtered set as CSV or JSON for `?format=csv|json`, else None.

    The body is streamed, reading the trials in chunks, so a 10,000-trial export
    neither waits for nor holds every row before the first byte goes out.
    """
    fmt = request.GET.get("format")
    if fmt not in EXPORT_FORMATS:
        return None
    selection = Selection.from_query(request.GET)
    found = register_index(index)
    ids = found.ordered_ids(found.mask(selection), selection.sort)
    base_url = index.get_full_url(request) or ""
    language = translation.get_language()

    def rows():
        for start in range(0, len(ids), EXPORT_CHUNK):
            for trial in fetch_listing(found, ids[start : start + EXPORT_CHUNK], stroke_types=True):
                yield export.trial_row(trial, base_url=base_url)

    if fmt == "csv":
        body, content_type = export.stream_csv(rows()), "text/csv; charset=utf-8"
    else:
        body = export.stream_json(rows(), count=len(ids), filters=selection.filters, sort=selection.sort)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(_in_language(body, language), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="trials-{language}.{fmt}"'
    response["Content-Language"] = language
    return response


def _in_language(chunks, language: str):
    """The body is produced after the view returns, while the server sends it: the
    headers, labels and rows must still be in the visitor's language."""
    with translation.override(language):
        yield from chunks


def register_context(index, request) -> dict:
    selection = Selection.from_query(request.GET)
    found = register_index(index)
    selected = found.mask(selection)
    paginator = Paginator(found.ordered_ids(selected, selection.sort), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))  # junk -> 1, past the end -> last
    view = "table" if request.GET.get("view") == "table" else "list"
    rows = trial_rows(
        index, found, list(page_obj.object_list), view=view, register_url=index.get_url(request)
    )
    terms = found.terms
    counts = {
        facet.param: found.counts(facet.param, found.mask(selection, skip=facet.param)) for facet in FACETS
    }
    phase_counts = found.counts("phase", selected)
    cell_type_counts = found.counts("cell_type", selected)
    return {
        "selection": selection,
        "facets": facet_options(selection, counts, terms),
        "sorts": [(key, label) for key, (label, _columns) in SORTS.items()],
        "rows": rows,
        "page_obj": page_obj,
        "paginator": paginator,
        "view": view,
        "query_without_page": _query(request, drop={"page"}),
        "query_without_view": _query(request, drop={"page", "view"}),
        "export_query": _query(request, drop={"page", "view", "format"}),
        "phase_chart": bar_chart(term_counts(terms["phase"], phase_counts)),
        "cell_type_chart": bar_chart(term_counts(terms["cell_type"], cell_type_counts)),
        "facet_params": [facet.param for facet in FACETS],
    }


def _query(request, *, drop: set[str]) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()
