from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from portal.core.search.fields import WordsAutocompleteField, WordsSearchField
from portal.references import citation
from portal.references.forms import ReferenceAdminForm


class Reference(index.Indexed, models.Model):
    """A cited work, shared by articles and trials (SPEC 2.D)."""

    class Kind(models.TextChoices):
        JOURNAL_ARTICLE = "article", _("Journal article")
        BOOK = "book", _("Book")
        CHAPTER = "chapter", _("Book chapter")
        REPORT = "report", _("Report")
        PREPRINT = "preprint", _("Preprint")
        WEB = "web", _("Web page")
        PLAIN = "plain", _("Plain text")

    class MetadataStatus(models.TextChoices):
        PENDING = "pending", _("Fetching")
        OK = "ok", _("Fetched")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("type"), max_length=20, choices=Kind, default=Kind.JOURNAL_ARTICLE)
    # Ordered people: [{"family": "Houkin", "given": "Kiyohiro", "initials": "K"}, ...]
    authors = models.JSONField(_("authors"), default=list, blank=True)
    group_author = models.CharField(
        _("group author"),
        max_length=255,
        blank=True,
        help_text=_('A collective author such as "TREASURE Study Investigators".'),
    )
    title = models.TextField(_("title"), blank=True)
    journal = models.CharField(_("journal"), max_length=255, blank=True)
    journal_abbreviation = models.CharField(_("journal abbreviation"), max_length=255, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    season = models.CharField(
        _("months or season"),
        max_length=30,
        blank=True,
        help_text=_('Instead of month and day, as the journal dates the issue: "Nov-Dec", "Spring".'),
    )
    epub_date = models.DateField(_("electronic publication date"), null=True, blank=True)
    volume = models.CharField(_("volume"), max_length=50, blank=True)
    issue = models.CharField(_("issue"), max_length=50, blank=True)
    pages = models.CharField(_("pages"), max_length=50, blank=True)
    doi = models.CharField(_("DOI"), max_length=255, blank=True, help_text=_("Without https://doi.org/"))
    pmid = models.CharField(_("PMID"), max_length=20, blank=True)
    pmcid = models.CharField(_("PMCID"), max_length=20, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    accessed = models.DateField(_("accessed"), null=True, blank=True)
    plain_text = models.TextField(
        _("citation as written"),
        blank=True,
        help_text=_("For references that are not structured: shown exactly as written."),
    )
    note = models.TextField(
        _("plain-language note"),
        blank=True,
        help_text=_("Optional: what this work found, in words a patient can follow."),
    )
    # Every author's name as text, kept by save(): searchable in the admin listing.
    author_names = models.TextField(_("author names"), blank=True, editable=False)
    metadata_status = models.CharField(
        _("metadata fetch"), max_length=10, choices=MetadataStatus, blank=True, editable=False
    )
    metadata_message = models.TextField(_("metadata fetch message"), blank=True, editable=False)
    metadata_checked_at = models.DateTimeField(
        _("metadata fetched at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        # As words (portal.core.search): the admin's chooser finds 幹細胞 in a 干细胞 title.
        WordsSearchField("title"),
        WordsSearchField("group_author"),
        WordsSearchField("journal"),
        WordsSearchField("plain_text"),
        WordsSearchField("author_names"),
        WordsSearchField("doi"),
        WordsSearchField("pmid"),
        WordsAutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("year"),
        index.FilterField("doi"),
        index.FilterField("pmid"),
    ]

    base_form_class = ReferenceAdminForm
    panels = [
        FieldPanel("kind"),
        FieldPanel("authors"),
        FieldPanel("group_author"),
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("journal"), FieldPanel("journal_abbreviation"), FieldPanel("publisher")],
            heading=_("Journal or publisher"),
        ),
        FieldRowPanel(
            [FieldPanel("year"), FieldPanel("month"), FieldPanel("day"), FieldPanel("season")],
            heading=_("Date"),
        ),
        FieldRowPanel([FieldPanel("volume"), FieldPanel("issue"), FieldPanel("pages")], heading=_("Issue")),
        FieldPanel("epub_date"),
        MultiFieldPanel(
            [
                FieldPanel("doi"),
                FieldPanel("pmid"),
                FieldPanel("pmcid"),
                FieldPanel("url"),
                FieldPanel("accessed"),
            ],
            heading=_("Identifiers and links"),
        ),
        FieldPanel("plain_text"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["-year", "title"]
        constraints = [
            # DOIs are case-insensitive but stored as published (PubMed prints them so).
            models.UniqueConstraint(Lower("doi"), condition=~Q(doi=""), name="reference_unique_doi_ci"),
            models.UniqueConstraint(fields=["pmid"], condition=~Q(pmid=""), name="reference_unique_pmid"),
        ]

    def __str__(self):
        first = self.authors[0].get("family", "") if self.authors else self.group_author
        parts = [p for p in (first, str(self.year or ""), self.title or self.plain_text) if p]
        return " · ".join(parts)[:200] or f"Reference {self.pk}"

    def save(self, *args, **kwargs):
        self.author_names = " ".join(
            " ".join(p for p in (a.get("family"), a.get("given"), a.get("initials")) if p)
            for a in self.authors or []
            if isinstance(a, dict)
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "authors" in update_fields:
            kwargs["update_fields"] = {*update_fields, "author_names"}
        super().save(*args, **kwargs)

    def nlm_citation(self) -> str:
        """The citation exactly as PubMed's "NLM" format writes it (full author list)."""
        return citation.nlm_citation(self)

    nlm_citation.short_description = _("citation")

    def links(self) -> list[dict]:
        """[{"label", "url"}] for doi.org, PubMed, PMC and the reference's own URL."""
        return citation.links(self)


class ReferenceImport(models.Model):
    """One file import: who, what, and the report, so every import is in the audit log."""

    filename = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("reference import")
        verbose_name_plural = _("reference imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})" if self.created_at else self.filename
