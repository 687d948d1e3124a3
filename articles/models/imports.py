"""What an article import remembers beside the page: the key that finds "the same article" again."""

import hashlib
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

IMPORT_KEY_LENGTH = 255


def import_key(title: str) -> str:
    """The whole title, normalised: NFKC (so full- and half-width punctuation agree),
    case-folded, letters and digits only. Never cut short: two long titles that share
    their beginning stay two keys; a key too long for the column becomes its digest."""
    text = unicodedata.normalize("NFKC", title).casefold()
    key = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")
    if len(key) > IMPORT_KEY_LENGTH:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


class ArticleImportKey(models.Model):
    """The normalised title an article was imported with, per language.

    Kept outside the page's revisions: a draft import must find its article again
    before anything is published.
    """

    page = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="import_keys",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    key = models.CharField(_("key"), max_length=IMPORT_KEY_LENGTH, db_index=True)

    class Meta:
        verbose_name = _("article import key")
        verbose_name_plural = _("article import keys")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="articles_one_import_key_per_language")
        ]

    def __str__(self):
        return f"{self.language}: {self.key}"
