"""What an import would do, shown before anything is written (issue 9, "Preview before writing").

Reads only: the outline of the parsed file, the article it would update, what the
user's "Publish" would do, and each reference entry as the record it would reuse
or a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from articles.importer.checks import script_warnings
from articles.importer.document import ParsedArticle, Problem, ReferenceEntry, lazy_format
from articles.importer.outline import Outline, build_outline
from articles.importer.parser import parse_article_bytes
from articles.importer.references import entry_fields
from articles.importer.target import (
    DEFAULT_LANGUAGE,
    ImportAborted,
    ImportAction,
    check_import_allowed,
    import_action,
    import_target,
)
from articles.models import ArticlePage
from portal.references.models import Reference
from portal.references.services import find_duplicate, normalize_fields


@dataclass
class PlannedReference:
    entry: ReferenceEntry
    kind: str
    existing: Reference | None = None  # the record it will reuse; None: a new one

    @property
    def created(self) -> bool:
        return self.existing is None


@dataclass
class ImportPreview:
    document: ParsedArticle
    outline: Outline | None = None
    parent: Page | None = None
    page: ArticlePage | None = None  # the article that gets a new revision; None: a new article
    action: ImportAction = ImportAction.DRAFT
    references: list[PlannedReference] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def article_import_preview(
    *,
    data: bytes,
    lang: str,
    parent: Page | None,
    page: ArticlePage | None = None,
    title: str | None = None,
    publish: bool = False,
    user=None,
) -> ImportPreview:
    """What `article_import` with the same arguments would do; writes nothing. The text is
    parsed with the default choices (punctuation converted, no script corrections): the
    outline counts the punctuation changes and lists the script proposals to choose from."""
    document = parse_article_bytes(data, lang=lang, title=title)
    preview = ImportPreview(document=document, warnings=list(document.warnings))
    if document.errors:
        preview.errors = list(document.errors)
        return preview
    preview.warnings.extend(script_warnings(document))
    preview.outline = build_outline(document)
    try:
        with translation.override(DEFAULT_LANGUAGE):
            preview.parent, preview.page = import_target(
                title=document.title, lang=lang, parent=parent, page=page
            )
            preview.action = import_action(user, parent=preview.parent, page=preview.page, publish=publish)
            check_import_allowed(user, parent=preview.parent, page=preview.page, action=preview.action)
    except ImportAborted as aborted:
        preview.errors = aborted.problems
        return preview
    for entry in document.references:
        planned, warnings = plan_reference(entry)
        preview.references.append(planned)
        preview.warnings.extend(warnings)
    return preview


def plan_reference(entry: ReferenceEntry) -> tuple[PlannedReference, list[Problem]]:
    """The record the import will reuse for `entry` (found as resolve_entry finds it), or
    none; warnings as resolve_entry gives them for an entry kept as plain text."""
    fields, kind = entry_fields(entry.text)
    if fields is not None:
        try:
            values = normalize_fields(fields)
        except ValidationError as exc:
            warning = Problem(
                "reference_invalid",
                lazy_format(
                    _("Reference [%(number)d] could not be read (%(reason)s): kept as plain text."),
                    {"number": entry.number, "reason": "; ".join(exc.messages)},
                ),
                entry.line,
            )
            return _plain(entry), [warning]
        existing = find_duplicate(
            doi=values.get("doi", ""), pmid=values.get("pmid", ""), url=values.get("url", "")
        )
        return PlannedReference(entry=entry, kind=kind, existing=existing), []
    warning = Problem(
        "reference_plain",
        lazy_format(
            _("Reference [%(number)d] is neither an NLM citation nor a web page: kept as plain text."),
            {"number": entry.number},
        ),
        entry.line,
    )
    return _plain(entry), [warning]


def _plain(entry: ReferenceEntry) -> PlannedReference:
    column = build_localized_fieldname("plain_text", DEFAULT_LANGUAGE)
    existing = (
        Reference.objects.filter(kind=Reference.Kind.PLAIN, **{column: entry.text}).order_by("pk").first()
    )
    return PlannedReference(entry=entry, kind=Reference.Kind.PLAIN, existing=existing)
