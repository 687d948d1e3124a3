from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Site core")

    def ready(self):
        from portal.core import patches, signals

        patches.install()
        signals.connect()
