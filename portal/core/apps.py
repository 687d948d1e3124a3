from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Site core")

    def ready(self):
        from portal.core import cache_versions, health, patches, signals
        from portal.core.pagecache import signals as pagecache_signals

        patches.install()
        cache_versions.connect()
        signals.connect()
        pagecache_signals.connect()
        health.connect_task_signals()
