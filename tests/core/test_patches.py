"""Third-party patches are installed from portal.core.patches, and an upgrade is noticed."""

from django.apps import apps
from modeltranslation.fields import TranslationFieldDescriptor
from wagtail.models import Page
from wagtail_modeltranslation import patch_wagtailadmin

from articles.models import ArticleIndexPage
from articles.routing import ARTICLE_INDEX_ROUTE, article_index_route
from portal.core import cached_routes, patches
from portal.core.i18n import fallback, routing, url_paths


def test_every_patch_is_installed_and_listed():
    assert TranslationFieldDescriptor.__get__ is fallback.descriptor_get
    assert patch_wagtailadmin._localized_set_url_path is url_paths.localized_set_url_path
    page_models = [model for model in apps.get_models() if issubclass(model, Page)]
    assert not [model for model in page_models if model.route is patch_wagtailadmin._new_route]
    assert ArticleIndexPage.route is article_index_route
    assert [model for model in page_models if model.route is routing.route]
    assert set(patches.applied()) == {
        patches.SCRIPT_FALLBACK,
        patches.ROOT_URL_PATH,
        patches.ROUTE_BY_SLUG_QUERY,
        patches.CACHED_ROUTE_FOR_REQUEST,
        ARTICLE_INDEX_ROUTE,
    }
    assert Page.route_for_request is cached_routes.route_for_request


def test_applying_a_patch_twice_installs_it_once(monkeypatch):
    monkeypatch.setattr(patches, "_applied", [])
    calls = []
    patch = patches.Patch(replaces="x", distribution="wagtail", checked="0", install=lambda: calls.append(1))
    patches.apply(patch)
    patches.apply(patch)

    assert calls == [1]


def test_a_patch_checked_against_another_version_warns(monkeypatch):
    stale = patches.Patch(
        replaces="wagtail.models.Page.route", distribution="wagtail", checked="1.0", install=lambda: None
    )
    monkeypatch.setattr(patches, "_applied", [*patches.applied(), stale])

    warnings = patches.check_patched_versions()

    assert [warning.id for warning in warnings] == ["core.W001"]
    assert "wagtail 1.0" in warnings[0].msg
    assert "wagtail.models.Page.route" in warnings[0].hint
