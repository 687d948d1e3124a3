"""The admin's flat list of trials, with filters for entries still in registry English and
imported trials whose treatment window editors have yet to fill in."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.admin_filters import NeedsTranslationFilterSet
from trials.models import TrialPage
from trials.models.choices import OverallStatus


class TrialPageFilterSet(NeedsTranslationFilterSet):
    overall_status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=OverallStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    onset_window_to_check = django_filters.BooleanFilter(label=_("Treatment window to fill in"))

    class Meta:
        model = TrialPage
        fields = []
