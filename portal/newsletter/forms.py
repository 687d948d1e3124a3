from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The consent wording on every subscribe form; the subscriber's row keeps it as shown.
CONSENT_TEXT = _(
    "I agree to receive the newsletter by email. I can leave at any time with the link in every issue."
)


class SubscribeForm(forms.Form):
    """The same fields on the newsletter page, the home page and the footer. No CSRF token
    and no per-visitor state: the pages holding it are cached for everyone."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter an email address such as name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Please agree to receive the newsletter.")},
    )
    # Honeypot: hidden from people, filled by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=settings.LANGUAGES)


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A column “email” and optionally “language” (zh-hans, zh-hant, en), or one address per line."
        ),
    )
    consented = forms.BooleanField(
        label=_("These people consented to receive the newsletter"),
        required=False,
        help_text=_(
            "Without this, each new address gets a confirmation email and receives nothing until confirmed."
        ),
    )
    consent_text = forms.CharField(
        label=_("How and when they consented"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d KB.") % {"limit": settings.IMPORT_MAX_BYTES // 1024}
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("consented") and not (data.get("consent_text") or "").strip():
            self.add_error("consent_text", _("Say how and when they consented: it is kept in the audit log."))
        return data


class SendTestForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *settings.LANGUAGES], required=False
    )
