from wagtail.contrib.search_promotions.models import Query

from portal.core.search.models import SearchOutcome


def search_record(*, text: str, result_count: int) -> Query:
    """Log a visitor's search in Wagtail's query log, with how much it found."""
    query = Query.get(text)
    query.add_hit()
    SearchOutcome.objects.update_or_create(query=query, defaults={"result_count": result_count})
    return query
