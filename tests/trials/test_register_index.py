"""The register index answers exactly as the SQL formulation, and follows every change."""

import datetime
import random

import pytest
from django.db import connection
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from trials.models import CellType, TrialIndexPage
from trials.register_index import (
    _local,
    build_register_index,
    register_changed,
    register_index,
    register_version,
)
from trials.selectors import FACETS, SORTS, Selection, register_trials
from trials.tasks import rebuild_register_indexes

from .factories import TrialIndexPageFactory
from .register_queries import facet_counts, filter_trials, sort_trials
from .test_views import make_trial

pytestmark = pytest.mark.django_db

PHASES = ["EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3"]
CELLS = ["msc", "nsc", "bmmnc"]
ROUTES = ["intravenous", "intra-arterial", "intracerebral"]
STAGES = ["acute", "subacute", "chronic"]
COUNTRIES = ["CN", "US", "JP", "TW"]
STATUSES = ["RECRUITING", "COMPLETED", "TERMINATED", "NOT_YET_RECRUITING"]


def second_register(index):
    return TrialIndexPageFactory(
        parent=index.get_parent(), title="Other", slug="other", slug_zh_hans="other", slug_en="other"
    )


def random_register(index, rng: random.Random, count: int):
    for n in range(count):
        # Nulls and ties in every sort column, to check the order of both.
        start = rng.choice([None, datetime.date(2020, 1, 1), datetime.date(rng.randint(2010, 2025), 3, 1)])
        updated = rng.choice([None, datetime.date(2024, 5, 1), datetime.date(rng.randint(2015, 2025), 6, 1)])
        make_trial(
            index,
            n,
            phases=rng.sample(PHASES, rng.randint(0, 2)),
            cells=rng.sample(CELLS, rng.randint(0, 2)),
            routes=rng.sample(ROUTES, rng.randint(0, 2)),
            stages=rng.sample(STAGES, rng.randint(0, 1)),
            countries=rng.sample(COUNTRIES, rng.randint(0, 3)),
            status=rng.choice(STATUSES),
            enrollment=rng.choice([None, 20, rng.randint(1, 500)]),
            start_date=start,
            last_update_posted=updated,
        )


def random_query(rng: random.Random) -> str:
    values = {
        "phase": PHASES,
        "cell_type": CELLS,
        "route": ROUTES,
        "stroke_stage": STAGES,
        "country": COUNTRIES,
        "status": STATUSES,
    }
    query = QueryDict(mutable=True)
    for param in rng.sample(sorted(values), rng.randint(0, 3)):
        query.setlist(param, rng.sample(values[param], rng.randint(1, 2)))
    query["sort"] = rng.choice(list(SORTS))
    return query.urlencode()


def test_index_matches_sql_on_random_registers_and_selections(trial_index):
    rng = random.Random(20261126)  # noqa: S311 - test data
    random_register(trial_index, rng, 40)
    # A second register: its trials never appear in the first one.
    other = second_register(trial_index)
    make_trial(other, 99, phases=["PHASE2"], cells=["msc"], countries=["CN"])
    found = build_register_index(trial_index)
    base = register_trials(trial_index)
    for _ in range(80):
        query = random_query(rng)
        selection = Selection.from_query(QueryDict(query))
        expected_ids = list(
            sort_trials(filter_trials(base, selection), selection.sort).values_list("pk", flat=True)
        )
        assert found.ordered_ids(found.mask(selection), selection.sort) == expected_ids, query
        expected_counts = facet_counts(base, selection)
        for facet in FACETS:
            counts = found.counts(facet.param, found.mask(selection, skip=facet.param))
            assert counts == expected_counts[facet.param], (query, facet.param)


def test_empty_register(trial_index):
    found = build_register_index(trial_index)
    selection = Selection.from_query(QueryDict("phase=PHASE2&sort=-enrollment"))
    assert found.ordered_ids(found.mask(selection), selection.sort) == []
    assert found.counts("phase", found.everything) == {}


def test_index_is_built_once_then_shared(trial_index, django_assert_num_queries):
    make_trial(trial_index, 1, phases=["PHASE2"])
    # view restrictions, trials, 4 vocabulary links, countries, the 4 vocabularies
    with django_assert_num_queries(11):
        first = register_index(trial_index)
    with django_assert_num_queries(0):
        assert register_index(trial_index) is first


def ids(index):
    found = register_index(index)
    return found.ordered_ids(found.everything, "-start")


def test_publishing_and_unpublishing_change_the_index(trial_index):
    trial = make_trial(trial_index, 1, phases=["PHASE2"])
    assert ids(trial_index) == [trial.pk]
    trial.unpublish()
    assert ids(trial_index) == []
    trial.phases.set([])
    trial.save_revision().publish()
    assert ids(trial_index) == [trial.pk]
    assert register_index(trial_index).masks["phase"] == {}


def test_a_private_register_lists_nothing(trial_index):
    make_trial(trial_index, 1)
    assert len(ids(trial_index)) == 1
    restriction = PageViewRestriction.objects.create(page=trial_index, restriction_type="login")
    assert ids(trial_index) == []
    restriction.delete()
    assert len(ids(trial_index)) == 1


def test_deleting_a_trial_or_renaming_a_term_code(trial_index):
    keep = make_trial(trial_index, 1, cells=["msc"])
    gone = make_trial(trial_index, 2, cells=["msc"])
    assert register_index(trial_index).counts("cell_type", register_index(trial_index).everything) == {
        "msc": 2
    }
    gone.delete()
    assert ids(trial_index) == [keep.pk]
    term = CellType.objects.get(code="msc")
    term.code = "mesenchymal"
    term.save()
    found = register_index(trial_index)
    assert found.counts("cell_type", found.everything) == {"mesenchymal": 1}


def test_moving_a_trial_to_another_register(trial_index):
    trial = make_trial(trial_index, 1)
    other = second_register(trial_index)
    assert ids(trial_index) == [trial.pk] and ids(other) == []
    trial.move(TrialIndexPage.objects.get(pk=other.pk), pos="last-child")
    assert ids(trial_index) == [] and ids(other) == [trial.pk]


@pytest.fixture
def new_transaction(trial_index):
    """The test runs in one transaction: forget the callbacks its fixtures queued."""
    connection.run_on_commit.clear()


def test_a_committed_change_is_indexed_before_the_next_visitor(
    trial_index, new_transaction, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        trial = make_trial(trial_index, 1, phases=["PHASE2"])
    _local.clear()  # as in another web process
    with django_assert_num_queries(0):
        found = register_index(trial_index)
    assert found.ids == (trial.pk,)


def test_a_stale_rebuild_does_nothing(trial_index, django_assert_num_queries):
    stale = register_version()
    register_changed()
    with django_assert_num_queries(0):
        assert rebuild_register_indexes(stale) == 0
    assert rebuild_register_indexes(register_version()) == 1


def test_many_changes_in_one_transaction_rebuild_once(
    trial_index, new_transaction, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(5):
            make_trial(trial_index, n)
    assert len([c for c in callbacks if c.__name__ == "_bump_and_rebuild"]) == 1


def test_saving_a_draft_leaves_the_register_alone(trial_index):
    trial = make_trial(trial_index, 1)
    version = register_version()
    trial.title_en = "A draft title visitors do not see yet"
    trial.save_revision()
    assert register_version() == version
    trial.get_latest_revision().publish()
    assert register_version() != version
