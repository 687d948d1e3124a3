from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, Site

from portal.core.models import HomePage, SiteSettings, StandardPage


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_builds_the_site_in_three_languages(client):
    seed()
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert StandardPage.objects.live().count() >= 2
    for prefix, text in (("zh-hans", "干细胞"), ("zh-hant", "幹細胞"), ("en", "stem-cell")):
        response = client.get(f"/{prefix}/")
        assert response.status_code == 200
        assert text in response.content.decode()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.icp_number
    assert settings.icp_number in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    seed()
    pages = Page.objects.count()
    revisions = list(Page.objects.order_by("pk").values_list("latest_revision_id", flat=True))
    output = seed()
    assert Page.objects.count() == pages
    assert list(Page.objects.order_by("pk").values_list("latest_revision_id", flat=True)) == revisions
    assert "already there" in output


@pytest.mark.django_db
def test_ensure_admin_creates_once_and_prints_every_time(tmp_path, django_user_model):
    credentials = tmp_path / "creds"
    with override_settings(ADMIN_CREDENTIALS_FILE=str(credentials)):
        first, second = StringIO(), StringIO()
        call_command("ensure_admin", stdout=first)
        call_command("ensure_admin", stdout=second)
    password = credentials.read_text().strip()
    assert f"password: {password}" in first.getvalue()
    assert first.getvalue() == second.getvalue()
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert oct(credentials.stat().st_mode)[-3:] == "600"


@pytest.mark.django_db
def test_printed_admin_account_logs_in(client, tmp_path):
    credentials = tmp_path / "creds"
    with override_settings(ADMIN_CREDENTIALS_FILE=str(credentials)):
        call_command("ensure_admin", stdout=StringIO())
    password = credentials.read_text().strip()
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_sitemap_lists_every_language_with_alternates(client):
    seed()
    xml = client.get("/sitemap.xml").content.decode()
    for prefix in ("zh-hans", "zh-hant", "en"):
        assert f"/{prefix}/about/</loc>" in xml
    assert 'hreflang="zh-Hant"' in xml


def test_robots_txt_points_to_the_sitemap(client, home):  # home: the site is http://testserver
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
