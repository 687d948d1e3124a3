"""Handing a task to the broker without letting a broker that is away hold the request:
with Redis down, `delay()` would retry for long (celery/celery #4296)."""

import logging

logger = logging.getLogger(__name__)

PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def publish(task, *args, **options) -> bool:
    """Send `task(*args)` to the broker, trying for about 0.2 s; False (logged, with what
    `task` was) when the broker could not take it: the caller decides what happens then."""
    try:
        task.apply_async(args=args, retry=True, retry_policy=PUBLISH_RETRY_POLICY, **options)
    except Exception:
        logger.warning(
            "task not published: the broker is unreachable", extra={"task": task.name}, exc_info=True
        )
        return False
    return True
