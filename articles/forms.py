"""The article editor's form: citation markers are checked against the
reference rows being submitted, not the ones stored before the edit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from portal.core.forms import PortalPageForm
from portal.core.slugs import language_codes


class ArticlePageForm(PortalPageForm):
    def submitted_reference_count(self) -> int | None:
        formset = self.formsets.get("reference_links")
        if formset is None:
            return None
        if not formset.is_valid():
            return None  # the formset shows its own errors
        count = 0
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("reference") and not data.get("DELETE"):
                count += 1
        return count

    def clean(self):
        cleaned = super().clean()
        count = self.submitted_reference_count()
        if count is None:
            return cleaned
        bodies = [
            cleaned.get(build_localized_fieldname("body", code))
            for code in language_codes()
            if cleaned.get(build_localized_fieldname("body", code)) is not None
        ]
        problems = self.instance.citation_problems(reference_count=count, bodies=bodies)
        self.instance._citations_checked = True
        if problems:
            raise ValidationError(
                _(
                    "Citation markers must match the reference list (%(count)s entries): %(problems)s. "
                    "Markers refer to positions in the list."
                ),
                params={"count": count, "problems": "; ".join(problems)},
                code="citation_out_of_range",
            )
        return cleaned
