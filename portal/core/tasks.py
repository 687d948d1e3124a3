import logging

from celery import shared_task
from django.core.management import call_command

from portal.core.health import record_beat_heartbeat
from portal.core.search.services import search_record

logger = logging.getLogger(__name__)


@shared_task
def publish_scheduled_pages():
    """Publish and unpublish pages whose go-live/expiry time has passed (beat: every minute)."""
    call_command("publish_scheduled", verbosity=0)
    logger.info("scheduled publishing ran", extra={"task": "publish_scheduled_pages"})


@shared_task
def beat_heartbeat():
    """Beat sends it every minute; /healthz reports beat degraded when it stops arriving."""
    record_beat_heartbeat()


@shared_task(ignore_result=True)
def search_log(text: str, result_count: int) -> None:
    """A visitor's search into the query log (portal.core.search), off the request."""
    search_record(text=text, result_count=result_count)
