"""Collection: every link of live content, stored once with where it is used."""

import pytest
from django.core.files.base import ContentFile
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Site

from portal.core.models import SiteSettings
from portal.linkchecker import services
from portal.linkchecker.collect import normalise
from portal.linkchecker.models import Link, LinkUsage
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.core.factories import StandardPageFactory
from tests.linkchecker.factories import paragraph, usages
from tests.references.factories import ReferenceFactory
from tests.trials.factories import TrialPageFactory, TrialRegistryIdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home)


@pytest.fixture
def document(db):
    return get_document_model().objects.create(title="指南", file=ContentFile(b"%PDF-1.4", name="guide.pdf"))


def test_normalise():
    assert normalise(" HTTPS://Example.ORG:443/a?b=1#top ") == "https://example.org/a?b=1"
    assert normalise("http://example.org") == "http://example.org/"
    assert normalise("http://example.org:8080/x") == "http://example.org:8080/x"
    assert normalise("mailto:someone@example.org") is None
    assert normalise("/zh-hans/articles/") is None
    assert normalise("http://[::1]:80/") == "http://[::1]/"


def test_rich_text_and_blocks_in_every_language(article_index, document):
    target = ArticlePageFactory(parent=article_index, title="目标", title_zh_hans="目标")
    article = ArticlePageFactory(
        parent=article_index,
        title="文章甲",
        title_zh_hans="文章甲",
        body_zh_hans=[
            paragraph(
                '<p><a href="https://Example.org/study#results">研究</a> '
                f'<a linktype="page" id="{target.pk}">目标</a> '
                f'<a linktype="document" id="{document.pk}">指南</a> '
                '<a href="mailto:team@example.org">信</a></p>'
            )
        ],
        body_en=[
            paragraph('<p><a href="https://example.org/study">study</a></p>'),
            {
                "type": "table",
                "value": {"caption": "", "table": {"data": [["see https://registry.example.net/x1"]]}},
            },
        ],
    )
    services.links_collect()
    study = Link.objects.get(url="https://example.org/study")
    assert study.host == "example.org"
    assert usages(study) == {("文章甲", "body", "zh-hans"), ("文章甲", "body", "en")}
    assert Link.objects.get(url=f"page:{target.pk}").kind == Link.Kind.PAGE
    assert Link.objects.get(url=f"document:{document.pk}").kind == Link.Kind.DOCUMENT
    assert Link.objects.filter(url="https://registry.example.net/x1").exists()
    assert not Link.objects.filter(url__startswith="mailto").exists()
    assert LinkUsage.objects.filter(object_id=str(article.pk)).count() == 5


def test_other_pages_nested_blocks_and_a_chooser_to_a_deleted_page(home, article_index):
    """A standard page's traditional-Chinese body: a link in a callout's rich text, and a
    call-to-action whose chosen page was deleted since (still a link, to report broken)."""
    contact = ArticlePageFactory(parent=article_index)
    page = StandardPageFactory(
        parent=home,
        title="关于我们",
        body_zh_hant=[
            {
                "type": "callout",
                "value": {
                    "style": "info",
                    "title": "",
                    "text": '<p><a href="https://hant.example/">看</a></p>',
                },
            },
            {"type": "wechat_cta", "value": {"title": "", "text": "", "link_page": contact.pk}},
        ],
    )
    contact.delete()
    services.links_collect()
    assert usages(Link.objects.get(url="https://hant.example/")) == {("关于我们", "body", "zh-hant")}
    assert usages(Link.objects.get(url=f"page:{contact.pk}")) == {("关于我们", "body", "zh-hant")}
    assert LinkUsage.objects.filter(object_id=str(page.pk)).count() == 2


def test_recollection_renames_the_place(article_index):
    article = ArticlePageFactory(
        parent=article_index,
        title="旧标题",
        title_zh_hans="旧标题",
        body_zh_hans=[paragraph('<p><a href="https://renamed.example/">x</a></p>')],
    )
    services.links_collect()
    article.title = article.title_zh_hans = "新标题"
    article.save()
    services.links_collect()
    assert usages(Link.objects.get(url="https://renamed.example/")) == {("新标题", "body", "zh-hans")}


def test_site_settings_and_search_promotions(home, article_index):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.wechat_qr_url = "https://weixin.qq.com/r/demo"
    site_settings.save()
    draft = ArticlePageFactory(parent=article_index, live=False)
    query = Query.get("中风")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://promoted.example/", external_link_text="推荐", description=""
    )
    SearchPromotion.objects.create(query=query, page=draft, description="")
    services.links_collect()
    assert usages(Link.objects.get(url="https://weixin.qq.com/r/demo")) == {
        (str(site_settings), "wechat_qr_url", "")
    }
    assert usages(Link.objects.get(url="https://promoted.example/")) == {
        ("中风: 推荐", "external_link_url", "")
    }
    assert usages(Link.objects.get(url=f"page:{draft.pk}")) == {(f"中风: {draft.title}", "page", "")}


def test_references_dois_and_trial_registry_links(trial_index):
    reference = ReferenceFactory(doi="10.1001/jamaneurol.2023.5200", url="https://example.org/paper")
    trial = TrialPageFactory(parent=trial_index, registry_url="https://example.org/registry-record")
    TrialRegistryIdFactory(page=trial, registry="nct", identifier="NCT02961504")
    services.links_collect()
    assert usages(Link.objects.get(url="https://doi.org/10.1001/jamaneurol.2023.5200")) == {
        (str(reference), "doi", "")
    }
    assert usages(Link.objects.get(url="https://example.org/paper")) == {(str(reference), "url", "")}
    assert (
        Link.objects.get(url="https://clinicaltrials.gov/study/NCT02961504").usages.get().field
        == "registry_ids"
    )
    assert Link.objects.filter(url="https://example.org/registry-record").exists()


def test_unpublished_pages_are_not_collected(article_index):
    ArticlePageFactory(
        parent=article_index,
        live=False,
        body_zh_hans=[paragraph('<p><a href="https://draft.example/">x</a></p>')],
    )
    services.links_collect()
    assert not Link.objects.filter(host="draft.example").exists()


def test_recollection_drops_gone_usages_and_unused_links(article_index):
    article = ArticlePageFactory(
        parent=article_index,
        body_zh_hans=[
            paragraph('<p><a href="https://old.example/">旧</a><a href="https://kept.example/">留</a></p>')
        ],
    )
    services.links_collect()
    kept = Link.objects.get(url="https://kept.example/")
    kept.status = Link.Status.OK
    kept.save()
    article.body_zh_hans = [
        paragraph('<p><a href="https://kept.example/">留</a><a href="https://new.example/">新</a></p>')
    ]
    article.save()
    services.links_collect()
    assert set(Link.objects.values_list("url", flat=True)) == {
        "https://kept.example/",
        "https://new.example/",
    }
    assert Link.objects.get(url="https://kept.example/").status == Link.Status.OK  # the result is kept

    article.delete()
    services.links_collect()
    assert not Link.objects.exists()


def test_one_page_collected_after_publish(article_index):
    other = ArticlePageFactory(
        parent=article_index, body_zh_hans=[paragraph('<p><a href="https://other.example/">x</a></p>')]
    )
    article = ArticlePageFactory(
        parent=article_index, body_zh_hans=[paragraph('<p><a href="https://a.example/">x</a></p>')]
    )
    services.links_collect()
    article.body_zh_hans = [paragraph('<p><a href="https://b.example/">x</a></p>')]
    article.save()
    link_ids = services.page_links_collect(page_id=article.pk)
    assert list(Link.objects.filter(pk__in=link_ids).values_list("url", flat=True)) == ["https://b.example/"]
    assert set(Link.objects.values_list("url", flat=True)) == {"https://other.example/", "https://b.example/"}
    assert other.pk


def test_unpublishing_drops_the_page_usages_at_once(article_index):
    article = ArticlePageFactory(
        parent=article_index, body_zh_hans=[paragraph('<p><a href="https://only-here.example/">x</a></p>')]
    )
    services.links_collect()
    assert Link.objects.filter(host="only-here.example").exists()
    article.unpublish()
    assert not Link.objects.filter(host="only-here.example").exists()
