from celery import shared_task
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from portal.core.pagecache.purge import every_live_url


@shared_task
def proxy_refresh(urls: list[str] | None):
    """Refresh `urls` (None: every live page) in the reverse proxy through Wagtail's
    front-end cache backends (settings.WAGTAILFRONTENDCACHE)."""
    purge_urls_from_cache(sorted(every_live_url()) if urls is None else urls)
