from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from portal.accounts import services, views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("two-step/", views.overview, name="accounts_overview"),
        path("two-step/verify/", views.verify, name="accounts_verify"),
        path("two-step/set-up/", views.set_up, name="accounts_set_up"),
        path("two-step/recovery-codes/", views.recovery_codes_new, name="accounts_recovery_codes"),
        path("two-step/sign-out-everywhere/", views.sign_out_everywhere, name="accounts_sign_out_everywhere"),
        path("two-step/reset/<int:user_id>/", views.reset, name="accounts_reset"),
    ]


@hooks.register("register_account_menu_item")
def account_menu_item(request):
    return {
        "url": reverse("accounts_overview"),
        "label": _("Two-step verification"),
        "help_text": _("Set up your authenticator app, get new recovery codes, or sign out on every device."),
    }


@hooks.register("register_user_listing_buttons")
def user_listing_buttons(user, request_user):
    if request_user.is_superuser and user.pk != request_user.pk:
        yield Button(_("Reset second factor"), reverse("accounts_reset", args=[user.pk]), priority=90)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in (
        (services.SIGN_IN_ACTION, _("Sign in"), _("Signed in with the password")),
        (services.SIGN_IN_FAILED_ACTION, _("Sign-in failed"), _("A wrong password was entered")),
        (services.CODE_FAILED_ACTION, _("Code refused"), _("A wrong second-factor code was entered")),
        (services.LOCKED_OUT_ACTION, _("Locked out"), _("Sign-in refused after too many failed attempts")),
        (services.VERIFIED_ACTION, _("Second factor passed"), _("Signed in with the second factor")),
        (services.RECOVERY_CODE_USED_ACTION, _("Recovery code used"), _("Signed in with a recovery code")),
        (services.ENROL_ACTION, _("Second factor set up"), _("Set up an authenticator app")),
        (services.RECOVERY_CODES_ACTION, _("New recovery codes"), _("Made new recovery codes")),
        (services.RESET_ACTION, _("Second factor reset"), _("The second factor was reset")),
        (services.SIGN_OUT_EVERYWHERE_ACTION, _("Signed out everywhere"), _("Every session was signed out")),
    ):
        actions.register_action(action, label, message)
