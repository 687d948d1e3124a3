from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from trials.admin_filters import TrialPageFilterSet
from trials.models import CellType, Route, StrokeStage, StrokeType, TrialPage
from trials.services.imports import IMPORT_ACTION
from trials.services.sync import SYNC_ACTION, SYNC_FAILED_ACTION


class TrialPageListingViewSet(PageListingViewSet):
    model = TrialPage
    icon = "clipboard-list"
    menu_label = _("Trials")
    add_to_admin_menu = True
    menu_order = 210
    filterset_class = TrialPageFilterSet
    columns = PageListingViewSet.columns + [
        Column("acronym", label=_("Acronym")),
        Column("overall_status", label=_("Status"), accessor="get_overall_status_display"),
        BooleanColumn("needs_translation", label=_("Needs translation")),
        BooleanColumn("onset_window_to_check", label=_("Treatment window to fill in")),
    ]


@hooks.register("register_admin_viewset")
def register_trial_listing():
    return TrialPageListingViewSet("trials")


class TermViewSet(SnippetViewSet):
    list_display = ["label", "code", "sort_order"]
    ordering = ["sort_order", "code"]


class CellTypeViewSet(TermViewSet):
    model = CellType
    icon = "snippet"


class RouteViewSet(TermViewSet):
    model = Route
    icon = "snippet"


class StrokeStageViewSet(TermViewSet):
    model = StrokeStage
    icon = "snippet"


class StrokeTypeViewSet(TermViewSet):
    model = StrokeType
    icon = "snippet"


class TrialVocabularyGroup(SnippetViewSetGroup):
    items = (CellTypeViewSet, RouteViewSet, StrokeStageViewSet, StrokeTypeViewSet)
    menu_icon = "list-ul"
    menu_label = _("Trial vocabularies")
    menu_name = "trial-vocabularies"


register_snippet(TrialVocabularyGroup)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(IMPORT_ACTION, _("Import from registry"), _("Imported from ClinicalTrials.gov"))
    actions.register_action(SYNC_ACTION, _("Registry refresh"), _("Refreshed from ClinicalTrials.gov"))
    actions.register_action(
        SYNC_FAILED_ACTION, _("Registry refresh failed"), _("Refresh from ClinicalTrials.gov failed")
    )
