"""The trial finder on a phone in a real browser (Debian's Chromium, see tests/browser.py),
with JavaScript on and off, in every language, served by a live server; and the
hand-off to the contact form with the chosen trials attached."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from portal.inquiries.models import Inquiry
from tests.browser import PHONE, page_width
from tests.inquiries.factories import ContactPageFactory

from .test_finder_views import adult_trial

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLES = {"zh-hans": "广东的干细胞试验", "zh-hant": "廣東的幹細胞試驗", "en": "Stem cells in Guangdong"}
# The results page says how many trials may fit, in each language.
FIRST_QUESTION = {
    "zh-hans": "是哪一种中风？",
    "zh-hant": "是哪一種中風？",
    "en": "What kind of stroke was it?",
}
MAY_FIT = {"zh-hans": "1 项试验可能适合", "zh-hant": "1 項試驗可能適合", "en": "1 trial may fit"}


@pytest.fixture
def site(home, trial_index, settings):
    settings.INQUIRIES_MIN_FILL_SECONDS = 0
    ContactPageFactory(parent=home)
    trial = adult_trial(
        trial_index,
        1,
        title_zh_hans=TITLES["zh-hans"],
        title=TITLES["zh-hans"],
        title_zh_hant=TITLES["zh-hant"],
        title_en=TITLES["en"],
    )
    adult_trial(
        trial_index,
        2,
        countries=("JP",),
        title_en="Only in Japan",
        title_zh_hans="只在日本",
        title="只在日本",
    )
    return trial


@pytest.fixture
def browser_page(live_server, site, monkeypatch, phone_browser, request):
    # Playwright runs an event loop in this thread; the assertions below read the database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    javascript = getattr(request, "param", True)
    context = phone_browser.context.browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    yield context.new_page(), javascript
    context.close()
    # Queries made while Playwright's loop runs use a connection of their own.
    connections.close_all()


def answer_everything(page, javascript: bool) -> None:
    """Answer as a family in Guangdong would; without JavaScript every step is a new page."""

    def next_step(expected_step: str | None):
        page.click("[data-finder-next]")
        if expected_step:
            expect(page.locator(f'fieldset[data-step="{expected_step}"]')).to_be_visible()
        # With JavaScript the questions follow on the same page; without, each is a page.
        assert page.url.endswith("/finder/") is javascript
        assert page_width(page) <= PHONE["width"]

    page.check("input[name=type][value=ischemic]")
    next_step("since")
    page.check("input[name=since][value=days]")
    next_step("age")
    page.fill("input[name=age]", "67")
    next_step("sex")
    page.check("input[name=sex][value=male]")
    next_step("country")
    page.select_option("select[name=country]", "CN")
    next_step("province")
    progress = page.locator('fieldset[data-step="province"] .finder-question__progress').inner_text()
    assert "6" in progress and "8" in progress, progress  # the province question counts once asked
    page.select_option("select[name=province]", "CN-GD")
    next_step("travel")
    page.check("input[name=travel][value=no]")
    next_step("consent")
    page.check("input[name=consent][value=no]")
    page.click("[data-finder-next]")
    page.wait_for_url("**/finder/?*consent=no*")


@pytest.mark.parametrize("browser_page", [True, False], ids=["js", "no-js"], indirect=True)
@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_a_family_finds_a_trial_on_a_phone(live_server, browser_page, language):
    page, javascript = browser_page
    page.goto(f"{live_server.url}/{language}/trials/finder/")
    assert page_width(page) <= PHONE["width"]
    assert page.locator(".emergency").bounding_box()["y"] < PHONE["height"]
    expect(page.locator('fieldset[data-step="type"] legend')).to_contain_text(FIRST_QUESTION[language])
    answer_everything(page, javascript)

    assert "province=CN-GD" in page.url  # a link the family can share
    results = page.locator(".finder-results")
    expect(results.locator(".finder-result--fits")).to_have_count(1)
    assert TITLES[language] in results.locator(".finder-result--fits").inner_text()
    assert MAY_FIT[language] in page.locator("#finder-results-heading").inner_text()
    expect(page.locator(".finder-caveat")).to_be_visible()  # not an eligibility decision
    folded = page.locator("details.finder-not-fitting")
    assert folded.evaluate("el => el.open") is False
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize("browser_page", [True, False], ids=["js", "no-js"], indirect=True)
def test_the_age_can_be_not_sure(live_server, browser_page):
    page, _javascript = browser_page
    page.goto(f"{live_server.url}/en/trials/finder/?type=ischemic&since=days")
    page.click("button[name=age][value=unsure]")
    expect(page.locator('fieldset[data-step="sex"]')).to_be_visible()


@pytest.mark.parametrize("browser_page", [True, False], ids=["js", "no-js"], indirect=True)
def test_asking_about_a_trial_attaches_it_to_the_contact_form(live_server, browser_page, site):
    page, javascript = browser_page
    page.goto(f"{live_server.url}/en/trials/finder/")
    answer_everything(page, javascript)

    page.check(f".finder-result--fits input[name=trial][value='{site.pk}']")
    page.click(".finder-results__ask button")
    page.wait_for_url("**/en/contact/?*")
    attached = page.locator(f"input[name=trial][value='{site.pk}']")
    expect(attached).to_be_checked()
    assert TITLES["en"] in page.locator(".contact-form__attachment").first.inner_text()
    assert page_width(page) <= PHONE["width"]

    page.fill("#id_name", "Li Hua")
    page.fill("#id_wechat_id", "li_hua_88")
    page.click(".contact-form button[type=submit]")
    # Consent is still asked: nothing is sent without it.
    expect(page.locator("#id_consent_personal_error")).to_be_visible()
    assert not Inquiry.objects.exists()
    page.check("#id_consent_personal")
    page.check("#id_consent_health")
    page.click(".contact-form button[type=submit]")
    page.wait_for_url("**/contact/thanks/**")
    inquiry = Inquiry.objects.get()
    assert inquiry.source_page_id == site.pk
    assert TITLES["en"] in inquiry.message
    assert "Province: Guangdong" in inquiry.message


def test_back_returns_to_the_question_before_without_a_new_page(live_server, browser_page):
    page, _javascript = browser_page
    page.goto(f"{live_server.url}/en/trials/finder/")
    back = page.locator(".finder-form__back")
    expect(back).to_be_hidden()  # the first question: nothing to go back to
    page.check("input[name=type][value=hemorrhagic]")
    page.click("[data-finder-next]")
    expect(page.locator('fieldset[data-step="since"]')).to_be_visible()
    expect(page.locator('fieldset[data-step="since"] .finder-question__progress')).to_have_text(
        "Question 2 of 7"
    )
    back.click()
    expect(page.locator('fieldset[data-step="type"]')).to_be_visible()
    expect(page.locator('fieldset[data-step="since"]')).to_be_hidden()
    expect(page.locator("input[name=type][value=hemorrhagic]")).to_be_checked()
    expect(back).to_be_hidden()
    assert page.url.endswith("/finder/")  # still the same page, answers kept in the form
