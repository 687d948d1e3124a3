"""The staff inbox in the Wagtail admin: list, filters, search, detail, CSV export.

Requests are never added, edited or deleted through generic forms: every change
goes through an action of admin_views.py, which writes the audit log.
"""

import django_filters
import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.core.spreadsheet import escape_cell
from portal.inquiries import admin_views
from portal.inquiries.forms import NoteForm, StatusForm
from portal.inquiries.models import Inquiry
from portal.inquiries.services import inquiries_log_export, inquiry_view

STAFF_GROUP = "Inquiry staff"


def _staff_users(request=None):
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=STAFF_GROUP), is_active=True)
        .distinct()
        .order_by("username")
    )


class InquiryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Inquiry.Status.choices)
    created_at = django_filters.DateFromToRangeFilter(label=_("Received"), widget=DateRangePickerWidget)
    assignee = django_filters.ModelChoiceFilter(label=_("Assignee"), queryset=_staff_users)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Inquiry.Source.choices)

    class Meta:
        model = Inquiry
        fields = ["status", "created_at", "assignee", "language", "source"]


class ForbiddenMixin:
    """Answer 403 to admin users without the permission. Wagtail would redirect them to
    the dashboard with a message; the inbox says plainly that it is not theirs."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as exc:
            return permission_denied(request, exc)


class InquiryIndexView(ForbiddenMixin, IndexView):
    any_permission_required = ["view"]

    def search_queryset(self, queryset):
        """Phone numbers are stored in E.164: a number typed as the person wrote it finds them too."""
        if self.is_searching:
            try:
                number = phonenumbers.parse(self.search_query, "CN")
            except phonenumbers.NumberParseException:
                number = None
            if number is not None and phonenumbers.is_possible_number(number):
                e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                return queryset.filter(Q(phone=e164) | Q(phone__icontains=self.search_query))
        return super().search_queryset(queryset)

    @cached_property
    def show_export_buttons(self):
        return self.user_has_permission("export")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if not self.user_has_permission("export"):
            raise PermissionDenied
        inquiries_log_export(inquiries=queryset, user=self.request.user)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def stream_csv(self, queryset):
        """With a BOM, so Excel opens Chinese text correctly."""
        rows = super().stream_csv(queryset)
        yield "\ufeff".encode() + next(rows)
        yield from rows

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return escape_cell(value)
        return value


class InquiryHistoryView(ForbiddenMixin, HistoryView):
    any_permission_required = ["view"]


class InquiryInspectView(ForbiddenMixin, InspectView):
    any_permission_required = ["view"]
    template_name = "inquiries/admin/inspect.html"

    def get(self, request, *args, **kwargs):
        inquiry_view(inquiry=self.object, user=request.user)
        return super().get(request, *args, **kwargs)

    def get_field_display_value(self, field_name, field):
        # Wagtail shows an empty link (no assignee, no page asked about) as the word "None".
        value = super().get_field_display_value(field_name, field)
        return "" if value is None else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inquiry = self.object
        context.update(
            notes=inquiry.notes.select_related("author"),
            can_change=self.user_has_permission("change"),
            can_erase=self.user_has_permission("erase"),
            status_form=StatusForm(initial={"status": inquiry.status}),
            note_form=NoteForm(),
            same_person=Inquiry.objects.same_person_as(inquiry).exclude(pk=inquiry.pk),
        )
        return context


# What a request holds, in the order staff read it (the detail view adds the consents).
REQUEST_FIELDS = [
    "reference",
    "created_at",
    "status",
    "assignee",
    "language",
    "source",
    "source_page",
    "name",
    "preferred_channel",
    "wechat_id",
    "phone",
    "email",
    "condition",
    "time_since_onset",
    "message",
]


class InquiryViewSet(ModelViewSet):
    model = Inquiry
    # Requests must not show up in a trial's or article's "usage" for editors.
    add_to_reference_index = False
    icon = "mail"
    menu_label = _("Inquiries")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = InquiryIndexView
    inspect_view_class = InquiryInspectView
    history_view_class = InquiryHistoryView
    inspect_view_enabled = True
    inspect_view_fields = [
        *REQUEST_FIELDS,
        "consent_version",
        "consent_personal",
        "consent_personal_at",
        "consent_health",
        "consent_health_at",
        "anonymised_at",
    ]
    copy_view_enabled = False
    filterset_class = InquiryFilterSet
    search_backend_name = None
    search_fields = ["reference", "name", "phone", "wechat_id", "email"]
    list_display = [
        "reference",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("assignee", label=_("Assignee")),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column("source", label=_("Source"), accessor="get_source_display"),
        DateColumn("created_at", label=_("Received")),
    ]
    list_export = REQUEST_FIELDS
    export_filename = "inquiries"
    list_per_page = 50
    ordering = ["-created_at"]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
            path("inspect/<int:pk>/assign/", admin_views.assign, name="assign"),
            path("inspect/<int:pk>/status/", admin_views.set_status, name="status"),
            path("inspect/<int:pk>/note/", admin_views.add_note, name="note"),
            path("inspect/<int:pk>/person/export/", admin_views.export_person, name="export_person"),
            path("inspect/<int:pk>/person/erase/", admin_views.erase_person, name="erase_person"),
        ]


inquiry_viewset = InquiryViewSet("inquiries")
