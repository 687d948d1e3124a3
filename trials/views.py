"""The public register on TrialIndexPage: its context and its CSV/JSON export."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.utils import translation

from trials import export
from trials.chart import bar_chart
from trials.selectors import (
    FACETS,
    SORTS,
    Selection,
    facet_counts,
    filter_trials,
    register_trials,
    sort_trials,
    summary_counts,
    vocabulary_terms,
    with_listing_data,
)

PAGE_SIZE = 20
EXPORT_FORMATS = {"csv", "json"}


def export_response(index, request) -> HttpResponse | None:
    """The filtered set as CSV or JSON for `?format=csv|json`, else None."""
    fmt = request.GET.get("format")
    if fmt not in EXPORT_FORMATS:
        return None
    selection = Selection.from_query(request.GET)
    trials = with_listing_data(sort_trials(filter_trials(register_trials(index), selection), selection.sort))
    base_url = index.get_full_url(request) or ""
    rows = [export.trial_row(trial, base_url=base_url) for trial in trials]
    language = translation.get_language()
    filename = f"trials-{language}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(export.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        body = export.to_json(rows, filters=selection.filters, sort=selection.sort)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Language"] = language
    return response


def register_context(index, request) -> dict:
    selection = Selection.from_query(request.GET)
    terms = vocabulary_terms()
    base = register_trials(index)
    filtered = filter_trials(base, selection)
    paginator = Paginator(with_listing_data(sort_trials(filtered, selection.sort)), PAGE_SIZE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    facets = facet_counts(base, selection, terms)
    summary = summary_counts(filtered, terms, selection, facets)
    view = "table" if request.GET.get("view") == "table" else "list"
    return {
        "selection": selection,
        "facets": facets,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "trials": page_obj.object_list,
        "page_obj": page_obj,
        "paginator": paginator,
        "view": view,
        "query_without_page": _query(request, drop={"page"}),
        "query_without_view": _query(request, drop={"page", "view"}),
        "export_query": _query(request, drop={"page", "view", "format"}),
        "phase_chart": bar_chart(summary["phase"]),
        "cell_type_chart": bar_chart(summary["cell_type"]),
        "facet_params": [facet.param for facet in FACETS],
    }


def _query(request, *, drop: set[str]) -> str:
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()
