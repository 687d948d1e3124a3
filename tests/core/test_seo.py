"""What crawlers and share previews see of every page: absolute URLs on the Wagtail
Site record (SITE_URL), canonical links, the sitemap, robots.txt, and the small
holes of the 404 page and the cached menu."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import translation
from lxml import etree, html
from wagtail.models import PageViewRestriction, Site

from tests.core.factories import StandardPageFactory
from tests.core.test_settings import PRODUCTION_ENV, run_manage
from tests.trials.factories import TrialIndexPageFactory, TrialPageFactory
from trials.register.chart import bar_chart

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def about(home):
    page = StandardPageFactory(
        parent=home,
        title_zh_hans="关于我们",
        title_en="About us",
        slug_zh_hans="guanyu",
        slug_en="about",
        show_in_menus=True,
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def public_site(home):
    """The site as production has it after `set_site_url https://example.org`."""
    call_command("set_site_url", "https://example.org", stdout=StringIO())


def head_links(page_html: str) -> dict[str, list[str]]:
    tree = html.fromstring(page_html)
    found: dict[str, list[str]] = {}
    for link in tree.xpath("//head/link[@href]"):
        key = link.get("rel") + (f":{link.get('hreflang')}" if link.get("hreflang") else "")
        found.setdefault(key, []).append(link.get("href"))
    return found


class TestSiteUrl:
    def test_command_points_the_site_at_the_public_url(self, home):
        out = StringIO()
        call_command("set_site_url", "https://example.org/", stdout=out)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port, site.root_url) == ("example.org", 443, "https://example.org")
        assert "https://example.org" in out.getvalue()

        call_command("set_site_url", "http://127.0.0.1:8000", stdout=StringIO())
        assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"

    def test_command_uses_the_setting_and_refuses_what_wagtail_cannot_express(self, home, settings):
        settings.SITE_URL = "http://portal.example.org"
        call_command("set_site_url", stdout=StringIO())
        assert Site.objects.get(is_default_site=True).root_url == "http://portal.example.org"
        for bad in (
            "example.org",
            "ftp://example.org",
            "https://example.org/portal/",
            "https://example.org:8443",
        ):
            with pytest.raises(CommandError):
                call_command("set_site_url", bad, stdout=StringIO())
        settings.SITE_URL = ""
        with pytest.raises(CommandError, match="SITE_URL"):
            call_command("set_site_url", stdout=StringIO())
        assert Site.objects.get(is_default_site=True).root_url == "http://portal.example.org"

    def test_demo_seed_serves_where_make_run_does(self, db, client, settings):
        from portal.core.demo import seed

        settings.SITE_URL = "http://127.0.0.1:8000"
        seed(lambda message: None)
        assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8000"
        page_html = client.get("/en/about/", HTTP_HOST="127.0.0.1:8000").content.decode()
        assert head_links(page_html)["canonical"] == ["http://127.0.0.1:8000/en/about/"]

    def test_every_absolute_url_follows_the_site_not_the_request_host(self, client, about, public_site):
        page_html = client.get("/en/about/").content.decode()  # Host: testserver
        links = head_links(page_html)
        assert links["canonical"] == ["https://example.org/en/about/"]
        assert links["alternate:zh-Hans"] == ["https://example.org/zh-hans/guanyu/"]
        assert links["alternate:x-default"] == ["https://example.org/zh-hans/guanyu/"]
        assert '<meta property="og:url" content="https://example.org/en/about/">' in page_html

        robots = client.get("/robots.txt").content.decode()
        assert "Sitemap: https://example.org/sitemap.xml" in robots

        sitemap = etree.fromstring(client.get("/sitemap.xml").content)
        locations = sitemap.xpath("//s:loc/text() | //x:link/@href", namespaces=SITEMAP_NS)
        assert "https://example.org/en/about/" in locations
        assert locations and all(url.startswith("https://example.org/") for url in locations)

    def test_register_export_links_follow_the_site(self, client, home, public_site):
        register = TrialIndexPageFactory(parent=home)
        trial = TrialPageFactory(parent=register, slug_en="cells-trial")
        with translation.override("en"):
            register_path, trial_path = register.get_url(), trial.get_url()
        response = client.get(f"{register_path}?format=json")
        assert response.status_code == 200
        data = json.loads(b"".join(response.streaming_content))
        (row,) = data["trials"]
        assert row["url"] == f"https://example.org{trial_path}"
        assert trial_path.startswith("/en/")

    def test_production_requires_it_and_admin_links_default_to_it(self):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != "WAGTAILADMIN_BASE_URL"}
        env["SITE_URL"] = "https://portal.example.org"
        result = run_manage(
            "shell",
            "-c",
            "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)",
            env_overrides=env,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "https://portal.example.org"


class TestCanonicalAndSitemap:
    def test_every_public_page_has_an_absolute_self_referencing_canonical(self, client, home, about):
        for path in ("/zh-hans/", "/en/", "/zh-hant/guanyu/", "/en/about/"):
            links = head_links(client.get(path).content.decode())
            assert links["canonical"] == [f"http://testserver{path}"], path

    def test_canonical_keeps_a_listing_page_number_and_nothing_else(self, client, home):
        links = head_links(client.get("/en/?page=2&utm_source=wechat").content.decode())
        assert links["canonical"] == ["http://testserver/en/?page=2"]

    def test_sitemap_alternates_include_x_default_like_the_html_heads(self, client, about):
        sitemap = etree.fromstring(client.get("/sitemap.xml").content)
        assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
        entry = sitemap.xpath("//s:url[s:loc='http://testserver/en/about/']", namespaces=SITEMAP_NS)[0]
        alternates = {
            link.get("hreflang"): link.get("href") for link in entry.xpath("x:link", namespaces=SITEMAP_NS)
        }
        page_links = head_links(client.get("/en/about/").content.decode())
        from_head = {key.split(":", 1)[1]: hrefs[0] for key, hrefs in page_links.items() if ":" in key}
        assert alternates == from_head
        assert alternates["x-default"] == "http://testserver/zh-hans/guanyu/"


class TestRobots:
    def test_head_and_get_answer(self, client, home):
        assert client.head("/robots.txt").status_code == 200
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert "Disallow: /admin/" in response.content.decode()
        assert client.post("/robots.txt").status_code == 405


class TestNotFoundPage:
    @pytest.mark.parametrize("path", ["//evil.example/", "/en//evil.example/", "/%5Cevil.example/x/"])
    def test_links_never_leave_the_site(self, client, home, path):
        # PATH_INFO as a server passes it: the test client would read "//host" as a host.
        response = client.get("/", PATH_INFO=path)
        while response.status_code in (301, 302):
            response = client.get("/", PATH_INFO=response["Location"])
        assert response.status_code == 404
        tree = html.fromstring(response.content)
        hrefs = tree.xpath("//@href")
        assert hrefs
        for href in (h for h in hrefs if not h.startswith("#")):
            assert href.startswith("/") and not href.startswith("//") and "\\" not in href, href
        switcher = tree.xpath("//nav[@class='language-switcher']//a/@href")
        assert len(switcher) == 2
        for href in switcher:
            assert href.startswith("/") and not href.startswith("//") and "evil.example" not in href, href
        assert not tree.xpath("//link[@rel='canonical' or @hreflang]")


class TestCachedMenu:
    def test_a_section_made_private_leaves_the_menu_at_once(self, client, about):
        def menu_links():
            page_html = client.get("/en/").content.decode()
            menu = re.search(r'<nav class="main-menu".*?</nav>', page_html, re.S)
            return re.findall(r'href="([^"]+)"', menu.group(0)) if menu else []

        assert menu_links() == ["/en/about/"]  # and now cached
        restriction = PageViewRestriction.objects.create(
            page=about, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        assert menu_links() == []
        restriction.delete()
        assert menu_links() == ["/en/about/"]


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#767676", "#fff"), 2) == 4.54  # the lightest grey that passes on white


def test_register_chart_labels_meet_text_contrast():
    """axe-core cannot check SVG text, so the chart's colours are checked here: the
    labels and counts are drawn (CSS `fill`) on the page background."""
    static = Path(django_settings.BASE_DIR) / "portal" / "static" / "css"
    trials_css = (static / "trials.css").read_text()
    site_css = (static / "site.css").read_text()
    background = re.search(r"--bg:\s*(#[0-9a-fA-F]{3,6})", site_css).group(1)
    # Nothing between the page and the chart paints a background of its own.
    for selector in (".trial-summary", ".bar-chart", ".bar-chart__svg", ".trial-summary__charts"):
        for rule in re.findall(rf"{re.escape(selector)}\s*\{{([^}}]*)\}}", trials_css):
            assert "background" not in rule, selector
    text_fills = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", trials_css):
        fill = re.search(r"(?<![-\w])fill:\s*(#[0-9a-fA-F]{3,6})", body)
        for selector in selectors.split(","):
            if selector.strip() in (".bar-chart__label", ".bar-chart__count") and fill:
                text_fills[selector.strip()] = fill.group(1)
    assert set(text_fills) == {".bar-chart__label", ".bar-chart__count"}
    chart_svg = render_to_string(
        "components/trials/bar_chart.html", {"chart": bar_chart([("MSC", 3), ("NSC", 1)]), "chart_id": "x"}
    )
    classes = html.fromstring(chart_svg).xpath("//text/@class")
    assert len(classes) == 4 and {f".{c}" for c in classes} <= set(text_fills)
    for selector, fill in text_fills.items():
        assert contrast(fill, background) >= 4.5, (selector, fill, background)
