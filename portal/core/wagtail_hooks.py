from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet

from portal.core import admin_views
from portal.core.search.admin import SynonymViewSet
from portal.core.search.reports import SearchesFoundNothingReportView
from portal.core.services import FILL_SCRIPT_ACTION


class FillScriptMenuItem(PageMenuItem):
    icon_name = "globe"

    def __init__(self, *, page, target, label, priority):
        super().__init__(label=label, page=page, priority=priority)
        self.target = target

    @property
    def url(self):
        return reverse("core_fill_script", args=[self.page.id, self.target])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "pages/<int:page_id>/fill-script/<str:target>/",
            admin_views.fill_script,
            name="core_fill_script",
        ),
        path(
            "reports/searches-found-nothing/",
            SearchesFoundNothingReportView.as_view(),
            name="search_found_nothing",
        ),
        path(
            "reports/searches-found-nothing/results/",
            SearchesFoundNothingReportView.as_view(results_only=True),
            name="search_found_nothing_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_searches_found_nothing_menu_item():
    return AdminOnlyMenuItem(
        _("Searches that found nothing"),
        reverse("search_found_nothing"),
        name="searches-found-nothing",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_page_header_buttons")
def fill_script_buttons(page, user, view_name, next_url=None):
    if page.is_root():
        return
    yield FillScriptMenuItem(
        page=page, target="zh-hant", label=_("Fill empty 繁體 fields from 简体"), priority=80
    )
    yield FillScriptMenuItem(
        page=page, target="zh-hans", label=_("Fill empty 简体 fields from 繁體"), priority=81
    )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        FILL_SCRIPT_ACTION,
        _("Fill from the other Chinese script"),
        _("Filled empty fields from the other Chinese script"),
    )


register_snippet(SynonymViewSet)
