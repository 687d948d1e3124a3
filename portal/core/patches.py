"""Every change we make to third-party code, installed from one place.

Each `Patch` names the upstream behaviour it replaces and the upstream version whose
source we read; a system check warns when the installed version differs, so an
upgrade is the moment to read that code again.

`install()` runs from CoreConfig.ready(), after wagtail-modeltranslation's ready()
has patched the page models (it comes first in INSTALLED_APPS). An app that portal
may not import (articles) defines its own `Patch` and hands it to `apply()` from
its AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

from django.apps import apps
from django.core import checks
from modeltranslation.fields import TranslationFieldDescriptor
from wagtail.models import Page
from wagtail_modeltranslation import patch_wagtailadmin

from portal.core import cached_routes
from portal.core.i18n import fallback, routing, url_paths


@dataclass(frozen=True)
class Patch:
    replaces: str  # the upstream code replaced, as upstream names it
    distribution: str  # the PyPI distribution that code ships in
    checked: str  # the version of it whose source we read
    install: Callable[[], None]


_applied: list[Patch] = []


def apply(patch: Patch) -> None:
    if patch in _applied:
        return
    patch.install()
    _applied.append(patch)


def applied() -> list[Patch]:
    return list(_applied)


def _convert_partner_script() -> None:
    TranslationFieldDescriptor.__get__ = fallback.descriptor_get


def _root_url_path() -> None:
    patch_wagtailadmin._localized_set_url_path = url_paths.localized_set_url_path


def _route_by_slug_query() -> None:
    for model in apps.get_models():
        if issubclass(model, Page) and model.route is patch_wagtailadmin._new_route:
            model.route = routing.route


def _cached_route_for_request() -> None:
    Page.route_for_request = staticmethod(cached_routes.route_for_request)


SCRIPT_FALLBACK = Patch(
    replaces="modeltranslation.fields.TranslationFieldDescriptor.__get__ "
    "(falls back to the other Chinese script's value unconverted)",
    distribution="django-modeltranslation",
    checked="0.20.6",
    install=_convert_partner_script,
)
ROOT_URL_PATH = Patch(
    replaces="wagtail_modeltranslation.patch_wagtailadmin._localized_set_url_path "
    "(gives top-level pages 'home/' when the root's translated url_path is empty)",
    distribution="wagtail-modeltranslation",
    checked="0.16.1",
    install=_root_url_path,
)
ROUTE_BY_SLUG_QUERY = Patch(
    replaces="wagtail_modeltranslation.patch_wagtailadmin._new_route on every page model "
    "(loads every child of a page to compare translated slugs in Python)",
    distribution="wagtail-modeltranslation",
    checked="0.16.1",
    install=_route_by_slug_query,
)

CACHED_ROUTE_FOR_REQUEST = Patch(
    replaces="wagtail.models.Page.route_for_request "
    "(a Site query, a query per level of the tree and a view-restriction query per page view)",
    distribution="wagtail",
    checked="7.4.4",
    install=_cached_route_for_request,
)


def install() -> None:
    for patch in (SCRIPT_FALLBACK, ROOT_URL_PATH, ROUTE_BY_SLUG_QUERY, CACHED_ROUTE_FOR_REQUEST):
        apply(patch)


@checks.register()
def check_patched_versions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Warning(
            f"A patch was checked against {patch.distribution} {patch.checked}, "
            f"but {version(patch.distribution)} is installed.",
            hint=f"Read the new source of {patch.replaces} and update portal/core/patches.py.",
            id="core.W001",
        )
        for patch in _applied
        if version(patch.distribution) != patch.checked
    ]
