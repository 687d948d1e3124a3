import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions.models import Query
from wagtail.search import index

from portal.core.search.fields import WordsAutocompleteField, WordsSearchField

_SEPARATORS = re.compile(r"[\n,;，；、]+")


class Synonym(index.Indexed, models.Model):
    """Terms that mean the same to a reader; a search for one finds all (applied at query time)."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "Two or more terms that mean the same, separated by commas or on separate lines, "
            "for example: MSC, 间充质干细胞, mesenchymal stem cell. "
            "Either Chinese script will do: search treats 幹細胞 and 干细胞 alike."
        ),
    )

    search_fields = [WordsSearchField("terms"), WordsAutocompleteField("terms")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["pk"]

    def __str__(self):
        return " = ".join(self.term_list())

    def clean(self):
        super().clean()
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two terms.")})

    def term_list(self) -> list[str]:
        return [term.strip() for term in _SEPARATORS.split(self.terms) if term.strip()]


class SearchOutcome(models.Model):
    """How many results a logged query found the last time it was searched: the report of
    searches that found nothing reads it (Wagtail's query log keeps only the hits)."""

    query = models.OneToOneField(Query, on_delete=models.CASCADE, related_name="outcome")
    result_count = models.PositiveIntegerField(_("results found"))
    searched_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search outcome")
        verbose_name_plural = _("search outcomes")

    def __str__(self):
        return f"{self.query}: {self.result_count}"
