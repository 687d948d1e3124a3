"""The admin's article list and its "needs translation" filter."""

import pytest

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory


@pytest.fixture
def articles(home):
    index = ArticleIndexPageFactory(parent=home)
    translated = ArticlePageFactory(parent=index, title="已翻译的文章")
    pending = ArticlePageFactory(parent=index, title="Waiting for a translation", needs_translation=True)
    return translated, pending


def test_filter_lists_only_articles_needing_translation(client, admin_user, articles):
    client.force_login(admin_user)
    everything = client.get("/admin/articles/").content.decode()
    assert "已翻译的文章" in everything and "Waiting for a translation" in everything

    pending_only = client.get("/admin/articles/?needs_translation=true").content.decode()
    assert "Waiting for a translation" in pending_only
    assert "已翻译的文章" not in pending_only


def test_importer_upload_view_is_reachable_from_the_admin(client, admin_user, articles):
    from django.urls import reverse

    client.force_login(admin_user)
    url = reverse("articles_import")
    assert client.get(url).status_code == 200
