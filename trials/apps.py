from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Clinical trials")

    def ready(self):
        from portal.inquiries.attachments import register_provider
        from trials.finder.handoff import finder_attachments
        from trials.linkchecks import register_links
        from trials.register import signals

        signals.connect()
        register_links()
        # The contact form shows and sends the trials and answers the finder hands over.
        register_provider(finder_attachments)
