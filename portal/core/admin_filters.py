"""Filters of the admin's page listings shared by the apps."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import PageFilterSet


class NeedsTranslationFilterSet(PageFilterSet):
    """A listing of pages with `NeedsTranslationMixin`, filterable by the flag.

    Subclasses set `Meta.model` (with `fields = []`), as for Wagtail's `PageFilterSet`.
    """

    needs_translation = django_filters.BooleanFilter(
        label=_("Needs translation"),
        widget=forms.RadioSelect(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
