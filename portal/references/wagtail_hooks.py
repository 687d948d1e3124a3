from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.references import views
from portal.references.models import Reference
from portal.references.services import (
    FETCH_METADATA_ACTION,
    IMPORT_FILE_ACTION,
    IMPORT_FILL_ACTION,
    IMPORT_UNCHANGED_ACTION,
)


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    menu_label = _("References")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = views.ReferenceIndexView
    edit_view_class = views.ReferenceEditView
    filterset_class = views.ReferenceFilterSet
    # Plain database lookups: DOIs and PMIDs are not words a full-text index splits well.
    search_backend_name = None
    search_fields = ["title", "author_names", "group_author", "doi", "pmid", "pmcid", "journal"]
    list_display = ["nlm_citation", "kind", "year", UpdatedAtColumn()]
    list_per_page = 50
    ordering = ["-year", "title"]


register_snippet(ReferenceViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("references/import/", views.import_references, name="references_import"),
        path(
            "references/<int:pk>/fetch-metadata/",
            views.fetch_metadata,
            name="references_fetch_metadata",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(_("Import references"), reverse("references_import"), icon_name="upload", order=251)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        IMPORT_FILL_ACTION, _("Fill from import"), _("Filled empty fields from an imported record")
    )
    actions.register_action(
        IMPORT_UNCHANGED_ACTION,
        _("Import with differences"),
        _("An imported record differed from this reference; nothing was overwritten"),
    )
    actions.register_action(IMPORT_FILE_ACTION, _("Import references"), _("Imported a reference file"))
    actions.register_action(FETCH_METADATA_ACTION, _("Fetch metadata"), _("Fetched metadata by DOI or PMID"))
