"""Which of our languages a browser asks for (SPEC 2.A redirect table)."""

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

TRADITIONAL_REGIONS = {"tw", "hk", "mo"}


def match_language_tag(tag: str) -> str | None:
    """Map one BCP 47 tag to a site language, or None if we have nothing close."""
    parts = tag.lower().replace("_", "-").split("-")
    if parts[0] == "zh":
        subtags = set(parts[1:])
        if "hant" in subtags or subtags & TRADITIONAL_REGIONS:
            return "zh-hant"
        return "zh-hans"  # zh, zh-cn, zh-sg, zh-hans-*; a bare zh gets the first Chinese
    if parts[0] == "en":
        return "en"
    return None


def language_from_accept_header(header: str) -> str:
    """The first supported language in the visitor's order of preference."""
    for tag, _quality in parse_accept_lang_header(header or ""):
        language = match_language_tag(tag)
        if language:
            return language
    return settings.LANGUAGE_CODE


BCP47 = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}


def bcp47(language_code: str) -> str:
    """Django's `zh-hans` as the standard tag `zh-Hans` for lang/hreflang attributes."""
    return BCP47.get(language_code, language_code)
