"""Give the tree root a translated url_path of "/".

wagtail-modeltranslation builds each language's url_path from the parent's
translated url_path, but the root page is created by Wagtail's migrations
before the translated columns exist, so its columns are empty and top-level
pages would get "home/" instead of "/home/". `portal.core.patches` installs it.
"""

from modeltranslation.utils import build_localized_fieldname
from wagtail_modeltranslation import patch_wagtailadmin

_original = patch_wagtailadmin._localized_set_url_path


def localized_set_url_path(page, parent, language):
    if parent is not None and parent.depth == 1:
        field = build_localized_fieldname("url_path", language)
        if not parent.__dict__.get(field):
            parent.__dict__[field] = "/"
    return _original(page, parent, language)
