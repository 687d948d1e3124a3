"""The site's URLs and one async view saying who `await request.auser()` is."""

from django.http import JsonResponse
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


async def who(request):
    user = await request.auser()
    return JsonResponse({"authenticated": user.is_authenticated})


urlpatterns = [path("probe/who/", who), *site_urlpatterns]
