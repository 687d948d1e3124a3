"""The query log is written by a Celery worker after the results went out, and inline
when the broker is away (a search never waits on Redis or fails for it). Real worker,
real Redis, committed rows (tests/worker.py)."""

from django.test import override_settings
from wagtail.contrib.search_promotions.models import Query

from tests.worker import fresh_connection_pools, wait_for

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_a_worker_logs_the_search_with_what_it_found(client, home, real_worker):
    response = client.get("/zh-hans/search/", {"q": "外泌体"})
    assert response.status_code == 200
    logged = wait_for(
        lambda: Query.objects.filter(query_string="外泌体", outcome__isnull=False).first(),
        what="the search in the query log",
    )
    assert logged.hits == 1 and logged.outcome.result_count == 0


def test_with_the_broker_away_the_search_is_logged_inline(client, home, broker):
    with override_settings(CELERY_BROKER_URL=DEAD_BROKER):
        fresh_connection_pools()
        response = client.get("/zh-hans/search/", {"q": "外泌体"})
    fresh_connection_pools()
    assert response.status_code == 200
    assert Query.get("外泌体").hits == 1
