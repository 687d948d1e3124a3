"""Writes of staff accounts: setting up and resetting the second factor, recovery
codes, signing sessions out, and the audit log of sign-ins.

Every entry goes to Wagtail's audit log against the user concerned."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.functional import LazyObject
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from portal.accounts.models import AccountSecurity

logger = logging.getLogger(__name__)

SIGN_IN_ACTION = "accounts.sign_in"
SIGN_IN_FAILED_ACTION = "accounts.sign_in_failed"
CODE_FAILED_ACTION = "accounts.code_failed"
LOCKED_OUT_ACTION = "accounts.locked_out"
VERIFIED_ACTION = "accounts.verified"
RECOVERY_CODE_USED_ACTION = "accounts.recovery_code_used"
ENROL_ACTION = "accounts.second_factor_set_up"
RECOVERY_CODES_ACTION = "accounts.recovery_codes_renewed"
RESET_ACTION = "accounts.second_factor_reset"
SIGN_OUT_EVERYWHERE_ACTION = "accounts.signed_out_everywhere"

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"
RECOVERY_CODE_COUNT = 10


def user_for_username(username: str):
    User = get_user_model()
    return User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username.strip()}).first()


def real_user(user):
    """The user model instance behind request.user. django-otp's middleware wraps
    Django's lazy user in a second lazy object, which Wagtail's log() unwraps only
    once (wagtail 7.4 log_actions.get_log_model_for_instance): it would log nothing."""
    while isinstance(user, LazyObject):
        user.pk  # noqa: B018 (evaluates the lazy object)
        user = user._wrapped
    return user


def sign_in_log(*, user, action: str, data: dict | None = None) -> None:
    user = real_user(user)
    log(instance=user, action=action, user=user, data=data or {})
    logger.info("sign-in event", extra={"action": action, "user_id": user.pk})


def authenticator_pending(*, user) -> TOTPDevice:
    """The not yet confirmed authenticator being set up (the same secret until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def recovery_codes_renew(*, user, by=None) -> list[str]:
    """Replace the user's recovery codes with new ones, shown once."""
    user, by = real_user(user), real_user(by)
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        log(instance=user, action=RECOVERY_CODES_ACTION, user=by or user)
    return codes


def authenticator_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm a pending authenticator with a code from it: it becomes the user's
    second factor (replacing any other) with fresh recovery codes, which are returned.
    None when the code is wrong."""
    if not device.verify_token(code.strip()):
        return None
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        log(instance=user, action=ENROL_ACTION, user=user)
        codes = recovery_codes_renew(user=user)
    return codes


def code_verify(*, user, code: str):
    """The device of `user` that accepts `code` (authenticator first, then a recovery
    code, which is used up), or None."""
    code = "".join(code.split())
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            if device.verify_token(code.lower() if model is StaticDevice else code):
                return device
    return None


def sessions_revoke(*, user, by=None) -> None:
    """End every session of `user`: each is refused at its next request (see middleware)."""
    user, by = real_user(user), real_user(by)
    with transaction.atomic():
        AccountSecurity.objects.update_or_create(user=user, defaults={"sessions_revoked_at": timezone.now()})
        log(instance=user, action=SIGN_OUT_EVERYWHERE_ACTION, user=by or user)


def second_factor_reset(*, user, by) -> int:
    """A superuser's (or an operator's, `by=None`) reset of a lost second factor: the
    user's authenticator and recovery codes are deleted and their sessions ended; at
    the next sign-in they set up a new one. Returns the number of devices removed."""
    user, by = real_user(user), real_user(by)
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
        removed += StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
        AccountSecurity.objects.update_or_create(user=user, defaults={"sessions_revoked_at": timezone.now()})
        log(instance=user, action=RESET_ACTION, user=by, data={"devices": removed})
    logger.info("second factor reset", extra={"user_id": user.pk, "by": by.pk if by else None})
    return removed
