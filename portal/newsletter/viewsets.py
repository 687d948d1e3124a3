"""The newsletter in the Wagtail admin: issues (edit, preview, test, send, progress)
and subscribers (list, filters, search, CSV export and import)."""

import django_filters
from django.conf import settings
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from portal.core.spreadsheet import escape_cell
from portal.newsletter import admin_views
from portal.newsletter.models import NewsletterIssue, Subscriber
from portal.newsletter.services import subscribers_log_export


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Subscriber.Status.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Subscriber.Source.choices)

    class Meta:
        model = Subscriber
        fields = ["status", "language", "source"]


class SubscriberIndexView(IndexView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.user_has_permission("add"):
            buttons.append(
                HeaderButton(
                    _("Import CSV"), url=reverse("newsletter_subscribers:import"), icon_name="upload"
                )
            )
        return buttons

    def as_spreadsheet(self, queryset, spreadsheet_format):
        subscribers_log_export(count=queryset.count(), user=self.request.user)
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def stream_csv(self, queryset):
        """With a BOM, so Excel opens the file as UTF-8."""
        rows = super().stream_csv(queryset)
        yield "\ufeff".encode() + next(rows)
        yield from rows

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return escape_cell(value)
        return value


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    add_to_reference_index = False
    icon = "user"
    menu_label = _("Subscribers")
    index_view_class = SubscriberIndexView
    filterset_class = SubscriberFilterSet
    search_backend_name = None
    search_fields = ["email"]
    list_display = [
        "email",
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        DateColumn("subscribed_at", label=_("Subscribed")),
        DateColumn("confirmed_at", label=_("Confirmed")),
    ]
    list_export = ["email", "language", "status", "source", "subscribed_at", "confirmed_at", "consent_text"]
    export_filename = "subscribers"
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["email", "language"]  # no add or edit view is routed: subscribers subscribe

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(add_url_name=None, edit_url_name=None, **kwargs)

    def get_urlpatterns(self):
        return [
            pattern
            for pattern in super().get_urlpatterns()
            if getattr(pattern, "name", None) not in ("add", "edit", "copy")
        ] + [path("import/", admin_views.import_subscribers, name="import")]


class NewsletterIssueViewSet(ModelViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = _("Issues")
    list_display = [
        "subject",
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Created")),
        DateColumn("sent_at", label=_("Sent")),
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    search_backend_name = None
    copy_view_enabled = False
    edit_view_class = admin_views.IssueEditView
    delete_view_class = admin_views.IssueDeleteView
    edit_template_name = "newsletter/admin/edit_issue.html"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/preview/", admin_views.issue_preview_page, name="preview_page"),
            path("<int:pk>/preview/<str:language>/", admin_views.preview, name="preview"),
            path("<int:pk>/test/", admin_views.send_test, name="send_test"),
            path("<int:pk>/draft/", admin_views.draft_from_recent, name="draft"),
            path("<int:pk>/send/", admin_views.send, name="send"),
            path("<int:pk>/progress/", admin_views.progress, name="progress"),
        ]


class NewsletterViewSetGroup(ViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 270
    items = (NewsletterIssueViewSet("newsletter_issues"), SubscriberViewSet("newsletter_subscribers"))
