import re

import pytest
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portal.core.models import HomePage, StandardPage
from tests.core.factories import StandardPageFactory

LANG_ATTR = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}


@pytest.fixture
def about(home):
    page = StandardPageFactory(
        parent=home,
        title_zh_hans="关于干细胞",
        title_zh_hant="關於幹細胞",
        title_en="About stem cells",
        slug_zh_hans="guanyu",
        slug_zh_hant="guanyu-tw",
        slug_en="about",
        intro_zh_hans="干细胞治疗中风仍在研究中。",
        intro_en="Stem-cell therapy for stroke is still being studied.",
    )
    page.save_revision().publish()
    return page


def test_home_page_only_under_root_and_only_once(home):
    assert HomePage.can_create_at(Page.get_first_root_node()) is False  # max_count reached
    assert StandardPage.can_create_at(home)
    assert not StandardPage.can_create_at(Page.get_first_root_node())
    assert HomePage.allowed_subpage_models()
    assert StandardPage.allowed_subpage_models() == [StandardPage]


@pytest.mark.parametrize(
    ("prefix", "path", "title"),
    [
        ("zh-hans", "guanyu", "关于干细胞"),
        ("zh-hant", "guanyu-tw", "關於幹細胞"),
        ("en", "about", "About stem cells"),
    ],
)
def test_translated_title_and_slug_round_trip(client, about, prefix, path, title):
    with translation.override(prefix):
        assert about.get_url() == f"/{prefix}/{path}/"
    response = client.get(f"/{prefix}/{path}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert f'<html lang="{LANG_ATTR[prefix]}">' in html


def test_empty_traditional_field_falls_back_to_converted_simplified(client, about):
    html = client.get("/zh-hant/guanyu-tw/").content.decode()
    assert "幹細胞治療中風仍在研究中。" in html
    assert "干细胞治疗中风" not in html


def test_empty_simplified_field_falls_back_to_converted_traditional(client, home):
    page = StandardPageFactory(parent=home, title_zh_hans="后遗症", intro_zh_hant="中風後遺症可以改善。")
    page.save_revision().publish()
    html = client.get(f"/zh-hans/{page.slug_zh_hans}/").content.decode()
    assert "中风后遗症可以改善。" in html


def test_english_falls_back_to_simplified_when_untranslated(client, home):
    page = StandardPageFactory(parent=home, title_zh_hans="后遗症", intro_zh_hans="只有简体。")
    page.save_revision().publish()
    html = client.get(f"/en/{page.slug_zh_hans}/").content.decode()
    assert "只有简体。" in html


def test_language_switcher_keeps_the_visitor_on_the_same_page(client, about):
    html = client.get("/en/about/").content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert 'href="/zh-hans/guanyu/"' in switcher
    assert 'href="/zh-hant/guanyu-tw/"' in switcher
    assert '<span aria-current="true" lang="en">English</span>' in switcher


def test_hreflang_alternates_on_every_page(client, about):
    for url in ("/zh-hans/", "/en/about/"):
        html = client.get(url).content.decode()
        links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
        langs = {lang for lang, _ in links}
        assert {"zh-Hans", "zh-Hant", "en", "x-default"} <= langs
    html = client.get("/zh-hant/guanyu-tw/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/about/">' in html


def test_breadcrumbs_and_menu(client, about):
    about.show_in_menus = True
    about.save_revision().publish()
    html = client.get("/en/about/").content.decode()
    trail = re.search(r'<nav class="breadcrumbs container" aria-label="Breadcrumb">(.*?)</nav>', html, re.S)
    assert trail, "the page has no breadcrumb trail"
    assert re.findall(r"<li>(.*?)</li>", trail.group(1)) == [
        '<a href="/en/">Home</a>',
        '<span aria-current="page">About stem cells</span>',
    ]
    assert 'href="/en/about/" aria-current="page"' in html


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant", "en"])
def test_home_renders_in_every_language_and_empty_slots_render_nothing(client, home, prefix):
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{LANG_ATTR[prefix]}">' in html
    title = {"zh-hans": "首页", "zh-hant": "首頁", "en": "Home"}[prefix]
    assert f"<h1>{title}</h1>" in html
    assert "featured-heading" not in html
    assert "trials-heading" not in html
    assert "contact-heading" not in html
    assert "newsletter-heading" not in html


def test_home_slots_render_when_filled(client, home, about):
    home.contact_cta_title_zh_hans = "想和我们聊聊？"
    home.contact_cta_page = about
    home.newsletter_cta_title_en = "Stay informed"
    home.save_revision().publish()
    html = client.get("/zh-hant/").content.decode()
    assert "想和我們聊聊？" in html
    assert 'href="/zh-hant/guanyu-tw/"' in html
    assert "Stay informed" in client.get("/en/").content.decode()


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the site-root-paths cache, as any running site has
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_home_page_query_count_is_small_and_constant(client, home, about):
    about.show_in_menus = True
    about.save_revision().publish()
    first = count_queries(client, "/zh-hans/")
    assert first <= 12  # 10, and 2 to find the register the trial finder's first question leads to
    for n in range(4):
        StandardPageFactory(
            parent=home, title_zh_hans=f"菜单{n}", show_in_menus=True
        ).save_revision().publish()
    assert count_queries(client, "/zh-hans/") == first


def test_404_is_localised(client, home):
    response = client.get("/zh-hant/does-not-exist/")
    assert response.status_code == 404
    assert '<html lang="zh-Hant">' in response.content.decode()
    response = client.get("/en/does-not-exist/")
    assert "Page not found" in response.content.decode()


def test_500_template_renders_standalone(rf):
    from django.template.loader import render_to_string

    with translation.override("en"):
        html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert '<html lang="en">' in html


def test_pages_load_no_third_party_assets(client, about):
    html = client.get("/zh-hans/guanyu/").content.decode()
    for src in re.findall(r'(?:src|href)="([^"]+)"', html):
        if src.startswith("http"):
            # Only our own host (hreflang) and the ICP registry link are absolute.
            assert src.startswith("http://testserver/") or "beian.miit.gov.cn" in src, src
    assert "<script" not in html


class TestAdminEditing(WagtailTestUtils):
    @pytest.fixture(autouse=True)
    def _login(self, client, django_user_model):
        self.user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
        client.force_login(self.user)
        self.client = client

    def test_editor_creates_a_page_with_a_chinese_title_and_no_slug(self, home):
        data = nested_form_data(
            {
                "title_zh_hans": "干细胞治疗中风",
                "slug_zh_hans": "",
                "intro_zh_hans": "简介",
                "body_zh_hans": streamfield([]),
                "body_zh_hant": streamfield([]),
                "body_en": streamfield([]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/admin/pages/add/core/standardpage/{home.pk}/", data)
        assert response.status_code == 302
        page = StandardPage.objects.get(title_zh_hans="干细胞治疗中风")
        assert page.slug_zh_hans == "gan-xi-bao-zhi-liao-zhong-feng"
        assert page.url_path_zh_hans == "/home/gan-xi-bao-zhi-liao-zhong-feng/"

    @pytest.mark.parametrize("model", ["homepage", "standardpage"])
    def test_every_page_type_is_editable(self, home, about, model):
        page = home if model == "homepage" else about
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        for field in ("title_zh_hans", "title_zh_hant", "title_en"):
            assert f'name="{field}"' in html

    def test_site_settings_are_editable_in_three_languages(self, home):
        response = self.client.get("/admin/settings/core/sitesettings/")
        if response.status_code == 302:
            response = self.client.get(response["Location"])
        html = response.content.decode()
        for field in ("organisation_name_zh_hans", "organisation_name_zh_hant", "organisation_name_en"):
            assert f'name="{field}"' in html


def test_routing_reads_only_the_matching_child(client, home):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    target = StandardPageFactory(parent=home, title_zh_hans="目标", title_en="Target")
    target.save_revision().publish()
    client.get("/en/target/")

    def routing_rows():
        client.get("/en/target/")  # publishing refreshes the cached menu: warm it again
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/target/").status_code == 200
        return len(queries)

    before = routing_rows()
    for n in range(15):
        StandardPageFactory(parent=home, title_zh_hans=f"兄弟{n}").save_revision().publish()
    assert routing_rows() == before
    assert client.get("/zh-hans/mu-biao/").status_code == 200
    assert client.get("/en/mu-biao/").status_code == 404  # English has its own slug


def main_menu(html: str) -> str:
    found = re.search(r'<nav class="main-menu".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def test_header_is_cached_until_a_page_is_published(client, home, about):
    about.show_in_menus = True
    about.save_revision().publish()
    first = count_queries(client, "/en/about/")
    assert 'href="/en/about/" aria-current="page">About stem cells<' in main_menu(
        client.get("/en/about/").content.decode()
    )

    # A change that is not published does not reach the header: it comes from the cache.
    StandardPage.objects.filter(pk=about.pk).update(title_en="Renamed without publishing")
    html = client.get("/en/about/").content.decode()
    assert "About stem cells" in main_menu(html) and "Renamed" not in main_menu(html)

    # A newly published menu page shows up at once; the other item is not "current".
    news = StandardPageFactory(parent=home, title_zh_hans="新闻", title_en="News", show_in_menus=True)
    news.save_revision().publish()
    menu = main_menu(client.get("/en/about/").content.decode())
    assert '<a href="/en/news/">News</a>' in menu
    assert "Renamed without publishing" in menu
    assert count_queries(client, "/en/about/") == first
