"""The admin's flat list of articles, with a filter for those still awaiting a translation."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.pages.listing import PageFilterSet

from articles.models import ArticlePage


class ArticlePageFilterSet(PageFilterSet):
    needs_translation = django_filters.BooleanFilter(
        label=_("Needs translation"),
        widget=forms.RadioSelect(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = ArticlePage
        fields = []
