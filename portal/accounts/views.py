"""The second-factor pages of the admin: verify, set up, the account page's overview,
and a superuser's reset of another user's second factor."""

import segno
from django.contrib.auth import get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from wagtail.admin import messages

from portal.accounts import policy, services, throttle
from portal.accounts.forms import CodeForm, locked_out_message


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("wagtailadmin_home")


def verify(request):
    """The code asked after the password, once per session."""
    user = request.user
    if policy.pending_step(user) != policy.VERIFY:
        return redirect(_next_url(request))
    username = user.get_username()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if throttle.locked_out(request, username):
            form.add_error(None, locked_out_message())
        else:
            device = services.code_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                throttle.reset(request, username)
                services.sign_in_log(user=user, action=services.VERIFIED_ACTION)
                if isinstance(device, StaticDevice):
                    services.sign_in_log(user=user, action=services.RECOVERY_CODE_USED_ACTION)
                    left = StaticToken.objects.filter(device=device).count()
                    messages.warning(
                        request,
                        _(
                            "You signed in with a recovery code; %(count)d are left. Make new ones on your account page."
                        )
                        % {"count": left},
                    )
                return redirect(_next_url(request))
            locked = throttle.record_failure(request, username)
            services.sign_in_log(user=user, action=services.CODE_FAILED_ACTION)
            if locked:
                services.sign_in_log(user=user, action=services.LOCKED_OUT_ACTION)
                form.add_error(None, locked_out_message())
            else:
                form.add_error(
                    "code", _("This code is not right. Check your authenticator app and try again.")
                )
    return TemplateResponse(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


def set_up(request):
    """Set up an authenticator app: scan the QR code, confirm with a code from the app."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect("accounts_verify")
    device = services.authenticator_pending(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            return TemplateResponse(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        form.add_error("code", _("This code is not right. Check the time on your phone and try again."))
    config_url = device.config_url
    context = {
        "form": form,
        "qr_data_uri": segno.make(config_url, error="m").png_data_uri(scale=5, border=2),
        "secret": config_url.split("secret=")[1].split("&")[0],
        "required": policy.second_factor_required(user),
        "next": _next_url(request),
    }
    return TemplateResponse(request, "accounts/set_up.html", context)


def overview(request):
    """The account page's "Two-step verification": state, recovery codes, sign out everywhere."""
    user = request.user
    context = {
        "has_second_factor": user_has_device(user, confirmed=True),
        "required": policy.second_factor_required(user),
        "recovery_codes_left": StaticToken.objects.filter(device__user=user).count(),
    }
    return TemplateResponse(request, "accounts/overview.html", context)


@require_POST
def recovery_codes_new(request):
    if not request.user.is_verified():
        return redirect("accounts_overview")
    codes = services.recovery_codes_renew(user=request.user)
    return TemplateResponse(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts_overview")}
    )


@require_POST
def sign_out_everywhere(request):
    services.sessions_revoke(user=request.user)
    logout(request)
    messages.success(request, _("You have been signed out on every device."))
    return redirect("wagtailadmin_login")


def reset(request, user_id: int):
    """A superuser removes another user's second factor (a lost phone): logged."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        services.second_factor_reset(user=target, by=request.user)
        messages.success(
            request,
            _("The second factor of %(user)s was reset; they set up a new one at their next sign-in.")
            % {"user": target.get_username()},
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "accounts/reset.html",
        {"target": target, "has_second_factor": user_has_device(target, confirmed=True)},
    )
