"""The editors' start page: the admin dashboard panels editors and reviewers work from.

Each panel is added (articles/wagtail_hooks.py, `construct_homepage_panels`) only for
users whose permissions it concerns, and reads its rows in a fixed number of queries,
however many rows there are.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import GroupApprovalTask, PageLogEntry, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from articles.importer.services import IMPORT_ACTION
from articles.models import ArticlePage
from trials.models import TrialPage

ROWS = 10
# Wagtail's own "Awaiting your review" lists the same articles, in queries per row.
WAGTAIL_REVIEW_PANEL = "workflow_objects_to_moderate"


def _editable(user, model):
    allowed = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return model.objects.filter(pk__in=allowed.values("pk"))


def _reviewed_tasks(user):
    """The approval tasks `user` takes part in (every one, for a superuser)."""
    tasks = GroupApprovalTask.objects.filter(active=True)
    return tasks if user.is_superuser else tasks.filter(groups__in=user.groups.all())


class DashboardPanel(Component):
    heading = ""

    def __init__(self, user):
        self.user = user

    @classmethod
    def shown_to(cls, user) -> bool:
        raise NotImplementedError

    def rows(self) -> list:
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        return {"panel": self, "rows": self.rows()}


class AwaitingReviewPanel(DashboardPanel):
    """Articles whose medical review waits for this reviewer."""

    name = "articles_awaiting_review"
    order = 100
    heading = _("Articles awaiting your review")
    template_name = "articles/admin/dashboard/awaiting_review.html"

    @classmethod
    def shown_to(cls, user) -> bool:
        return _reviewed_tasks(user).exists()

    def rows(self) -> list:
        states = list(
            TaskState.objects.filter(
                status=TaskState.STATUS_IN_PROGRESS,
                task__in=_reviewed_tasks(self.user).values("pk"),
                workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
                workflow_state__content_type__app_label="articles",
                workflow_state__content_type__model="articlepage",
            )
            .select_related("workflow_state__requested_by")
            .order_by("started_at")[:ROWS]
        )
        pages = ArticlePage.objects.in_bulk([int(state.workflow_state.object_id) for state in states])
        return [
            {"page": pages[int(state.workflow_state.object_id)], "state": state}
            for state in states
            if int(state.workflow_state.object_id) in pages
        ]


class ArticleEditorPanel(DashboardPanel):
    """A panel for users who may edit some article."""

    @classmethod
    def shown_to(cls, user) -> bool:
        return _editable(user, ArticlePage).exists()


class MyDraftsPanel(ArticleEditorPanel):
    """Articles whose newest revision is this editor's and is not published."""

    name = "articles_my_drafts"
    order = 110
    heading = _("Your article drafts")
    template_name = "articles/admin/dashboard/my_drafts.html"

    def rows(self) -> list:
        return list(
            _editable(self.user, ArticlePage)
            .filter(has_unpublished_changes=True, latest_revision__user=self.user)
            .order_by("-latest_revision_created_at")[:ROWS]
        )


class NeedsTranslationPanel(DashboardPanel):
    """Articles and trials flagged as waiting for their translation."""

    name = "needs_translation"
    order = 120
    heading = _("Waiting for translation")
    template_name = "articles/admin/dashboard/needs_translation.html"

    @classmethod
    def shown_to(cls, user) -> bool:
        return _editable(user, ArticlePage).exists() or _editable(user, TrialPage).exists()

    def rows(self) -> list:
        rows = []
        for model, kind in ((ArticlePage, _("Article")), (TrialPage, _("Trial"))):
            pages = _editable(self.user, model).filter(needs_translation=True)
            rows += [(kind, page) for page in pages.order_by("-latest_revision_created_at")[:ROWS]]
        return rows


class LatestImportsPanel(ArticleEditorPanel):
    """The latest article imports into articles this user may edit, with their warnings."""

    name = "articles_latest_imports"
    order = 130
    heading = _("Latest article imports")
    template_name = "articles/admin/dashboard/latest_imports.html"

    def rows(self) -> list:
        entries = list(
            PageLogEntry.objects.filter(
                action=IMPORT_ACTION, page__in=_editable(self.user, ArticlePage).values("pk")
            )
            .select_related("user", "page")
            .order_by("-timestamp", "-pk")[:ROWS]
        )
        language = translation.get_language()
        return [{"entry": entry, "warnings": _warnings(entry.data, language)} for entry in entries]


def _warnings(data: dict, language: str) -> list[str]:
    """The warnings as logged in the editor's language (older entries: in English)."""
    by_language = data.get("warning_messages") or {}
    return by_language.get(language) or data.get("warnings") or []


PANELS = (AwaitingReviewPanel, MyDraftsPanel, NeedsTranslationPanel, LatestImportsPanel)


def dashboard_panels(user) -> list[DashboardPanel]:
    return [panel(user) for panel in PANELS if panel.shown_to(user)]
