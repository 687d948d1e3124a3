"""Import an article file as an ArticlePage: all or nothing (SPEC 2.B Import)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from articles import citations
from articles.citations import renumber
from articles.importer.checks import script_warnings
from articles.importer.document import ParsedArticle, Problem, lazy_format
from articles.importer.parser import parse_article_bytes
from articles.importer.references import ResolvedReference, resolve_entry
from articles.importer.stream import stream_data
from articles.importer.target import (
    DEFAULT_LANGUAGE,
    ImportAborted,
    ImportAction,
    check_import_allowed,
    default_title,
    import_action,
    import_target,
    same_title,
)
from articles.models import ArticleImportKey, ArticlePage, ArticlePageReference
from articles.models.imports import import_key
from portal.core.i18n.chinese import to_simplified
from portal.core.i18n.slugs import language_codes

logger = logging.getLogger(__name__)

IMPORT_ACTION = "articles.import_article"
NEEDS_TRANSLATION_FIELD = "needs_translation"


@dataclass
class ImportResult:
    document: ParsedArticle
    page: ArticlePage | None = None
    created: bool = False
    published: bool = False
    submitted: bool = False  # to the medical review, instead of publishing
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
    keep_punctuation: bool = False,
    script_fixes: Iterable[str] = (),
) -> ImportResult:
    """Parse `data` and create a draft ArticlePage under `parent`, or add a revision to
    `page` (else to the article under `parent` imported before with the same title).
    Structural errors in the file, or a page that cannot be saved, create nothing.

    `publish` publishes, except for an article under review imported by a non-superuser:
    then the revision is submitted to the review (see target.import_action).
    `keep_punctuation` and `script_fixes` (the keys of the accepted script proposals)
    go to the parser."""
    document = parse_article_bytes(
        data,
        lang=lang,
        title=title,
        keep_punctuation=keep_punctuation,
        script_fixes=(script_fixes,) if isinstance(script_fixes, str) else tuple(script_fixes),
    )
    result = ImportResult(document=document, warnings=list(document.warnings))
    if document.errors:
        result.errors = list(document.errors)
        return result
    result.warnings.extend(script_warnings(document))
    try:
        with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
            _import(result, lang=lang, parent=parent, page=page, publish=publish, user=user, source=source)
    except ImportAborted as abort:
        result.errors = abort.problems
        result.page, result.references, result.url, result.edit_url = None, [], "", ""
        result.created = result.published = result.submitted = False
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
            "submitted": result.submitted,
            "references_created": result.references_created,
            "references_reused": result.references_reused,
            "warnings": len(result.warnings),
        },
    )
    return result


def _import(result: ImportResult, *, lang, parent, page, publish, user, source):
    document = result.document
    parent, existing = import_target(title=document.title, lang=lang, parent=parent, page=page)
    action = import_action(user, parent=parent, page=existing, publish=publish)
    check_import_allowed(user, parent=parent, page=existing, action=action)
    if existing is not None and page is None and not same_title(existing, title=document.title, lang=lang):
        result.warnings.append(
            Problem(
                "matched_by_key",
                lazy_format(
                    _(
                        "Added a revision to the existing article “%(title)s”, found by its title; "
                        "the titles differ in case or punctuation."
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
    # New text has not been reviewed: the approval of an earlier revision stays with it.
    draft.medical_reviewer, draft.last_reviewed = None, None
    try:
        if existing is None:
            draft.live = False
            parent.add_child(instance=draft)
            revision = draft.save_revision(user=user, log_action=False)
            log(instance=draft, action="wagtail.create", user=user)
        else:
            revision = draft.save_revision(user=user, log_action=True)
        if action == ImportAction.PUBLISH:
            revision.publish(user=user)
    except ValidationError as exc:
        raise ImportAborted(
            *(Problem("invalid_page", message) for message in exc.messages),
        ) from exc
    ArticleImportKey.objects.update_or_create(
        page=draft, language=lang, defaults={"key": import_key(document.title)}
    )
    if action == ImportAction.SUBMIT:
        _submit_for_review(ArticlePage.objects.get(pk=draft.pk), user=user)
    result.page = ArticlePage.objects.get(pk=draft.pk)
    result.created = existing is None
    result.published = action == ImportAction.PUBLISH
    result.submitted = action == ImportAction.SUBMIT
    log(
        instance=result.page,
        action=IMPORT_ACTION,
        user=user,
        data={
            "language": lang,
            "source": source,
            "created": result.created,
            "published": result.published,
            "submitted": result.submitted,
            "revision_id": revision.pk,
            "blocks": document.block_counts(),
            "references_created": result.references_created,
            "references_reused": result.references_reused,
            **_logged_warnings(result.warnings),
        },
    )


def _submit_for_review(page: ArticlePage, *, user) -> None:
    """Into the page's workflow, as the edit view's "Submit" does; a review already under
    way goes on with the new revision (one sent back for changes is resubmitted)."""
    state = page.current_workflow_state
    if state is None:
        page.get_workflow().start(page, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)


def _logged_warnings(warnings: list[Problem]) -> dict:
    """The warnings in English (for operators) and in each admin language (the dashboard)."""
    by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = [str(warning) for warning in warnings]
    return {"warnings": by_language["en"], "warning_messages": by_language}


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
    if not (getattr(draft, localized("summary"), "") or "").strip():
        # Only an empty summary takes the lead paragraph: an editor's summary stays.
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
