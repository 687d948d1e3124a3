"""The admin's "Broken links" report, its CSV export, and the ignore/snooze actions."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import AdminDateInput
from wagtail.permission_policies import ModelPermissionPolicy

from portal.core.spreadsheet import escape_cell
from portal.linkchecker import services
from portal.linkchecker.models import Link, LinkUsage

permission_policy = ModelPermissionPolicy(Link)
ATTENTION = [Link.Status.BROKEN, Link.Status.REDIRECTED, Link.Status.NOT_CHECKED]


def _hosts(request=None):
    hosts = Link.objects.exclude(host="").values_list("host", flat=True).distinct().order_by("host")
    return [(host, host) for host in hosts]


def _content_types(request=None):
    used = LinkUsage.objects.values_list("content_type_id", flat=True).distinct()
    return ContentType.objects.filter(pk__in=used).order_by("app_label", "model")


class ContentTypeChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        model = obj.model_class()
        return str(model._meta.verbose_name).capitalize() if model else obj.model


class ContentTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ContentTypeChoiceField


class LinkFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Link.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    host = django_filters.ChoiceFilter(label=_("Host"), choices=_hosts)
    content_type = ContentTypeFilter(
        label=_("Used in"), field_name="usages__content_type", queryset=_content_types, distinct=True
    )
    muted = django_filters.BooleanFilter(label=_("Ignored or snoozed"), method="filter_muted")

    class Meta:
        model = Link
        fields = ["status", "host", "content_type", "muted"]

    def filter_muted(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.muted() if value else queryset.unmuted()


class UsagesColumn(BaseColumn):
    cell_template_name = "linkchecker/admin/usages_cell.html"


class ActionsColumn(BaseColumn):
    cell_template_name = "linkchecker/admin/actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["can_change"] = parent_context.get("can_change")
        return context


class StatusColumn(BaseColumn):
    cell_template_name = "linkchecker/admin/status_cell.html"


class LinkColumn(BaseColumn):
    cell_template_name = "linkchecker/admin/link_cell.html"


class BrokenLinksReportView(ReportView):
    """Links that need an editor, each with every place it is used and an edit link there.

    Without a status filter: broken, redirected (update the link) and not checked."""

    page_title = _("Broken links")
    header_icon = "warning"
    index_url_name = "linkchecker_report"
    index_results_url_name = "linkchecker_report_results"
    filterset_class = LinkFilterSet
    permission_policy = permission_policy
    permission_required = "view"
    is_searchable = True
    search_fields = ["url"]
    default_ordering = "url"
    columns = [
        LinkColumn("url", label=_("Link")),
        StatusColumn("status", label=_("Status")),
        UsagesColumn("usages", label=_("Used in")),
        DateColumn("first_failure", label=_("First failure")),
        Column("consecutive_failures", label=_("Failures in a row")),
        DateColumn("last_checked", label=_("Last checked")),
        ActionsColumn("actions", label=_("Actions")),
    ]
    list_export = [
        "url", "status", "status_code", "error", "final_url", "host", "usage_list", "first_failure",
        "consecutive_failures", "last_checked", "last_ok", "ignored", "snoozed_until",
    ]  # fmt: skip
    export_headings = {
        "url": _("URL"),
        "status": _("Status"),
        "status_code": _("Last status code"),
        "error": _("Error"),
        "final_url": _("Final URL"),
        "host": _("Host"),
        "usage_list": _("Used in"),
        "first_failure": _("First failure"),
        "consecutive_failures": _("Failures in a row"),
        "last_checked": _("Last checked"),
        "last_ok": _("Last OK"),
        "ignored": _("Ignored"),
        "snoozed_until": _("Snoozed until"),
    }

    def get_base_queryset(self):
        return Link.objects.in_use().prefetch_related("usages__content_type")

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.request.GET.getlist("status"):
            queryset = queryset.filter(status__in=ATTENTION)
        return queryset

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def decorate_paginated_queryset(self, object_list):
        """Each link gets `places`: (usage, edit URL or None), objects loaded once per type."""
        links = list(object_list)
        wanted: dict[int, set[str]] = {}
        for link in links:
            for usage in link.usages.all():
                wanted.setdefault(usage.content_type_id, set()).add(usage.object_id)
        objects = {}
        for content_type_id, ids in wanted.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            for pk, obj in model._default_manager.in_bulk([int(pk) for pk in ids if pk.isdecimal()]).items():
                objects[(content_type_id, str(pk))] = obj
        finder = AdminURLFinder(self.request.user)
        for link in links:
            link.places = []
            for usage in link.usages.all():
                obj = objects.get((usage.content_type_id, usage.object_id))
                link.places.append((usage, finder.get_edit_url(obj) if obj is not None else None))
        return links

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_change"] = self.user_has_permission("change")
        return context

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return escape_cell(value)
        return value

    def stream_csv(self, queryset):
        """With a BOM, so Excel opens Chinese text correctly."""
        rows = super().stream_csv(queryset)
        yield "\ufeff".encode() + next(rows)
        yield from rows


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Snooze until"), widget=AdminDateInput)


def _change_permitted(request) -> None:
    if not permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("linkchecker_report"))


@require_POST
def ignore(request, pk: int):
    _change_permitted(request)
    link = get_object_or_404(Link, pk=pk)
    ignored = request.POST.get("ignored", "1") == "1"
    services.link_set_ignored(link=link, ignored=ignored, user=request.user)
    if ignored:
        messages.success(request, _("“%(url)s” is ignored.") % {"url": link.url})
    else:
        messages.success(request, _("“%(url)s” is checked again.") % {"url": link.url})
    return _back(request)


@require_POST
def snooze(request, pk: int):
    _change_permitted(request)
    link = get_object_or_404(Link, pk=pk)
    if request.POST.get("until", "") == "":
        services.link_snooze(link=link, until=None, user=request.user)
        messages.success(request, _("“%(url)s” is no longer snoozed.") % {"url": link.url})
        return _back(request)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date to snooze the link until."))
        return _back(request)
    services.link_snooze(link=link, until=form.cleaned_data["until"], user=request.user)
    messages.success(
        request,
        _("“%(url)s” is snoozed until %(date)s.") % {"url": link.url, "date": form.cleaned_data["until"]},
    )
    return _back(request)
