"""The Celery application. Like wsgi/asgi it defaults to production settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Not an app, so not found above: the page cache's proxy refresh (portal/core/pagecache).
app.autodiscover_tasks(["portal.core.pagecache"])
