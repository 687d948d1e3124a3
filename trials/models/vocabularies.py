"""Small vocabulary tables: our own controlled terms, and the registry's phases.

Kept as tables (not JSON lists) so a facet is an indexed join that counts the
same way on PostgreSQL and SQLite.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trials.models.choices import Phase


class Term(models.Model):
    """A term of one of our vocabularies; `code` is stable, used in URLs and exports."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.label or self.code


class CellType(Term):
    class Meta(Term.Meta):
        verbose_name = _("cell type")
        verbose_name_plural = _("cell types")


class Route(Term):
    class Meta(Term.Meta):
        verbose_name = _("route of administration")
        verbose_name_plural = _("routes of administration")


class StrokeStage(Term):
    class Meta(Term.Meta):
        verbose_name = _("stroke stage")
        verbose_name_plural = _("stroke stages")


class StrokeType(Term):
    class Meta(Term.Meta):
        verbose_name = _("stroke type")
        verbose_name_plural = _("stroke types")


class TrialPhase(models.Model):
    """One of ClinicalTrials.gov's phases; rows are fixed (created by a migration)."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=Phase)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        return Phase(self.code).label if self.code in Phase.values else self.code
