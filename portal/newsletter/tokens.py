"""Signed links for one subscriber. A token is the subscriber's id signed with the
site's SECRET_KEY and a salt per purpose: an altered or forged token fails the
signature and changes nothing."""

from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"  # unsubscribe and preferences
CONFIRM_MAX_AGE = 7 * 24 * 60 * 60  # seconds; unsubscribe links never expire


def confirm_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=CONFIRM_SALT, compress=False)


def manage_token(subscriber_id: int) -> str:
    return signing.Signer(salt=MANAGE_SALT).sign(str(subscriber_id))


def read_confirm_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def read_manage_token(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=MANAGE_SALT).unsign(token))
    except (signing.BadSignature, TypeError, ValueError):
        return None
