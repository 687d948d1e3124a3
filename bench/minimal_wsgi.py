"""A minimal Django view returning the bytes of BENCH_MINIMAL_FILE, with the production
settings and middleware: what a page-cache hit is measured against (bench/page_cache.py)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
BODY = Path(os.environ["BENCH_MINIMAL_FILE"]).read_bytes()


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("page", page)]
settings.ROOT_URLCONF = __name__
application = get_wsgi_application()
