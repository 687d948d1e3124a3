"""The newsletter page: where it may be created, its editor, and the demo content."""

import pytest
from django.contrib.auth import get_user_model

from portal.core.models import HomePage
from portal.newsletter import demo
from portal.newsletter.models import NewsletterPage

pytestmark = pytest.mark.django_db


def test_the_newsletter_page_goes_under_the_home_page_once(home):
    assert NewsletterPage.can_create_at(home)
    assert NewsletterPage.allowed_parent_page_models() == [HomePage]
    NewsletterPage.objects.all().delete()
    home.add_child(instance=NewsletterPage(title="订阅通讯", slug_zh_hans="newsletter"))
    assert not NewsletterPage.can_create_at(home)  # one per site


def test_the_newsletter_page_is_editable(client, newsletter_page):
    admin = get_user_model().objects.create_superuser("root", password="pw")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{newsletter_page.pk}/edit/")
    assert response.status_code == 200
    assert 'name="intro_zh_hant"' in response.content.decode()


def test_seed_demo_creates_the_page_and_the_home_block_once(client, home):
    logged = []
    demo.seed(logged.append)
    demo.seed(logged.append)
    assert logged == [
        "newsletter page created",
        "home page links the newsletter page",
        "newsletter page already there",
    ]
    page = NewsletterPage.objects.get()
    home.refresh_from_db()
    assert home.newsletter_cta_page_id == page.pk
    for lang in ("zh-hans", "zh-hant", "en"):
        response = client.get(f"/{lang}/newsletter/")
        assert response.status_code == 200
        assert f'action="/{lang}/newsletter/subscribe/"' in response.content.decode()
    assert "訂閱我們的通訊" in client.get("/zh-hant/").content.decode()
