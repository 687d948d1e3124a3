"""A published page has its links checked soon after (LINKCHECKER_PUBLISH_DELAY seconds)
by a worker; with eager Celery (dev, tests) not at all, the nightly run covers it.
An unpublished page's usages are dropped at once."""

from django.conf import settings
from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from portal.core.publishing import publish
from portal.linkchecker.collect import collect_object
from portal.linkchecker.tasks import check_page_links


def _enqueue(page_id: int) -> None:
    # Publishing must not hang on a broker that is down (celery #4296): `publish` tries
    # briefly and logs; the nightly run covers the page then.
    publish(check_page_links, page_id, countdown=settings.LINKCHECKER_PUBLISH_DELAY)


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
