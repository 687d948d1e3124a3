import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticleIndexPage, ArticlePage, Person, Topic
from portal.core.models import HomePage, StandardPage
from tests.articles.conftest import make_article
from tests.articles.factories import PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


class TestCreationRules:
    def test_where_pages_may_be_created(self, home, article_index):
        assert ArticleIndexPage.can_create_at(home)
        assert ArticlePage.can_create_at(article_index)
        assert not ArticlePage.can_create_at(home)
        assert not ArticleIndexPage.can_create_at(article_index)
        assert ArticleIndexPage.allowed_subpage_models() == [ArticlePage]
        assert ArticlePage.allowed_subpage_models() == []
        assert HomePage in ArticleIndexPage.allowed_parent_page_models()
        assert StandardPage not in ArticleIndexPage.allowed_parent_page_models()

    def test_topic_gets_an_ascii_slug(self, db):
        assert Topic.objects.create(name="新生儿", name_zh_hans="新生儿").slug == "xin-sheng-er"
        assert Topic.objects.create(name="缺血", name_zh_hans="缺血", name_en="Ischaemia").slug == "ischaemia"


class TestCitationValidation:
    def test_marker_past_the_list_is_a_validation_error_on_save(self, article_index, sample_references):
        with (
            translation.override("en"),
            pytest.raises(ValidationError, match=r"\[1-3\]: no reference 3 \(the list has 2\)"),
        ):
            make_article(article_index, sample_references[:2])
        assert not ArticlePage.objects.exists()

    def test_markers_within_the_list_save(self, article_index, sample_references):
        page = make_article(article_index, sample_references)
        stored = ArticlePage.objects.get(pk=page.pk)
        assert "[1-3]" in str(stored.body_zh_hans.raw_data)
        assert [link.reference_id for link in stored.reference_links.all()] == [
            r.pk for r in sample_references
        ]

    def test_admin_form_reports_the_marker_and_saves_nothing(self, admin_client, article, sample_references):
        data = nested_form_data(
            {
                "title_zh_hans": article.title_zh_hans,
                "slug_zh_hans": article.slug_zh_hans,
                "publish_date": "2025-03-01",
                "body_zh_hans": streamfield([("paragraph", rich_text("<p>见文献[1]和[5]。</p>"))]),
                "body_zh_hant": streamfield([]),
                "body_en": streamfield([]),
                "reference_links": inline_formset(
                    [
                        {"id": link.pk, "reference": link.reference_id}
                        for link in article.reference_links.all()
                    ],
                    initial=3,
                ),
                "author_links": inline_formset([]),
                "related_picks": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "[5]：没有参考文献 5（列表共 3 条）" in html  # the editor's language
        revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision()
        assert revision is None or "[5]" not in str(revision.content)

    def test_admin_form_counts_the_submitted_references(self, admin_client, article_index, sample_references):
        # Adding references and their markers in the same save is fine.
        one = [{"type": "paragraph", "value": "<p>见文献[1]。</p>"}]
        article = make_article(article_index, sample_references[:1], body_zh_hans=one, body_en=[])
        existing = article.reference_links.get()
        submitted = [{"id": existing.pk, "reference": existing.reference_id}] + [
            {"reference": r.pk} for r in sample_references[1:]
        ]
        data = nested_form_data(
            {
                "title_zh_hans": article.title_zh_hans,
                "slug_zh_hans": article.slug_zh_hans,
                "publish_date": "2025-03-01",
                "body_zh_hans": streamfield([("paragraph", rich_text("<p>见文献[1-3]。</p>"))]),
                "body_zh_hant": streamfield([]),
                "body_en": streamfield([]),
                "reference_links": inline_formset(submitted, initial=1),
                "author_links": inline_formset([]),
                "related_picks": inline_formset([]),
                "comments": inline_formset([]),
            }
        )
        response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
        assert len(revision.reference_links.all()) == 3


class TestEditability:
    def test_edit_views(self, admin_client, article_index, article):
        for page in (article_index, article):
            response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
            assert response.status_code == 200
        html = admin_client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
        # The reorder warning, in the editor's language (the default, Simplified Chinese).
        assert "调整顺序后，请检查每种语言中的引用标记" in html

    def test_add_views(self, admin_client, home, article_index):
        add = "wagtailadmin_pages:add"
        assert (
            admin_client.get(reverse(add, args=("articles", "articlepage", article_index.pk))).status_code
            == 200
        )
        assert (
            admin_client.get(reverse(add, args=("articles", "articleindexpage", home.pk))).status_code == 200
        )

    def test_snippets(self, admin_client):
        person = PersonFactory(name="张医生", name_zh_hans="张医生")
        topic = TopicFactory()
        for model, obj in ((Person, person), (Topic, topic)):
            label = model._meta.model_name
            assert admin_client.get(reverse(f"wagtailsnippets_articles_{label}:list")).status_code == 200
            assert (
                admin_client.get(
                    reverse(f"wagtailsnippets_articles_{label}:edit", args=(obj.pk,))
                ).status_code
                == 200
            )
        response = admin_client.get(reverse("wagtailsnippets_articles_person:list"), {"q": "张"})
        assert "张医生" in response.content.decode()
