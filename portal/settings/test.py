"""Test settings: PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set, else SQLite."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Parallel test processes (pytest-xdist) share one Redis database: each keeps its cache
# keys and its task queue to itself. A worker started by a test inherits the variable.
TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "main")
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # tests/conftest.py deletes this prefix's keys between tests, as LocMem starts empty.
    CACHES = {
        "default": {
            "BACKEND": "portal.core.redis_cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test:{TEST_PROCESS}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Eager, except in tests that start a real worker (tests/worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_DEFAULT_QUEUE = f"test:{TEST_PROCESS}"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# As in dev; tests/accounts turn it on.
TWO_FACTOR_REQUIRED = False
# Outbound retries still happen in tests (against local servers), without the long pauses.
OUTBOUND_HTTP_BACKOFF = 0.01

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# Serve app static files straight from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
