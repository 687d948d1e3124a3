from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.core.i18n.chinese import PARTNER_SCRIPT
from portal.core.services import page_fill_script

SCRIPT_NAMES = {"zh-hans": "简体中文", "zh-hant": "繁體中文"}


def fill_script(request, page_id: int, target: str):
    """Confirm (GET) and run (POST) filling a page's empty fields from the other script."""
    if target not in PARTNER_SCRIPT:
        raise Http404
    page = get_object_or_404(Page, id=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.id])
    if request.method == "POST":
        filled = page_fill_script(page=page, target=target, user=request.user)
        if filled:
            messages.success(
                request,
                _("Filled %(count)d empty %(script)s fields from %(source)s. Check them, then publish.")
                % {
                    "count": len(filled),
                    "script": SCRIPT_NAMES[target],
                    "source": SCRIPT_NAMES[PARTNER_SCRIPT[target]],
                },
            )
        else:
            messages.info(request, _("No empty fields to fill: nothing was changed."))
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "core/admin/fill_script_confirm.html",
        {
            "page": page,
            "target_name": SCRIPT_NAMES[target],
            "source_name": SCRIPT_NAMES[PARTNER_SCRIPT[target]],
            "edit_url": edit_url,
        },
    )
