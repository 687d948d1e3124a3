from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from portal.core import seo
from portal.core.health import HEALTHY_STATES, service_states


@never_cache
@require_GET
def healthz(request):
    states = service_states()
    healthy = all(state in HEALTHY_STATES for state in states.values())
    return JsonResponse({"status": "ok" if healthy else "error", **states}, status=200 if healthy else 503)


@require_safe  # crawlers and monitors send HEAD too
def robots_txt(request):
    sitemap_url = seo.absolute_url("/sitemap.xml", request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def csrf_failure(request, reason=""):
    """A refused form (an expired page, cookies blocked) explained in the visitor's language."""
    return render(request, "403_csrf.html", status=403)
