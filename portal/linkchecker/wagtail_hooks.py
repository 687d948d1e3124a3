from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.linkchecker import services, views
from portal.linkchecker.panels import BrokenLinksPanel


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("reports/broken-links/", views.BrokenLinksReportView.as_view(), name="linkchecker_report"),
        path(
            "reports/broken-links/results/",
            views.BrokenLinksReportView.as_view(results_only=True),
            name="linkchecker_report_results",
        ),
        path("reports/broken-links/<int:pk>/ignore/", views.ignore, name="linkchecker_ignore"),
        path("reports/broken-links/<int:pk>/snooze/", views.snooze, name="linkchecker_snooze"),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Broken links"), reverse("linkchecker_report"), name="broken-links", icon_name="warning", order=1320
    )


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if views.permission_policy.user_has_permission(request.user, "view"):
        panels.append(BrokenLinksPanel())


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(services.IGNORE_ACTION, _("Ignore link"), _("Marked the link as ignored"))
    actions.register_action(services.UNIGNORE_ACTION, _("Check link again"), _("Stopped ignoring the link"))
    actions.register_action(services.SNOOZE_ACTION, _("Snooze link"), _("Snoozed the link"))
    actions.register_action(
        services.FILL_ACTION, _("Filled by the link checker"), _("Filled empty fields from the linked page")
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="linkchecker", codename__in=["view_link", "change_link"]
    )
