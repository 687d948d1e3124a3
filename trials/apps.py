from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Clinical trials")

    def ready(self):
        from trials.register import signals

        signals.connect()
