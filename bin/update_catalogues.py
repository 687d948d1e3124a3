#!/usr/bin/env python
"""Extract strings, complete the zh-hant and en catalogues, compile them.

zh-hans is translated by people (portal/locale/zh_Hans/LC_MESSAGES/django.po).
zh-hant is derived from it with OpenCC (s2tw) wherever it has no translation of
its own; a hand-made zh-hant translation is never overwritten. English is the
source language, so en gets msgstr = msgid. Needs GNU gettext (makemessages).
"""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

import polib  # noqa: E402

from portal.core.i18n.chinese import to_traditional  # noqa: E402

LOCALE_DIR = BASE_DIR / "portal" / "locale"
IGNORE = [".venv", "tests", "bench", "staticfiles", "media", "node_modules", "bin"]


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def makemessages():
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    args += ["-l", "zh_Hans", "-l", "zh_Hant", "-l", "en", "-e", "html,py,txt"]
    for pattern in IGNORE:
        args += ["--ignore", pattern]
    subprocess.run(args, cwd=BASE_DIR, check=True)  # noqa: S603


def complete_traditional(hans: polib.POFile, hant: polib.POFile) -> int:
    by_id = {(e.msgctxt, e.msgid): e for e in hans if e.translated()}
    filled = 0
    for entry in hant:
        source = by_id.get((entry.msgctxt, entry.msgid))
        if source is None or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {k: to_traditional(v) for k, v in source.msgstr_plural.items()}
        else:
            entry.msgstr = to_traditional(source.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    return filled


def complete_english(en: polib.POFile) -> None:
    for entry in en:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")


def main():
    makemessages()
    hans, hant, en = (polib.pofile(str(po_path(code))) for code in ("zh_Hans", "zh_Hant", "en"))
    filled = complete_traditional(hans, hant)
    complete_english(en)
    hant.save()
    en.save()
    compile_args = [sys.executable, "manage.py", "compilemessages", "--ignore", ".venv"]
    subprocess.run(compile_args, cwd=BASE_DIR, check=True)  # noqa: S603
    missing = [e.msgid for e in hans if not e.translated()]
    print(f"zh-hant: {filled} entries filled from zh-hans with OpenCC")
    if missing:
        print(f"zh-hans: {len(missing)} entries still need a translation:")
        for msgid in missing:
            print(f"  {msgid!r}")
        sys.exit(1)


if __name__ == "__main__":
    main()
