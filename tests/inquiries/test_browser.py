"""The contact form on a phone in a real browser (Debian's Chromium, see tests/browser.py),
served by a live server so the form really posts."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from portal.inquiries.models import Inquiry
from tests.browser import PHONE, page_width

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def phone(live_server, contact_page, settings, monkeypatch, phone_browser):
    settings.INQUIRIES_MIN_FILL_SECONDS = 0
    # Playwright runs an event loop in this thread; the assertions below read the database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    phone_browser.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    yield phone_browser
    # Queries made while Playwright's loop runs use a connection of their own: close it,
    # or the test database cannot be dropped.
    connections.close_all()


def test_a_family_fills_the_form_in_chinese_on_a_phone(phone, live_server):
    phone.goto(f"{live_server.url}/zh-hans/contact/")
    assert page_width(phone) <= PHONE["width"]
    emergency = phone.locator(".emergency")
    assert "120" in emergency.inner_text()
    assert emergency.bounding_box()["y"] < PHONE["height"]  # the first thing on the screen

    phone.fill("#id_name", "")
    phone.fill("#id_wechat_id", "1微信")
    phone.fill("#id_message", "我母亲去年脑梗，想了解干细胞试验。")
    phone.click(".contact-form button[type=submit]")

    assert phone.locator("#id_name_error").inner_text() == "请告诉我们您的称呼。"
    wechat_error = phone.locator("#id_wechat_id_error")
    assert "微信号为 6 至 20 个字符" in wechat_error.inner_text()
    # The error sits right under its own field, and what was typed is still there.
    field_box = phone.locator("#id_wechat_id").bounding_box()
    error_box = wechat_error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) < 40
    assert phone.input_value("#id_message") == "我母亲去年脑梗，想了解干细胞试验。"
    assert page_width(phone) <= PHONE["width"]

    phone.fill("#id_name", "李女士")
    phone.fill("#id_wechat_id", "li_nvshi_88")
    phone.check("#id_consent_personal")
    phone.check("#id_consent_health")
    phone.click(".contact-form button[type=submit]")

    phone.wait_for_url("**/contact/thanks/**")
    inquiry = Inquiry.objects.get()
    assert inquiry.name == "李女士" and inquiry.language == "zh-hans"
    assert inquiry.reference in phone.locator(".contact__reference-number").inner_text()
    qr = phone.locator("img.wechat__qr")
    qr.scroll_into_view_if_needed()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert qr.evaluate("img => img.getBoundingClientRect().right") <= PHONE["width"]
    assert page_width(phone) <= PHONE["width"]

    phone.click("[data-copy]")
    expect(phone.locator("[data-copy]")).to_have_text("已复制")  # once the clipboard promise settles
    assert phone.evaluate("navigator.clipboard.readText()") == "stemcell-demo"
