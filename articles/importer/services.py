"""Import an article file as an ArticlePage: all or nothing (SPEC 2.B Import)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import log
from wagtail.models import Page

from articles.importer.checks import script_warnings
from articles.importer.document import ParsedArticle, Problem, lazy_format
from articles.importer.markers import renumber
from articles.importer.parser import parse_article_bytes
from articles.importer.references import ResolvedReference, resolve_entry
from articles.importer.stream import stream_data
from articles.models import ArticleIndexPage, ArticlePage, ArticlePageReference
from portal.core.chinese import to_simplified
from portal.core.slugs import ascii_slug, language_codes

logger = logging.getLogger(__name__)

IMPORT_ACTION = "articles.import_article"
IMPORT_ACTION_LABEL = _("Import article")
IMPORT_ACTION_MESSAGE = _("Article imported from a file")
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
NEEDS_TRANSLATION_FIELD = "needs_translation"


@dataclass
class ImportResult:
    document: ParsedArticle
    page: ArticlePage | None = None
    created: bool = False
    published: bool = False
    references: list[ResolvedReference] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    url: str = ""
    edit_url: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def block_counts(self) -> dict[str, int]:
        return self.document.block_counts()

    @property
    def references_created(self) -> int:
        return len({r.reference.pk for r in self.references if r.created})

    @property
    def references_reused(self) -> int:
        return len({r.reference.pk for r in self.references if not r.created})

    def summary(self) -> str:
        """One line: what was imported (translated in the active language)."""
        blocks = ", ".join(f"{kind} {count}" for kind, count in sorted(self.block_counts.items()))
        return str(
            _(
                "blocks: %(blocks)s; references: %(created)d created, %(reused)d reused; "
                "warnings: %(warnings)d"
            )
            % {
                "blocks": blocks or "0",
                "created": self.references_created,
                "reused": self.references_reused,
                "warnings": len(self.warnings),
            }
        )


class _Abort(Exception):
    """Roll the import back; the problems say why."""

    def __init__(self, *problems: Problem):
        super().__init__(problems)
        self.problems = list(problems)


def article_import(
    *,
    data: bytes,
    lang: str,
    parent: Page | None,
    page: ArticlePage | None = None,
    title: str | None = None,
    publish: bool = False,
    user=None,
    source: str = "",
) -> ImportResult:
    """Parse `data` and create a draft ArticlePage under `parent`, or add a revision to
    `page` (else to the article under `parent` with the same slug). Structural errors
    in the file, or a page that cannot be saved, create nothing."""
    document = parse_article_bytes(data, lang=lang, title=title)
    result = ImportResult(document=document, warnings=list(document.warnings))
    if document.errors:
        result.errors = list(document.errors)
        return result
    result.warnings.extend(script_warnings(document))
    try:
        with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
            _import(result, lang=lang, parent=parent, page=page, publish=publish, user=user, source=source)
    except _Abort as abort:
        result.errors = abort.problems
        result.page, result.references, result.url, result.edit_url = None, [], "", ""
        result.created = result.published = False
        return result
    with translation.override(lang):
        result.url = result.page.get_url() or ""
    result.edit_url = reverse("wagtailadmin_pages:edit", args=[result.page.pk])
    logger.info(
        "article imported",
        extra={
            "page_id": result.page.pk,
            "language": lang,
            "new_page": result.created,
            "published": result.published,
            "references_created": result.references_created,
            "references_reused": result.references_reused,
            "warnings": len(result.warnings),
        },
    )
    return result


def _import(result: ImportResult, *, lang, parent, page, publish, user, source):
    document = result.document
    parent, existing = _target(document, lang=lang, parent=parent, page=page)
    _check_permissions(user, parent=parent, page=existing, publish=publish)
    if existing is not None and page is None and not _same_title(existing, document, lang=lang):
        result.warnings.append(
            Problem(
                "matched_by_slug",
                lazy_format(
                    _(
                        "Added a revision to the existing article “%(title)s”, found by its slug; "
                        "its title differs."
                    ),
                    {"title": existing.title_zh_hans},
                ),
            )
        )

    draft = existing.get_latest_revision_as_object() if existing else ArticlePage()
    for entry in document.references:
        resolved, warnings = resolve_entry(entry, user=user, source=source or "article import")
        result.references.append(resolved)
        result.warnings.extend(warnings)
    mapping = _reference_list(draft, result.references, lang=lang, existing=existing is not None)

    _fill_fields(draft, document, lang=lang, mapping=mapping, new=existing is None)
    try:
        if existing is None:
            draft.live = False
            parent.add_child(instance=draft)
            revision = draft.save_revision(user=user, log_action=False)
            log(instance=draft, action="wagtail.create", user=user)
        else:
            revision = draft.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    except ValidationError as exc:
        raise _Abort(
            *(Problem("invalid_page", message) for message in exc.messages),
        ) from exc
    result.page = ArticlePage.objects.get(pk=draft.pk)
    result.created = existing is None
    result.published = publish
    with translation.override("en"):
        warnings = [str(warning) for warning in result.warnings]
    _ensure_log_action()
    log(
        instance=result.page,
        action=IMPORT_ACTION,
        user=user,
        data={
            "language": lang,
            "source": source,
            "created": result.created,
            "published": publish,
            "revision_id": revision.pk,
            "blocks": document.block_counts(),
            "references_created": result.references_created,
            "references_reused": result.references_reused,
            "warnings": warnings,
        },
    )


def register_log_action(actions) -> None:
    actions.register_action(IMPORT_ACTION, IMPORT_ACTION_LABEL, IMPORT_ACTION_MESSAGE)


def _ensure_log_action() -> None:
    """Wagtail refuses log entries for unknown actions; our hook module is registered
    through articles/wagtail_hooks.py, and this keeps an import from failing without it."""
    from wagtail.log_actions import registry

    if not registry.action_exists(IMPORT_ACTION):
        register_log_action(registry)


# Where the article goes --------------------------------------------------------


def default_title(title: str, lang: str) -> str:
    """The default-language (zh-hans) title for a title imported in `lang`."""
    return to_simplified(title) if lang == "zh-hant" else title


def default_parent() -> ArticleIndexPage | None:
    """The article index, when the site has exactly one."""
    indexes = list(ArticleIndexPage.objects.all()[:2])
    return indexes[0] if len(indexes) == 1 else None


def _target(document, *, lang, parent, page) -> tuple[Page, ArticlePage | None]:
    if page is not None:
        page = ArticlePage.objects.filter(pk=page.pk).first()
        if page is None:
            raise _Abort(Problem("no_page", _("The article to update does not exist.")))
        return page.get_parent().specific, page
    if parent is None:
        parent = default_parent()
        if parent is None:
            raise _Abort(Problem("no_parent", _("Choose the article index to import into.")))
    parent = parent.specific
    if not isinstance(parent, ArticleIndexPage):
        raise _Abort(
            Problem(
                "bad_parent",
                lazy_format(_("“%(page)s” is not an article index page."), {"page": str(parent)}),
            )
        )
    return parent, find_existing(document, lang=lang, parent=parent)


def find_existing(document, *, lang: str, parent: Page) -> ArticlePage | None:
    """The article under `parent` this file was imported as before: same slug."""
    default_slug = ascii_slug(default_title(document.title, lang))
    own_slug = ascii_slug(document.title)
    query = Q(**{build_localized_fieldname("slug", DEFAULT_LANGUAGE): default_slug})
    query |= Q(**{build_localized_fieldname("slug", lang): own_slug})
    return ArticlePage.objects.child_of(parent).filter(query).order_by("pk").first()


def _same_title(page: ArticlePage, document, *, lang: str) -> bool:
    titles = {getattr(page, build_localized_fieldname("title", code)) or "" for code in language_codes()}
    return document.title in titles or default_title(document.title, lang) in titles


def _check_permissions(user, *, parent, page, publish):
    if user is None:
        return  # the command line: whoever runs manage.py
    if page is not None:
        permissions = page.permissions_for_user(user)
        allowed = permissions.can_edit() and (not publish or permissions.can_publish())
    else:
        permissions = parent.permissions_for_user(user)
        allowed = permissions.can_add_subpage() and (not publish or permissions.can_publish_subpage())
    if not allowed:
        raise _Abort(Problem("permission", _("You do not have permission to import this article here.")))


# The page's fields -----------------------------------------------------------------


def _reference_list(draft, resolved: list[ResolvedReference], *, lang, existing: bool) -> dict[int, int]:
    """Set the page's reference list; returns entry number -> position in it.

    A page whose other languages already cite its list keeps that list (the
    markers there are positions in it) and gains the new references at its end.
    """
    wanted = list(dict.fromkeys(r.reference.pk for r in resolved))
    current = [link.reference_id for link in draft.reference_links.all()]
    if existing and current and _other_languages_cite(draft, lang):
        final = current + [pk for pk in wanted if pk not in current]
    else:
        final = wanted
    draft.reference_links = [
        ArticlePageReference(reference_id=pk, sort_order=position) for position, pk in enumerate(final)
    ]
    return {r.entry.number: final.index(r.reference.pk) + 1 for r in resolved}


def _other_languages_cite(draft, lang) -> bool:
    from articles import citations

    for code in language_codes():
        if code == lang:
            continue
        body = getattr(draft, build_localized_fieldname("body", code))
        raw = body.get_prep_value() if hasattr(body, "get_prep_value") else body
        if any(citations.find_markers(text) for text in citations.strings_in(raw or [])):
            return True
    return False


def _fill_fields(draft, document: ParsedArticle, *, lang, mapping, new: bool):
    def localized(name, code=lang):
        return build_localized_fieldname(name, code)

    text = (lambda value: renumber(value, mapping)) if any(k != v for k, v in mapping.items()) else str
    old_title = getattr(draft, localized("title"), "") or ""
    english_placeholder = _english_placeholder(draft)
    setattr(draft, localized("title"), document.title)
    if lang == "zh-hant":
        current = getattr(draft, localized("title", DEFAULT_LANGUAGE), "") or ""
        if new or not current or english_placeholder or current == to_simplified(old_title):
            setattr(draft, localized("title", DEFAULT_LANGUAGE), default_title(document.title, lang))
    elif lang == "en" and new:
        # The default language's title is required: use the English one until translated.
        setattr(draft, localized("title", DEFAULT_LANGUAGE), document.title)
        if _has_field(NEEDS_TRANSLATION_FIELD):
            setattr(draft, NEEDS_TRANSLATION_FIELD, True)
    if lang != "en" and english_placeholder and _has_field(NEEDS_TRANSLATION_FIELD):
        setattr(draft, NEEDS_TRANSLATION_FIELD, False)  # the Chinese text has arrived
    setattr(draft, localized("summary"), text(document.summary))
    setattr(draft, localized("disclaimer"), document.disclaimer)
    setattr(draft, localized("body"), stream_data(document, text=text))


def _english_placeholder(draft) -> bool:
    """Was the default-language title filled with the English one by an English import?"""
    english = getattr(draft, build_localized_fieldname("title", "en"), "") or ""
    default = getattr(draft, build_localized_fieldname("title", DEFAULT_LANGUAGE), "") or ""
    return bool(english) and default == english


def _has_field(name: str) -> bool:
    return any(f.name == name for f in ArticlePage._meta.get_fields())
