"""Render an empty Chinese field from the other script, converted by OpenCC.

django-modeltranslation's fallback returns the other language's value as is;
for zh-hans/zh-hant that would show Simplified characters to a Traditional
reader. We wrap its field descriptor so that, for the two Chinese scripts, the
partner script's value is converted before any other fallback (English) is tried.
`portal.core.patches` installs `descriptor_get`.
"""

from django.utils.translation import get_language
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, fallbacks_enabled
from wagtail.fields import StreamValue

from portal.core.i18n.chinese import PARTNER_SCRIPT, convert_json, convert_text

_NEVER_CONVERTED = {"slug", "url_path"}
_original_get = TranslationFieldDescriptor.__get__


def converted_value(value, *, field, to: str):
    """The OpenCC conversion of a field value into script `to`, for text-like values."""
    if isinstance(value, str):
        return convert_text(value, to=to)
    if isinstance(value, StreamValue):
        raw = convert_json(list(value.raw_data), to=to)
        return StreamValue(field.stream_block, raw, is_lazy=True)
    return value


def descriptor_get(self, instance, owner):
    if instance is None:
        return self
    language = get_language()
    source = PARTNER_SCRIPT.get(language)
    if source is None or not fallbacks_enabled() or self.field.name in _NEVER_CONVERTED:
        return _original_get(self, instance, owner)

    undefined = self.fallback_undefined
    if undefined is NONE:
        undefined = self.field.get_default()
    own = getattr(instance, build_localized_fieldname(self.field.name, language), None)
    if self.meaningful_value(own, undefined):
        return own
    other = getattr(instance, build_localized_fieldname(self.field.name, source), None)
    if not self.meaningful_value(other, undefined):
        return _original_get(self, instance, owner)

    # Cache per instance, keyed on the source value so an edit is never hidden.
    cache = instance.__dict__.setdefault("_script_fallback_cache", {})
    key = (self.field.name, language)
    hit = cache.get(key)
    if hit is not None and hit[0] is other:
        return hit[1]
    result = converted_value(other, field=self.field, to=language)
    cache[key] = (other, result)
    return result
