"""The article editor's form: citation markers are checked against the
reference rows being submitted, not the ones stored before the edit."""

from modeltranslation.utils import build_localized_fieldname

from portal.core.forms import PortalPageForm
from portal.core.i18n.slugs import language_codes


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
        self.instance._citations_checked = True
        self.instance.check_citations(reference_count=count, bodies=bodies)
        return cleaned
