"""The editors' actions on an issue and the subscriber import, beside the viewsets.
Each checks its permission (403 otherwise) and calls a service that writes the audit log."""

import functools
from smtplib import SMTPException

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail.admin.views.generic import DeleteView, EditView
from wagtail.permission_policies import ModelPermissionPolicy

from portal.newsletter import services
from portal.newsletter.forms import SendTestForm, SubscriberImportForm
from portal.newsletter.models import Delivery, NewsletterIssue, Subscriber
from portal.newsletter.rendering import build_message, issue_content

issue_permissions = ModelPermissionPolicy(NewsletterIssue)
subscriber_permissions = ModelPermissionPolicy(Subscriber)
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def issue_action(action: str):
    """Load the issue for a view of `action` ("change", "send"), or answer 403."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, pk: int, *args, **kwargs):
            if not issue_permissions.user_has_permission(request.user, action):
                return permission_denied(request, PermissionDenied())
            return view(request, get_object_or_404(NewsletterIssue, pk=pk), *args, **kwargs)

        return wrapped

    return decorator


NOT_A_DRAFT = _lazy("This issue is being sent or was sent: it can no longer be changed or deleted.")


class LockedOnceSentMixin:
    """What an issue said is what its subscribers got: once sending starts, saving and
    deleting are refused (the report and the deliveries stay)."""

    def post(self, request, *args, **kwargs):
        pk = self.get_object().pk
        try:
            with services.draft_locked(pk):  # a save racing Send lands first or is refused
                return super().post(request, *args, **kwargs)
        except services.AlreadySent:
            messages.error(request, NOT_A_DRAFT)
            return redirect("newsletter_issues:progress", pk)


class IssueEditView(LockedOnceSentMixin, EditView):
    pass


class IssueDeleteView(LockedOnceSentMixin, DeleteView):
    pass


@issue_action("change")
def preview(request, issue: NewsletterIssue, language: str):
    """The email as a subscriber in `language` would get it (HTML, CSS inlined)."""
    if language not in LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    content = issue_content(issue, language)
    message = build_message(content=content, to="preview@example.org", subscriber_id=None, headers={})
    html = message.alternatives[0][0]
    if request.GET.get("format") == "text":
        return HttpResponse(message.body, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@issue_action("change")
def issue_preview_page(request, issue: NewsletterIssue):
    return TemplateResponse(
        request,
        "newsletter/admin/preview.html",
        {
            "issue": issue,
            "languages": settings.LANGUAGES,
            "audience": services.issue_audience(issue=issue),
            "test_form": SendTestForm(),
            "can_send": issue_permissions.user_has_permission(request.user, "send"),
        },
    )


@require_POST
@issue_action("change")
def send_test(request, issue: NewsletterIssue):
    form = SendTestForm(request.POST)
    if not request.user.email:
        messages.error(request, _("Your account has no email address: add one in your account settings."))
    elif not form.is_valid():
        messages.error(request, _("Choose a language from the list, or all languages."))
    else:
        language = form.cleaned_data["language"]
        try:
            count = services.issue_send_test(
                issue=issue,
                to=request.user.email,
                user=request.user,
                languages=[language] if language else None,
            )
        except (SMTPException, OSError) as exc:
            messages.error(
                request,
                _("The test could not be sent. The mail server said: %(error)s") % {"error": exc},
            )
        else:
            messages.success(
                request,
                ngettext(
                    "Sent %(count)d test email to %(email)s.",
                    "Sent %(count)d test emails to %(email)s.",
                    count,
                )
                % {"count": count, "email": request.user.email},
            )
    return redirect("newsletter_issues:preview_page", issue.pk)


@require_POST
@issue_action("change")
def draft_from_recent(request, issue: NewsletterIssue):
    try:
        added = services.issue_draft_from_recent(issue=issue)
    except services.AlreadySent:
        messages.error(request, NOT_A_DRAFT)
        return redirect("newsletter_issues:progress", issue.pk)
    if added:
        messages.success(
            request,
            ngettext("Added %(count)d article or trial.", "Added %(count)d articles and trials.", added)
            % {"count": added},
        )
    else:
        messages.info(request, _("Nothing new was published since the last issue."))
    return redirect("newsletter_issues:edit", issue.pk)


@issue_action("send")
def send(request, issue: NewsletterIssue):
    """A confirmation page (who receives it, in which language); its POST sends."""
    if issue.status != NewsletterIssue.Status.DRAFT:
        return redirect("newsletter_issues:progress", issue.pk)
    audience = services.issue_audience(issue=issue)
    if request.method == "POST":
        if request.POST.get("confirm") != str(audience["total"]):
            messages.error(request, _("The number of recipients changed: check it again and confirm."))
        else:
            try:
                count = services.issue_send(issue=issue, user=request.user)
            except services.AlreadySent:
                return redirect("newsletter_issues:progress", issue.pk)
            messages.success(
                request,
                ngettext("Sending to %(count)d subscriber.", "Sending to %(count)d subscribers.", count)
                % {"count": count},
            )
            return redirect("newsletter_issues:progress", issue.pk)
    return TemplateResponse(
        request, "newsletter/admin/confirm_send.html", {"issue": issue, "audience": audience}
    )


@issue_action("change")
def progress(request, issue: NewsletterIssue):
    failures = (
        Delivery.objects.filter(issue=issue, status=Delivery.Status.FAILED)
        .select_related("subscriber")
        .order_by("pk")[:200]
    )
    return TemplateResponse(
        request,
        "newsletter/admin/progress.html",
        {"issue": issue, "progress": issue.progress(), "failures": failures},
    )


def import_subscribers(request):
    if not subscriber_permissions.user_has_permission(request.user, "add"):
        return permission_denied(request, PermissionDenied())
    report = None
    form = SubscriberImportForm()
    if request.method == "POST":
        form = SubscriberImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = services.subscribers_import(
                    data=form.cleaned_data["file"].read(),
                    consented=form.cleaned_data["consented"],
                    consent_text=form.cleaned_data["consent_text"].strip(),
                    user=request.user,
                )
            except services.SubscriberFileError:
                form.add_error(
                    "file", _("This file cannot be read: save it as CSV in UTF-8, at most 50,000 lines.")
                )
    return TemplateResponse(request, "newsletter/admin/import.html", {"form": form, "report": report})
