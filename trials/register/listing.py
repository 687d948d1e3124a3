"""The register's visible trials: rendered rows, cached per trial, and their data.

A row depends on its trial, the language, the view and the register (its URL and
the vocabulary labels), all of which change only with the register's version, and on
the day (a record's staleness warning): rows are kept under that version and day,
so the next request after any change renders afresh. A visible page of rows costs
one cache read, and the database only for rows not yet rendered (`fetch_listing`, which the export reads its trials with as well).
"""

import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from trials.models import StrokeType, TrialCountry, TrialPage, TrialRegistryId
from trials.register.index import RegisterIndex
from trials.register.selectors import FACETS

ROW_TEMPLATES = {
    "list": "components/trials/trial_list_item.html",
    "table": "components/trials/comparison_row.html",
}
ROW_TIMEOUT = 24 * 60 * 60
# The trial columns the row templates read (modeltranslation adds every language's).
ROW_FIELDS = (
    "title",
    "slug",
    "acronym",
    "overall_status",
    "enrollment",
    "enrollment_type",
    "start_date",
    "start_date_precision",
    "needs_translation",  # English registry titles carry lang="en" in Chinese pages
    # The warning on records that look out of date (trials.eligibility.stale_reason).
    "primary_completion_date",
    "primary_completion_date_precision",
    "last_update_posted",
)


def trial_rows(
    index_page, found: RegisterIndex, ids: list[int], *, view: str, register_url: str
) -> list[SafeString]:
    """The HTML rows of these trials, in order."""
    language = translation.get_language()
    # The day is in the key: a record turns stale with the date, not with an edit.
    today = datetime.date.today().isoformat()
    keys = {
        page_id: f"trials:row:{found.version}:{index_page.pk}:{language}:{view}:{today}:{page_id}"
        for page_id in ids
    }
    rows = cache.get_many(list(keys.values()))
    missing = [page_id for page_id in ids if keys[page_id] not in rows]
    rendered = {
        keys[trial.pk]: render_to_string(ROW_TEMPLATES[view], {"trial": trial, "register_url": register_url})
        for trial in fetch_listing(found, missing, fields=ROW_FIELDS)
    }
    if rendered:
        cache.set_many(rendered, ROW_TIMEOUT)
        rows.update(rendered)
    # Our own templates rendered them, escaping included.
    return [SafeString(rows[keys[page_id]]) for page_id in ids if keys[page_id] in rows]


def fetch_listing(
    found: RegisterIndex, ids: list[int], *, fields: tuple[str, ...] = (), stroke_types: bool = False
) -> list[TrialPage]:
    """The trials with these ids, in that order, with what a list row, the table and the export show.

    Three queries: the trials, their countries and their registry IDs (and two for
    `stroke_types`, which only the export shows). Their phases and our vocabulary terms
    come from the index, set as modelcluster's in-memory relations, so
    `trial.cell_types.all()` reads no database. `fields` limits the trial columns read.
    """
    queryset = TrialPage.objects.filter(pk__in=ids, live=True)
    if fields:
        queryset = queryset.only(*fields)
    trials = {trial.pk: trial for trial in queryset}
    children = {}
    for model in (TrialCountry, TrialRegistryId):
        for child in model.objects.filter(page_id__in=ids).order_by("sort_order", "pk"):
            children.setdefault((model, child.page_id), []).append(child)
    if stroke_types:
        terms = {term.pk: term for term in StrokeType.objects.all()}
        links = TrialPage.stroke_types.through.objects.filter(trialpage_id__in=ids)
        for page_id, term_id in links.values_list("trialpage_id", "stroketype_id"):
            children.setdefault((StrokeType, page_id), []).append(terms[term_id])
    for page_id, trial in trials.items():
        trial.countries.set(children.get((TrialCountry, page_id), []))
        trial.registry_ids.set(children.get((TrialRegistryId, page_id), []))
        if stroke_types:
            trial.stroke_types.set(children.get((StrokeType, page_id), []))
        for facet in FACETS:
            if facet.term_model and page_id in found.positions:
                getattr(trial, facet.relation).set(found.terms_of(page_id, facet.param))
    return [trials[page_id] for page_id in ids if page_id in trials]
