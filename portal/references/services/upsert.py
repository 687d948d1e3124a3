"""Create a reference, or fill the one it duplicates (DOI, then PMID, then URL)."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.log_actions import log

from portal.references.identifiers import (
    normalize_doi,
    normalize_pmcid,
    normalize_pmid,
    normalize_url,
    url_variants,
)
from portal.references.models import Reference
from portal.references.parsers.bounds import DateValueError, checked_date, checked_year
from portal.references.parsers.common import initials_from_given

logger = logging.getLogger(__name__)

CHANGE_PERMISSION = "references.change_reference"
IMPORT_FILL_ACTION = "references.import_fill"
IMPORT_UNCHANGED_ACTION = "references.import_unchanged"

TEXT_FIELDS = (
    "kind",
    "group_author",
    "title",
    "journal",
    "journal_abbreviation",
    "publisher",
    "volume",
    "issue",
    "pages",
    "season",
    "doi",
    "pmid",
    "pmcid",
    "url",
)
NUMBER_FIELDS = ("year", "month", "day")
DATE_FIELDS = ("epub_date", "accessed")
TRANSLATED_FIELDS = ("plain_text", "note")
UPSERT_FIELDS = frozenset((*TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, *TRANSLATED_FIELDS, "authors"))
IDENTIFIER_FIELDS = ("doi", "pmid", "pmcid")


@dataclass
class UpsertResult:
    reference: Reference
    created: bool
    filled: list[str] = field(default_factory=list)
    conflicts: dict[str, tuple] = field(default_factory=dict)
    # The user may not change existing references: empty fields were reported, not filled.
    read_only: bool = False

    @property
    def changed(self) -> bool:
        return self.created or bool(self.filled)


def _clean_authors(value) -> list[dict]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationError({"authors": _("Authors must be a list.")})
    people = []
    for position, author in enumerate(value, start=1):
        if not isinstance(author, dict) or not str(author.get("family") or "").strip():
            raise ValidationError(
                {"authors": _("Author %(position)d has no family name.") % {"position": position}}
            )
        family = " ".join(str(author["family"]).split())
        given = " ".join(str(author.get("given") or "").split())
        initials = str(author.get("initials") or "").replace(".", "").replace(" ", "")
        people.append({"family": family, "given": given, "initials": initials or initials_from_given(given)})
    return people


def _as_date(name: str, value):
    if value in (None, "") or isinstance(value, datetime.date):
        return value or None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            {name: _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}}
        ) from None


def normalize_fields(fields: dict) -> dict:
    """Cleaned, normalised field values; ValidationError (per field) on bad input."""
    unknown = set(fields) - UPSERT_FIELDS
    if unknown:
        raise ValueError(f"Not reference fields: {', '.join(sorted(unknown))}")
    cleaned: dict = {}
    errors: dict = {}
    for name, value in fields.items():
        try:
            if name == "authors":
                cleaned[name] = _clean_authors(value)
            elif name in NUMBER_FIELDS:
                if value in (None, ""):
                    cleaned[name] = None
                else:
                    try:
                        cleaned[name] = int(value)
                    except (TypeError, ValueError):
                        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from None
            elif name in DATE_FIELDS:
                cleaned[name] = _as_date(name, value)
            elif name == "doi":
                cleaned[name] = normalize_doi(value)
            elif name == "pmid":
                cleaned[name] = normalize_pmid(value)
            elif name == "pmcid":
                cleaned[name] = normalize_pmcid(value)
            elif name == "url":
                cleaned[name] = normalize_url(value)
            elif name in TRANSLATED_FIELDS:
                cleaned[name] = str(value or "").strip()
            else:
                cleaned[name] = " ".join(str(value or "").split())
        except ValidationError as exc:
            errors[name] = (
                exc.error_dict[name] if hasattr(exc, "error_dict") and name in exc.error_dict else exc
            )
    if not errors:
        errors = _date_errors(cleaned)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _date_errors(values: dict) -> dict:
    """A year that is no year, or a day the month does not have (2024 Feb 30)."""
    try:
        checked_year(values.get("year"))
        checked_date(values.get("year"), values.get("month"), values.get("day"))
    except DateValueError as exc:
        return {"year": ValidationError(str(exc))}
    return {}


def _is_empty(value) -> bool:
    return value in (None, "", [])


def _comparable(name: str, value):
    """Differences that do not count: case and spacing of text, given names of authors."""
    if name == "authors":
        return [((a.get("family") or "").casefold(), a.get("initials") or "") for a in value]
    if isinstance(value, str):
        return " ".join(value.split()).casefold().rstrip(".")
    return value


def find_duplicate(*, doi: str = "", pmid: str = "", url: str = "") -> Reference | None:
    """The existing reference with this DOI, else this PMID, else this URL (normalised values)."""
    if doi:
        found = Reference.objects.filter(doi__iexact=doi).first()
        if found:
            return found
    if pmid:
        found = Reference.objects.filter(pmid=pmid).first()
        if found:
            return found
    if url:
        # Editors may have typed the host in capitals: compare case-insensitively.
        query = Q()
        for variant in url_variants(url):
            query |= Q(url__iexact=variant)
        return Reference.objects.filter(query).order_by("pk").first()
    return None


def _column(name: str) -> str:
    if name in TRANSLATED_FIELDS:
        return build_localized_fieldname(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    return name


def _validate_new(values: dict) -> None:
    kind = values.get("kind") or Reference.Kind.JOURNAL_ARTICLE
    if kind not in Reference.Kind.values:
        raise ValidationError({"kind": _("Unknown reference type “%(kind)s”.") % {"kind": kind}})
    if kind == Reference.Kind.PLAIN:
        if not values.get("plain_text"):
            raise ValidationError({"plain_text": _("A plain-text reference needs the citation text.")})
    elif kind == Reference.Kind.WEB:
        if not values.get("url"):
            raise ValidationError({"url": _("A web page reference needs its URL.")})
    elif not values.get("title"):
        raise ValidationError({"title": _("The reference has no title.")})


def _taken_identifiers(reference: Reference, values: dict) -> dict:
    """Identifiers this reference lacks that another reference already holds."""
    taken = {}
    for name in IDENTIFIER_FIELDS:
        value = values.get(name)
        if value and _is_empty(getattr(reference, name)):
            lookup = f"{name}__iexact" if name == "doi" else name
            other = Reference.objects.filter(**{lookup: value}).exclude(pk=reference.pk).first()
            if other is not None:
                taken[name] = other
    return taken


@transaction.atomic
def reference_upsert(*, fields: dict, user=None, source: str = "") -> UpsertResult:
    """Create a reference, or fill the empty fields of the one with the same DOI, PMID
    or URL. Values that differ from what is stored are reported in `conflicts`, never
    written. Raises ValidationError (nothing written) on bad identifiers or missing title."""
    values = normalize_fields(fields)
    existing = find_duplicate(
        doi=values.get("doi", ""), pmid=values.get("pmid", ""), url=values.get("url", "")
    )
    data = {"source": source} if source else {}

    if existing is None:
        _validate_new(values)
        reference = Reference()
        for name, value in values.items():
            if not _is_empty(value):
                setattr(reference, _column(name), value)
        reference.full_clean()
        try:
            with transaction.atomic():
                reference.save()
        except IntegrityError:
            # Another import created the same DOI/PMID since we looked: fill that one.
            existing = find_duplicate(
                doi=values.get("doi", ""), pmid=values.get("pmid", ""), url=values.get("url", "")
            )
            if existing is None:
                raise
            return _fill(reference=existing, values=values, user=user, source=source)
        log(instance=reference, action="wagtail.create", user=user, data=data)
        logger.info("reference created", extra={"reference_id": reference.pk, "source": source})
        return UpsertResult(reference=reference, created=True)

    return _fill(reference=existing, values=values, user=user, source=source)


def may_fill(user) -> bool:
    """Filling a shared reference changes it for every article and trial citing it: that
    needs change_reference. Commands and tasks run without a user, as the operator."""
    return user is None or user.has_perm(CHANGE_PERMISSION)


def _fill(*, reference: Reference, values: dict, user, source: str) -> UpsertResult:
    data = {"source": source} if source else {}
    read_only = not may_fill(user)
    filled, conflicts = [], {}
    taken = _taken_identifiers(reference, values)
    for name, value in values.items():
        if _is_empty(value):
            continue
        column = _column(name)
        current = getattr(reference, column)
        if name in taken:
            conflicts[name] = (current or "", value)
            continue
        if name == "kind":
            # The default kind is no editor's choice: only report a real difference.
            if current != value:
                conflicts[name] = (current, value)
            continue
        if _is_empty(current) and read_only:
            conflicts[name] = (current or "", value)
        elif _is_empty(current):
            setattr(reference, column, value)
            filled.append(name)
        elif _comparable(name, current) != _comparable(name, value):
            conflicts[name] = (current, value)
    if filled:
        reference.full_clean()
        reference.save()
        log(
            instance=reference,
            action=IMPORT_FILL_ACTION,
            user=user,
            data={**data, "fields": filled, "conflicts": sorted(conflicts)},
        )
    elif conflicts:
        log(
            instance=reference,
            action=IMPORT_UNCHANGED_ACTION,
            user=user,
            data={**data, "conflicts": sorted(conflicts)},
        )
    logger.info(
        "reference matched",
        extra={
            "reference_id": reference.pk,
            "filled": filled,
            "conflicts": sorted(conflicts),
            "source": source,
        },
    )
    return UpsertResult(
        reference=reference, created=False, filled=filled, conflicts=conflicts, read_only=read_only
    )


@transaction.atomic
def reference_fill(*, reference: Reference, fields: dict, user=None, source: str = "") -> UpsertResult:
    """Fill the reference's empty fields from `fields`; differing values are reported in
    `conflicts`, never written. Raises ValidationError on bad identifiers."""
    values = normalize_fields(fields)
    return _fill(reference=reference, values=values, user=user, source=source)
