"""Fill a reference from Crossref (by DOI) and PubMed E-utilities (by PMID).

Any network error, HTTP error or malformed answer leaves the reference untouched:
the failure is recorded on the reference (metadata_status/metadata_message) for
the editor to see on its edit page.
"""

import html
import json
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core import http
from portal.references.models import Reference
from portal.references.parsers import ImportFileError
from portal.references.parsers import pubmed as pubmed_parser
from portal.references.parsers.bounds import DateValueError, checked_date, checked_year
from portal.references.parsers.common import clean_pages, clean_title, person
from portal.references.services.upsert import UpsertResult, reference_fill

logger = logging.getLogger(__name__)

FETCH_METADATA_ACTION = "references.fetch_metadata"
_KINDS = {
    "journal-article": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "report": "report",
    "posted-content": "preprint",
}


class MetadataError(Exception):
    """A source could not give usable metadata; the message is for the editor."""


@dataclass
class FetchOutcome:
    ok: bool
    message: str
    filled: list[str] = field(default_factory=list)
    conflicts: dict = field(default_factory=dict)


def _get(url: str, *, params: dict | None = None, source: str) -> bytes:
    try:
        answer = http.get(url, params=params, max_bytes=settings.IMPORT_MAX_BYTES)
    except http.ResponseTooLarge as exc:
        raise MetadataError(_("%(source)s sent an answer that is too large.") % {"source": source}) from exc
    except http.OutboundError as exc:
        raise MetadataError(
            _("%(source)s could not be reached: %(error)s") % {"source": source, "error": exc}
        ) from exc
    if answer.status_code == 404:
        raise MetadataError(_("%(source)s does not know this identifier (404).") % {"source": source})
    if answer.status_code >= 400:
        raise MetadataError(
            _("%(source)s answered with HTTP %(status)d.") % {"source": source, "status": answer.status_code}
        )
    return answer.content


def _strip_tags(text: str) -> str:
    """Crossref titles may carry JATS markup (<i>, <sub>) and HTML entities."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text or "")).split())


def _first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _parts(value) -> list[int]:
    try:
        return [int(p) for p in (value or {}).get("date-parts", [[]])[0] if p is not None]
    except (TypeError, ValueError, IndexError, AttributeError):
        return []


def crossref_fields(message: dict) -> dict:
    """Reference fields from a Crossref `works` message."""
    if not isinstance(message, dict) or not message.get("DOI"):
        raise MetadataError(_("Crossref's answer has no work in it."))
    authors, groups = [], []
    for author in message.get("author") or []:
        if not isinstance(author, dict):
            continue
        if author.get("family"):
            authors.append(person(author["family"], author.get("given", "")))
        elif author.get("name"):
            groups.append(author["name"])
    printed = _parts(message.get("published-print")) or _parts(message.get("issued"))
    online = _parts(message.get("published-online"))
    try:
        checked_year(printed[0] if printed else None)
        if len(printed) >= 3:
            checked_date(*printed[:3])
        epub = None
        if message.get("published-print") and len(online) == 3 and online != printed:
            epub = checked_date(*online)
    except DateValueError as exc:
        raise MetadataError(
            _("Crossref's answer has an impossible date: %(error)s") % {"error": exc}
        ) from exc
    fields = {
        "kind": _KINDS.get(message.get("type", ""), "article"),
        "authors": authors,
        "group_author": "; ".join(groups),
        "title": clean_title(_strip_tags(_first(message.get("title")))),
        "journal": _strip_tags(_first(message.get("container-title"))),
        "journal_abbreviation": _strip_tags(_first(message.get("short-container-title"))),
        "publisher": message.get("publisher", "") if message.get("type") != "journal-article" else "",
        "year": printed[0] if printed else None,
        "month": printed[1] if len(printed) > 1 else None,
        "day": printed[2] if len(printed) > 2 else None,
        "epub_date": epub,
        "volume": str(message.get("volume") or ""),
        "issue": str(message.get("issue") or ""),
        "pages": clean_pages(str(message.get("page") or "")),
        "doi": message["DOI"],
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def fetch_crossref(doi: str) -> dict:
    base = settings.CROSSREF_API_BASE_URL.rstrip("/")
    body = _get(f"{base}/works/{quote(doi, safe='/:;()')}", source="Crossref")
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise MetadataError(_("Crossref's answer is not valid JSON.")) from exc
    if not isinstance(data, dict) or data.get("status") != "ok":
        raise MetadataError(_("Crossref's answer is not a work record."))
    return crossref_fields(data.get("message"))


def fetch_pubmed(pmid: str) -> dict:
    base = settings.NCBI_EUTILS_BASE_URL.rstrip("/")
    body = _get(f"{base}/efetch.fcgi", params={"db": "pubmed", "id": pmid, "retmode": "xml"}, source="PubMed")
    try:
        parsed = pubmed_parser.parse(body.decode("utf-8"))
    except (UnicodeDecodeError, ImportFileError) as exc:
        raise MetadataError(_("PubMed's answer is not usable XML: %(error)s") % {"error": exc}) from exc
    for entry in parsed.entries:
        if entry.fields.get("pmid") == pmid:
            return entry.fields
    raise MetadataError(_("PubMed's answer does not contain PMID %(pmid)s.") % {"pmid": pmid})


def _set_status(reference: Reference, status: str, message: str) -> None:
    reference.metadata_status = status
    reference.metadata_message = message
    reference.metadata_checked_at = timezone.now()
    Reference.objects.filter(pk=reference.pk).update(
        metadata_status=status, metadata_message=message, metadata_checked_at=reference.metadata_checked_at
    )


def reference_fetch_metadata(*, reference: Reference, user=None) -> FetchOutcome:
    """Fill the reference's empty fields from PubMed (PMID) and Crossref (DOI).

    PubMed goes first: its journal abbreviation and PMCID are what the NLM string needs.
    The fetch always ends in a status the editor sees, never in "Fetching"."""
    try:
        return _fetch_and_fill(reference=reference, user=user)
    except Exception as exc:
        logger.exception("metadata fetch crashed", extra={"reference_id": reference.pk})
        outcome = FetchOutcome(
            ok=False,
            message=_("Fetching failed (%(error)s); nothing was changed.") % {"error": type(exc).__name__},
        )
        _set_status(reference, Reference.MetadataStatus.FAILED, outcome.message)
        return outcome


def _fetch_and_fill(*, reference: Reference, user) -> FetchOutcome:
    sources = []
    if reference.pmid:
        sources.append(("PubMed", fetch_pubmed, reference.pmid))
    if reference.doi:
        sources.append(("Crossref", fetch_crossref, reference.doi))
    if not sources:
        outcome = FetchOutcome(ok=False, message=_("This reference has no DOI or PMID to look up."))
        _set_status(reference, Reference.MetadataStatus.FAILED, outcome.message)
        return outcome

    gathered: list[tuple[str, dict]] = []
    try:
        for name, fetch, identifier in sources:
            gathered.append((name, fetch(identifier)))
    except MetadataError as exc:
        outcome = FetchOutcome(ok=False, message=str(exc))
        _set_status(reference, Reference.MetadataStatus.FAILED, outcome.message)
        logger.warning(
            "metadata fetch failed", extra={"reference_id": reference.pk, "error": outcome.message}
        )
        return outcome

    filled, conflicts = [], {}
    try:
        with transaction.atomic():
            for name, fields in gathered:
                result: UpsertResult = reference_fill(
                    reference=reference, fields=fields, user=user, source=name
                )
                filled += [f for f in result.filled if f not in filled]
                conflicts.update({k: v for k, v in result.conflicts.items() if k not in filled})
            log(
                instance=reference,
                action=FETCH_METADATA_ACTION,
                user=user,
                data={"sources": [n for n, _f in gathered], "fields": filled, "conflicts": sorted(conflicts)},
            )
    except ValidationError as exc:
        reference.refresh_from_db()
        outcome = FetchOutcome(
            ok=False, message=_("The fetched data was refused: %(error)s") % {"error": " ".join(exc.messages)}
        )
        _set_status(reference, Reference.MetadataStatus.FAILED, outcome.message)
        return outcome

    parts = []
    if filled:
        parts.append(_("Filled: %(fields)s.") % {"fields": ", ".join(filled)})
    else:
        parts.append(_("Nothing to fill: every field already had a value."))
    if conflicts:
        parts.append(
            _("Different in %(sources)s (not overwritten): %(fields)s.")
            % {"sources": " / ".join(n for n, _f in gathered), "fields": ", ".join(sorted(conflicts))}
        )
    outcome = FetchOutcome(ok=True, message=" ".join(parts), filled=filled, conflicts=conflicts)
    _set_status(reference, Reference.MetadataStatus.OK, outcome.message)
    logger.info("metadata fetched", extra={"reference_id": reference.pk, "fields": filled})
    return outcome


def reference_fetch_metadata_enqueue(*, reference: Reference, user=None) -> None:
    """Mark the reference as being fetched and queue the task once the transaction commits."""
    from portal.references.tasks import reference_fetch_metadata as task  # cycle: the task calls this module

    _set_status(reference, Reference.MetadataStatus.PENDING, "")
    user_id = getattr(user, "pk", None)
    # The outcome message is stored for the editor: write it in the editor's language.
    language = get_language()

    def _send():
        try:
            task.delay(reference.pk, user_id, language)
        except Exception as exc:  # the broker may be down: say so rather than leave "fetching"
            logger.exception("could not queue metadata fetch", extra={"reference_id": reference.pk})
            _set_status(
                reference,
                Reference.MetadataStatus.FAILED,
                _("The background queue is unavailable (%(error)s); try again later.")
                % {"error": type(exc).__name__},
            )

    transaction.on_commit(_send)
