import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

django_application = get_wsgi_application()

from portal.core.pagecache.wsgi import PageCacheApplication  # noqa: E402 (after django.setup())

application = PageCacheApplication(django_application)
