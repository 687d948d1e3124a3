from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.newsletter import services
from portal.newsletter.viewsets import NewsletterViewSetGroup


@hooks.register("register_admin_viewset")
def register_viewsets():
    return NewsletterViewSetGroup()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(services.SEND_ACTION, _("Send newsletter"), _("Sent the issue to subscribers"))
    actions.register_action(services.TEST_ACTION, _("Send test"), _("Sent a test of the issue"))
    actions.register_action(
        services.IMPORT_ACTION, _("Import subscribers"), _("Imported newsletter subscribers")
    )
    actions.register_action(
        services.EXPORT_ACTION, _("Export subscribers"), _("Exported newsletter subscribers")
    )
