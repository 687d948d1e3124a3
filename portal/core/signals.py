"""Redirects for every language whose URL changed.

Wagtail's redirects app creates a redirect when the slug of the language active
at save time changes; with per-language slugs the other languages' URLs can
change too (their own slug, or the default slug they fall back to).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.redirects.signal_handlers import create_redirects
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.core.models import SiteSettings
from portal.core.navigation import navigation_changed


def _url_path_columns() -> dict[str, str]:
    return {code: build_localized_fieldname("url_path", code) for code, _ in settings.LANGUAGES}


def remember_url_paths(sender, instance, **kwargs):
    if not isinstance(instance, Page) or not instance.pk or not instance.live:
        return
    columns = _url_path_columns()
    old = Page.objects.filter(pk=instance.pk).values(*columns.values()).first()
    instance._url_paths_before_save = old


def redirect_changed_url_paths(sender, instance, created, **kwargs):
    old = getattr(instance, "_url_paths_before_save", None)
    if created or not old or not getattr(settings, "WAGTAILREDIRECTS_AUTO_CREATE", True):
        return
    instance._url_paths_before_save = None
    sites = Site.objects.filter(
        id__in=[option.site_id for option in instance._get_relevant_site_root_paths(cache_object=instance)]
    ).exclude(root_page=instance)
    for code, column in _url_path_columns().items():
        before, after = old[column], getattr(instance, column)
        if not before or before == after:
            continue
        page_old = type(instance)()
        page_old.__dict__.update(instance.__dict__)
        page_old.__dict__[column] = before
        with translation.override(code):
            create_redirects(page=instance, page_old=page_old, sites=sites)


def connect():
    pre_save.connect(remember_url_paths, dispatch_uid="portal.core.remember_url_paths")
    post_save.connect(redirect_changed_url_paths, dispatch_uid="portal.core.redirect_url_paths")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(navigation_changed, dispatch_uid=f"portal.core.navigation.{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="portal.core.navigation.delete")
    post_save.connect(navigation_changed, sender=SiteSettings, dispatch_uid="portal.core.navigation.settings")
    # A section made private (or public again) leaves or joins the cached menu at once;
    # a site changed moves the routes kept in the cache (portal.core.cached_routes).
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                navigation_changed,
                sender=model,
                dispatch_uid=f"portal.core.navigation.{model.__name__}.{id(signal)}",
            )


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        navigation_changed()
