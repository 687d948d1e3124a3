import datetime
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.utils import translation
from wagtail_factories import ImageFactory

from articles.models import ArticlePageAuthor, ArticlePageRelatedArticle
from portal.core.models import SiteSettings
from portal.core.navigation import navigation_changed
from tests.articles.conftest import make_article
from tests.articles.factories import ArticlePageFactory, PersonFactory, TopicFactory, expected_nlm

pytestmark = pytest.mark.django_db


def add_topic(page, topic):
    page.topics.add(topic)
    page.save()


def url_in(language, page):
    with translation.override(language):
        return page.get_url()


def json_ld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def citation_texts(html: str) -> list[str]:
    return [
        unescape(t) for t in re.findall(r'<span class="reference__citation"[^>]*>(.*?)</span>', html, re.S)
    ]


class TestArticlePage:
    def test_reference_list_renders_exact_nlm_strings_with_links(self, client, article):
        html = client.get(url_in("zh-hans", article)).content.decode()

        texts = citation_texts(html)
        assert texts[0] == expected_nlm("treasure.pubmed.xml")
        assert texts[1] == expected_nlm("wagenaar2025.csl.json")
        assert '<li id="ref-1"' in html and '<li id="ref-3"' in html
        assert 'href="https://doi.org/10.1001/jamaneurol.2023.5200"' in html
        assert 'href="https://pubmed.ncbi.nlm.nih.gov/38227308/"' in html
        assert 'href="https://pmc.ncbi.nlm.nih.gov/articles/PMC10792497/"' in html

    def test_citations_link_to_entries_and_back(self, client, article):
        html = client.get(url_in("zh-hans", article)).content.decode()

        # [1] in the first paragraph, [1-3] and [1，3] in the last.
        assert '<a href="#ref-1" id="cite-1-1">1</a>' in html
        assert (
            '<a href="#ref-1" id="cite-1-2">1</a><span id="cite-2-2"></span>–'
            '<a href="#ref-3" id="cite-3-2">3</a>' in html
        )
        assert '<a href="#ref-1" id="cite-1-3">1</a>,<a href="#ref-3" id="cite-3-3">3</a>' in html
        # Every citation id a back-link points to exists in the body.
        backlinks = re.findall(r'<a href="#(cite-\d+-\d+)" class="reference-list__backlink"', html)
        assert backlinks == [
            "cite-1-1", "cite-1-2", "cite-1-3", "cite-2-1", "cite-2-2", "cite-3-1", "cite-3-2", "cite-3-3",
        ]  # fmt: skip
        for anchor in backlinks:
            assert f'id="{anchor}"' in html

    def test_table_toc_and_heading_anchors(self, client, article):
        html = client.get(url_in("en", article)).content.decode()

        assert "<caption>Table 1. The trials side by side</caption>" in html
        assert '<th scope="col">Route</th>' in html
        assert "<td>Intranasal</td>" in html
        assert '<a href="#h-why">Why trials matter</a>' in html
        assert '<a href="#h-compare">Comparing the three trials</a>' in html
        assert '<h2 id="h-why">Why trials matter</h2>' in html
        assert '<h3 id="h-compare">Comparing the three trials</h3>' in html

    def test_json_ld_is_a_medical_web_page_with_citations(self, client, article):
        html = client.get(url_in("en", article)).content.decode()
        data = json_ld_of(html)

        assert data["@type"] == "MedicalWebPage"
        assert data["inLanguage"] == "en"
        assert data["headline"] == "What three stroke stem-cell trials tell us"
        assert data["citation"][0] == expected_nlm("treasure.pubmed.xml")
        assert len(data["citation"]) == 3
        assert data["dateModified"]
        assert data["url"].endswith("/en/articles/three-trials/")
        assert "reviewedBy" not in data and "lastReviewed" not in data

    def test_json_ld_names_the_publisher(self, client, home, article):
        settings = SiteSettings.for_site(home.get_site())
        settings.organisation_name_en = "Stroke Cell Facts"
        settings.organisation_name_zh_hans = "中风细胞科普"
        settings.save()
        data = json_ld_of(client.get(url_in("en", article)).content.decode())
        assert data["publisher"] == {
            "@type": "Organization",
            "name": "Stroke Cell Facts",
            "url": "http://testserver/",
        }

    def test_review_shows_in_page_and_json_ld(self, client, article):
        reviewer = PersonFactory(
            name="王医生", name_zh_hans="王医生", name_en="Dr Wang", credentials="神经内科"
        )
        article.medical_reviewer = reviewer
        article.last_reviewed = datetime.date(2025, 5, 20)
        article.save_revision().publish()

        html = client.get(url_in("en", article)).content.decode()
        assert "Medically reviewed by Dr Wang on" in html
        data = json_ld_of(html)
        assert data["lastReviewed"] == "2025-05-20"
        assert data["reviewedBy"]["name"] == "Dr Wang"

    def test_open_graph_reading_time_and_feed_link(self, client, article):
        html = client.get(url_in("zh-hans", article)).content.decode()

        assert '<meta property="og:title" content="干细胞治疗中风：三项试验告诉我们什么">' in html
        assert '<meta property="og:description" content="我们用三项试验说明如何阅读干细胞研究。">' in html
        assert '<meta property="og:locale" content="zh_CN">' in html
        assert re.search(r'class="article__reading-time"> · [^<]*\b1\b', html)
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert 'href="/zh-hans/articles/feed/"' in html

    def test_site_disclaimer_unless_the_article_has_its_own(self, client, home, article):
        settings = SiteSettings.for_site(home.get_site())
        settings.medical_disclaimer_zh_hans = "本站内容仅供参考。"
        settings.save()
        assert "本站内容仅供参考。" in client.get(url_in("zh-hans", article)).content.decode()

        article.disclaimer_zh_hans = "本文不构成医疗建议。"
        article.save_revision().publish()
        html = client.get(url_in("zh-hans", article)).content.decode()
        assert "本文不构成医疗建议。" in html
        assert "本站内容仅供参考。" not in html

    @pytest.mark.parametrize(
        ("language", "title", "heading"),
        [
            ("zh-hans", "干细胞治疗中风：三项试验告诉我们什么", "为什么要看临床试验"),
            # No zh-hant text: the Simplified text is shown converted by OpenCC.
            ("zh-hant", "幹細胞治療中風：三項試驗告訴我們什麼", "為什麼要看臨床試驗"),
            ("en", "What three stroke stem-cell trials tell us", "Why trials matter"),
        ],
    )
    def test_renders_in_every_language(self, client, article, language, title, heading):
        response = client.get(url_in(language, article))
        assert response.status_code == 200
        html = response.content.decode()
        assert f"<h1>{title}</h1>" in html
        assert heading in html
        assert '<a href="#ref-1" id="cite-1-1">1</a>' in html

    def test_authors_topics_and_related_articles(self, client, article_index, article):
        author = PersonFactory(name="李编辑", name_zh_hans="李编辑", credentials="科普编辑")
        ArticlePageAuthor.objects.create(page=article, person=author, sort_order=0)
        topic = TopicFactory(name="临床试验", name_zh_hans="临床试验", slug="trials")
        add_topic(article, topic)
        picked = ArticlePageFactory(
            parent=article_index, title="编辑推荐的文章", title_zh_hans="编辑推荐的文章"
        )
        sharing = ArticlePageFactory(parent=article_index, title="同主题的文章", title_zh_hans="同主题的文章")
        add_topic(sharing, topic)
        unrelated = ArticlePageFactory(parent=article_index, title="无关的文章", title_zh_hans="无关的文章")
        ArticlePageRelatedArticle.objects.create(page=article, article=picked, sort_order=0)

        html = client.get(url_in("zh-hans", article)).content.decode()
        assert "李编辑" in html and "科普编辑" in html
        assert 'href="/zh-hans/articles/?topic=trials"' in html
        related = html.split('id="related-heading"')[1]
        assert related.index("编辑推荐的文章") < related.index("同主题的文章")
        assert unrelated.title not in related


class TestArticleIndexPage:
    def test_lists_paginates_and_filters_by_topic(self, client, article_index):
        topic = TopicFactory(name="新生儿", name_zh_hans="新生儿", slug="newborns")
        for day in range(1, 15):
            page = ArticlePageFactory(
                parent=article_index,
                title=f"文章{day:02d}",
                title_zh_hans=f"文章{day:02d}",
                publish_date=datetime.date(2025, 1, day),
            )
            if day % 2:
                add_topic(page, topic)

        html = client.get(url_in("zh-hans", article_index)).content.decode()
        assert html.index("文章14") < html.index("文章03")
        assert "文章02" not in html  # on page 2 (12 per page)
        assert "2 页" in html or "Page 1 of 2" in html
        assert "文章02" in client.get(url_in("zh-hans", article_index) + "?page=2").content.decode()

        filtered = client.get(url_in("zh-hans", article_index) + "?topic=newborns").content.decode()
        assert "文章13" in filtered and "文章01" in filtered
        assert "文章14" not in filtered
        assert 'href="/zh-hans/articles/feed/"' in filtered

    @pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
    def test_renders_in_every_language(self, client, article_index, article, language):
        response = client.get(url_in(language, article_index))
        assert response.status_code == 200
        with translation.override(language):
            assert article.title in response.content.decode()

    def test_feed_per_language(self, client, article_index, article):
        response = client.get("/en/articles/feed/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        xml = response.content.decode()
        assert "<language>en</language>" in xml
        assert "<title>What three stroke stem-cell trials tell us</title>" in xml
        assert "http://testserver/en/articles/three-trials/" in xml

        xml = client.get("/zh-hans/articles/feed/").content.decode()
        assert "<title>干细胞治疗中风：三项试验告诉我们什么</title>" in xml
        assert "<language>zh-Hans</language>" in xml

    def test_sitemap_lists_articles_in_every_language(self, client, article_index, article):
        xml = client.get("/sitemap.xml").content.decode()
        assert "<loc>http://testserver/en/articles/three-trials/</loc>" in xml
        assert "<loc>http://testserver/zh-hans/articles/" in xml
        assert 'hreflang="zh-Hant"' in xml
        assert "<loc>http://testserver/en/articles/</loc>" in xml


class TestQueryCount:
    def build(self, article_index, sample_references, count):
        from articles.models import ArticlePageReference
        from portal.references.services import reference_upsert

        references = list(sample_references)
        for n in range(len(references), count):
            references.append(
                reference_upsert(
                    fields={
                        "kind": "web",
                        "title": f"Page {n}",
                        "url": f"https://example.org/ref/{count}/{n}",
                    }
                ).reference
            )
        page = make_article(
            article_index,
            references[:count],
            slug_en=f"count-{count}",
            cover_image=ImageFactory(),
            cover_alt_text_zh_hans="一位康复中的病人",
        )
        topic = TopicFactory()
        add_topic(page, topic)
        for n in range(count):
            person = PersonFactory()
            ArticlePageAuthor.objects.create(page=page, person=person, sort_order=n)
            other = ArticlePageFactory(parent=article_index)
            add_topic(other, topic)
            ArticlePageRelatedArticle.objects.create(page=page, article=other, sort_order=n)
        assert len(ArticlePageReference.objects.filter(page=page)) == count
        return page

    def test_constant_from_3_to_30_and_at_most_15(
        self,
        client,
        article_index,
        sample_references,
        django_assert_max_num_queries,
        django_assert_num_queries,
    ):
        small = self.build(article_index, sample_references, 3)
        large = self.build(article_index, sample_references, 30)
        for page in (small, large):
            client.get(url_in("zh-hans", page))  # warm: image renditions, caches

        navigation_changed()  # as after a publish: no route or fragment is warm
        connection.queries_log.clear()  # the log is capped: offsets into a full one are empty
        with django_assert_max_num_queries(15) as captured:
            response = client.get(url_in("zh-hans", small))
        assert '<li id="ref-3"' in response.content.decode()
        small_count = len(captured.captured_queries)
        assert small_count > 5

        navigation_changed()
        connection.queries_log.clear()
        with django_assert_num_queries(small_count):
            response = client.get(url_in("zh-hans", large))
        html = response.content.decode()
        assert '<li id="ref-30"' in html
        assert html.count('class="article__author"') == 30
        assert 'alt="一位康复中的病人"' in html
        assert '<meta property="og:image" content="http://testserver/' in html


class TestPreviewAndListingQueries:
    def test_preview_of_a_saved_and_an_unsaved_article(self, rf, article_index, article):
        response = article.make_preview_request()
        assert response.status_code == 200
        assert '<a href="#ref-1" id="cite-1-1">1</a>' in response.content.decode()

        unsaved = ArticlePageFactory.build(title="草稿", title_zh_hans="草稿", body_zh_hans=[])
        unsaved.path = article_index.path + "9999"
        unsaved.depth = article_index.depth + 1
        unsaved.url_path = article_index.url_path + "draft/"
        response = unsaved.make_preview_request()
        assert response.status_code == 200
        assert "草稿" in response.content.decode()

    def test_listing_queries_do_not_grow_with_articles(
        self, client, article_index, django_assert_max_num_queries, django_assert_num_queries
    ):
        topic = TopicFactory(slug="cells")

        def add(count):
            for _n in range(count):
                page = ArticlePageFactory(parent=article_index, cover_image=ImageFactory())
                add_topic(page, topic)

        url = url_in("zh-hans", article_index)
        add(3)
        client.get(url)
        connection.queries_log.clear()  # the log is capped: offsets into a full one are empty
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        small = len(captured.captured_queries)
        add(9)
        client.get(url)  # renditions of the new covers are made once
        connection.queries_log.clear()
        with django_assert_num_queries(small):
            html = client.get(url).content.decode()
        assert html.count('class="card article-card"') == 12


def test_routing_finds_articles_by_each_languages_slug_and_404s_the_rest(client, article_index, article):
    assert client.get("/en/articles/three-trials/").status_code == 200
    # English has its own slug; the Simplified slug answers in Simplified only.
    assert client.get(f"/zh-hans/articles/{article.slug_zh_hans}/").status_code == 200
    assert client.get("/en/articles/no-such-article/").status_code == 404
    assert client.get("/en/articles/three-trials/extra/").status_code == 404
