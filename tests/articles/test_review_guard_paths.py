"""The medical-review guard on the two publish paths beside the edit view: bulk publish
of an index with its draft descendants, and reverting to an earlier revision."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import ArticleIndexPage, ArticlePage
from tests.articles.conftest import make_article

pytestmark = pytest.mark.django_db

REFUSAL_ZH_HANS = "须经医学审核人批准"


@pytest.fixture
def moderator(django_user_model):
    """Wagtail's default Moderators may publish any page, articles under review excepted."""
    user = django_user_model.objects.create_user("moderator", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def draft(article_index, sample_references):
    page = make_article(article_index, sample_references, live=False, title_en="Draft", slug_en="draft")
    page.save_revision()
    return page


def bulk_publish_url(page) -> str:
    return reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={page.pk}"


def test_bulk_publish_of_the_index_with_descendants_leaves_the_article_unpublished(
    client, article_index, draft, moderator
):
    article_index.save_revision()
    client.force_login(moderator)
    response = client.post(bulk_publish_url(article_index), {"include_descendants": "on"}, follow=True)

    assert response.status_code == 200
    assert not ArticlePage.objects.get(pk=draft.pk).live
    assert REFUSAL_ZH_HANS in response.content.decode()


def test_bulk_publish_of_the_index_alone_still_works(client, article_index, draft, moderator):
    article_index.title_zh_hans = "文章（新）"
    article_index.save_revision()
    client.force_login(moderator)
    client.post(bulk_publish_url(article_index), {})

    assert ArticlePage.objects.get(pk=draft.pk).live is False
    assert ArticleIndexPage.objects.get(pk=article_index.pk).title_zh_hans == "文章（新）"


def test_revert_and_publish_of_an_article_under_review_is_refused(client, article, moderator):
    first = article.save_revision()
    article.title_zh_hans = "改过的标题"
    article.save_revision()
    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:revisions_revert", args=(article.pk, first.pk))

    page_html = client.get(url).content.decode()
    assert 'name="action-publish"' not in page_html
    response = client.post(url, {"action-publish": "action-publish"}, follow=True)

    assert REFUSAL_ZH_HANS in response.content.decode()
    assert ArticlePage.objects.get(pk=article.pk).live_revision_id != first.pk


def test_superuser_may_revert_and_publish(client, article, admin_user):
    first = article.save_revision()
    article.save_revision()
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:revisions_revert", args=(article.pk, first.pk))

    assert 'name="action-publish"' in client.get(url).content.decode()
