"""Which URLs show a page, and purging them from both cache layers after commit.

A page is shown at its own URL in every language (each language has its own slug), at
the sub-paths it declares in `get_cached_paths()` (an index's feed), on every listing
above it (indexes, the home page) and in the sitemap. What every page shows (site
settings, menus) purges everything: the app layer by its generation counter, the
proxy by refreshing every live page.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from portal.core.i18n.slugs import language_codes
from portal.core.pagecache import store

logger = logging.getLogger(__name__)

SITEMAP_PATH = "/sitemap.xml"


def page_urls(page) -> set[str]:
    """The absolute URLs of `page` in every language, with its cached sub-paths."""
    urls = set()
    sub_paths = page.specific_deferred.get_cached_paths()
    for code in language_codes():
        with translation.override(code):
            parts = page.get_url_parts()
        _site_id, root_url, page_path = parts or (None, None, None)
        if root_url is None or page_path is None:  # not routable (outside every site)
            continue
        urls.update(root_url + page_path + sub_path.lstrip("/") for sub_path in sub_paths)
    return urls


def urls_showing(page) -> set[str]:
    """Every URL whose content shows `page`: its own, its listings', the sitemap's."""
    urls = page_urls(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1).live():
        urls |= page_urls(ancestor)
    urls |= {site.root_url + SITEMAP_PATH for site in Site.objects.all()}
    return urls


def purge_urls(urls) -> None:
    """Once the transaction commits: drop the app layer's copies, then have the proxy
    fetch fresh ones (a Celery task, as that renders each page once more)."""
    urls = sorted(set(urls))
    if not urls:
        return

    def purge():
        store.forget({urlsplit(url).path for url in urls})
        _refresh_proxy(urls)

    transaction.on_commit(purge)


def purge_everything() -> None:
    """Once the transaction commits: every stored page is stale, in both layers."""

    def purge():
        store.forget_everything()
        _refresh_proxy(None)

    transaction.on_commit(purge)


def every_live_url() -> set[str]:
    urls = set()
    for page in Page.objects.live().filter(depth__gt=1).specific(defer=True).iterator():
        urls |= page_urls(page)
    return urls | {site.root_url + SITEMAP_PATH for site in Site.objects.all()}


def _refresh_proxy(urls: list[str] | None) -> None:
    """Ask a worker to refresh `urls` (None: every page) in the reverse proxy."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from portal.core.pagecache.tasks import proxy_refresh  # cycle: the task calls back here

    try:
        # No retries: with the broker down a publish must not hang (celery/celery#4296);
        # the proxy's own expiry then bounds how long it shows the old page.
        proxy_refresh.apply_async(args=(urls,), retry=False)
    except Exception:
        logger.exception("proxy cache refresh not queued", extra={"urls": len(urls or ())})
