"""The admin's article list and its "needs translation" filter."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

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


def sidebar_links(html: str) -> dict[str, str]:
    """The admin sidebar's menu items, {url: label}, from the props Wagtail renders as JSON."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    links = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("_type") == "wagtail.sidebar.LinkMenuItem":
                item = node["_args"][0]
                links[item["url"]] = item["label"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return links


def test_importer_upload_view_is_reachable_from_the_admin(client, admin_user, articles):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin_user)
    url = reverse("articles_import")
    assert (
        sidebar_links(client.get(reverse("wagtailadmin_home")).content.decode()).get(url) == "Import article"
    )
    response = client.get(url)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
