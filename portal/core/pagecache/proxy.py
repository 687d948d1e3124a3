"""Wagtail front-end cache backend for the nginx of deploy/nginx.conf.

Debian's nginx has no purge module (ngx_cache_purge). Its purge listener instead answers
a GET by fetching the page afresh from the app (`proxy_cache_bypass`) and storing it
under the key visitors' requests use, which replaces the old copy. So "purging" a URL
is a GET of that URL on the listener, with the page's host name.
"""

import logging
from urllib.parse import urlsplit, urlunsplit

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend

from portal.core import http

logger = logging.getLogger(__name__)


class ProxyRefreshBackend(HTTPBackend):
    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        with http.sync_client(follow_redirects=False) as client:
            for url in urls:
                parts = urlsplit(url)
                target = urlunsplit((self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""))
                try:
                    fetched = http.request("GET", target, client=client, headers={"Host": parts.netloc})
                except http.OutboundError as exc:
                    logger.error("proxy cache refresh failed", extra={"url": url, "error": str(exc)})
                    continue
                if fetched.status_code >= 500:
                    logger.error(
                        "proxy cache refresh failed", extra={"url": url, "status": fetched.status_code}
                    )
