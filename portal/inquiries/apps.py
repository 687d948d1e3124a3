from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "portal.inquiries"
    label = "inquiries"
    verbose_name = _("Inquiries")

    def ready(self):
        from portal.core import health
        from portal.inquiries.health import outbox_state

        health.register("outbox", outbox_state)
