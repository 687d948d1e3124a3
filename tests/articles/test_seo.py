"""What search engines and share previews read of articles, through real parsers:
extruct for JSON-LD and Open Graph, lxml for the sitemap and the heading outline."""

import datetime
from io import StringIO

import extruct
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation
from lxml import etree, html
from wagtail.models import TaskState, WorkflowState
from wagtail_factories import ImageFactory

from articles import demo
from articles.models import ArticlePage, ArticlePageAuthor
from articles.services import MEDICAL_REVIEWERS
from portal.core import demo as core_demo
from portal.core.models import SiteSettings
from portal.references.services import reference_upsert
from tests.articles.conftest import make_article
from tests.articles.factories import ArticlePageFactory, PersonFactory
from tests.trials.factories import TrialIndexPageFactory, TrialPageFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def url_in(language, page):
    with translation.override(language):
        return page.get_url()


def metadata(page_html: str, url: str) -> dict:
    """The JSON-LD object and the Open Graph properties ({name: [values]}) extruct reads."""
    data = extruct.extract(page_html, base_url=url, syntaxes=["json-ld", "opengraph"])
    (json_ld,) = data["json-ld"]
    (opengraph,) = data["opengraph"]
    og: dict[str, list[str]] = {}
    for name, value in opengraph["properties"]:
        og.setdefault(name, []).append(value)
    return {"json_ld": json_ld, "og": og}


def og_values(page_html: str, prop: str) -> list[str]:
    return metadata(page_html, "http://testserver/")["og"].get(prop, [])


@pytest.fixture
def public_site(home):
    call_command("set_site_url", "https://example.org", stdout=StringIO())


@pytest.fixture
def site_settings(home):
    settings = SiteSettings.for_site(home.get_site())
    settings.organisation_name_zh_hans = "中风细胞科普"
    settings.organisation_name_en = "Stroke Cell Facts"
    settings.share_image = ImageFactory(title="share")
    settings.logo = ImageFactory(title="logo")
    settings.save()
    return settings


@pytest.fixture
def chinese_only(article_index):
    """An article nobody has translated into English yet."""
    page = ArticlePageFactory(
        parent=article_index,
        title="只有中文的文章",
        title_zh_hans="只有中文的文章",
        slug_zh_hans="zhi-you-zhong-wen",
        summary_zh_hans="这篇文章还没有英文版。",
        body_zh_hans=[{"type": "paragraph", "value": "<p>中文正文。</p>"}],
    )
    assert not page.title_en
    return page


class TestStructuredData:
    def test_json_ld_and_open_graph_through_extruct(self, client, article, site_settings, public_site):
        team = PersonFactory(
            name="科普编辑部", name_en="Editorial team", is_organisation=True, credentials=""
        )
        doctor = PersonFactory(name="王医生", name_en="Dr Wang", credentials="Neurologist")
        ArticlePageAuthor.objects.create(page=article, person=team, sort_order=0)
        ArticlePageAuthor.objects.create(page=article, person=doctor, sort_order=1)
        url = url_in("en", article)
        page_html = client.get(url).content.decode()
        found = metadata(page_html, f"https://example.org{url}")
        data, og = found["json_ld"], found["og"]

        assert data["@type"] == "MedicalWebPage"
        assert data["url"] == "https://example.org/en/articles/three-trials/"
        assert data["author"] == [
            {"@type": "Organization", "name": "Editorial team"},
            {"@type": "Person", "name": "Dr Wang", "jobTitle": "Neurologist"},
        ]
        publisher = data["publisher"]
        assert publisher["@type"] == "Organization"
        assert publisher["name"] == "Stroke Cell Facts"
        assert publisher["url"] == "https://example.org/"
        assert publisher["logo"]["@type"] == "ImageObject"
        assert publisher["logo"]["url"].startswith("https://example.org/")
        assert ".max-512x512." in publisher["logo"]["url"]
        assert publisher["logo"]["width"] > 0 and publisher["logo"]["height"] > 0
        # No cover: the site's default share image.
        assert data["image"].startswith("https://example.org/") and ".fill-1200x630" in data["image"]

        assert og["og:type"] == ["article"]
        assert og["og:site_name"] == ["Stroke Cell Facts"]
        assert og["og:url"] == ["https://example.org/en/articles/three-trials/"]
        assert og["og:image"] == [data["image"]]
        assert og["og:locale"] == ["en_US"]
        assert sorted(og["og:locale:alternate"]) == ["zh_CN", "zh_TW"]

    def test_a_cover_image_is_the_share_image(self, client, article, site_settings):
        article.cover_image = ImageFactory()
        article.save_revision().publish()
        page_html = client.get(url_in("zh-hans", article)).content.decode()
        (image,) = og_values(page_html, "og:image")
        assert image != site_settings.share_image.get_rendition("fill-1200x630").url
        assert image.startswith("http://testserver/")
        assert f"/images/{article.cover_image.file.name.split('/')[-1].rsplit('.', 1)[0]}" in image

    def test_a_web_reference_without_title_cites_its_url_as_the_name(self, client, article_index):
        reference = reference_upsert(
            fields={
                "kind": "web",
                "url": "https://example.org/stroke-facts",
                "accessed": datetime.date(2025, 1, 2),
            }
        ).reference
        page = make_article(article_index, [reference], body_zh_hans=[], body_en=[], slug_en="untitled-ref")
        data = metadata(client.get(url_in("zh-hans", page)).content.decode(), "http://testserver/")["json_ld"]
        assert data["citation"] == ["https://example.org/stroke-facts [Internet]. [cited 2025 Jan 2]."]


class TestUntranslatedArticle:
    def test_english_url_shows_the_chinese_text_marked_and_not_indexed(self, client, article, chinese_only):
        url = url_in("en", chinese_only)
        response = client.get(url)
        assert response.status_code == 200
        tree = html.fromstring(response.content)
        assert tree.get("lang") == "en"  # the site around it is English
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]
        assert tree.xpath("//h1/@lang") == ["zh-Hans"]
        assert tree.xpath("//div[@class='article__body']/@lang") == ["zh-Hans"]
        notice = tree.xpath("//p[contains(@class, 'notice--untranslated')]")[0]
        assert "not been translated into English" in notice.text_content()
        assert notice.xpath(".//a/@href") == [
            url_in("zh-hans", chinese_only),
            url_in("zh-hant", chinese_only),
        ]
        data = metadata(response.content.decode(), f"http://testserver{url}")["json_ld"]
        assert data["inLanguage"] == "zh-Hans"
        # A translated article has none of it.
        translated = html.fromstring(client.get(url_in("en", article)).content)
        assert not translated.xpath("//meta[@name='robots']")
        assert not translated.xpath("//*[contains(@class, 'notice--untranslated')]")

    def test_left_out_of_english_listings_hreflang_and_sitemap(
        self, client, article_index, article, chinese_only
    ):
        english_index = client.get(url_in("en", article_index)).content.decode()
        assert "What three stroke stem-cell trials tell us" in english_index
        assert "只有中文的文章" not in english_index
        assert "只有中文的文章" in client.get(url_in("zh-hans", article_index)).content.decode()

        chinese_page = html.fromstring(client.get(url_in("zh-hans", chinese_only)).content)
        hreflangs = chinese_page.xpath("//head/link[@rel='alternate']/@hreflang")
        assert sorted(hreflangs) == ["x-default", "zh-Hans", "zh-Hant"]
        # The switcher still lets an English reader get to the notice.
        assert chinese_page.xpath("//nav[@class='language-switcher']//a[@hreflang='en']")

        sitemap = etree.fromstring(client.get("/sitemap.xml").content)
        locations = sitemap.xpath("//s:loc/text()", namespaces=SITEMAP_NS)
        assert f"http://testserver{url_in('zh-hans', chinese_only)}" in locations
        assert f"http://testserver{url_in('en', chinese_only)}" not in locations
        assert f"http://testserver{url_in('en', article)}" in locations
        alternates = sitemap.xpath("//x:link/@href", namespaces=SITEMAP_NS)
        assert f"http://testserver{url_in('en', chinese_only)}" not in alternates


def heading_levels(page_html: str) -> list[int]:
    tree = html.fromstring(page_html)
    return [int(el.tag[1]) for el in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def assert_heading_order(levels: list[int]) -> None:
    """axe-core's heading-order: a heading is at most one level below the one before."""
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


class TestHeadingOrder:
    def test_article_index_and_article_pages(self, client, article_index, article):
        ArticlePageFactory(parent=article_index)
        assert_heading_order(heading_levels(client.get(url_in("en", article_index)).content.decode()))
        assert_heading_order(heading_levels(client.get(url_in("en", article)).content.decode()))

    def test_the_checker_catches_a_skipped_level(self):
        with pytest.raises(AssertionError):
            assert_heading_order([1, 3])


class TestDemoReview:
    def test_seed_takes_one_article_through_the_real_review_once(self, client, db):
        core_demo.seed(lambda message: None)
        demo.seed(lambda message: None)
        page = ArticlePage.objects.get(slug_zh_hans="treasure-trial")
        (workflow_state,) = WorkflowState.objects.for_instance(page)
        assert workflow_state.status == WorkflowState.STATUS_APPROVED
        assert workflow_state.requested_by.username == "demo-editor"
        (task_state,) = TaskState.objects.filter(workflow_state=workflow_state)
        assert task_state.status == TaskState.STATUS_APPROVED
        reviewer = task_state.finished_by
        assert reviewer.groups.filter(name=MEDICAL_REVIEWERS).exists()
        assert not reviewer.has_usable_password()
        assert page.live and page.medical_reviewer.user == reviewer

        page_html = client.get(url_in("en", page)).content.decode()
        assert "Medically reviewed by Dr Min Chen on" in page_html
        data = metadata(page_html, "http://testserver/")["json_ld"]
        assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Min Chen", "jobTitle": "Neurologist"}
        assert data["author"] == [
            {"@type": "Organization", "name": "Editorial team", "description": "Doctors and science editors"}
        ]

        demo.seed(lambda message: None)
        assert WorkflowState.objects.for_instance(page).count() == 1
        assert not Group.objects.get(name=MEDICAL_REVIEWERS).user_set.exclude(pk=reviewer.pk).exists()


class TestRegistryEnglish:
    def test_untranslated_trial_titles_are_marked_english_in_chinese_pages(self, client, home, article_index):
        register = TrialIndexPageFactory(parent=home)
        register.save_revision().publish()
        english = TrialPageFactory(
            parent=register,
            title_zh_hans="Stem Cells After Stroke",
            title="Stem Cells After Stroke",
            acronym="",
            needs_translation=True,
        )
        english.save_revision().publish()
        body = [{"type": "trial_card", "value": {"trial": english.pk, "note": ""}}]
        article = ArticlePageFactory(parent=article_index, body_zh_hans=body, body_en=body, title_en="Cards")
        article.save_revision().publish()

        def title_langs(url, xpath):
            tree = html.fromstring(client.get(url).content)
            return tree.xpath(xpath)

        card = "//h3[@class='trial-card__title']"
        assert [h.get("lang") for h in title_langs(url_in("zh-hans", article), card)] == ["en"]
        assert [h.get("lang") for h in title_langs(url_in("en", article), card)] == [None]
        item = "//*[contains(@class, 'trial-list__title')]"
        assert [h.get("lang") for h in title_langs(url_in("zh-hant", register), item)] == ["en"]
        assert title_langs(url_in("zh-hans", english), "//h1/@lang") == ["en"]
        # A translated trial's Chinese title is Chinese.
        english.needs_translation = False
        english.title_zh_hans = "中风后的干细胞"
        english.save_revision().publish()
        assert title_langs(url_in("zh-hans", english), "//h1/@lang") == []
