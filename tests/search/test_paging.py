"""Pages of results and the counts by type: on PostgreSQL they come in one query (window
counts on each row), elsewhere from a second one; the visitor sees the same either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search.test_search import search, titles
from tests.trials.factories import TrialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(make_article, trial_index):
    for n in range(12):
        make_article(f"外泌体研究{n}")
    TrialPageFactory(parent=trial_index, acronym="EXO", title_zh_hans="外泌体试验").save_revision().publish()


def counts(response) -> dict[str, int]:
    return {page_type.key: n for page_type, n in response.context["type_counts"] if n}


def test_each_page_counts_every_type_and_a_page_past_the_last_shows_the_last(client, found):
    first, second = search(client, "外泌体"), search(client, "外泌体", page="2")
    assert counts(first) == counts(second) == {"articlepage": 12, "trialpage": 1}
    assert len(titles(first)) == 10 and len(titles(second)) == 3
    assert set(titles(first)).isdisjoint(titles(second))
    past = search(client, "外泌体", page="99")
    assert past.context["search_results"].number == 2 and titles(past) == titles(second)
    assert titles(search(client, "外泌体", page="abc")) == titles(first)
    only = search(client, "外泌体", type="trialpage")
    assert counts(only) == {"articlepage": 12, "trialpage": 1} and titles(only) == ["外泌体试验"]


def test_on_postgresql_the_page_and_its_counts_are_one_search(client, found, require_postgres):
    search(client, "外泌体")  # the query log's first row
    with CaptureQueriesContext(connection) as queries:
        search(client, "外泌体")
    searches = [q["sql"] for q in queries if "wagtailsearch_indexentry" in q["sql"]]
    assert len(searches) == 1 and "OVER ()" in searches[0]
