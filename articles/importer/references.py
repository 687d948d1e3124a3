"""Reference entries of an imported article -> Reference records, through the references library.

An NLM/Vancouver citation is parsed by the library's NLM parser; an entry with a
URL and no DOI/PMID is a web page (`Site. Title. URL`); anything else is kept
as a plain-text reference, with a warning. Existing records are reused by DOI,
then PMID, then URL (reference_upsert), and plain-text ones by their exact text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles.importer.document import Problem, ReferenceEntry, lazy_format
from portal.references.models import Reference
from portal.references.parsers import NLMParseError, parse_nlm_citation
from portal.references.services import reference_upsert

URL_RE = re.compile(r"https?://[^\s<>\"'，。）)]+", re.IGNORECASE)


@dataclass
class ResolvedReference:
    entry: ReferenceEntry
    reference: Reference
    created: bool
    kind: str


def web_fields(text: str) -> dict | None:
    """`ClinicalTrials.gov. NCT03629275. https://…` -> publisher, title, url."""
    match = URL_RE.search(text)
    if not match:
        return None
    url = match.group(0).rstrip(".")
    before = text[: match.start()].strip().rstrip(".").strip()
    if before.lower().endswith("available from:"):
        before = before[: -len("available from:")].strip().rstrip(".").strip()
    pieces = [piece.strip() for piece in re.split(r"\.\s+|。", before) if piece.strip()]
    fields = {"kind": Reference.Kind.WEB, "url": url}
    if len(pieces) >= 2:
        fields["publisher"] = pieces[0]
        fields["title"] = ". ".join(pieces[1:])
    elif pieces:
        fields["title"] = pieces[0]
    return fields


def entry_fields(text: str) -> tuple[dict | None, str]:
    """The fields for an entry and its kind (article, web), or (None, "plain")."""
    try:
        fields = parse_nlm_citation(text)
    except NLMParseError:
        fields = None
    has_url = bool(URL_RE.search(text))
    if fields is not None and (fields.get("doi") or fields.get("pmid") or not has_url):
        return fields, Reference.Kind.JOURNAL_ARTICLE
    if has_url:
        return web_fields(text), Reference.Kind.WEB
    return None, Reference.Kind.PLAIN


def _plain_reference(text: str, *, user, source: str) -> tuple[Reference, bool]:
    column = build_localized_fieldname("plain_text", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    existing = Reference.objects.filter(kind=Reference.Kind.PLAIN, **{column: text}).order_by("pk").first()
    if existing is not None:
        return existing, False
    result = reference_upsert(
        fields={"kind": Reference.Kind.PLAIN, "plain_text": text}, user=user, source=source
    )
    return result.reference, result.created


def resolve_entry(
    entry: ReferenceEntry, *, user=None, source: str = ""
) -> tuple[ResolvedReference, list[Problem]]:
    """Create or reuse the Reference for one entry; warnings explain fallbacks and conflicts."""
    warnings: list[Problem] = []
    fields, kind = entry_fields(entry.text)
    if fields is not None:
        try:
            result = reference_upsert(fields=fields, user=user, source=source)
        except ValidationError as exc:
            warnings.append(
                Problem(
                    "reference_invalid",
                    lazy_format(
                        _("Reference [%(number)d] could not be read (%(reason)s): kept as plain text."),
                        {"number": entry.number, "reason": "; ".join(exc.messages)},
                    ),
                    entry.line,
                )
            )
        else:
            if result.conflicts:
                warnings.append(
                    Problem(
                        "reference_conflict",
                        lazy_format(
                            _(
                                "Reference [%(number)d] matches an existing record whose %(fields)s "
                                "differ; the record was not changed."
                            ),
                            {"number": entry.number, "fields": ", ".join(sorted(result.conflicts))},
                        ),
                        entry.line,
                    )
                )
            return ResolvedReference(entry, result.reference, result.created, kind), warnings
    else:
        warnings.append(
            Problem(
                "reference_plain",
                lazy_format(
                    _(
                        "Reference [%(number)d] is neither an NLM citation nor a web page: "
                        "kept as plain text."
                    ),
                    {"number": entry.number},
                ),
                entry.line,
            )
        )
    reference, created = _plain_reference(entry.text, user=user, source=source)
    return ResolvedReference(entry, reference, created, Reference.Kind.PLAIN), warnings
