"""Admin registration of the article importer.

Wagtail only discovers `<app>/wagtail_hooks.py`: this module must be imported
from articles/wagtail_hooks.py (`from articles.importer import wagtail_hooks  # noqa: F401`).
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from articles.importer import views
from articles.models import ArticleIndexPage, ArticlePage


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("articles/import/", views.import_article, name="articles_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import article"), reverse("articles_import"), icon_name="upload", order=250)


@hooks.register("register_page_header_buttons")
def import_page_buttons(page, user, view_name, next_url=None):
    page_class = page.specific_class
    if page_class is None:
        return
    permissions = page.permissions_for_user(user)
    if issubclass(page_class, ArticleIndexPage) and permissions.can_add_subpage():
        url = f"{reverse('articles_import')}?parent={page.pk}"
        yield PageMenuItem(_("Import article"), url, "upload", 85, page=page)
    elif issubclass(page_class, ArticlePage) and permissions.can_edit():
        url = f"{reverse('articles_import')}?page={page.pk}"
        yield PageMenuItem(_("Import a new version or translation"), url, "upload", 85, page=page)
