from celery import shared_task
from django.core.cache import cache

from portal.linkchecker import services

RUN_LOCK = "linkchecker:full-run"
RUN_LOCK_SECONDS = 3 * 3600


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_all_links() -> int:
    """Beat, nightly (LINKCHECKER_SCHEDULE): collect every link again, then check the due ones.
    Safe to repeat; a second run while one is going is skipped."""
    if not cache.add(RUN_LOCK, 1, RUN_LOCK_SECONDS):
        return 0
    try:
        services.links_collect()
        return services.links_check(scope="all").pk
    finally:
        cache.delete(RUN_LOCK)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_page_links(page_id: int) -> int:
    """After a publish: that page's links, collected again and checked."""
    link_ids = services.page_links_collect(page_id=page_id)
    if not link_ids:
        return 0
    return services.links_check(
        links=services.Link.objects.filter(pk__in=link_ids), scope=f"page {page_id}"
    ).pk
