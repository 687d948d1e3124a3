"""What several scenarios use: the accounts, signing in to the admin, the contact form,
the mailbox, the proxy, waiting for the worker."""

import base64
import datetime
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

import httpx
import pyotp
import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NOTIFY_EMAIL = "inbox@example.org"  # INQUIRIES_NOTIFY_EMAILS of the stack


@dataclass
class Account:
    username: str
    password: str
    first_name: str = ""
    last_name: str = ""
    totp_key: str = ""  # hex, as django-otp stores it
    last_step: int = -1

    def next_code(self) -> str:
        """The authenticator app's code, never one the server has seen: a code is
        accepted once, so a second sign-in within 30 seconds types the next step's
        (django-otp allows one step of clock drift)."""
        app = pyotp.TOTP(base64.b32encode(bytes.fromhex(self.totp_key)).decode())
        step = max(app.timecode(datetime.datetime.now()), self.last_step + 1)
        self.last_step = step
        return app.generate_otp(step)


def eventually(check: Callable[[], object], *, what: str, timeout: float = 30) -> object:
    """Poll `check` until it returns something true (the worker runs on its own time)."""
    deadline = time.monotonic() + timeout
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


def proxy_client(stack) -> httpx.Client:
    """An anonymous visitor's HTTP client through nginx (its certificate is self-signed)."""
    return httpx.Client(base_url=stack.proxy_url, verify=False, timeout=30)  # noqa: S501


def sign_in(page, base: str, account: Account, *, next_path: str = "/admin/") -> None:
    """The admin's sign-in, then the second factor's code if the account has one."""
    if not page.url.startswith(f"{base}/admin/login/"):
        page.goto(f"{base}/admin/login/?next={next_path}")
    page.fill("#id_username", account.username)
    page.fill("#id_password", account.password)
    page.locator("#id_password").press("Enter")
    if account.totp_key:
        page.wait_for_url("**/admin/two-step/verify/**")
        page.fill("input[name=code]", account.next_code())
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{base}{next_path}")


def contact_request(page, base: str, *, name: str, wechat_id: str, message: str) -> str:
    """Send the contact form from the home page's call to action; the reference number
    the thank-you page shows."""
    page.goto(f"{base}/zh-hans/")
    page.locator("main a[href='/zh-hans/contact/']").first.click()
    page.wait_for_url(f"{base}/zh-hans/contact/")
    page.fill("#id_name", name)
    page.check("#id_preferred_channel_0")  # WeChat
    page.fill("#id_wechat_id", wechat_id)
    page.fill("#id_message", message)
    page.check("#id_consent_personal")
    page.check("#id_consent_health")
    page.locator(".contact-form button[type=submit]").click()
    page.wait_for_url("**/contact/thanks/**")
    number = page.locator(".contact__reference-number")
    expect(number).to_be_visible()
    reference = number.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z-]{6,16}", reference), reference
    return reference


def text_of(message: Message) -> str:
    return message.get_body(preferencelist=("plain", "html")).get_content()


def mail(stack, *, to: str, containing: str, timeout: float = 30) -> Message:
    """The email to `to` whose text contains `containing`, once a worker has sent it."""

    def find():
        for message in list(stack.mailbox.messages):
            if to in str(message["To"]) and containing in text_of(message):
                return message
        return None

    return eventually(find, what=f"an email to {to} containing {containing!r}", timeout=timeout)


def path_in(text: str, pattern: str) -> str:
    """The path of the first link in `text` whose path matches `pattern`: emails name the
    site's public URL, the tests reach it through the stack's proxy port."""
    for url in re.findall(r"https?://[^\s\"'<>]+", text):
        path = urlsplit(url).path
        if re.fullmatch(pattern, path):
            return path
    pytest.fail(f"no link matching {pattern} in:\n{text}")


def staff_notification(stack, reference: str) -> Message:
    return mail(stack, to=NOTIFY_EMAIL, containing=reference)
