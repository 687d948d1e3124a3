"""A family member on a phone, through nginx: languages, an article and its citations,
the trial register and its CSV, search across Chinese scripts, the newsletter, the
contact form."""

import csv
import io
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.site import PHONE, contact_request, mail, path_in, staff_notification, text_of

pytestmark = pytest.mark.xdist_group("e2e")

ARTICLE = "/articles/treasure-trial/"  # the demo's reviewed article


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def test_a_visitor_on_a_phone(stack, phone, shots):
    base = stack.proxy_url
    page = phone

    # The browser asks for Chinese: / sends it to Simplified.
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/zh-hans/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    fits_the_phone(page)
    shots(page, "home in Simplified Chinese")

    page.locator(".language-switcher a[hreflang='zh-Hant']").click()
    expect(page).to_have_url(f"{base}/zh-hant/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    expect(page.locator("h1")).to_contain_text("幹細胞")
    shots(page, "home in Traditional Chinese")

    # An article, reached through the menu.
    page.locator(".main-menu a[href='/zh-hant/articles/']").click()
    page.locator(f"a[href='/zh-hant{ARTICLE}']").first.click()
    expect(page).to_have_url(f"{base}/zh-hant{ARTICLE}")
    expect(page.locator("h1")).to_have_text("靜脈輸注幹細胞治療急性中風：TREASURE 研究")
    fits_the_phone(page)
    shots(page, "article in Traditional Chinese")

    # A citation leads to its reference, and the reference's back-link to the citation.
    page.locator("sup.citation a[href='#ref-2']").first.click()
    expect(page).to_have_url(re.compile(r"#ref-2$"))
    reference = page.locator("#ref-2")
    expect(reference).to_be_in_viewport()
    expect(reference).to_contain_text("Perinatal Arterial Stroke")
    shots(page, "reference 2")
    reference.locator("a.reference-list__backlink[href='#cite-2-1']").click()
    expect(page).to_have_url(re.compile(r"#cite-2-1$"))
    expect(page.locator("#cite-2-1")).to_be_in_viewport()
    shots(page, "back at the citation")

    # The same article in English, then back to Simplified Chinese.
    page.locator(".language-switcher a[hreflang='en']").click()
    expect(page).to_have_url(f"{base}/en{ARTICLE}")
    expect(page.locator("h1")).to_have_text("Intravenous cells for acute stroke: TREASURE")
    shots(page, "article in English")
    page.locator(".language-switcher a[hreflang='zh-Hans']").click()
    expect(page).to_have_url(f"{base}/zh-hans{ARTICLE}")
    expect(page.locator("h1")).to_have_text("静脉输注干细胞治疗急性中风：TREASURE 研究")

    # The trial register: filters folded on a phone, then only the trials in Japan.
    page.locator(".main-menu a[href='/zh-hans/trials/']").click()
    expect(page).to_have_url(f"{base}/zh-hans/trials/")
    expect(page.locator(".trial-list__item")).to_have_count(3)
    filters = page.locator("details.trial-facets")
    expect(filters).not_to_have_attribute("open", "")
    filters.locator("summary").click()
    page.check("input[name=country][value=JP]")
    shots(page, "register filters")
    filters.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]country=JP"))
    expect(page.locator(".trial-list__item")).to_have_count(1)
    expect(page.locator(".trial-list__item")).to_contain_text("TREASURE")
    fits_the_phone(page)
    shots(page, "register filtered")

    with page.expect_download() as download_info:
        page.locator(".trials-toolbar__export a[href*='format=csv']").click()
    download = download_info.value
    assert download.suggested_filename == "trials-zh-hans.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert [(row["注册号"], row["缩写"], row["国家/地区"], row["国家/地区代码"]) for row in rows] == [
        ("NCT02961504", "TREASURE", "日本", "JP")
    ]

    # Search in Traditional characters finds the article written in Simplified.
    page.fill("#site-search-q", "靜脈輸注幹細胞")
    page.locator("#site-search-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/search/\?q="))
    found = page.locator(f".search-result__title a[href='/zh-hans{ARTICLE}']")
    expect(found).to_have_text("静脉输注干细胞治疗急性中风：TREASURE 研究")
    fits_the_phone(page)
    shots(page, "search results")

    # The newsletter: subscribe, then confirm from the email (a button: a GET confirms nothing).
    address = f"reader-{secrets.token_hex(4)}@example.org"
    page.goto(f"{base}/zh-hans/newsletter/")
    page.fill("#page-email", address)
    page.select_option("#page-language", "zh-hans")
    page.check("#page-consent")
    shots(page, "newsletter form")
    page.locator("#page-consent").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/zh-hans/newsletter/subscribe/done/")
    shots(page, "newsletter subscribed")
    confirmation = mail(stack, to=address, containing="/newsletter/confirm/")
    page.goto(base + path_in(text_of(confirmation), r"/zh-hans/newsletter/confirm/[^/]+/"))
    shots(page, "newsletter confirm page")
    page.locator("form[action*='/newsletter/confirm/'] button[type=submit]").click()
    # Only a confirmed subscriber is offered their preferences.
    expect(page.locator("a[href*='/newsletter/preferences/']")).to_be_visible()
    shots(page, "newsletter confirmed")

    # The contact form, and its thank-you page with the official account's QR code.
    wechat_id = f"li_{secrets.token_hex(4)}"
    reference = contact_request(
        page, base, name="李女士", wechat_id=wechat_id, message="我母亲去年脑梗，想了解干细胞试验。"
    )
    qr = page.locator("img.wechat__qr")
    qr.scroll_into_view_if_needed()
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code did not load"
    fits_the_phone(page)
    shots(page, "contact thank-you with QR code")
    # Staff hear of it by email, sent by the worker from the outbox.
    notification = staff_notification(stack, reference)
    assert wechat_id not in text_of(notification)  # no personal details in an email
