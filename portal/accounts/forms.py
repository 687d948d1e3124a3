import logging

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from portal.accounts import services, throttle

logger = logging.getLogger(__name__)


def locked_out_message() -> str:
    return _(
        "Too many failed sign-in attempts for this account or from this network. "
        "Try again in %(minutes)d minutes."
    ) % {"minutes": throttle.window_minutes()}


class LoginForm(WagtailLoginForm):
    """The admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM), with failures counted
    per account and per IP: past the limit, not even a right password is accepted."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and throttle.locked_out(self.request, username):
            raise forms.ValidationError(locked_out_message(), code="locked_out")
        try:
            return super().clean()
        except forms.ValidationError as error:
            if username and self.cleaned_data.get("password"):
                locked = throttle.record_failure(self.request, username)
                user = services.user_for_username(username)
                if user is None:  # no account to log against: the log line only, without the name
                    logger.info("sign-in failed for an unknown user name", extra={"locked_out": locked})
                else:
                    services.sign_in_log(user=user, action=services.SIGN_IN_FAILED_ACTION)
                    if locked:
                        services.sign_in_log(user=user, action=services.LOCKED_OUT_ACTION)
                if locked:
                    raise forms.ValidationError(locked_out_message(), code="locked_out") from error
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": "", "inputmode": "text"}),
    )
