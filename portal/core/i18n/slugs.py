"""ASCII slugs in every language: pinyin for Chinese titles, unique per parent."""

from django.conf import settings
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname
from pypinyin import lazy_pinyin

MAX_SLUG_LENGTH = 80


def ascii_slug(text: str) -> str:
    """`干细胞治疗 MSC` -> `gan-xi-bao-zhi-liao-msc`; ASCII text is slugified as usual."""
    if not text:
        return ""
    words = lazy_pinyin(text)
    slug = slugify(" ".join(words), allow_unicode=False)
    return slug[:MAX_SLUG_LENGTH].strip("-")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def sibling_slugs(page) -> set[str]:
    """Every slug, in any language, already used by the page's siblings.

    Checking all languages, not only the one being filled, keeps a slug from
    colliding with a sibling's fallback slug (an untranslated page is served
    under its default-language slug in every language).
    """
    parent = page.get_parent()
    if parent is None:
        return set()
    columns = [build_localized_fieldname("slug", code) for code in language_codes()]
    siblings = parent.get_children().exclude(pk=page.pk) if page.pk else parent.get_children()
    taken = set()
    for row in siblings.values_list(*columns):
        taken.update(slug for slug in row if slug)
    return taken


def unique_slug(base: str, taken: set[str]) -> str:
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def fill_translated_slugs(page) -> None:
    """Give each language that has a title but no slug an ASCII slug.

    Languages without a title keep an empty slug and fall back to the default one.
    Called before validation and on save, once the page has a place in the tree.
    """
    if not page.path:
        return
    taken = None
    for code in language_codes():
        slug_field = build_localized_fieldname("slug", code)
        if getattr(page, slug_field, None):
            continue
        title = getattr(page, build_localized_fieldname("title", code), None)
        if not title:
            continue
        if taken is None:
            taken = sibling_slugs(page)
        own = {getattr(page, build_localized_fieldname("slug", c), None) for c in language_codes()}
        base = ascii_slug(title) or "page"
        slug = base if base in own else unique_slug(base, taken)
        setattr(page, slug_field, slug)
        taken.add(slug)
