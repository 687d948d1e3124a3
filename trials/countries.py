"""Countries as ISO 3166-1 alpha-2 codes, with names in the visitor's language.

Registry records name countries in English, sometimes with aliases
("Turkey (Türkiye)", "Korea, Republic of", "Czech Republic"): `country_code`
maps them all to one code.
"""

import unicodedata

from django.utils import translation

from trials.countries_data import COUNTRIES

_LANGUAGE_INDEX = {"en": 0, "zh-hans": 1, "zh-hant": 2}

# Registry spellings that are not the English short names in COUNTRIES.
ALIASES = {
    "turkey": "TR",
    "turkey (turkiye)": "TR",
    "turkiye": "TR",
    "republic of turkiye": "TR",
    "korea, republic of": "KR",
    "republic of korea": "KR",
    "korea": "KR",
    "korea, democratic people's republic of": "KP",
    "czech republic": "CZ",
    "russian federation": "RU",
    "iran, islamic republic of": "IR",
    "viet nam": "VN",
    "taiwan, province of china": "TW",
    "hong kong sar": "HK",
    "macau": "MO",
    "united states of america": "US",
    "usa": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "the netherlands": "NL",
    "holland": "NL",
    "moldova, republic of": "MD",
    "tanzania, united republic of": "TZ",
    "bolivia, plurinational state of": "BO",
    "venezuela, bolivarian republic of": "VE",
    "syrian arab republic": "SY",
    "lao people's democratic republic": "LA",
    "macedonia": "MK",
    "north macedonia": "MK",
    "former serbia and montenegro": "RS",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "swaziland": "SZ",
    "burma": "MM",
    "palestinian territory, occupied": "PS",
    "state of palestine": "PS",
    "congo, the democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "brunei": "BN",
    "cape verde": "CV",
    "vatican city": "VA",
    "holy see (vatican city state)": "VA",
    "micronesia, federated states of": "FM",
}


def _key(name: str) -> str:
    """Case-, accent- and spacing-insensitive key ("Türkiye" == "turkiye")."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def _build_index() -> dict[str, str]:
    index = {}
    for code, names in COUNTRIES.items():
        index[_key(names[0])] = code
        index[code.lower()] = code
    index.update(ALIASES)
    return index


_INDEX = _build_index()


def country_code(name: str) -> str | None:
    """The ISO code for a registry's English country name, or None if unknown."""
    return _INDEX.get(_key(name))


def country_name(code: str, language: str | None = None) -> str:
    names = COUNTRIES.get((code or "").upper())
    if not names:
        return code or ""
    language = language or translation.get_language() or "zh-hans"
    return names[_LANGUAGE_INDEX.get(language, 0)]


def country_choices() -> list[tuple[str, str]]:
    """(code, name in the active language), in the stable order of the English names."""
    ordered = sorted(COUNTRIES.items(), key=lambda item: item[1][0])
    return [(code, country_name(code)) for code, _names in ordered]
