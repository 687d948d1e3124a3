"""The admin's flat list of trials, with a filter for entries still in registry English."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import PageFilterSet

from trials.models import TrialPage
from trials.models.choices import OverallStatus


class TrialPageFilterSet(PageFilterSet):
    needs_translation = django_filters.BooleanFilter(
        label=_("Needs translation"),
        widget=forms.RadioSelect(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    overall_status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=OverallStatus.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = TrialPage
        fields = []
