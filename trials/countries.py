"""Countries as ISO 3166-1 alpha-2 codes, named in the visitor's language by django-countries.

Registry records name countries in English, sometimes with aliases
("Turkey (Türkiye)", "Korea, Republic of", "Czech Republic"): `country_code`
maps them all to one code.
"""

import functools
import unicodedata

from django.utils import translation
from django_countries import countries
from django_countries.data import COUNTRIES

COUNTRY_CODES = frozenset(COUNTRIES)

# Registry spellings that are not django-countries' English names (current, official or old).
ALIASES = {
    "turkey (turkiye)": "TR",
    "turkiye": "TR",
    "republic of turkiye": "TR",
    "korea, republic of": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "korea, democratic people's republic of": "KP",
    "iran, islamic republic of": "IR",
    "taiwan, province of china": "TW",
    "hong kong sar": "HK",
    "macau": "MO",
    "united states": "US",
    "usa": "US",
    "tanzania, united republic of": "TZ",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "the netherlands": "NL",
    "holland": "NL",
    "moldova, republic of": "MD",
    "bolivia, plurinational state of": "BO",
    "venezuela, bolivarian republic of": "VE",
    "lao people's democratic republic": "LA",
    "north macedonia": "MK",
    "former serbia and montenegro": "RS",
    "ivory coast": "CI",
    "burma": "MM",
    "palestinian territory, occupied": "PS",
    "state of palestine": "PS",
    "congo, the democratic republic of the": "CD",
    "brunei darussalam": "BN",
    "cape verde": "CV",
    "vatican city": "VA",
    "holy see (vatican city state)": "VA",
    "micronesia, federated states of": "FM",
    "virgin islands, british": "VG",
    "virgin islands, u.s.": "VI",
}

# Where django-countries 9.1.0's catalogues are wrong, or not the name a reader in
# mainland China expects: {code: {language: name}}.
CORRECTIONS = {
    "BA": {"zh-hans": "波斯尼亚和黑塞哥维那"},
    "BS": {"en": "Bahamas"},
    "DM": {"zh-hans": "多米尼克"},
    "GL": {"zh-hant": "格陵蘭"},
    "HK": {"zh-hans": "中国香港"},
    "MK": {"zh-hans": "北马其顿"},
    "MO": {"zh-hans": "中国澳门"},
    "MQ": {"zh-hant": "馬丁尼克"},
    "NP": {"zh-hans": "尼泊尔"},
    "NR": {"en": "Nauru"},
    "TJ": {"zh-hans": "塔吉克斯坦"},
    "TW": {"zh-hans": "中国台湾"},
    "WS": {"zh-hans": "萨摩亚"},
}


def _key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key ("Türkiye" == "turkiye")."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


@functools.cache
def _index() -> dict[str, str]:
    """Every English name django-countries knows (current, official, old), plus ours."""
    index = {}
    with translation.override("en"):
        for code, name in countries.countries.items():
            for known in [name, *countries.shadowed_names.get(code, [])]:
                index[_key(str(known))] = code
            index[code.lower()] = code
    index.update(ALIASES)
    return index


def country_code(name: str) -> str | None:
    """The ISO code for a registry's English country name, or None if unknown."""
    return _index().get(_key(name))


def country_name(code: str, language: str | None = None) -> str:
    if (code or "").upper() not in COUNTRY_CODES:
        return code or ""
    code = code.upper()
    language = language or translation.get_language() or "zh-hans"
    corrected = CORRECTIONS.get(code, {}).get(language)
    if corrected:
        return corrected
    with translation.override(language):
        return countries.name(code).strip()


def country_choices() -> list[tuple[str, str]]:
    """(code, name in the active language), in the stable order of the English names."""
    ordered = sorted(COUNTRY_CODES, key=lambda code: country_name(code, "en"))
    return [(code, country_name(code)) for code in ordered]
