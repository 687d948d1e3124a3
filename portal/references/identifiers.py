"""Normalise and validate DOI, PMID, PMCID and URLs (no resolver prefix; PMCID keeps
its PMC prefix; none has a checksum).

DOIs are case-insensitive, but PubMed's NLM string prints them as the publisher
registered them ("10.1161/STROKEAHA.125.050786", see expected.txt), so the DOI is
stored as published and matched case-insensitively (a unique index on LOWER(doi)).
"""

import re
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def normalize_doi(value: str) -> str:
    value = (value or "").strip()
    value = _DOI_PREFIX.sub("", value).strip().rstrip(".")
    if value and not _DOI.match(value):
        raise ValidationError(
            _('"%(value)s" is not a DOI: a DOI looks like 10.1001/jamaneurol.2023.5200.'),
            code="invalid_doi",
            params={"value": value},
        )
    return value


def normalize_pmid(value) -> str:
    value = str(value or "").strip()
    value = re.sub(r"^(?:pmid:?\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)", "", value, flags=re.IGNORECASE)
    value = value.strip().strip("/")
    if value and not re.fullmatch(r"[1-9]\d{0,8}", value):
        raise ValidationError(
            _('"%(value)s" is not a PMID: a PMID is a number such as 38227308.'),
            code="invalid_pmid",
            params={"value": value},
        )
    return value


def normalize_pmcid(value) -> str:
    value = str(value or "").strip().upper()
    value = re.sub(r"^PMCID:?\s*", "", value)
    if value.isdecimal():
        value = f"PMC{value}"
    if value and not re.fullmatch(r"PMC[1-9]\d{0,9}", value):
        raise ValidationError(
            _('"%(value)s" is not a PMCID: a PMCID looks like PMC10792497.'),
            code="invalid_pmcid",
            params={"value": value},
        )
    return value


def normalize_url(value: str) -> str:
    """Lowercase scheme and host, no fragment, no trailing slash on a bare host."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _('"%(value)s" is not a web address (it must start with http:// or https://).'),
            code="invalid_url",
            params={"value": value},
        ) from None
    parts = urlsplit(value)
    path = parts.path if parts.path != "/" else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def url_variants(url: str) -> list[str]:
    """Stored forms that mean the same address as the normalised `url`."""
    if not url:
        return []
    variants = {url, url.rstrip("/"), url.rstrip("/") + "/"}
    return sorted(variants)
