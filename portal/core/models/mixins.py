from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedsTranslationMixin(models.Model):
    """A page whose text an import left in English, until an editor has translated it.

    The admin lists such pages with `portal.core.admin_filters.NeedsTranslationFilterSet`.
    """

    needs_translation = models.BooleanField(
        _("needs translation"),
        default=False,
        db_index=True,
        help_text=_("Set by an import: the text is still in English. Clear it once translated."),
    )

    class Meta:
        abstract = True
