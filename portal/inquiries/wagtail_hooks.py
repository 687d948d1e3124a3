from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.inquiries import services
from portal.inquiries.admin_views import permission_policy
from portal.inquiries.panels import InquiriesPanel
from portal.inquiries.viewsets import inquiry_viewset


@hooks.register("register_admin_viewset")
def register_viewset():
    return inquiry_viewset


@hooks.register("construct_homepage_panels")
def add_inquiries_panel(request, panels):
    if permission_policy.user_has_permission(request.user, "view"):
        panels.append(InquiriesPanel())


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(services.VIEW_ACTION, _("View"), _("Viewed the request"))
    actions.register_action(services.ASSIGN_ACTION, _("Assign"), _("Changed who handles the request"))
    actions.register_action(services.STATUS_ACTION, _("Change status"), _("Changed the status"))
    actions.register_action(services.NOTE_ACTION, _("Add note"), _("Added a note"))
    actions.register_action(services.EXPORT_ACTION, _("Export"), _("Exported in a list"))
    actions.register_action(
        services.PERSON_EXPORT_ACTION, _("Export a person's data"), _("Exported with all data of the person")
    )
    actions.register_action(services.ERASE_ACTION, _("Erase a person's data"), _("Erased the person's data"))
    actions.register_action(
        services.ANONYMISE_ACTION, _("Anonymise"), _("Anonymised after the retention period")
    )
