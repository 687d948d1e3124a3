from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Site core")

    def ready(self):
        from portal.core import fallback, routing, signals, url_paths

        fallback.install()
        url_paths.install()
        routing.install()
        signals.connect()
