"""Every interface string has a zh-hans, zh-hant and en translation, compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from portal.core.i18n.chinese import to_traditional

LOCALE_DIR = Path(settings.BASE_DIR) / "portal" / "locale"
LOCALES = ("zh_Hans", "zh_Hant", "en")


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"))


def translations(entries) -> dict:
    result = {}
    for entry in entries:
        if entry.obsolete:
            continue
        value = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
        result[(entry.msgctxt, entry.msgid)] = value
    return result


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated(locale):
    po = catalogue(locale)
    assert len(po) > 50
    untranslated = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert untranslated == []


def test_catalogues_hold_the_same_strings():
    ids = [set(translations(catalogue(locale))) for locale in LOCALES]
    assert ids[0] == ids[1] == ids[2]


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_its_source(locale):
    mo_path = LOCALE_DIR / locale / "LC_MESSAGES" / "django.mo"
    assert mo_path.exists(), "run `make messages`: the .mo must be committed"
    compiled = translations(polib.mofile(str(mo_path)))
    source = {key: value for key, value in translations(catalogue(locale)).items() if key[1]}
    assert {k: v for k, v in compiled.items() if k[1]} == source


def test_traditional_catalogue_is_not_simplified_text():
    # Neither s2tw nor tw2s is idempotent (干預 -> 幹預, 什麼 -> 什幺), so check the one
    # thing that matters: wherever the Simplified text has characters that differ in
    # Traditional script, the zh-hant text is not the Simplified one.
    simplified = translations(catalogue("zh_Hans"))
    for key, traditional in translations(catalogue("zh_Hant")).items():
        source = simplified.get(key)
        if traditional and source and to_traditional(source) != source:
            assert traditional != source, key[1]
