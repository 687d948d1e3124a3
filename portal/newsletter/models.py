from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page

from portal.core.models import BasePage

# What an issue may list. Articles and trials are above this app: named, never imported.
PAGE_TYPES = ("articles.ArticlePage", "trials.TrialPage")


class NewsletterPage(BasePage):
    """/<lang>/newsletter/: the subscribe form. It carries no CSRF token or other
    per-visitor state, so the page cache may serve it to everyone; the form posts to
    the subscribe endpoint (views.subscribe)."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "newsletter/newsletter_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = []
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("newsletter page")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def stale_pending(self, *, now=None):
        """Pending past NEWSLETTER_PENDING_DAYS since the last confirmation email: never
        confirmed, to be deleted. Counted from that email, not from `subscribed_at`, which
        a subscription asked for again (after leaving or a bounce) keeps."""
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(days=settings.NEWSLETTER_PENDING_DAYS)
        return self.annotate(asked_at=Coalesce("confirmation_sent_at", "subscribed_at")).filter(
            status=Subscriber.Status.PENDING, asked_at__lt=cutoff
        )


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("bounced")

    class Source(models.TextChoices):
        FORM = "form", _("subscribe form")
        IMPORT = "import", _("CSV import")

    # Stored lower-cased: one row per address however it is typed.
    email = models.EmailField(_("email"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.FORM)
    # The consent as given: the wording shown (in the subscriber's language) and when.
    consent_text = models.TextField(_("consent wording"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    subscribed_at = models.DateTimeField(_("subscribed"), default=timezone.now, db_index=True)
    # When the last confirmation email was sent: at most one an hour per address.
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-subscribed_at"]
        indexes = [models.Index(fields=["status", "language"])]

    def __str__(self):
        return self.email


class NewsletterIssue(ClusterableModel):
    """One newsletter, written in each language (translation.py: subject, intro)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel(f"subject_{code.replace('-', '_')}") for code, _name in settings.LANGUAGES],
            heading=_("Subject"),
        ),
        MultiFieldPanel(
            [FieldPanel(f"intro_{code.replace('-', '_')}") for code, _name in settings.LANGUAGES],
            heading=_("Introduction"),
        ),
        InlinePanel("items", label=_("Articles and trials")),
    ]

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at"]
        permissions = [("send_newsletterissue", _("Can send newsletter issues"))]

    def __str__(self):
        return self.subject

    def progress(self) -> dict:
        """Counts of its deliveries by state, in one query."""
        counts = self.deliveries.aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
            failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
            skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
            repeats=Count("pk", filter=Q(maybe_repeated=True)),
        )
        done = counts["sent"] + counts["failed"] + counts["skipped"]
        counts["remaining"] = counts["total"] - done
        counts["percent"] = 100 * done // counts["total"] if counts["total"] else 0
        return counts


class NewsletterIssueItem(Orderable):
    issue = ParentalKey(NewsletterIssue, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("article or trial"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", page_type=list(PAGE_TYPES))]

    class Meta(Orderable.Meta):
        verbose_name = _("article or trial")

    def __str__(self):
        return str(self.page)


class DeliveryQuerySet(models.QuerySet):
    def due(self, *, now=None):
        now = now or timezone.now()
        return self.filter(status=Delivery.Status.QUEUED).filter(Q(not_before=None) | Q(not_before__lte=now))


class Delivery(models.Model):
    """One issue to one subscriber. The unique pair is what makes "exactly once"
    checkable; `claim` names the batch (and the PostgreSQL advisory lock its
    sender holds) while the row is being sent (services/sending.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped (left before it was sent)")

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    claim = models.BigIntegerField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Its sender died with it in flight: the server may have it twice, with one Message-ID.
    maybe_repeated = models.BooleanField(default=False)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_one_delivery_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"{self.issue_id}:{self.subscriber_id}"
