"""Trial registries: identifier formats, normalisation and links to the registry page."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Registry(models.TextChoices):
    NCT = "nct", _("ClinicalTrials.gov (NCT)")
    CHICTR = "chictr", _("Chinese Clinical Trial Registry (ChiCTR)")
    JRCT = "jrct", _("Japan Registry of Clinical Trials (jRCT)")
    ISRCTN = "isrctn", _("ISRCTN registry")
    EUDRACT = "eudract", _("EU Clinical Trials Register (EudraCT)")
    EUCT = "euct", _("EU Clinical Trials Information System (EU CT)")
    UMIN = "umin", _("UMIN Clinical Trials Registry (UMIN-CTR)")


@dataclass(frozen=True)
class RegistryFormat:
    pattern: re.Pattern
    example: str
    url: str  # {id} is replaced by the URL-quoted identifier


_ICTRP = "https://trialsearch.who.int/Trial2.aspx?TrialID={id}"

FORMATS = {
    Registry.NCT: RegistryFormat(
        re.compile(r"NCT\d{8}"), "NCT02961504", "https://clinicaltrials.gov/study/{id}"
    ),
    Registry.CHICTR: RegistryFormat(
        re.compile(r"ChiCTR\d{10}|ChiCTR-[A-Z]{2,5}-\d{8}"), "ChiCTR2000031234", _ICTRP
    ),
    Registry.JRCT: RegistryFormat(
        re.compile(r"jRCT[a-z]?\d{9,10}"), "jRCTb030190001", "https://jrct.mhlw.go.jp/en-latest-detail/{id}"
    ),
    Registry.ISRCTN: RegistryFormat(
        re.compile(r"ISRCTN\d{8}"), "ISRCTN12345678", "https://www.isrctn.com/{id}"
    ),
    Registry.EUDRACT: RegistryFormat(
        re.compile(r"\d{4}-\d{6}-\d{2}"),
        "2019-001234-56",
        "https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}",
    ),
    Registry.EUCT: RegistryFormat(
        re.compile(r"\d{4}-\d{6}-\d{2}-\d{2}"),
        "2023-501234-12-00",
        "https://euclinicaltrials.eu/search-for-clinical-trials/?lang=en&EUCT={id}",
    ),
    Registry.UMIN: RegistryFormat(re.compile(r"UMIN\d{9}"), "UMIN000012345", _ICTRP),
}

_CANONICAL_PREFIX = {
    Registry.NCT: "NCT",
    Registry.CHICTR: "ChiCTR",
    Registry.JRCT: "jRCT",
    Registry.ISRCTN: "ISRCTN",
    Registry.UMIN: "UMIN",
}


def normalise_identifier(registry: str, identifier: str) -> str:
    """Strip spaces and give the prefix the registry's own spelling (`JRCT…` -> `jRCT…`)."""
    value = "".join((identifier or "").split())
    prefix = _CANONICAL_PREFIX.get(registry)
    if prefix and value[: len(prefix)].lower() == prefix.lower():
        rest = value[len(prefix) :]
        if registry == Registry.JRCT:
            rest = rest.lower()  # jRCT's optional letter is lower case: jRCTb030190001
        elif registry == Registry.CHICTR:
            rest = rest.upper()
        value = prefix + rest
    return value


def validate_identifier(registry: str, identifier: str) -> str:
    """The normalised identifier, or ValidationError with the expected format."""
    if registry not in FORMATS:
        raise ValidationError(_("Unknown registry “%(registry)s”."), params={"registry": registry})
    value = normalise_identifier(registry, identifier)
    fmt = FORMATS[registry]
    if not fmt.pattern.fullmatch(value):
        raise ValidationError(
            _("“%(value)s” is not a valid %(registry)s identifier (for example %(example)s)."),
            code="invalid",
            params={"value": identifier, "registry": Registry(registry).label, "example": fmt.example},
        )
    return value


def registry_url(registry: str, identifier: str) -> str:
    fmt = FORMATS.get(registry)
    if not fmt or not identifier:
        return ""
    return fmt.url.format(id=quote(identifier, safe=""))
