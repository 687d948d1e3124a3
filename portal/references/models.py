from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.references import citation


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("group_author"),
        index.SearchField("journal"),
        index.SearchField("plain_text"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("year"),
        index.FilterField("doi"),
        index.FilterField("pmid"),
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

    def nlm_citation(self) -> str:
        """The citation exactly as PubMed's "NLM" format writes it (full author list)."""
        return citation.nlm_citation(self)

    def links(self) -> list[dict]:
        """[{"label", "url"}] for doi.org, PubMed, PMC and the reference's own URL."""
        return citation.links(self)
