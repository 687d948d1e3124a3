"""Reads of the public register: filtering, facet counts, sorting, summary counts.

Every query here is one statement whatever the number of trials, so a register
page costs the same number of queries with 3 trials or 10,000.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trials.countries import country_name
from trials.countries_data import COUNTRIES
from trials.models import (
    CellType,
    Route,
    StrokeStage,
    TrialCountry,
    TrialPage,
    TrialPhase,
    TrialRegistryId,
)
from trials.models.choices import OverallStatus, Phase


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    kind: str  # "m2m", "column" or "country"
    relation: str = ""  # m2m field name on TrialPage
    term_model: type | None = None


FACETS = (
    Facet("phase", _("Phase"), "m2m", "phases", TrialPhase),
    Facet("status", _("Status"), "column"),
    Facet("cell_type", _("Cell type"), "m2m", "cell_types", CellType),
    Facet("route", _("Route"), "m2m", "routes", Route),
    Facet("stroke_stage", _("Stroke stage"), "m2m", "stroke_stages", StrokeStage),
    Facet("country", _("Country"), "country"),
)
FACETS_BY_PARAM = {facet.param: facet for facet in FACETS}

SORTS = {
    "-start": (_("Start date, newest first"), [F("start_date").desc(nulls_last=True)]),
    "start": (_("Start date, oldest first"), [F("start_date").asc(nulls_last=True)]),
    "-enrollment": (_("Enrollment, largest first"), [F("enrollment").desc(nulls_last=True)]),
    "enrollment": (_("Enrollment, smallest first"), [F("enrollment").asc(nulls_last=True)]),
    "-updated": (
        _("Last update, newest first"),
        [F("last_update_posted").desc(nulls_last=True), F("last_published_at").desc(nulls_last=True)],
    ),
}
DEFAULT_SORT = "-start"
# Registry vocabularies are known without a query; our own terms are checked by the database.
_KNOWN_VALUES = {"phase": set(Phase.values), "status": set(OverallStatus.values), "country": set(COUNTRIES)}


def _through(relation: str):
    return getattr(TrialPage, relation).through


def _term_column(relation: str) -> str:
    """The through table's column pointing at the term (e.g. `celltype_id`)."""
    through = _through(relation)
    for f in through._meta.get_fields():
        if f.is_relation and f.related_model is not TrialPage and f.many_to_one:
            return f.attname
    raise LookupError(relation)


@dataclass
class Selection:
    """What the visitor chose: {param: [values]} of known values only, plus the sort."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = DEFAULT_SORT

    @classmethod
    def from_query(cls, query: QueryDict) -> "Selection":
        filters = {}
        for facet in FACETS:
            known = _KNOWN_VALUES.get(facet.param)
            values = [
                v
                for v in dict.fromkeys(query.getlist(facet.param))
                if v and len(v) <= 40 and (known is None or v in known)
            ]
            if values:
                filters[facet.param] = values
        sort = query.get("sort", DEFAULT_SORT)
        return cls(filters=filters, sort=sort if sort in SORTS else DEFAULT_SORT)

    def is_empty(self) -> bool:
        return not self.filters


def register_trials(index) -> QuerySet:
    """The live, public trials of one register page."""
    return TrialPage.objects.live().public().child_of(index)


def _apply_facet(queryset: QuerySet, facet: Facet, values: list[str]) -> QuerySet:
    """Values within one facet are alternatives (OR); facets combine with AND."""
    if facet.kind == "column":
        return queryset.filter(overall_status__in=values)
    if facet.kind == "country":
        pages = TrialCountry.objects.filter(country__in=values).values("page_id")
        return queryset.filter(pk__in=pages)
    through = _through(facet.relation)
    term_column = _term_column(facet.relation).removesuffix("_id")
    pages = through.objects.filter(**{f"{term_column}__code__in": values}).values("trialpage_id")
    return queryset.filter(pk__in=pages)


def filter_trials(queryset: QuerySet, selection: Selection, *, skip: str | None = None) -> QuerySet:
    for param, values in selection.filters.items():
        if param != skip:
            queryset = _apply_facet(queryset, FACETS_BY_PARAM[param], values)
    return queryset


def sort_trials(queryset: QuerySet, sort: str) -> QuerySet:
    return queryset.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])[1], "path")


def with_listing_data(queryset: QuerySet) -> QuerySet:
    """Everything a list row, the comparison table and the export show, in a fixed number of queries."""
    return queryset.prefetch_related(
        "phases",
        "cell_types",
        "routes",
        "stroke_stages",
        "stroke_types",
        Prefetch("countries", queryset=TrialCountry.objects.order_by("sort_order", "pk")),
        Prefetch("registry_ids", queryset=TrialRegistryId.objects.order_by("sort_order", "pk")),
    )


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetCounts:
    facet: Facet
    options: list[FacetOption]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def param(self):
        return self.facet.param

    @property
    def label(self):
        return self.facet.label

    @property
    def any_selected(self) -> bool:
        return any(option.selected for option in self.options)


def _counts(facet: Facet, trials: QuerySet) -> dict[str, int]:
    """Trials per value of one facet among `trials`."""
    ids = trials.order_by().values("pk")
    if facet.kind == "column":
        rows = trials.order_by().values_list("overall_status").annotate(n=Count("pk"))
        return dict(rows)
    if facet.kind == "country":
        rows = (
            TrialCountry.objects.filter(page_id__in=ids)
            .order_by()
            .values_list("country")
            .annotate(n=Count("page_id"))  # (page, country) is unique
        )
        return dict(rows)
    through = _through(facet.relation)
    term = _term_column(facet.relation).removesuffix("_id")
    rows = (
        through.objects.filter(trialpage_id__in=ids)
        .order_by()
        .values_list(f"{term}__code")
        .annotate(n=Count("trialpage_id"))  # (trial, term) is unique
    )
    return dict(rows)


def facet_counts(base: QuerySet, selection: Selection, terms: dict) -> list[FacetCounts]:
    """For each facet, how many trials each value would give with the other facets' filters.

    Counting a facet without its own filter lets a visitor see what choosing a second
    value would add (values within a facet are alternatives).
    """
    result = []
    for facet in FACETS:
        counts = _counts(facet, filter_trials(base, selection, skip=facet.param))
        chosen = set(selection.filters.get(facet.param, []))
        options = []
        for value, label in _facet_values(facet, counts, terms):
            count = counts.get(value, 0)
            if count or value in chosen:
                options.append(FacetOption(value, label, count, value in chosen))
        result.append(FacetCounts(facet, options, counts))
    return result


def _facet_values(facet: Facet, counts: dict, terms: dict) -> list[tuple[str, str]]:
    if facet.kind == "column":
        return [(value, str(label)) for value, label in OverallStatus.choices]
    if facet.kind == "country":
        return sorted(((code, country_name(code)) for code in counts), key=lambda item: item[1])
    return [(term.code, str(term)) for term in terms[facet.param]]


def vocabulary_terms() -> dict[str, list]:
    """The terms of every vocabulary facet, in their order (one small query each)."""
    return {facet.param: list(facet.term_model.objects.all()) for facet in FACETS if facet.term_model}


def summary_counts(
    trials: QuerySet, terms: dict, selection: Selection, facets: list[FacetCounts]
) -> dict[str, list[tuple[str, int]]]:
    """Trials by phase and by cell type in the current selection, for the chart.

    A facet's own counts are the selection's counts when it has no filter of its own,
    so the chart costs a query only for a filtered facet.
    """
    known = {facet.param: facet.counts for facet in facets}
    summary = {}
    for param in ("phase", "cell_type"):
        facet = FACETS_BY_PARAM[param]
        counts = known[param] if param not in selection.filters else _counts(facet, trials)
        summary[param] = [(str(term), counts.get(term.code, 0)) for term in terms[param]]
    return summary
