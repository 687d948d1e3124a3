"""The contact form. Its field names are an interface (SPEC 3, issue 11): keep them."""

import re
import time
import uuid

import phonenumbers
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.inquiries.models import SOURCE_MODELS, Inquiry

WECHAT_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{5,19}")
FORM_KEY_SALT = "inquiries.form"
# A form left open longer than this is sent again with a fresh key.
FORM_KEY_MAX_AGE = 24 * 60 * 60
WECHAT_ID_RULE = _(
    "A WeChat ID has 6 to 20 characters, starts with a letter and then uses letters, digits, _ or -."
)
# Django's own wording reads awkwardly in Chinese ("确保该变量…"): say it as a person would.
TOO_LONG = _("Please keep this to %(limit_value)d characters or fewer (you have %(show_value)d).")
CONTACT_FIELDS = {
    Inquiry.Channel.WECHAT: "wechat_id",
    Inquiry.Channel.PHONE: "phone",
    Inquiry.Channel.EMAIL: "email",
}


def new_form_key() -> str:
    """A signed (render time, submission token) pair carried by the form."""
    return signing.dumps({"t": time.time(), "k": uuid.uuid4().hex}, salt=FORM_KEY_SALT)


def source_page(page_id) -> Page | None:
    """The live trial or article a request is about, or None."""
    try:
        page = Page.objects.live().public().get(pk=int(page_id))
    except (TypeError, ValueError, Page.DoesNotExist):
        return None
    return page if page.specific_class._meta.label in SOURCE_MODELS else None


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Please tell us your name.")},
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("A mainland mobile number, or an international number starting with +."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    wechat_id = forms.CharField(
        label=_("WeChat ID"),
        max_length=20,
        required=False,
        help_text=_("6–20 characters: a letter first, then letters, digits, _ or -."),
        error_messages={"max_length": WECHAT_ID_RULE},
        widget=forms.TextInput(attrs={"autocapitalize": "off", "spellcheck": "false"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How should we reach you?"),
        choices=Inquiry.Channel.choices,
        initial=Inquiry.Channel.WECHAT,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how we should reach you.")},
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Please enter an email address such as name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    condition = forms.ChoiceField(
        label=_("What happened?"),
        choices=[("", _("Please choose")), *Inquiry.Condition.choices],
        required=False,
    )
    time_since_onset = forms.ChoiceField(
        label=_("When was the stroke?"),
        choices=[("", _("Please choose")), *Inquiry.TimeSinceOnset.choices],
        required=False,
    )
    message = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent_personal = forms.BooleanField(
        label=_("I agree that my personal information is used to answer this request."),
        error_messages={
            "required": _("We can only answer you with your consent to use your contact details.")
        },
    )
    consent_health = forms.BooleanField(
        label=_("I agree that the health information I give is used to answer this request."),
        error_messages={
            "required": _("We can only answer you with your separate consent to use health information.")
        },
    )
    # The honeypot: hidden from people, filled by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_key = forms.CharField(widget=forms.HiddenInput)
    about = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages.setdefault("max_length", TOO_LONG)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "CN")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                _(
                    "Please enter a phone number such as 138 0013 8000, or +852 9123 4567 from outside mainland China."
                ),
                code="invalid_phone",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean_wechat_id(self):
        value = self.cleaned_data["wechat_id"].strip()
        if value and not WECHAT_ID.fullmatch(value):
            raise forms.ValidationError(WECHAT_ID_RULE, code="invalid_wechat_id")
        return value

    def clean_form_key(self):
        try:
            key = signing.loads(self.cleaned_data["form_key"], salt=FORM_KEY_SALT, max_age=FORM_KEY_MAX_AGE)
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                _("This form was open for a long time. Please check your details and send it again."),
                code="expired",
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(_("Please send the form again."), code="tampered") from exc
        return {"started": float(key["t"]), "token": uuid.UUID(key["k"])}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your request could not be sent."), code="honeypot")
        key = cleaned.get("form_key")
        if key and time.time() - key["started"] < settings.INQUIRIES_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your details and send the form again."),
                code="too_fast",
            )
        channel = cleaned.get("preferred_channel")
        given = [name for name in CONTACT_FIELDS.values() if cleaned.get(name)]
        reachable_errors = any(name in self.errors for name in CONTACT_FIELDS.values())
        if not given and not reachable_errors:
            self.add_error(
                "preferred_channel",
                forms.ValidationError(
                    _(
                        "Please give at least one way to reach you: a WeChat ID, a phone number or an email address."
                    ),
                    code="no_contact",
                ),
            )
        elif (
            channel
            and not cleaned.get(CONTACT_FIELDS[channel])
            and CONTACT_FIELDS[channel] not in self.errors
        ):
            missing = {
                Inquiry.Channel.WECHAT: _("You chose WeChat: please enter your WeChat ID."),
                Inquiry.Channel.PHONE: _("You chose phone: please enter your phone number."),
                Inquiry.Channel.EMAIL: _("You chose email: please enter your email address."),
            }[channel]
            self.add_error(CONTACT_FIELDS[channel], forms.ValidationError(missing, code="channel_not_given"))
        return cleaned

    def submitted_values(self) -> dict:
        """The request's fields, ready for `inquiry_submit`."""
        return {
            name: self.cleaned_data[name]
            for name in (
                "name",
                "phone",
                "wechat_id",
                "preferred_channel",
                "email",
                "condition",
                "time_since_onset",
                "message",
                "consent_personal",
                "consent_health",
            )
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Inquiry.Status.choices)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
