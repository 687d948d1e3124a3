"""Guards every request of a signed-in user (after django-otp's OTPMiddleware):

- a staff session idle for longer than STAFF_SESSION_IDLE_TIMEOUT ends (the admin's
  own background requests, such as the editor's ping every few seconds, are not
  activity: an editor left open on an unattended desk would never expire);
- a session started before the user's last "sign out everywhere" (or a superuser's
  reset) ends;
- a user who has a second factor, or must have one, reaches nothing but the
  verification (or set-up) pages until this session passed it: admin URLs redirect
  there, and on every other URL (the site, documents, previews) the session counts
  as signed out. The admin's password reset and login pages stay reachable, and a
  password reset signs nobody in, so neither is a way around it.
"""

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts import policy
from portal.accounts.models import AccountSecurity
from portal.accounts.signals import LOGIN_AT_KEY, SEEN_AT_KEY

# Reachable while the second factor is pending.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "accounts_verify",
}
ENROL_URL_NAMES = {"accounts_set_up"}
# Sent by an open admin page on its own (wagtail 7.4: the editing-sessions ping, every
# WAGTAIL_EDITING_SESSION_PING_INTERVAL, and its release on leaving the page).
BACKGROUND_NAMESPACES = {"wagtailadmin_editing_sessions"}
SEEN_WRITE_EVERY = 60  # seconds at most: the session is not written at every request


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # No session cookie, no user: the public site's requests stay cacheable.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        in_admin = request.path_info.startswith(reverse("wagtailadmin_home"))

        match = request.resolver_match
        background = bool(match and BACKGROUND_NAMESPACES.intersection(match.namespaces))
        ended = self._session_ended(request, user, activity=not background)
        if ended:
            logout(request)
            if in_admin:
                messages.warning(request, ended)
                return redirect_to(reverse("wagtailadmin_login"), request)
            return None

        step = policy.pending_step(user)
        if step is None:
            return None
        url_name = request.resolver_match.url_name if request.resolver_match else None
        if url_name in OPEN_URL_NAMES or (step == policy.ENROL and url_name in ENROL_URL_NAMES):
            return None
        if in_admin:
            target = "accounts_verify" if step == policy.VERIFY else "accounts_set_up"
            return redirect_to(reverse(target), request)
        request.user = AnonymousUser()
        request.auser = anonymous_user  # what async code awaits instead of request.user
        return None

    @staticmethod
    def _session_ended(request, user, *, activity: bool) -> str | None:
        """Why this session has ended (a message for the sign-in page), or None."""
        session = request.session
        now = time.time()
        seen = session.get(SEEN_AT_KEY)
        if seen is not None and now - seen > settings.STAFF_SESSION_IDLE_TIMEOUT:
            return _("You were signed out after a period without activity. Please sign in again.")
        login_at = datetime.fromtimestamp(session.get(LOGIN_AT_KEY, 0), tz=UTC)
        if AccountSecurity.objects.filter(user=user, sessions_revoked_at__gt=login_at).exists():
            return _("This session was signed out. Please sign in again.")
        # A short idle timeout is written more often, so activity always keeps a session open.
        write_every = min(SEEN_WRITE_EVERY, settings.STAFF_SESSION_IDLE_TIMEOUT / 4)
        if activity and (seen is None or now - seen > write_every):
            session[SEEN_AT_KEY] = now
        return None


async def anonymous_user():
    return AnonymousUser()


def redirect_to(url: str, request):
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
