"""What a visitor of the register can choose: facets, sorts and the `Selection`.

Also the trials a register lists, and the facet options and chart bars built from
counts. Filtering, counting and sorting happen in `trials.register.index`; the
visible trials are read in `trials.register.listing`.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trials.countries import COUNTRY_CODES, country_name
from trials.models import (
    CellType,
    Route,
    StrokeStage,
    TrialPage,
    TrialPhase,
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

# key: (label, ((column, descending), ...)); nulls always sort last, ties by tree path.
SORTS = {
    "-start": (_("Start date, newest first"), (("start_date", True),)),
    "start": (_("Start date, oldest first"), (("start_date", False),)),
    "-enrollment": (_("Enrollment, largest first"), (("enrollment", True),)),
    "enrollment": (_("Enrollment, smallest first"), (("enrollment", False),)),
    "-updated": (
        _("Last update, newest first"),
        (("last_update_posted", True), ("last_published_at", True)),
    ),
}
DEFAULT_SORT = "-start"
# Registry vocabularies are known without a query; our own terms are checked by the database.
_KNOWN_VALUES = {"phase": set(Phase.values), "status": set(OverallStatus.values), "country": COUNTRY_CODES}


def through_model(relation: str):
    return getattr(TrialPage, relation).through


def term_column(relation: str) -> str:
    """The through table's column pointing at the term (e.g. `celltype_id`)."""
    through = through_model(relation)
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

    @property
    def chosen_count(self) -> int:
        return sum(len(values) for values in self.filters.values())


def register_trials(index) -> QuerySet:
    """The live, public trials of one register page."""
    return TrialPage.objects.live().public().child_of(index)


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

    @property
    def param(self):
        return self.facet.param

    @property
    def label(self):
        return self.facet.label


def facet_options(selection: Selection, counts: dict[str, dict[str, int]], terms: dict) -> list[FacetCounts]:
    """Each facet's values with their counts; a value without trials is shown only if chosen.

    `counts[param]` are the trials per value with every *other* facet's filter applied,
    so a visitor sees what choosing a second value would add (values within a facet are
    alternatives).
    """
    result = []
    for facet in FACETS:
        facet_count = counts[facet.param]
        chosen = set(selection.filters.get(facet.param, []))
        options = []
        for value, label in _facet_values(facet, facet_count, terms, chosen):
            count = facet_count.get(value, 0)
            if count or value in chosen:
                options.append(FacetOption(value, label, count, value in chosen))
        result.append(FacetCounts(facet, options))
    return result


def _facet_values(facet: Facet, counts: dict, terms: dict, chosen: set) -> list[tuple[str, str]]:
    if facet.kind == "column":
        return [(value, str(label)) for value, label in OverallStatus.choices]
    if facet.kind == "country":
        codes = set(counts) | chosen
        return sorted(((code, country_name(code)) for code in codes), key=lambda item: item[1])
    return [(term.code, str(term)) for term in terms[facet.param]]


def vocabulary_terms() -> dict[str, list]:
    """The terms of every vocabulary facet, in their order (one small query each)."""
    return {facet.param: list(facet.term_model.objects.all()) for facet in FACETS if facet.term_model}


def term_counts(terms: list, counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) for every term of a vocabulary, in its order: the chart's bars."""
    return [(str(term), counts.get(term.code, 0)) for term in terms]
