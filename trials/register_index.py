"""The register's facet index: filter, count and sort 10,000 trials without SQL.

Facet counts need, for every facet, the trials that match all the *other* facets'
filters; in SQL that is one aggregate per facet over the whole register, 10-15 ms
each on 10,000 trials. Here every facet value is a bitmask over the register's
trials (bit i is the i-th trial in the default order): a selection is a few ORs and
ANDs, a count is `int.bit_count()`, and only the visible page is read from the
database.

The index is built in six queries, shared through the cache under the register's
version and kept in each process; `trials/signals.py` bumps the version when a
trial is published, unpublished, moved or deleted, a view restriction changes or a
vocabulary term changes.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

from trials.models import TrialCountry, TrialPage, TrialRegistryId
from trials.selectors import (
    DEFAULT_SORT,
    FACETS,
    SORTS,
    Selection,
    register_trials,
    term_column,
    through_model,
    vocabulary_terms,
    with_listing_data,
)

VERSION_KEY = "trials:register-version"
CACHE_TIMEOUT = 24 * 60 * 60
_SORT_COLUMNS = ("start_date", "enrollment", "last_update_posted", "last_published_at", "path")
# The latest index of each register page in this process: {index page id: (version, index)}.
_local: dict[int, tuple[int, "RegisterIndex"]] = {}


@dataclass(frozen=True)
class RegisterIndex:
    ids: tuple[int, ...]  # trial page ids; position i is bit i
    positions: dict[int, int]  # trial page id -> its bit
    masks: dict[str, dict[str, int]]  # facet param -> value -> bitmask of the trials having it
    orders: dict[str, tuple[int, ...]]  # sort key -> positions in that order
    terms: dict[str, list]  # vocabulary facet param -> its terms, in their order

    @property
    def everything(self) -> int:
        return (1 << len(self.ids)) - 1

    def mask(self, selection: Selection, *, skip: str | None = None) -> int:
        """The trials matching every facet of `selection` but `skip`: OR within a facet, AND across."""
        mask = self.everything
        for param, values in selection.filters.items():
            if param == skip:
                continue
            chosen = 0
            for value in values:
                chosen |= self.masks[param].get(value, 0)
            mask &= chosen
        return mask

    def counts(self, param: str, mask: int) -> dict[str, int]:
        """Trials per value of one facet among `mask` (values with none are left out)."""
        counts = {}
        for value, bits in self.masks[param].items():
            if count := (bits & mask).bit_count():
                counts[value] = count
        return counts

    def terms_of(self, page_id: int, param: str) -> list:
        """The terms of a vocabulary facet that one trial has, in the vocabulary's order."""
        bit = 1 << self.positions[page_id]
        masks = self.masks[param]
        return [term for term in self.terms[param] if masks.get(term.code, 0) & bit]

    def ordered_ids(self, mask: int, sort: str) -> list[int]:
        """The page ids in `mask`, in the order of `sort`."""
        order = self.orders[sort]
        if mask == self.everything:
            return [self.ids[position] for position in order]
        # One character per trial, "1" where it is in the mask (bit i is character i).
        flags = format(mask, f"0{len(self.ids)}b")[::-1]
        return [self.ids[position] for position in order if flags[position] == "1"]


def register_index(index_page) -> RegisterIndex:
    """The current index of one register page: from this process, the cache, or the database."""
    version = register_version()
    held = _local.get(index_page.pk)
    if held and held[0] == version:
        return held[1]
    key = f"trials:register-index:{index_page.pk}:{version}"
    built = cache.get(key)
    if built is None:
        built = build_register_index(index_page)
        cache.set(key, built, CACHE_TIMEOUT)
    _local[index_page.pk] = (version, built)
    return built


def register_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def register_changed(**kwargs) -> None:
    """Invalidate every register index, now and again once the transaction commits.

    A request between the two could build an index from the data before the commit;
    the second bump makes sure that index is not used afterwards.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def build_register_index(index_page) -> RegisterIndex:
    trials = register_trials(index_page).order_by()
    sort_keys = {sort: _sort_key(columns) for sort, (_label, columns) in SORTS.items()}
    rows = [
        (page_id, status, dict(zip(_SORT_COLUMNS, sort_values, strict=True)))
        for page_id, status, *sort_values in trials.values_list("pk", "overall_status", *_SORT_COLUMNS)
    ]
    # Bits follow the default order, so its order is simply 0..n-1.
    rows.sort(key=lambda row: sort_keys[DEFAULT_SORT](row[2]))
    ids = tuple(row[0] for row in rows)
    position = {page_id: n for n, page_id in enumerate(ids)}
    orders = {
        sort: tuple(sorted(range(len(rows)), key=lambda n, key=key: key(rows[n][2])))
        for sort, key in sort_keys.items()
    }
    pairs = {"status": [(page_id, status) for page_id, status, _values in rows if status]}
    page_ids = trials.values("pk")
    for facet in FACETS:
        if facet.kind == "m2m":
            through = through_model(facet.relation)
            code = f"{term_column(facet.relation).removesuffix('_id')}__code"
            pairs[facet.param] = through.objects.filter(trialpage_id__in=page_ids).values_list(
                "trialpage_id", code
            )
        elif facet.kind == "country":
            pairs[facet.param] = TrialCountry.objects.filter(page_id__in=page_ids).values_list(
                "page_id", "country"
            )
    masks = {}
    for facet in FACETS:
        value_masks: dict[str, int] = {}
        for page_id, value in pairs[facet.param]:
            if page_id in position:  # a trial published while the index was read waits for the next one
                value_masks[value] = value_masks.get(value, 0) | (1 << position[page_id])
        masks[facet.param] = value_masks
    return RegisterIndex(ids=ids, positions=position, masks=masks, orders=orders, terms=vocabulary_terms())


def _sort_key(columns):
    """A Python key giving the same order as `selectors.order_by(sort)`: nulls last, then path."""

    def key(values: dict):
        parts = []
        for column, descending in columns:
            value = values[column]
            if value is None:
                parts.append((1, 0))
                continue
            number = value.timestamp() if hasattr(value, "timestamp") else _number(value)
            parts.append((0, -number if descending else number))
        return (*parts, values["path"])

    return key


def _number(value) -> float:
    return value.toordinal() if hasattr(value, "toordinal") else value


def fetch_listing(found: RegisterIndex, ids: list[int]) -> list[TrialPage]:
    """The trials with these ids, in that order, with what a list row and the table show.

    Three queries: the trials, their countries and their registry IDs. Their phases and
    our vocabulary terms come from the index, set as modelcluster's in-memory relations,
    so `trial.cell_types.all()` reads no database.
    """
    trials = {trial.pk: trial for trial in TrialPage.objects.filter(pk__in=ids, live=True)}
    children = {}
    for model in (TrialCountry, TrialRegistryId):
        for child in model.objects.filter(page_id__in=ids).order_by("sort_order", "pk"):
            children.setdefault((model, child.page_id), []).append(child)
    for page_id, trial in trials.items():
        trial.countries.set(children.get((TrialCountry, page_id), []))
        trial.registry_ids.set(children.get((TrialRegistryId, page_id), []))
        for facet in FACETS:
            if facet.term_model and page_id in found.positions:
                getattr(trial, facet.relation).set(found.terms_of(page_id, facet.param))
    return [trials[page_id] for page_id in ids if page_id in trials]


def fetch_for_export(ids: list[int]) -> list[TrialPage]:
    """The trials with these ids, in that order, with everything the export writes."""
    found = {trial.pk: trial for trial in with_listing_data(TrialPage.objects.filter(pk__in=ids, live=True))}
    return [found[page_id] for page_id in ids if page_id in found]
