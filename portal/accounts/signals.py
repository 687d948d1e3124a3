import time

from django.contrib.auth.signals import user_logged_in
from django_otp import user_has_device

from portal.accounts import policy, services, throttle

LOGIN_AT_KEY = "accounts_login_at"
SEEN_AT_KEY = "accounts_seen_at"


def on_logged_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[LOGIN_AT_KEY] = now
    request.session[SEEN_AT_KEY] = now
    services.sign_in_log(user=user, action=services.SIGN_IN_ACTION)
    if not user_has_device(user, confirmed=True) and not policy.second_factor_required(user):
        throttle.reset(request, user.get_username())  # signed in completely


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="accounts_logged_in")
