import logging

from wagtail.contrib.search_promotions.models import Query

from portal.core.search.models import SearchOutcome

logger = logging.getLogger(__name__)

# A broker that does not answer at once must not hold a visitor's search.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def search_record(*, text: str, result_count: int) -> Query:
    """Log a visitor's search in Wagtail's query log, with how much it found."""
    query = Query.get(text)
    query.add_hit()
    SearchOutcome.objects.update_or_create(query=query, defaults={"result_count": result_count})
    return query


def search_record_later(*, text: str, result_count: int) -> None:
    """Log the search from a worker, after the results have gone out (its statements
    cost a search about as much as the search); inline when the broker is away."""
    from portal.core.tasks import search_log  # the tasks module imports this one

    try:
        search_log.apply_async(args=[text, result_count], retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except Exception:
        logger.warning("search logged inline: the broker is unreachable", exc_info=True)
        search_record(text=text, result_count=result_count)
