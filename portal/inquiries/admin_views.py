"""The staff's actions on one request, from its detail view. Each is a POST that
calls a service (which writes the audit log) and returns to the detail view."""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail.permission_policies import ModelPermissionPolicy

from portal.inquiries import services
from portal.inquiries.forms import NoteForm, StatusForm
from portal.inquiries.models import Inquiry

permission_policy = ModelPermissionPolicy(Inquiry)


def staff_action(action: str):
    """Load the request for a view of `action` ("change", "erase"), or answer 403
    (not Wagtail's redirect to the dashboard: see viewsets.ForbiddenMixin)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, pk: int):
            if not permission_policy.user_has_permission(request.user, action):
                return permission_denied(request, PermissionDenied())
            return view(request, get_object_or_404(Inquiry, pk=pk))

        return wrapped

    return decorator


def _back(inquiry: Inquiry):
    return redirect("inquiries:inspect", inquiry.pk)


@require_POST
@staff_action("change")
def assign(request, inquiry: Inquiry):
    assignee = request.user if request.POST.get("assignee") == "me" else None
    services.inquiry_assign(inquiry=inquiry, assignee=assignee, user=request.user)
    if assignee:
        messages.success(request, _("%(reference)s is assigned to you.") % {"reference": inquiry})
    else:
        messages.success(request, _("%(reference)s is no longer assigned.") % {"reference": inquiry})
    return _back(inquiry)


@require_POST
@staff_action("change")
def set_status(request, inquiry: Inquiry):
    form = StatusForm(request.POST)
    if form.is_valid():
        services.inquiry_set_status(inquiry=inquiry, status=form.cleaned_data["status"], user=request.user)
        messages.success(
            request,
            _("%(reference)s is now %(status)s.")
            % {"reference": inquiry, "status": inquiry.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a status."))
    return _back(inquiry)


@require_POST
@staff_action("change")
def add_note(request, inquiry: Inquiry):
    form = NoteForm(request.POST)
    if form.is_valid():
        services.inquiry_add_note(inquiry=inquiry, text=form.cleaned_data["text"], user=request.user)
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("A note needs text, at most 4,000 characters."))
    return _back(inquiry)


@require_POST
@staff_action("erase")
def export_person(request, inquiry: Inquiry):
    data = services.inquiry_export_person(inquiry=inquiry, user=request.user)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{inquiry.reference}.json"'
    response["Cache-Control"] = "no-store"
    return response


@staff_action("erase")
def erase_person(request, inquiry: Inquiry):
    requests = Inquiry.objects.same_person_as(inquiry).order_by("created_at")
    if request.method == "POST":
        count = services.inquiry_erase_person(inquiry=inquiry, user=request.user)
        message = ngettext(
            "Erased the personal data of %(count)d request.",
            "Erased the personal data of %(count)d requests.",
            count,
        )
        messages.success(request, message % {"count": count})
        return _back(inquiry)
    return TemplateResponse(
        request,
        "inquiries/admin/confirm_erase.html",
        {"inquiry": inquiry, "requests": requests, "header_icon": "bin"},
    )
