"""Publishing, unpublishing, moving, deleting, restricting a page, or editing the site
settings: the next anonymous request shows the change, everywhere the page shows."""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.core.pagecache.conftest import cache_state

pytestmark = pytest.mark.usefixtures("page_cache")
LANGUAGES = ("zh-hans", "zh-hant", "en")


def urls_of(page, sub_paths=("",)) -> list[str]:
    urls = []
    for code in LANGUAGES:
        with translation.override(code):
            urls += [page.get_url() + sub_path for sub_path in sub_paths]
    return urls


def showing(article) -> list[str]:
    """Where an article shows: its own page, its index and the index's feed, the home
    page, in every language (the sitemap, which varies on Accept-Language, is left to
    the proxy)."""
    index = article.get_parent().specific
    return urls_of(article) + urls_of(index, ("", "feed/")) + urls_of(index.get_parent())


def warm(client, urls):
    for url in urls:
        client.get(url)
        assert cache_state(client.get(url)) == "hit", url


@pytest.fixture
def bystander(article_index):
    """An article the change does not touch: its page stays cached."""
    return ArticlePageFactory(parent=article_index, title="另一篇", title_en="Another", slug_en="another")


def test_publish_purges_every_url_that_shows_the_page(
    client, article, bystander, django_capture_on_commit_callbacks
):
    urls = showing(article)
    assert len(set(urls)) == 12
    warm(client, urls + urls_of(bystander))

    article.title_zh_hans = "干细胞与中风（更新）"
    article.title_en = "Stem cells and stroke, updated"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    for url in urls:
        assert cache_state(client.get(url)) == "miss", url
    assert "干细胞与中风（更新）" in client.get(urls[0]).content.decode()
    assert "Stem cells and stroke, updated" in client.get(urls[2]).content.decode()
    assert "Stem cells and stroke, updated" in client.get(urls_of(article.get_parent())[2]).content.decode()
    assert all(cache_state(client.get(url)) == "hit" for url in urls_of(bystander))


def test_nothing_is_purged_before_the_transaction_commits(
    client, article, django_capture_on_commit_callbacks
):
    warm(client, urls_of(article))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.save_revision().publish()
    assert cache_state(client.get(urls_of(article)[0])) == "hit"
    for callback in callbacks:
        callback()
    assert cache_state(client.get(urls_of(article)[0])) == "miss"


def test_unpublish_and_delete_take_the_page_out(
    client, article, bystander, django_capture_on_commit_callbacks
):
    warm(client, showing(article) + showing(bystander))
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert all(client.get(url).status_code == 404 for url in urls_of(article))
    assert "干细胞与中风" not in client.get(urls_of(article.get_parent())[0]).content.decode()

    bystander_urls = urls_of(bystander)
    with django_capture_on_commit_callbacks(execute=True):
        bystander.delete()
    assert all(client.get(url).status_code == 404 for url in bystander_urls)


def test_a_slug_change_purges_the_old_url(client, article, django_capture_on_commit_callbacks):
    old_english = urls_of(article)[2]
    warm(client, [old_english])
    article.slug_en = "renamed"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    response = client.get(old_english)
    assert response.status_code == 301
    assert response["Location"].endswith("/en/articles/renamed/")


def test_move_purges_old_and_new_places(client, home, article, django_capture_on_commit_callbacks):
    other = ArticleIndexPageFactory(
        parent=home, title="新闻", title_zh_hans="新闻", slug_zh_hans="news", slug_en="news"
    )
    old_urls = urls_of(article)
    warm(client, old_urls + urls_of(other))
    with django_capture_on_commit_callbacks(execute=True):
        article.move(other, pos="last-child")
    assert all(client.get(url).status_code in (301, 404) for url in old_urls)
    article.refresh_from_db()
    assert all(client.get(url).status_code == 200 for url in urls_of(article))
    assert "干细胞与中风" in client.get(urls_of(other)[0]).content.decode()


def test_a_private_section_leaves_the_cache(client, article, django_capture_on_commit_callbacks):
    urls = urls_of(article) + urls_of(article.get_parent())
    warm(client, urls)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert all(client.get(url).status_code == 200 for url in urls)


def test_site_settings_purge_every_page(client, article, site_settings, django_capture_on_commit_callbacks):
    urls = showing(article)
    warm(client, urls)
    site_settings.icp_number = "京ICP备12345678号"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    for url in urls:
        response = client.get(url)
        assert cache_state(response) == "miss", url
        if response["Content-Type"].startswith("text/html"):
            assert "京ICP备12345678号" in response.content.decode(), url
