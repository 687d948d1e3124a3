"""Production: refuses to start without its required environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, env

REQUIRED = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "SITE_URL")
_missing = [name for name in REQUIRED if not env(name, default="")]
if _missing:
    raise ImproperlyConfigured("Production settings need these environment variables: " + ", ".join(_missing))

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env("REDIS_URL")  # REQUIRED: base.py has made CACHES the Redis cache
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
# Several deployments on one Redis database (the local stacks of deploy/stack.py) each
# name their own queue; one deployment keeps Celery's default.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
# Staff who can see health data sign in with a second factor: not an option here.
TWO_FACTOR_REQUIRED = True

PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# Wagtail's front-end cache invalidation (portal.core.pagecache.proxy): one purge listener
# per proxy host (deploy/nginx.conf), comma-separated. A CDN adds its own backend here.
PROXY_CACHE_PURGE_URLS = env.list("PROXY_CACHE_PURGE_URL", default=[])
if PROXY_CACHE_PURGE_URLS:
    WAGTAILFRONTENDCACHE = {
        f"proxy{number}": {"BACKEND": "portal.core.pagecache.proxy.ProxyRefreshBackend", "LOCATION": url}
        for number, url in enumerate(PROXY_CACHE_PURGE_URLS, start=1)
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Wagtail's live preview shows the page in a same-origin iframe, so framing stays
# SAMEORIGIN (set in base.py) rather than DENY.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]
