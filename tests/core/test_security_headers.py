"""What browsers are told: CSP (strict on the public site, Wagtail's needs in the admin),
Permissions-Policy, Referrer-Policy, nosniff, and the favicon every page asks for."""

import re

import pytest

from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


@pytest.fixture
def article(home):
    index = ArticleIndexPageFactory(parent=home)
    return ArticlePageFactory(parent=index, title="干细胞与中风", slug_en="stem-cells", title_en="Stem cells")


def test_article_json_ld_runs_by_the_nonce_of_its_response(client, article):
    response = client.get(article.get_url())
    assert response.status_code == 200
    policy = directives(response)
    (nonce,) = [value for value in policy["script-src"] if value.startswith("'nonce-")]
    assert policy["script-src"] == ["'self'", nonce]
    assert "'unsafe-inline'" not in policy["style-src"]
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    inline = [tag for tag in scripts if "src=" not in tag]
    assert inline == [f'<script type="application/ld+json" nonce="{nonce[7:-1]}">']

    again = directives(client.get(article.get_url()))["script-src"]
    assert again != policy["script-src"], "a nonce is never reused between rendered responses"


def test_public_pages_send_the_other_security_headers(client, home):
    response = client.get("/zh-hans/")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert directives(response)["object-src"] == ["'none'"]
    assert "script-src" in directives(response)  # no nonce used: 'self' only
    assert directives(response)["script-src"] == ["'self'"]


def test_the_admin_gets_the_policy_wagtail_needs(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # a nonce would void unsafe-inline
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "blob:" in policy["img-src"]


def test_favicon_is_linked_and_answers_at_the_root(client, home):
    html = client.get("/zh-hans/").content.decode()
    linked = re.search(r'<link rel="icon" href="([^"]+\.ico)"', html).group(1)
    icon = client.get(linked)
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file

    root = client.get("/favicon.ico")
    assert root.status_code == 200
    assert root["Content-Type"] == "image/x-icon"
    assert root.content[:4] == b"\x00\x00\x01\x00"
    assert "max-age=86400" in root["Cache-Control"]
    assert client.head("/favicon.ico").status_code == 200
