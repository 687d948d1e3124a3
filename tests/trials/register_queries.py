"""The register's filters, counts and sorts written as plain SQL queries.

The site answers from `trials.register.index` (bitmasks); the tests check it against
this independent, obviously-correct formulation. It reads the production FACETS and
SORTS, so a wrong sort column or direction there would fool both: the hand-worked
orders and counts in test_register_index.py (`HAND_SORTED`, `HAND_SELECTED`) catch that.
"""

from django.db.models import Count, F

from trials.models import TrialCountry
from trials.register.selectors import FACETS, FACETS_BY_PARAM, SORTS, term_column, through_model


def _page_ids_with(facet, values):
    if facet.kind == "country":
        return TrialCountry.objects.filter(country__in=values).values("page_id")
    term = term_column(facet.relation).removesuffix("_id")
    return (
        through_model(facet.relation).objects.filter(**{f"{term}__code__in": values}).values("trialpage_id")
    )


def filter_trials(queryset, selection, *, skip=None):
    for param, values in selection.filters.items():
        if param == skip:
            continue
        facet = FACETS_BY_PARAM[param]
        if facet.kind == "column":
            queryset = queryset.filter(overall_status__in=values)
        else:
            queryset = queryset.filter(pk__in=_page_ids_with(facet, values))
    return queryset


def sort_trials(queryset, sort):
    _label, columns = SORTS[sort]
    order = [F(c).desc(nulls_last=True) if desc else F(c).asc(nulls_last=True) for c, desc in columns]
    return queryset.order_by(*order, "path")


def facet_counts(base, selection) -> dict[str, dict[str, int]]:
    """{param: {value: trials}} with every other facet's filter applied."""
    result = {}
    for facet in FACETS:
        trials = filter_trials(base, selection, skip=facet.param)
        ids = trials.order_by().values("pk")
        if facet.kind == "column":
            rows = trials.order_by().values_list("overall_status").annotate(n=Count("pk"))
        elif facet.kind == "country":
            rows = (
                TrialCountry.objects.filter(page_id__in=ids)
                .values_list("country")
                .annotate(n=Count("page_id"))
            )
        else:
            term = term_column(facet.relation).removesuffix("_id")
            rows = (
                through_model(facet.relation)
                .objects.filter(trialpage_id__in=ids)
                .values_list(f"{term}__code")
                .annotate(n=Count("trialpage_id"))
            )
        result[facet.param] = {value: n for value, n in rows.order_by() if value and n}
    return result
