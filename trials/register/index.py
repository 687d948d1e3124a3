"""The register's facet index: filter, count and sort 10,000 trials without SQL.

Facet counts need, for every facet, the trials that match all the *other* facets'
filters; in SQL that is one aggregate per facet over the whole register, 10-15 ms
each on 10,000 trials. Here every facet value is a bitmask over the register's
trials (bit i is the i-th trial in the default order): a selection is a few ORs and
ANDs, a count is `int.bit_count()`, and only the visible page is read from the
database.

The index is built in 11 queries, shared through the cache under the register's
version and kept in each process. `trials/register/signals.py` bumps the version whenever
what a register shows may have changed (a trial saved, published, unpublished, moved
or deleted, a view restriction, a vocabulary term, the register page itself), and a
worker builds the new index after the commit (docs/trials.md).
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.db import transaction

from portal.core.cache_versions import bump_version, current_version
from trials.models import TrialCountry
from trials.register.selectors import (
    DEFAULT_SORT,
    FACETS,
    SORTS,
    Selection,
    register_trials,
    term_column,
    through_model,
    vocabulary_terms,
)

VERSION_KEY = "trials:register-version"
CACHE_TIMEOUT = 24 * 60 * 60
_SORT_COLUMNS = ("start_date", "enrollment", "last_update_posted", "last_published_at", "path")
# The latest index of each register page in this process: {index page id: (version, index)}.
_local: dict[int, tuple[int, "RegisterIndex"]] = {}


@dataclass(frozen=True)
class RegisterIndex:
    ids: tuple[int, ...]  # trial page ids; position i is bit i
    masks: dict[str, dict[str, int]]  # facet param -> value -> bitmask of the trials having it
    orders: dict[str, tuple[int, ...]]  # sort key -> positions in that order
    terms: dict[str, list]  # vocabulary facet param -> its terms, in their order
    version: int = 0  # the register version it was built for

    @cached_property
    def positions(self) -> dict[int, int]:
        """Trial page id -> its bit."""
        return _positions(self.ids)

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
    return current_index(
        _local, _cache_key, index_page, lambda version: store_register_index(index_page, version)
    )


def current_index(held_here: dict, cache_key, index_page, build):
    """An index of `index_page` at the register's version: the one this process holds
    (`held_here`), else the cache's (`cache_key(page id, version)`), else `build(version)`."""
    version = register_version()
    held = held_here.get(index_page.pk)
    if held and held[0] == version:
        return held[1]
    built = cache.get(cache_key(index_page.pk, version))
    if built is None:
        built = build(version)
    held_here[index_page.pk] = (version, built)
    return built


def store_register_index(index_page, version: int) -> RegisterIndex:
    built = build_register_index(index_page, version=version)
    cache.set(_cache_key(index_page.pk, version), built, CACHE_TIMEOUT)
    return built


def _cache_key(index_page_id: int, version: int) -> str:
    return f"trials:register-index:{index_page_id}:{version}"


def register_version() -> int:
    return current_version(VERSION_KEY)


def register_changed(**kwargs) -> None:
    """Invalidate every register index now, and again once the transaction commits.

    A request between the two could build an index from the data before the commit;
    the second bump makes sure that index is not used afterwards. After the commit a
    worker builds the new index, so visitors do not wait for it.
    """
    bump_version(VERSION_KEY)
    connection = transaction.get_connection()
    # One rebuild per transaction, however many trials it saved (an import, a sync).
    # A callback of a rolled-back savepoint leaves this list, so a later change adds it again.
    if connection.in_atomic_block and any(
        func is _bump_and_rebuild for _s, func, _r in connection.run_on_commit
    ):
        return
    transaction.on_commit(_bump_and_rebuild, robust=True)


def _bump_and_rebuild() -> None:
    # cycle: the task module imports this one to build the index.
    from trials.tasks import rebuild_register_indexes

    rebuild_register_indexes.delay(bump_version(VERSION_KEY))


def build_register_index(index_page, *, version: int = 0) -> RegisterIndex:
    trials = register_trials(index_page).order_by()
    rows = list(trials.values_list("pk", "overall_status", *_SORT_COLUMNS))
    # Bits follow the default order, so its order is simply 0..n-1.
    rows = [rows[n] for n in _order(rows, SORTS[DEFAULT_SORT][1])]
    orders = {
        sort: tuple(range(len(rows))) if sort == DEFAULT_SORT else tuple(_order(rows, columns))
        for sort, (_label, columns) in SORTS.items()
    }
    ids = tuple(row[0] for row in rows)

    terms = vocabulary_terms()
    pairs = {"status": [(row[0], row[1]) for row in rows if row[1]]}
    # Every register's links (a join to keep this one's costs more than it saves):
    # `_masks` keeps the trials that have a position here.
    for facet in FACETS:
        if facet.kind == "m2m":
            codes = {term.pk: term.code for term in terms[facet.param]}
            links = through_model(facet.relation).objects.values_list(
                "trialpage_id", term_column(facet.relation)
            )
            pairs[facet.param] = [(page_id, codes[term_id]) for page_id, term_id in links]
        elif facet.kind == "country":
            pairs[facet.param] = TrialCountry.objects.values_list("page_id", "country")
    position = _positions(ids)
    masks = {facet.param: _masks(pairs[facet.param], position) for facet in FACETS}
    return RegisterIndex(ids=ids, masks=masks, orders=orders, terms=terms, version=version)


def _positions(ids: tuple[int, ...]) -> dict[int, int]:
    return {page_id: n for n, page_id in enumerate(ids)}


def _masks(pairs, position: dict[int, int]) -> dict[str, int]:
    """{value: bitmask} from (page id, value) pairs, one bitmap per value."""
    bitmaps: dict[str, bytearray] = {}
    size = (len(position) + 7) // 8
    for page_id, value in pairs:
        bit = position.get(page_id)
        if bit is None:  # not live, not public, or published while the index was read
            continue
        bitmap = bitmaps.get(value)
        if bitmap is None:
            bitmap = bitmaps[value] = bytearray(size)
        bitmap[bit >> 3] |= 1 << (bit & 7)
    return {value: int.from_bytes(bitmap, "little") for value, bitmap in bitmaps.items()}


def _order(rows: list[tuple], columns) -> list[int]:
    """Row numbers in the order SQL's `ORDER BY column [DESC] NULLS LAST, ..., path` gives."""
    keys = []
    for column, descending in columns:
        values = (row[2 + _SORT_COLUMNS.index(column)] for row in rows)
        sign = -1 if descending else 1
        keys.append([(1, 0) if value is None else (0, sign * _number(value)) for value in values])
    paths = [row[2 + _SORT_COLUMNS.index("path")] for row in rows]
    key_of = list(zip(*keys, paths, strict=True))
    return sorted(range(len(rows)), key=key_of.__getitem__)


def _number(value) -> float:
    """Dates and times as numbers that order like them."""
    if hasattr(value, "timestamp"):
        return value.timestamp()
    if hasattr(value, "toordinal"):
        return value.toordinal()
    return value
