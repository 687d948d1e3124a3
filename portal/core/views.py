import functools
import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from portal.core import seo
from portal.core.health import HEALTHY_STATES, operational_states, service_states

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """503 when a service the site needs is down; 200 "degraded" (and a warning in the
    log) when the site serves but background work is not being done."""
    states = service_states()
    if not all(state in HEALTHY_STATES for state in states.values()):
        logger.error("healthz error", extra={"health": states})
        return JsonResponse({"status": "error", **states}, status=503)
    operational = operational_states()
    states.update(operational)
    if all(state in HEALTHY_STATES for state in operational.values()):
        return JsonResponse({"status": "ok", **states})
    logger.warning("healthz degraded", extra={"health": states})
    return JsonResponse({"status": "degraded", **states})


@require_safe  # crawlers and monitors send HEAD too
def robots_txt(request):
    sitemap_url = seo.absolute_url("/sitemap.xml", request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@functools.cache
def _favicon_bytes() -> bytes:
    return Path(finders.find("favicon.ico")).read_bytes()


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; answer it, cacheable for a day."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=86400)
    return response


@never_cache
def csrf_failure(request, reason=""):
    """A refused form (an expired page, cookies blocked) explained in the visitor's language."""
    return render(request, "403_csrf.html", status=403)
