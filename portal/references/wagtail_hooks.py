from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from portal.references.services import IMPORT_FILL_ACTION, IMPORT_UNCHANGED_ACTION


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        IMPORT_FILL_ACTION, _("Fill from import"), _("Filled empty fields from an imported record")
    )
    actions.register_action(
        IMPORT_UNCHANGED_ACTION,
        _("Import with differences"),
        _("An imported record differed from this reference; nothing was overwritten"),
    )
