import logging

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query

from portal.core.publishing import publish
from portal.core.search.models import SearchOutcome

logger = logging.getLogger(__name__)


def search_record(*, text: str, result_count: int) -> Query:
    """Log a visitor's search in Wagtail's query log, with how much it found."""
    with transaction.atomic():  # a reader (the report, a test) sees the whole entry or none
        query = Query.get(text)
        query.add_hit()
        SearchOutcome.objects.update_or_create(query=query, defaults={"result_count": result_count})
    return query


def search_record_later(*, text: str, result_count: int) -> None:
    """Log the search from a worker, after the results have gone out (its statements
    cost a search about as much as the search); inline when the broker is away."""
    from portal.core.tasks import search_log  # the tasks module imports this one

    if not publish(search_log, text, result_count):
        logger.warning("search logged inline: the broker is unreachable")
        search_record(text=text, result_count=result_count)
