"""The visitor's side: the contact form, its validation in three languages, anti-abuse,
the thank-you page. Run on PostgreSQL and Redis in CI (DATABASE_URL, REDIS_URL)."""

import uuid

import pytest
from django.test import Client
from django.utils import translation

from portal.inquiries.models import Inquiry, Notification

from .conftest import CONTACT_URL, form_key, valid_data

pytestmark = pytest.mark.django_db

# The visitor's language, word for word: proof each message is translated, not just present.
MESSAGES = {
    "name_required": {
        "zh-hans": "请告诉我们您的称呼。",
        "zh-hant": "請告訴我們您的稱呼。",
        "en": "Please tell us your name.",
    },
    "phone_invalid": {
        "zh-hans": "请输入有效的电话号码，例如 138 0013 8000；中国大陆以外的号码请以 + 和国家或地区代码开头，例如 +852 9123 4567。",
        "zh-hant": "請輸入有效的電話號碼，例如 138 0013 8000；中國大陸以外的號碼請以 + 和國家或地區代碼開頭，例如 +852 9123 4567。",
        "en": "Please enter a phone number such as 138 0013 8000, or +852 9123 4567 from outside mainland China.",
    },
    "wechat_invalid": {
        "zh-hans": "微信号为 6 至 20 个字符，以字母开头，其后可用字母、数字、下划线（_）或减号（-）。",
        "zh-hant": "微信號為 6 至 20 個字元，以字母開頭，其後可用字母、數字、底線（_）或減號（-）。",
        "en": "A WeChat ID has 6 to 20 characters, starts with a letter and then uses letters, digits, _ or -.",
    },
    "no_contact": {
        "zh-hans": "请至少留下一种联系方式：微信号、电话号码或电子邮箱。",
        "zh-hant": "請至少留下一種聯絡方式：微信號、電話號碼或電子郵箱。",
        "en": "Please give at least one way to reach you: a WeChat ID, a phone number or an email address.",
    },
    "wechat_missing": {
        "zh-hans": "您选择了微信联系：请填写您的微信号。",
        "zh-hant": "您選擇了微信聯絡：請填寫您的微信號。",
        "en": "You chose WeChat: please enter your WeChat ID.",
    },
    "phone_missing": {
        "zh-hans": "您选择了电话联系：请填写您的电话号码。",
        "zh-hant": "您選擇了電話聯絡：請填寫您的電話號碼。",
        "en": "You chose phone: please enter your phone number.",
    },
    "email_missing": {
        "zh-hans": "您选择了电子邮件联系：请填写您的电子邮箱。",
        "zh-hant": "您選擇了電子郵件聯絡：請填寫您的電子郵箱。",
        "en": "You chose email: please enter your email address.",
    },
    "email_invalid": {
        "zh-hans": "请输入有效的电子邮箱，例如 name@example.com。",
        "zh-hant": "請輸入有效的電子郵箱，例如 name@example.com。",
        "en": "Please enter an email address such as name@example.com.",
    },
    "consent_personal": {
        "zh-hans": "我们需要您同意使用您的联系信息，才能回复您。",
        "zh-hant": "我們需要您同意使用您的聯絡資訊，才能回覆您。",
        "en": "We can only answer you with your consent to use your contact details.",
    },
    "consent_health": {
        "zh-hans": "我们需要您另行同意使用健康信息，才能回复您。",
        "zh-hant": "我們需要您另行同意使用健康資訊，才能回覆您。",
        "en": "We can only answer you with your separate consent to use health information.",
    },
    **{
        f"too_long_{limit}": {
            "zh-hans": f"请控制在 {limit} 个字符以内（现在是 {typed} 个）。",
            "zh-hant": f"請控制在 {limit} 個字元以內（現在是 {typed} 個）。",
            "en": f"Please keep this to {limit} characters or fewer (you have {typed}).",
        }
        for limit, typed in ((30, 31), (100, 101), (254, 262), (2000, 2001))
    },
    "too_fast": {
        "zh-hans": "您填写得非常快。请检查您的信息，然后再次提交。",
        "zh-hant": "您填寫得非常快。請檢查您的資訊，然後再次提交。",
        "en": "That was very quick. Please check your details and send the form again.",
    },
}
EMERGENCY = {
    "zh-hans": ["中风症状", "120", "119", "999"],
    "zh-hant": ["中風症狀", "120", "119", "999"],
    "en": ["Stroke symptoms happening now are an emergency", "120", "119", "999"],
}
LANGUAGES = ("zh-hans", "zh-hant", "en")

# (case, field whose error it is, overrides of the valid form)
INVALID = [
    ("name_required", "name", {"name": ""}),
    ("phone_invalid", "phone", {"phone": "12345"}),
    ("wechat_invalid", "wechat_id", {"wechat_id": "1abcdef"}),
    ("wechat_invalid", "wechat_id", {"wechat_id": "abc"}),
    ("wechat_invalid", "wechat_id", {"wechat_id": "a" * 21}),
    ("wechat_invalid", "wechat_id", {"wechat_id": "wang xiao"}),
    ("no_contact", "preferred_channel", {"phone": "", "wechat_id": "", "email": ""}),
    ("wechat_missing", "wechat_id", {"wechat_id": "", "preferred_channel": "wechat"}),
    ("phone_missing", "phone", {"phone": "", "preferred_channel": "phone"}),
    ("email_missing", "email", {"email": "", "preferred_channel": "email"}),
    ("email_invalid", "email", {"email": "not-an-address", "preferred_channel": "email"}),
    ("consent_personal", "consent_personal", {"consent_personal": None}),
    ("consent_health", "consent_health", {"consent_health": None}),
    ("too_long_100", "name", {"name": "王" * 101}),
    ("too_long_30", "phone", {"phone": "1" * 31}),
    ("too_long_254", "email", {"email": "a" * 250 + "@example.org"}),
    ("too_long_2000", "message", {"message": "字" * 2001}),
]


def post(client, lang="zh-hans", **overrides):
    return client.post(CONTACT_URL.format(lang=lang), valid_data(**overrides))


def field_error(html: str, field: str) -> str:
    """The error text rendered next to `field`."""
    marker = f'id="id_{field}_error"'
    assert marker in html, f"no error next to {field}"
    start = html.index(marker)
    return html[start : html.index("</p>", start)]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("case", "field", "overrides"), INVALID)
def test_each_rule_answers_next_to_its_field_in_the_visitors_language(
    client, contact_page, lang, case, field, overrides
):
    response = post(client, lang, **overrides)

    assert response.status_code == 200
    html = response.content.decode()
    assert MESSAGES[case][lang] in field_error(html, field)
    assert Inquiry.objects.count() == 0
    # What was typed is kept.
    if field != "name":
        assert 'value="王小明"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_submitting_too_quickly_stores_nothing_and_says_why(client, contact_page, lang):
    response = post(client, lang, form_key=form_key(age=1))

    assert MESSAGES["too_fast"][lang] in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_fill_time_is_a_setting(client, contact_page, settings):
    settings.INQUIRIES_MIN_FILL_SECONDS = 0
    post(client, form_key=form_key(age=0))
    assert Inquiry.objects.count() == 1


def test_a_filled_honeypot_stores_nothing(client, contact_page):
    response = post(client, website="http://spam.example")

    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_forged_form_key_stores_nothing(client, contact_page):
    response = post(client, form_key="forged:key")

    assert Inquiry.objects.count() == 0
    # A fresh key comes back so the person can send again.
    assert 'name="form_key"' in response.content.decode()


def test_without_csrf_token_the_form_is_refused_and_nothing_stored(contact_page):
    client = Client(enforce_csrf_checks=True)
    client.get(CONTACT_URL.format(lang="zh-hans"))  # a cookie, but no token in the form

    response = post(client)

    assert response.status_code == 403
    assert Inquiry.objects.count() == 0
    page = response.content.decode()
    assert (
        "表单未能发送" in page and "没有保存任何内容" in page
    )  # the visitor's language, not Django's English
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_with_the_csrf_token_the_same_client_can_send(contact_page):
    client = Client(enforce_csrf_checks=True)
    client.get(CONTACT_URL.format(lang="zh-hans"))
    token = client.cookies["csrftoken"].value

    response = post(client, csrfmiddlewaretoken=token)

    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


def test_past_the_rate_limit_the_answer_is_429_and_nothing_is_stored(client, contact_page, settings):
    settings.INQUIRIES_RATE_LIMIT = 5
    for n in range(5):
        assert post(client, wechat_id=f"wang_{n:04d}").status_code == 302

    response = post(client, wechat_id="wang_9999")

    assert response.status_code == 429
    assert "请稍等几分钟" in response.content.decode()
    assert Inquiry.objects.count() == 5


def test_the_rate_limit_counts_per_address(client, contact_page, settings):
    settings.INQUIRIES_RATE_LIMIT = 1
    assert post(client).status_code == 302
    assert post(client, form_key=form_key()).status_code == 429

    other = client.post(CONTACT_URL.format(lang="zh-hans"), valid_data(), REMOTE_ADDR="10.1.2.3")

    assert other.status_code == 302


def test_a_double_submit_stores_one_request(client, contact_page):
    key = form_key(token=uuid.uuid4())

    first = post(client, form_key=key)
    second = post(client, form_key=key)

    assert first.status_code == second.status_code == 302
    # Both lead to the thank-you page of the one request (the signed links carry their own time).
    reference = Inquiry.objects.get().reference
    assert reference in client.get(first["Location"]).content.decode()
    assert reference in client.get(second["Location"]).content.decode()
    assert Inquiry.objects.count() == 1
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "+8613800138000"),
        ("138 0013 8000", "+8613800138000"),
        ("138-0013-8000", "+8613800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+852 9123 4567", "+85291234567"),
        ("+886 912 345 678", "+886912345678"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_are_stored_in_e164(client, contact_page, typed, stored):
    post(client, phone=typed, preferred_channel="phone")
    assert Inquiry.objects.get().phone == stored


def test_a_valid_request_is_stored_with_what_was_sent(client, contact_page):
    response = post(client, "zh-hant", email="wang@example.org")

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert inquiry.name == "王小明"
    assert inquiry.wechat_id == "wang_xiaoming"
    assert inquiry.preferred_channel == "wechat"
    assert inquiry.email == "wang@example.org"
    assert inquiry.condition == "ischemic"
    assert inquiry.time_since_onset == "1_to_6_months"
    assert inquiry.language == "zh-hant"
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.consent_version
    assert inquiry.consent_personal_at and inquiry.consent_health_at
    assert inquiry.consent_personal is True and inquiry.consent_health is True
    assert str(inquiry) == inquiry.reference
    assert "王" not in str(inquiry)
    assert Notification.objects.filter(inquiry=inquiry).exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_says_stroke_is_an_emergency_before_anything_else(client, contact_page, lang):
    html = client.get(CONTACT_URL.format(lang=lang)).content.decode()

    emergency = html.index('class="emergency"')
    form = html.index('<form method="post"')
    assert emergency < form
    for text in EMERGENCY[lang]:
        assert text in html[emergency:form]


def test_consent_wording_gives_purpose_retention_and_the_privacy_policy(client, contact_page, settings):
    from portal.core.models import SiteSettings
    from tests.core.factories import StandardPageFactory

    privacy = StandardPageFactory(parent=contact_page.get_parent(), title="隐私政策", slug_zh_hans="privacy")
    site_settings = SiteSettings.objects.get()
    site_settings.privacy_policy_page = privacy
    site_settings.save()
    settings.INQUIRIES_RETENTION_DAYS = 180

    html = client.get(CONTACT_URL.format(lang="en")).content.decode()

    start = html.index('id="consent-heading"')
    consent = html[start : html.index('type="submit"', start)]
    assert "only to answer this request" in consent
    assert "180 days" in consent
    assert 'href="/en/privacy/"' in consent
    assert 'name="consent_personal"' in consent and 'name="consent_health"' in consent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_thank_you_page_shows_reference_qr_and_wechat_id(client, contact_page, lang):
    response = post(client, lang)
    thanks = client.get(response["Location"])

    html = thanks.content.decode()
    inquiry = Inquiry.objects.get()
    assert thanks.status_code == 200
    assert inquiry.reference in html
    assert f'<img class="wechat__qr" src="/{lang}/contact/qr/"' in html
    assert "<svg" not in html
    assert 'id="wechat-id">stemcell-demo</span>' in html
    assert "data-copy=" in html
    emergency = html.index('class="emergency"')
    assert emergency < html.index(inquiry.reference)
    for text in EMERGENCY[lang]:
        assert text in html


def test_the_qr_code_is_a_png_of_the_configured_link(client, contact_page):
    response = client.get("/zh-hans/contact/qr/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_uploaded_qr_image_wins_over_the_link(client, contact_page):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from portal.core.models import SiteSettings

    site_settings = SiteSettings.objects.get()
    site_settings.wechat_qr = Image.objects.create(title="QR", file=get_test_image_file())
    site_settings.save()

    thanks = client.get(post(client)["Location"])

    html = thanks.content.decode()
    assert "qr.png" not in html
    assert 'class="wechat__qr"' in html and ".png" in html


def test_a_thank_you_link_cannot_be_guessed(client, contact_page):
    post(client)
    reference = Inquiry.objects.get().reference
    assert client.get("/zh-hans/contact/thanks/", {"r": reference}).status_code == 404
    assert client.get("/zh-hans/contact/thanks/").status_code == 404


@pytest.mark.parametrize("method", ["get", "post", "redirect", "limited", "thanks"])
def test_nothing_about_the_form_or_its_result_is_cached(client, contact_page, settings, method):
    if method == "get":
        response = client.get(CONTACT_URL.format(lang="zh-hans"))
    elif method == "post":
        response = post(client, name="")
    elif method == "redirect":
        response = post(client)
    elif method == "limited":
        settings.INQUIRIES_RATE_LIMIT = 0
        response = post(client)
        assert response.status_code == 429
    else:
        response = client.get(post(client)["Location"])

    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert "public" not in cache_control


def test_personal_post_fields_are_marked_sensitive_for_error_reports(rf, contact_page):
    from django.views.debug import SafeExceptionReporterFilter

    from portal.inquiries.views import contact_form

    request = rf.post(CONTACT_URL.format(lang="zh-hans"), valid_data(name=""))
    request.session = {}
    with translation.override("zh-hans"):
        contact_form(request, contact_page)

    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    for field in ("name", "phone", "wechat_id", "message"):
        assert "王" not in cleaned[field] and "138" not in cleaned[field]


def test_with_redis_away_the_request_is_still_saved_and_thanked(client, contact_page, settings, monkeypatch):
    from portal.celery import app as celery_app

    # As in production, one Redis for the cache (rate limit, fragments) and the broker.
    dead_redis = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.CACHES = {
        "default": {"BACKEND": "portal.core.redis_cache.TolerantRedisCache", "LOCATION": dead_redis}
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = dead_redis
    # Kombu keeps its connection pools: let the app build them for the dead broker.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)

    assert client.get(CONTACT_URL.format(lang="zh-hans")).status_code == 200
    response = post(client)
    thanks = client.get(response["Location"])

    inquiry = Inquiry.objects.get()
    assert thanks.status_code == 200 and inquiry.reference in thanks.content.decode()
    assert Notification.objects.get(inquiry=inquiry).enqueued_at is None  # left for the drain
