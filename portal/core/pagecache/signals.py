"""What purges stored pages: publish, unpublish, move, delete, a view restriction
changed (the page and its section), and any edit of site-wide settings."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from portal.core.pagecache.purge import page_urls, purge_everything, purge_urls, urls_showing

# URLs a page showed before it moved, by page id, from pre_page_move to post_page_move.
_before_move: dict[int, set[str]] = {}


def page_changed(instance, **kwargs):
    purge_urls(urls_showing(instance))


def page_will_move(instance, **kwargs):
    _before_move[instance.pk] = urls_showing(instance)


def page_moved(instance, **kwargs):
    # Every URL under the page changed too: the app layer drops everything; the proxy
    # refreshes the old and new URLs of the page and its listings, and its copies of the
    # pages below expire on their own (they redirect then).
    purge_urls(_before_move.pop(instance.pk, set()) | urls_showing(Page.objects.get(pk=instance.pk)))
    purge_everything()


def page_will_be_saved(instance, update_fields=None, **kwargs):
    """Remember a live page's URLs before a full save (a publish): a changed slug moves them."""
    if isinstance(instance, Page) and instance.pk and instance.live and update_fields is None:
        stored = Page.objects.filter(pk=instance.pk).first()
        instance._pagecache_urls_before_save = page_urls(stored) if stored else set()


def page_saved(instance, **kwargs):
    before = getattr(instance, "_pagecache_urls_before_save", None)
    if before is None:
        return
    instance._pagecache_urls_before_save = None
    if gone := before - page_urls(instance):
        purge_urls(gone)


def page_will_be_deleted(instance, **kwargs):
    if isinstance(instance, Page):
        purge_urls(urls_showing(instance))


def restriction_changed(instance, **kwargs):
    """A private page must leave both caches with the pages below it."""
    if not Page.objects.filter(pk=instance.page_id).exists():
        return  # deleted with its page, which purged itself
    section = Page.objects.descendant_of(instance.page, inclusive=True).live().specific(defer=True)
    purge_urls(set().union(*(page_urls(page) for page in section)) | urls_showing(instance.page))
    purge_everything()


def setting_saved(instance, **kwargs):
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        purge_everything()


def connect():
    page_published.connect(page_changed, dispatch_uid="portal.core.pagecache.published")
    page_unpublished.connect(page_changed, dispatch_uid="portal.core.pagecache.unpublished")
    pre_page_move.connect(page_will_move, dispatch_uid="portal.core.pagecache.pre_move")
    post_page_move.connect(page_moved, dispatch_uid="portal.core.pagecache.post_move")
    pre_save.connect(page_will_be_saved, dispatch_uid="portal.core.pagecache.pre_save")
    post_save.connect(page_saved, dispatch_uid="portal.core.pagecache.post_save")
    pre_delete.connect(page_will_be_deleted, dispatch_uid="portal.core.pagecache.delete")
    post_save.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="portal.core.pagecache.restrict"
    )
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="portal.core.pagecache.public"
    )
    post_save.connect(setting_saved, dispatch_uid="portal.core.pagecache.settings")
