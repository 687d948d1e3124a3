"""Where an imported article goes, and what the importing user may do there.

Reads only: the preview and the import itself ask the same questions here, so
what the preview promises is what the import does.
"""

from __future__ import annotations

import enum
import html

from django.conf import settings
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from articles import review
from articles.importer.document import Problem, lazy_format
from articles.models import ArticleIndexPage, ArticlePage
from articles.models.imports import import_key
from portal.core.i18n.chinese import to_simplified
from portal.core.i18n.slugs import language_codes

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


class ImportAborted(Exception):
    """Nothing is (or will be) written; the problems say why."""

    def __init__(self, *problems: Problem):
        super().__init__(problems)
        self.problems = list(problems)


class ImportAction(enum.StrEnum):
    DRAFT = "draft"
    PUBLISH = "publish"
    SUBMIT = "submit"  # to the article's review workflow, instead of publishing


def default_title(title: str, lang: str) -> str:
    """The default-language (zh-hans) title for a title imported in `lang`."""
    return to_simplified(title) if lang == "zh-hant" else title


def default_parent() -> ArticleIndexPage | None:
    """The article index, when the site has exactly one."""
    indexes = list(ArticleIndexPage.objects.all()[:2])
    return indexes[0] if len(indexes) == 1 else None


def import_target(*, title: str, lang: str, parent, page) -> tuple[Page, ArticlePage | None]:
    """The index the article lives under and the existing article (None: a new one)."""
    if page is not None:
        page = ArticlePage.objects.filter(pk=page.pk).first()
        if page is None:
            raise ImportAborted(Problem("no_page", _("The article to update does not exist.")))
        return page.get_parent().specific, page
    if parent is None:
        parent = default_parent()
        if parent is None:
            raise ImportAborted(Problem("no_parent", _("Choose the article index to import into.")))
    parent = parent.specific
    if not isinstance(parent, ArticleIndexPage):
        raise ImportAborted(
            Problem(
                "bad_parent",
                lazy_format(_("“%(page)s” is not an article index page."), {"page": str(parent)}),
            )
        )
    return parent, find_existing(title=title, lang=lang, parent=parent)


def find_existing(*, title: str, lang: str, parent: Page) -> ArticlePage | None:
    """The article under `parent` this file was imported as before: the key stored at
    import (its whole normalised title in `lang`), else a page with exactly this title."""
    children = ArticlePage.objects.child_of(parent).order_by("pk")
    found = children.filter(import_keys__language=lang, import_keys__key=import_key(title)).first()
    if found is None:
        query = Q(**{build_localized_fieldname("title", lang): title})
        query |= Q(**{build_localized_fieldname("title", DEFAULT_LANGUAGE): default_title(title, lang)})
        found = children.filter(query).first()
    return found


def same_title(page: ArticlePage, *, title: str, lang: str) -> bool:
    titles = {getattr(page, build_localized_fieldname("title", code)) or "" for code in language_codes()}
    return title in titles or default_title(title, lang) in titles


def import_action(user, *, parent: Page, page: ArticlePage | None, publish: bool) -> ImportAction:
    """Publish, or go through the review: for an article under a workflow, a non-superuser's
    "Publish" submits the revision (articles/review.py). The command line (no user) publishes."""
    if not publish:
        return ImportAction.DRAFT
    if user is not None and review.direct_publish_blocked(user, page, parent=parent):
        return ImportAction.SUBMIT
    return ImportAction.PUBLISH


def check_import_allowed(user, *, parent: Page, page: ArticlePage | None, action: ImportAction) -> None:
    """Raise ImportAborted unless `user` may do `action`; a page the admin edit view would
    refuse to save (locked, or awaiting a review the user may not take part in) is refused
    with Wagtail's own message."""
    if user is None:
        return  # the command line: whoever runs manage.py
    if page is not None:
        permissions = page.permissions_for_user(user)
        allowed = permissions.can_edit() and (action != ImportAction.PUBLISH or permissions.can_publish())
    else:
        permissions = parent.permissions_for_user(user)
        allowed = permissions.can_add_subpage() and (
            action != ImportAction.PUBLISH or permissions.can_publish_subpage()
        )
    if not allowed:
        raise ImportAborted(
            Problem("permission", _("You do not have permission to import this article here."))
        )
    lock = page.get_lock() if page is not None else None
    if lock is not None and lock.for_user(user):
        raise ImportAborted(Problem("locked", _lazy_lock_message(lock, user)))


def _lock_message(lock, user) -> str:
    # The edit view's own words (Wagtail's catalogue translates them), then the lock's reason.
    message = gettext("The page could not be saved as it is locked.")
    reason = html.unescape(strip_tags(lock.get_message(user) or ""))
    return f"{message} {reason}".strip()


# Rendered where it is shown, in the editor's language (the import runs in the default one).
_lazy_lock_message = lazy(_lock_message, str)
