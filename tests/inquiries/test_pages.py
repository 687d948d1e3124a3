"""The contact page as a page type, the demo content and the beat schedule."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from wagtail.models import Page

from portal.core import demo as core_demo
from portal.core.models import HomePage, SiteSettings, StandardPage
from portal.inquiries import demo
from portal.inquiries.models import ContactPage

pytestmark = pytest.mark.django_db


def test_the_contact_page_lives_once_under_the_home_page(home, contact_page):
    assert ContactPage.parent_page_types == ["core.HomePage"]
    assert not ContactPage.can_create_at(home)  # max_count reached
    assert not ContactPage.can_create_at(Page.get_first_root_node())
    assert ContactPage.allowed_subpage_models() == []
    assert ContactPage in HomePage.allowed_subpage_models()
    assert ContactPage not in StandardPage.allowed_subpage_models()


@pytest.mark.parametrize(
    ("lang", "title", "intro"),
    [
        ("zh-hans", "联系我们", "留下您的联系方式。"),
        ("zh-hant", "聯絡我們", "留下您的聯繫方式。"),
        ("en", "Contact us", "Leave your details."),
    ],
)
def test_the_contact_page_renders_in_every_language(client, contact_page, lang, title, intro):
    html = client.get(f"/{lang}/contact/").content.decode()
    assert f"<h1>{title}</h1>" in html
    assert intro in html


def test_the_contact_page_is_editable(admin_client, contact_page):
    response = admin_client.get(f"/admin/pages/{contact_page.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("intro_zh_hans", "intro_en", "thank_you_text_zh_hant"):
        assert f'name="{name}"' in html


def test_demo_creates_the_contact_page_in_three_languages_with_a_qr_code(client):
    messages = []
    core_demo.seed(messages.append)
    demo.seed(messages.append)
    demo.seed(messages.append)

    assert ContactPage.objects.count() == 1
    assert messages.count("contact page created") == 1
    home = HomePage.objects.get()
    assert home.contact_cta_page.specific == ContactPage.objects.get()
    assert SiteSettings.objects.get().wechat_qr_url == demo.DEMO_QR_URL
    for lang in ("zh-hans", "zh-hant", "en"):
        assert client.get(f"/{lang}/contact/").status_code == 200
    qr = client.get("/zh-hans/contact/qr/")
    assert qr["Content-Type"] == "image/png"


def test_beat_runs_the_outbox_drain_every_minute_and_retention_daily():
    from portal.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    drain = schedule["inquiries-drain-outbox"]
    retention = schedule["inquiries-anonymise-expired"]
    assert drain["task"] in app.tasks and retention["task"] in app.tasks
    assert drain["schedule"] == crontab()
    assert retention["schedule"] == crontab(hour=2, minute=30)
