"""Who must use a second factor, and where a signed-in user stands."""

from django.conf import settings
from django_otp import user_has_device

VERIFY = "verify"  # has a second factor: must enter a code in this session
ENROL = "enrol"  # must set one up before using the admin


def second_factor_required(user) -> bool:
    """Superusers and members of TWO_FACTOR_REQUIRED_GROUPS, where TWO_FACTOR_REQUIRED
    is on (production). Everyone else may set one up."""
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_GROUPS).exists()


def pending_step(user) -> str | None:
    """VERIFY, ENROL or None (nothing more to do) for a signed-in user. A user who set
    up a second factor uses it, required or not."""
    if user.is_verified():
        return None
    if user_has_device(user, confirmed=True):
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return None
