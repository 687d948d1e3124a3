"""The Chinese/i18n machinery: three languages, two Chinese scripts.

- `languages`: which site language a browser asks for; BCP 47 tags for `lang`/`hreflang`.
- `middleware`: the locale middleware (URL prefix first, then Accept-Language).
- `chinese`: Simplified <-> Traditional conversion with OpenCC, plus our phrases in `opencc/`.
- `slugs`: ASCII (pinyin) slugs in every language, unique among siblings.
- `fallback`, `routing`, `url_paths`: the replacements for modeltranslation and
  wagtail-modeltranslation behaviour; `portal.core.patches` installs them.

May import Django, Wagtail, django-modeltranslation, wagtail-modeltranslation, OpenCC and
pypinyin, and nothing else of the project: the rest of the code builds on this room.
"""
