from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LinkQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(usages__isnull=False).distinct()

    def muted(self, today=None):
        """Ignored by an editor, or snoozed until a date not yet past."""
        today = today or timezone.localdate()
        return self.filter(Q(ignored=True) | Q(snoozed_until__gte=today))

    def unmuted(self, today=None):
        today = today or timezone.localdate()
        return self.exclude(ignored=True).exclude(snoozed_until__gte=today)

    def broken(self):
        """What editors must fix: broken and not muted."""
        return self.filter(status=Link.Status.BROKEN).unmuted()

    def needing_attention(self):
        return self.filter(status__in=[Link.Status.BROKEN, Link.Status.REDIRECTED]).unmuted()

    def due(self, now=None):
        """Links a run requests: not muted, and not found OK within LINKCHECKER_OK_CACHE_SECONDS."""
        now = now or timezone.now()
        fresh = now - timezone.timedelta(seconds=settings.LINKCHECKER_OK_CACHE_SECONDS)
        return self.unmuted(timezone.localdate(now)).exclude(
            status__in=[Link.Status.OK, Link.Status.REDIRECTED], last_checked__gte=fresh
        )


class Link(models.Model):
    """One URL (normalised), once, whatever number of places use it."""

    class Status(models.TextChoices):
        OK = "ok", _("OK")
        REDIRECTED = "redirected", _("Redirected: update the link")
        BROKEN = "broken", _("Broken")
        NOT_CHECKED = "not_checked", _("Not checked")

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External URL")
        PAGE = "page", _("Page of this site")
        DOCUMENT = "document", _("Document")

    url = models.CharField(_("URL"), max_length=2000, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.EXTERNAL)
    host = models.CharField(_("host"), max_length=255, blank=True, db_index=True)
    target_id = models.PositiveIntegerField(null=True, blank=True)  # page or document ID
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NOT_CHECKED, db_index=True
    )
    status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    final_url = models.CharField(_("final URL"), max_length=2000, blank=True)
    redirect_chain = models.JSONField(_("redirects"), default=list, blank=True)  # [[url, status], ...]
    first_failure = models.DateTimeField(_("first failure"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    last_checked = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_ok = models.DateTimeField(_("last OK"), null=True, blank=True)
    broken_since = models.DateTimeField(_("broken since"), null=True, blank=True)
    # What the page says it is, read when it was found OK (fills bare-URL references).
    page_title = models.CharField(_("page title"), max_length=500, blank=True)
    site_name = models.CharField(_("site name"), max_length=255, blank=True)
    ignored = models.BooleanField(_("ignored"), default=False)
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["url"]

    def __str__(self):
        return self.url

    @property
    def usage_list(self) -> str:
        """Every place the link is used, as one line (the CSV export)."""
        return "; ".join(str(usage) for usage in self.usages.all())


class LinkUsage(models.Model):
    """Where a link is used: which page or snippet, which field, which language."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="usages")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(_("used in"), max_length=500)
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("link usage")
        verbose_name_plural = _("link usages")
        ordering = ["content_type_id", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["link", "content_type", "object_id", "field", "language"],
                name="linkchecker_usage_unique",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        where = f"{self.field}, {self.language}" if self.language else self.field
        return f"{self.object_label} ({where})"


class CheckRun(models.Model):
    """One pass of the checker: what it looked at and what it found."""

    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    scope = models.CharField(_("scope"), max_length=200, blank=True)  # "all", "page 12", a URL
    checked = models.PositiveIntegerField(_("checked"), default=0)
    ok = models.PositiveIntegerField(_("OK"), default=0)
    broken = models.PositiveIntegerField(_("broken"), default=0)
    newly_broken = models.PositiveIntegerField(_("newly broken"), default=0)
    failing = models.PositiveIntegerField(_("failing, not yet reported"), default=0)
    not_checked = models.PositiveIntegerField(_("not checked"), default=0)
    digest_sent = models.BooleanField(_("digest sent"), default=False)

    class Meta:
        verbose_name = _("link check run")
        verbose_name_plural = _("link check runs")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.scope} {self.started_at:%Y-%m-%d %H:%M}"
