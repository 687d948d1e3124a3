"""Admin views of the references snippet: listing with import button, edit page with
"Fetch metadata", the import upload page and the fetch confirmation."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.views.snippets import EditView, IndexView

from portal.references.forms import ReferenceImportForm
from portal.references.models import Reference
from portal.references.services import reference_fetch_metadata_enqueue, reference_import_file

IMPORT_PERMISSION = "references.add_reference"
CHANGE_PERMISSION = "references.change_reference"


def _year_choices():
    years = Reference.objects.exclude(year=None).values_list("year", flat=True).distinct().order_by("-year")
    return [(year, str(year)) for year in years]


class ReferenceFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(label=gettext_lazy("Year"), choices=_year_choices)
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=Reference.Kind.choices)

    class Meta:
        model = Reference
        fields = ["year", "kind"]


class ReferenceIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(IMPORT_PERMISSION):
            buttons.append(
                HeaderButton(gettext_lazy("Import"), url=reverse("references_import"), icon_name="upload")
            )
        return buttons


class ReferenceEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.doi or self.object.pmid:
            buttons.append(
                Button(
                    gettext_lazy("Fetch metadata"),
                    url=reverse("references_fetch_metadata", args=[self.object.pk]),
                    icon_name="download",
                    priority=30,
                )
            )
        return buttons

    def get(self, request, *args, **kwargs):
        status = self.object.metadata_status
        if status == Reference.MetadataStatus.FAILED:
            messages.warning(
                request,
                _("Fetching metadata failed: %(message)s") % {"message": self.object.metadata_message},
            )
        elif status == Reference.MetadataStatus.PENDING:
            messages.info(request, _("Metadata is being fetched; reload this page in a moment."))
        elif status == Reference.MetadataStatus.OK and self.object.metadata_message:
            messages.info(request, self.object.metadata_message)
        return super().get(request, *args, **kwargs)


def import_references(request):
    """Upload a reference file (or paste NLM citations) and show the import report."""
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied
    report = None
    if request.method == "POST":
        form = ReferenceImportForm(request.POST, request.FILES)
        if form.is_valid():
            data, filename, fmt = form.payload()
            report = reference_import_file(data=data, filename=filename, fmt=fmt, user=request.user)
            form = ReferenceImportForm()
    else:
        form = ReferenceImportForm()
    return TemplateResponse(request, "references/admin/import.html", {"form": form, "report": report})


def fetch_metadata(request, pk: int):
    """Confirm (GET) and enqueue (POST) filling a reference from Crossref / PubMed."""
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied
    reference = get_object_or_404(Reference, pk=pk)
    edit_url = reverse("wagtailsnippets_references_reference:edit", args=[reference.pk])
    if request.method == "POST":
        if not (reference.doi or reference.pmid):
            messages.error(request, _("This reference has no DOI or PMID to look up."))
        else:
            reference_fetch_metadata_enqueue(reference=reference, user=request.user)
            messages.success(
                request,
                _("Fetching metadata. Empty fields will be filled; nothing you wrote is overwritten."),
            )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "references/admin/fetch_metadata_confirm.html",
        {"reference": reference, "edit_url": edit_url},
    )
