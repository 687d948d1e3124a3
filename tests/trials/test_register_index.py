"""The register index answers exactly as the SQL formulation, and follows every change."""

import datetime
import random

import pytest
from django.db import connection
from django.http import QueryDict
from wagtail.models import PageViewRestriction

from trials.models import CellType, TrialIndexPage, TrialPage
from trials.register.index import (
    _local,
    build_register_index,
    register_changed,
    register_index,
    register_version,
)
from trials.register.selectors import FACETS, SORTS, Selection, register_trials
from trials.tasks import rebuild_register_indexes

from .factories import TrialIndexPageFactory
from .register_queries import facet_counts, filter_trials, sort_trials
from .test_views import export_json, make_trial, register_url

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


# A small register whose orders and counts are worked out by hand below, so that a
# wrong sort column or direction fails even where the index and `register_queries`
# (both built on the production FACETS and SORTS) would agree.
#
#     start       enrollment  updated     published
# A   2020-03-01  60          2024-05-01  2026-01-05
# B   2018-06-01  -           2023-01-10  2026-01-01
# C   -           300         -           2026-01-03
# D   2022-09-01  12          2024-05-01  2026-01-09
# E   2020-03-01  60          2025-02-14  2026-01-02
# F   2015-01-01  500         -           2026-01-07
#
#     phases          cells     routes                       stages    countries  status
# A   PHASE2          msc       intravenous                  acute     CN         RECRUITING
# B   PHASE1, PHASE2  msc, nsc  intracerebral                chronic   US, CN     COMPLETED
# C   PHASE3          nsc       intra-arterial               subacute  JP         NOT_YET_RECRUITING
# D   -               msc       intravenous, intra-arterial  acute     CN, JP     RECRUITING
# E   PHASE2, PHASE3  -         -                            -         -          TERMINATED
# F   EARLY_PHASE1    ipsc      intranasal                   chronic   TW         COMPLETED
HAND_BUILT = {
    "A": dict(
        start_date=datetime.date(2020, 3, 1),
        enrollment=60,
        last_update_posted=datetime.date(2024, 5, 1),
        published=datetime.date(2026, 1, 5),
        phases=["PHASE2"],
        cells=["msc"],
        routes=["intravenous"],
        stages=["acute"],
        countries=["CN"],
        status="RECRUITING",
    ),
    "B": dict(
        start_date=datetime.date(2018, 6, 1),
        enrollment=None,
        last_update_posted=datetime.date(2023, 1, 10),
        published=datetime.date(2026, 1, 1),
        phases=["PHASE1", "PHASE2"],
        cells=["msc", "nsc"],
        routes=["intracerebral"],
        stages=["chronic"],
        countries=["US", "CN"],
        status="COMPLETED",
    ),
    "C": dict(
        start_date=None,
        enrollment=300,
        last_update_posted=None,
        published=datetime.date(2026, 1, 3),
        phases=["PHASE3"],
        cells=["nsc"],
        routes=["intra-arterial"],
        stages=["subacute"],
        countries=["JP"],
        status="NOT_YET_RECRUITING",
    ),
    "D": dict(
        start_date=datetime.date(2022, 9, 1),
        enrollment=12,
        last_update_posted=datetime.date(2024, 5, 1),
        published=datetime.date(2026, 1, 9),
        phases=[],
        cells=["msc"],
        routes=["intravenous", "intra-arterial"],
        stages=["acute"],
        countries=["CN", "JP"],
        status="RECRUITING",
    ),
    "E": dict(
        start_date=datetime.date(2020, 3, 1),
        enrollment=60,
        last_update_posted=datetime.date(2025, 2, 14),
        published=datetime.date(2026, 1, 2),
        phases=["PHASE2", "PHASE3"],
        cells=[],
        routes=[],
        stages=[],
        countries=[],
        status="TERMINATED",
    ),
    "F": dict(
        start_date=datetime.date(2015, 1, 1),
        enrollment=500,
        last_update_posted=None,
        published=datetime.date(2026, 1, 7),
        phases=["EARLY_PHASE1"],
        cells=["ipsc"],
        routes=["intranasal"],
        stages=["chronic"],
        countries=["TW"],
        status="COMPLETED",
    ),
}

# Nulls last in both directions; ties (A and E: same start and enrollment) in tree
# order, i.e. the order they were created in, whatever the direction.
HAND_SORTED = {
    "-start": ["D", "A", "E", "B", "F", "C"],
    "start": ["F", "B", "A", "E", "D", "C"],
    "-enrollment": ["F", "C", "A", "E", "D", "B"],
    "enrollment": ["D", "A", "E", "C", "F", "B"],
    # A and D were updated the same day: the later published (D) first; so C and F,
    # which have no update date.
    "-updated": ["E", "D", "A", "B", "F", "C"],
}

# query -> (trials in order, {facet: counts with every *other* facet's filter applied})
HAND_SELECTED = {
    "phase=PHASE2": (
        ["A", "E", "B"],
        {
            "phase": {"EARLY_PHASE1": 1, "PHASE1": 1, "PHASE2": 3, "PHASE3": 2},
            "status": {"RECRUITING": 1, "COMPLETED": 1, "TERMINATED": 1},
            "cell_type": {"msc": 2, "nsc": 1},
            "route": {"intravenous": 1, "intracerebral": 1},
            "stroke_stage": {"acute": 1, "chronic": 1},
            "country": {"CN": 2, "US": 1},
        },
    ),
    "phase=PHASE2&phase=PHASE3&sort=-enrollment": (
        ["C", "A", "E", "B"],
        {
            "phase": {"EARLY_PHASE1": 1, "PHASE1": 1, "PHASE2": 3, "PHASE3": 2},
            "status": {"RECRUITING": 1, "COMPLETED": 1, "NOT_YET_RECRUITING": 1, "TERMINATED": 1},
            "cell_type": {"msc": 2, "nsc": 2},
            "route": {"intravenous": 1, "intracerebral": 1, "intra-arterial": 1},
            "stroke_stage": {"acute": 1, "chronic": 1, "subacute": 1},
            "country": {"CN": 2, "US": 1, "JP": 1},
        },
    ),
    "cell_type=msc&country=CN&sort=start": (
        ["B", "A", "D"],
        {
            "phase": {"PHASE1": 1, "PHASE2": 2},
            "status": {"RECRUITING": 2, "COMPLETED": 1},
            "cell_type": {"msc": 3, "nsc": 1},
            "route": {"intravenous": 2, "intracerebral": 1, "intra-arterial": 1},
            "stroke_stage": {"acute": 2, "chronic": 1},
            "country": {"CN": 3, "US": 1, "JP": 1},
        },
    ),
    "status=COMPLETED&stroke_stage=chronic&route=intranasal&sort=-updated": (
        ["F"],
        {
            "phase": {"EARLY_PHASE1": 1},
            "status": {"COMPLETED": 1},
            "cell_type": {"ipsc": 1},
            "route": {"intracerebral": 1, "intranasal": 1},
            "stroke_stage": {"chronic": 1},
            "country": {"TW": 1},
        },
    ),
    "country=JP&country=TW&sort=enrollment": (
        ["D", "C", "F"],
        {
            "phase": {"EARLY_PHASE1": 1, "PHASE3": 1},
            "status": {"RECRUITING": 1, "NOT_YET_RECRUITING": 1, "COMPLETED": 1},
            "cell_type": {"msc": 1, "nsc": 1, "ipsc": 1},
            "route": {"intravenous": 1, "intra-arterial": 2, "intranasal": 1},
            "stroke_stage": {"acute": 1, "subacute": 1, "chronic": 1},
            "country": {"CN": 3, "US": 1, "JP": 2, "TW": 1},
        },
    ),
    "phase=PHASE4": (
        [],
        {
            "phase": {"EARLY_PHASE1": 1, "PHASE1": 1, "PHASE2": 3, "PHASE3": 2},
            "status": {},
            "cell_type": {},
            "route": {},
            "stroke_stage": {},
            "country": {},
        },
    ),
}


@pytest.fixture
def hand_built(trial_index) -> dict[str, int]:
    """The register above; {letter: page id}."""
    pks = {}
    for n, (letter, row) in enumerate(HAND_BUILT.items()):
        row = dict(row)
        published = row.pop("published")
        trial = make_trial(trial_index, n, acronym=letter, **row)
        TrialPage.objects.filter(pk=trial.pk).update(
            last_published_at=datetime.datetime.combine(published, datetime.time(9), tzinfo=datetime.UTC)
        )
        pks[letter] = trial.pk
    register_changed()  # the updates above bypass the signals
    return pks


def letters(pks: dict[str, int], ids) -> list[str]:
    by_pk = {pk: letter for letter, pk in pks.items()}
    return [by_pk[pk] for pk in ids]


@pytest.mark.parametrize("sort", list(HAND_SORTED))
def test_each_sort_gives_the_hand_worked_order(client, trial_index, hand_built, sort):
    expected = HAND_SORTED[sort]
    found = register_index(trial_index)
    assert letters(hand_built, found.ordered_ids(found.everything, sort)) == expected
    oracle = sort_trials(register_trials(trial_index), sort).values_list("pk", flat=True)
    assert letters(hand_built, oracle) == expected
    data = export_json(client, register_url(trial_index, "en", f"format=json&sort={sort}"))
    assert [row["acronym"] for row in data["trials"]] == expected


def test_every_sort_is_hand_checked():
    assert set(HAND_SORTED) == set(SORTS)


@pytest.mark.parametrize("query", list(HAND_SELECTED))
def test_selections_give_the_hand_worked_trials_and_counts(trial_index, hand_built, query):
    expected_trials, expected_counts = HAND_SELECTED[query]
    selection = Selection.from_query(QueryDict(query))
    found = register_index(trial_index)
    assert letters(hand_built, found.ordered_ids(found.mask(selection), selection.sort)) == expected_trials
    counts = {
        facet.param: found.counts(facet.param, found.mask(selection, skip=facet.param)) for facet in FACETS
    }
    assert counts == expected_counts
    base = register_trials(trial_index)
    oracle = sort_trials(filter_trials(base, selection), selection.sort).values_list("pk", flat=True)
    assert letters(hand_built, oracle) == expected_trials
    assert facet_counts(base, selection) == expected_counts


def test_the_register_page_shows_the_hand_worked_counts(client, trial_index, hand_built):
    html = client.get(register_url(trial_index, "en", "cell_type=msc&country=CN")).content.decode()
    assert 'China <span class="trial-facet__count">(3)</span>' in html
    assert 'Japan <span class="trial-facet__count">(1)</span>' in html
    assert 'Phase 2 <span class="trial-facet__count">(2)</span>' in html
    assert 'value="PHASE3"' not in html  # no trial of phase 3 among the three: not offered
