from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from articles import admin_filters, dashboard, review
from articles.importer import wagtail_hooks as importer_hooks  # noqa: F401 (registers the import views)
from articles.importer.services import IMPORT_ACTION
from articles.models import ArticlePage, Person, Topic
from articles.services import REVIEW_RECORDED_ACTION


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["name", "credentials", "user"]
    ordering = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    ordering = ["name"]


class ArticleSnippetsGroup(SnippetViewSetGroup):
    items = (PersonViewSet, TopicViewSet)
    menu_icon = "doc-full"
    menu_label = _("Article data")
    menu_name = "article-data"


register_snippet(ArticleSnippetsGroup)


@hooks.register("register_log_actions")
def register_article_log_actions(actions):
    """Every log action of the articles app, here and nowhere else."""
    actions.register_action(REVIEW_RECORDED_ACTION, _("Record medical review"), _("Medical review recorded"))
    actions.register_action(IMPORT_ACTION, _("Import article"), _("Article imported from a file"))


class ArticlePageListingViewSet(PageListingViewSet):
    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Articles")
    add_to_admin_menu = True
    menu_order = 205
    filterset_class = admin_filters.ArticlePageFilterSet
    columns = PageListingViewSet.columns + [
        BooleanColumn("needs_translation", label=_("Needs translation")),
    ]


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticlePageListingViewSet("articles")


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page, parent = context.get("page"), context.get("parent_page")
    if review.direct_publish_blocked(request.user, page, parent=parent):
        menu_items[:] = [item for item in menu_items if item.name != review.PUBLISH_ACTION]


@hooks.register("before_edit_page")
def refuse_direct_publish_on_edit(request, page):
    return review.refuse_direct_publish(request, page)


@hooks.register("before_create_page")
def refuse_direct_publish_on_create(request, parent_page, page_class):
    if issubclass(page_class, ArticlePage):
        return review.refuse_direct_publish(request, parent=parent_page)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_of_articles(request, action_type, objects, action_class_instance):
    return review.refuse_bulk_publish(request, action_type, objects)


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    ours = dashboard.dashboard_panels(request.user)
    if any(isinstance(panel, dashboard.AwaitingReviewPanel) for panel in ours):
        panels[:] = [
            panel for panel in panels if getattr(panel, "name", "") != dashboard.WAGTAIL_REVIEW_PANEL
        ]
    panels.extend(ours)
