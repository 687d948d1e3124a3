"""Rendered rows of the register's list and comparison table, cached per trial.

A row depends on its trial, the language, the view and the register (its URL and
the vocabulary labels), all of which change only with the register's version: rows
are kept under that version, so the next request after any change renders afresh.
A visible page of rows costs one cache read, and the database only for rows not
yet rendered.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from trials.register_index import RegisterIndex, fetch_listing

ROW_TEMPLATES = {
    "list": "components/trials/trial_list_item.html",
    "table": "components/trials/comparison_row.html",
}
ROW_TIMEOUT = 24 * 60 * 60


def trial_rows(
    index_page, found: RegisterIndex, ids: list[int], *, view: str, register_url: str
) -> list[SafeString]:
    """The HTML rows of these trials, in order."""
    language = translation.get_language()
    keys = {
        page_id: f"trials:row:{found.version}:{index_page.pk}:{language}:{view}:{page_id}" for page_id in ids
    }
    rows = cache.get_many(list(keys.values()))
    missing = [page_id for page_id in ids if keys[page_id] not in rows]
    rendered = {
        keys[trial.pk]: render_to_string(ROW_TEMPLATES[view], {"trial": trial, "register_url": register_url})
        for trial in fetch_listing(found, missing)
    }
    if rendered:
        cache.set_many(rendered, ROW_TIMEOUT)
        rows.update(rendered)
    # Our own templates rendered them, escaping included.
    return [SafeString(rows[keys[page_id]]) for page_id in ids if keys[page_id] in rows]
