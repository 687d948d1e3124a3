"""The WeChat Work (企业微信) group robot and the DingTalk (钉钉) robot: one text
message per new request, holding only its reference number, language, source and
the admin link, never a name, contact or health detail.

Both services answer HTTP 200 even when they refuse a message, with an `errcode` in
the JSON body: anything but `errcode: 0` is a failure the task retries.
"""

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.core import http
from portal.inquiries.models import Inquiry


class WebhookError(Exception):
    """The robot did not take the message; the task retries with back-off."""


def message_text(inquiry: Inquiry, *, admin_url: str) -> str:
    """The robot's message, in the site's default language as the staff email."""
    with translation.override(settings.LANGUAGE_CODE):
        source = inquiry.get_source_display() if inquiry.source else _("contact page")
        lines = [
            _("New contact request %(reference)s") % {"reference": inquiry.reference},
            _("Language: %(language)s") % {"language": inquiry.get_language_display()},
            _("Asked from: %(source)s") % {"source": source},
            _("Open it in the admin (you need to sign in as inquiry staff):"),
            admin_url,
        ]
    return "\n".join(lines)


def dingtalk_signed_url(url: str, secret: str, *, timestamp_ms: int | None = None) -> str:
    """DingTalk's "加签": `timestamp` (ms) and `sign`, the base64 of
    HMAC-SHA256(secret, "{timestamp}\\n{secret}"), URL-encoded, added to the query."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote(base64.b64encode(digest).decode(), safe="")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def _post(url: str, payload: dict, service: str) -> None:
    try:
        answer = http.request("POST", url, json=payload, max_bytes=64 * 1024)
    except http.OutboundError as exc:
        raise WebhookError(f"{service}: {exc}") from exc
    if answer.status_code != 200:
        raise WebhookError(f"{service}: HTTP {answer.status_code}")
    try:
        body = answer.json()
    except ValueError as exc:
        raise WebhookError(f"{service}: the answer is not JSON") from exc
    errcode = body.get("errcode") if isinstance(body, dict) else None
    if errcode != 0:
        errmsg = body.get("errmsg", "") if isinstance(body, dict) else ""
        raise WebhookError(f"{service}: errcode {errcode} {errmsg}".strip())


def wecom_send(inquiry: Inquiry, *, admin_url: str) -> None:
    _post(
        settings.WECOM_WEBHOOK_URL,
        {"msgtype": "text", "text": {"content": message_text(inquiry, admin_url=admin_url)}},
        "WeChat Work",
    )


def dingtalk_send(inquiry: Inquiry, *, admin_url: str) -> None:
    url = settings.DINGTALK_WEBHOOK_URL
    if settings.DINGTALK_SECRET:
        url = dingtalk_signed_url(url, settings.DINGTALK_SECRET)
    _post(
        url,
        {"msgtype": "text", "text": {"content": message_text(inquiry, admin_url=admin_url)}},
        "DingTalk",
    )
