import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from portal.core.models import BasePage

# Trials and articles are above this app: named by label, never imported.
SOURCE_MODELS = {"trials.TrialPage": "trial", "articles.ArticlePage": "article"}
# Crockford's base 32 without I, L, O, U: nothing to misread over the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class ContactPage(RoutablePageMixin, BasePage):
    """The contact form at /<lang>/contact/ and its thank-you page (see views.py)."""

    intro = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.TextField(
        _("thank-you text"),
        blank=True,
        help_text=_("Shown after a request is sent, above the WeChat QR code."),
    )

    template = "inquiries/contact_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thank_you_text")]

    class Meta:
        verbose_name = _("contact page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = settings.INQUIRIES_RETENTION_DAYS
        context["qr_url"] = self.url + self.reverse_subpage("qr")
        return context

    @path("")
    def form(self, request):
        from portal.inquiries import views  # cycle: the views read and write these models

        return views.contact_form(request, self)

    @path("thanks/")
    def thanks(self, request):
        from portal.inquiries import views  # cycle: the views read and write these models

        return views.thank_you(request, self)

    @path("qr/")
    def qr(self, request):
        from portal.inquiries import views  # cycle: the views read and write these models

        return views.wechat_qr(request, self)


class InquiryQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(status=Inquiry.Status.NEW)

    def oldest_first(self):
        return self.order_by("created_at")

    def same_person_as(self, inquiry: "Inquiry"):
        """Every request of the person who sent `inquiry`, matched by phone, WeChat ID or email."""
        match = Q(pk=inquiry.pk)
        if inquiry.phone:
            match |= Q(phone=inquiry.phone)
        if inquiry.wechat_id:
            match |= Q(wechat_id__iexact=inquiry.wechat_id)
        if inquiry.email:
            match |= Q(email__iexact=inquiry.email)
        return self.filter(match)

    def expired(self, *, now=None):
        """Requests past the retention period that still hold personal data."""
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(days=settings.INQUIRIES_RETENTION_DAYS)
        return self.filter(created_at__lt=cutoff, anonymised_at=None)


class Inquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        CONTACTED = "contacted", _("contacted")
        SCHEDULED = "scheduled", _("scheduled")
        CLOSED = "closed", _("closed")
        SPAM = "spam", _("spam")

    class Channel(models.TextChoices):
        WECHAT = "wechat", _("WeChat")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("email")

    class Condition(models.TextChoices):
        ISCHEMIC = "ischemic", _("ischaemic stroke (a blocked vessel)")
        HEMORRHAGIC = "hemorrhagic", _("haemorrhagic stroke (bleeding)")
        NOT_SURE = "not_sure", _("stroke, type not known")
        OTHER = "other", _("another condition")

    class TimeSinceOnset(models.TextChoices):
        UNDER_1_MONTH = "under_1_month", _("less than a month")
        UNDER_6_MONTHS = "1_to_6_months", _("1 to 6 months")
        UNDER_1_YEAR = "6_to_12_months", _("6 to 12 months")
        OVER_1_YEAR = "over_1_year", _("more than a year")

    class Source(models.TextChoices):
        TRIAL = "trial", _("trial page")
        ARTICLE = "article", _("article")

    reference = models.CharField(_("reference number"), max_length=16, unique=True, editable=False)
    # Submitted values, under the form's field names.
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    wechat_id = models.CharField(_("WeChat ID"), max_length=20, blank=True, db_index=True)
    preferred_channel = models.CharField(_("preferred channel"), max_length=10, choices=Channel.choices)
    email = models.EmailField(_("email"), max_length=254, blank=True, db_index=True)
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices, blank=True)
    time_since_onset = models.CharField(
        _("time since the stroke"), max_length=20, choices=TimeSinceOnset.choices, blank=True
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("asked about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, blank=True)
    # Consent records: which wording (version, in `language`) and when.
    consent_version = models.CharField(_("consent wording"), max_length=20)
    consent_personal = models.BooleanField(_("consent to personal data"), default=False)
    consent_health = models.BooleanField(_("consent to health data"), default=False)
    consent_personal_at = models.DateTimeField(_("consent to personal data given at"))
    consent_health_at = models.DateTimeField(_("consent to health data given at"))
    # One per rendered form: a double tap or a resent form finds the request it already made.
    submission_token = models.UUIDField(unique=True, editable=False)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at"]
        permissions = [
            ("export_inquiry", _("Can export inquiries")),
            ("erase_inquiry", _("Can export and erase a person's data")),
        ]

    def __str__(self):
        # Logs and audit entries show this: never a name.
        return self.reference

    @staticmethod
    def new_reference(now=None) -> str:
        now = now or timezone.now()
        suffix = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))
        return f"{timezone.localtime(now):%y%m%d}-{suffix}"


class InquiryNote(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("note")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.inquiry} {self.created_at:%Y-%m-%d %H:%M}"


class NotificationQuerySet(models.QuerySet):
    def due(self, *, now=None):
        """Not sent, and never handed to the broker or handed over long enough ago to be lost."""
        now = now or timezone.now()
        stale = now - timezone.timedelta(seconds=settings.INQUIRIES_OUTBOX_REQUEUE_AFTER)
        return self.filter(sent_at=None).filter(Q(enqueued_at=None) | Q(enqueued_at__lt=stale))


class Notification(models.Model):
    """The outbox: one row per request and channel (the staff email, the WeChat Work
    and DingTalk group robots), written with the inquiry in one transaction, so no
    request is left unannounced whatever happens to Redis or the worker."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        WECOM = "wecom", _("WeChat Work robot")
        DINGTALK = "dingtalk", _("DingTalk robot")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff notification")
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "channel"], name="inquiries_one_notification_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.channel} notification {self.inquiry}"
