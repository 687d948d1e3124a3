"""A published page has its links checked soon after (LINKCHECKER_PUBLISH_DELAY seconds)
by a worker; with eager Celery (dev, tests) not at all, the nightly run covers it.
An unpublished page's usages are dropped at once."""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from portal.linkchecker.collect import collect_object
from portal.linkchecker.tasks import check_page_links

logger = logging.getLogger(__name__)

# Publishing must not hang on a broker that is down (celery #4296): a bounded retry, then
# the nightly run covers the page.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def _enqueue(page_id: int) -> None:
    try:
        check_page_links.apply_async(
            (page_id,), countdown=settings.LINKCHECKER_PUBLISH_DELAY, retry_policy=PUBLISH_RETRY_POLICY
        )
    except Exception:  # the broker is down: the page is published all the same
        logger.warning("link check after publish not queued", extra_links={"page_id": page_id}, exc_info=True)


def check_after_publish(sender, instance, **kwargs):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Eager (dev, tests): the editor's publish request would wait on other sites.
        return
    page_id = instance.pk
    transaction.on_commit(lambda: _enqueue(page_id))


def forget_after_unpublish(sender, instance, **kwargs):
    """An unpublished page's links leave the report at once (no request is made)."""
    collect_object(instance.specific)


def connect():
    page_published.connect(check_after_publish, dispatch_uid="linkchecker.check_after_publish")
    page_unpublished.connect(forget_after_unpublish, dispatch_uid="linkchecker.forget_after_unpublish")
