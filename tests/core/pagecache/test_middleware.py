"""Which requests the app-level page cache answers, and what a hit costs."""

import pytest
from django.test import override_settings

from tests.core.pagecache.conftest import cache_state
from tests.inquiries.factories import ContactPageFactory

pytestmark = pytest.mark.usefixtures("page_cache")


def test_a_hit_serves_the_same_page_without_sql(client, article, django_assert_num_queries):
    url = article.get_url()
    first = client.get(url)
    assert (first.status_code, cache_state(first)) == (200, "miss")
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert (hit.status_code, cache_state(hit)) == (200, "hit")
    assert hit.content == first.content
    assert "干细胞与中风" in hit.content.decode()
    # The JSON-LD's nonce still matches the policy sent with the stored page.
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert hit["Content-Type"] == first["Content-Type"]


def test_each_language_is_its_own_entry(client, article, django_assert_num_queries):
    for url in ("/zh-hans/", "/en/"):
        client.get(url)
    with django_assert_num_queries(0):
        chinese, english = client.get("/zh-hans/"), client.get("/en/")
    assert (cache_state(chinese), cache_state(english)) == ("hit", "hit")
    assert '<html lang="zh-Hans">' in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_logged_in_users_always_get_a_fresh_page(client, admin_client, article):
    url = article.get_url()
    client.get(url)
    assert cache_state(client.get(url)) == "hit"
    for _ in range(2):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert cache_state(response) is None


def test_urls_with_a_query_string_are_not_cached(client, article):
    """Search results per query, filters, pages of a listing, exports."""
    for url in ("/zh-hans/search/?q=中风", f"{article.get_parent().get_url()}?page=1"):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert cache_state(response) is None


def test_forms_and_posts_are_never_cached(client, home):
    contact = ContactPageFactory(parent=home)
    for _ in range(2):
        response = client.get(contact.get_url())
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert cache_state(response) is None
    client.get("/zh-hans/")
    posted = client.post("/zh-hans/", {})
    assert cache_state(posted) is None


def test_pages_that_vary_on_the_visitors_language_header_are_not_cached(client, article):
    """`/` and the sitemap answer by Accept-Language: one stored copy would fit one visitor."""
    for url in ("/", "/sitemap.xml"):
        for _ in range(2):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert "Accept-Language" in response["Vary"]
            assert cache_state(response) is None


def test_the_admin_and_previews_are_never_cached(client, admin_client, article):
    assert cache_state(client.get("/admin/login/")) is None
    preview = admin_client.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert cache_state(preview) is None
    assert cache_state(client.get(article.get_url())) == "miss"  # the preview stored nothing


def test_redis_down_renders_the_page_uncached(client, article):
    down = {
        "default": {
            "BACKEND": "portal.core.redis_cache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    with override_settings(CACHES=down):
        for _ in range(2):
            response = client.get(article.get_url())
            assert response.status_code == 200
            assert "干细胞与中风" in response.content.decode()
            assert cache_state(response) == "miss"


def test_a_stored_page_is_marked_cacheable_for_the_proxy(client, article, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 123
    assert client.get(article.get_url())["X-Accel-Expires"] == "123"
    assert client.get(article.get_url())["X-Accel-Expires"] == "123"
    assert "X-Accel-Expires" not in client.get("/zh-hans/search/?q=x")
