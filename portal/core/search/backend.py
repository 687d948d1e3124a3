"""Wagtail's database search backend, with queries cut into words as the index holds them.

Set as WAGTAILSEARCH_BACKENDS["default"], so the public search and the admin's own (page
explorer, snippet, page and reference choosers) share one path: every query passes through
`query.normalise` (OpenCC, jieba, the editors' synonyms) before Wagtail compiles it. The
index holds words already: pages build theirs (`BasePage.search_*`), other models declare
`fields.WordsSearchField` / `fields.WordsAutocompleteField`.

On PostgreSQL, `postgres.HeadlineRankedQueryCompiler` matches through the GIN index of
`title || body` and ranks on title and summary words only.
"""

from functools import cache

from wagtail.search.backends import database

from portal.core.search.query import normalise


class ChineseQueryMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # Nothing left to search for (punctuation, emoji): Wagtail answers "" with no results.
        query = normalise(query) or ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


def _postgres_attributes(backend_class: type) -> dict:
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    if not issubclass(backend_class, PostgresSearchBackend):
        return {}
    from portal.core.search.postgres import HeadlineRankedQueryCompiler

    return {"query_compiler_class": HeadlineRankedQueryCompiler}


@cache
def _chinese(backend_class: type) -> type:
    # Made here, not imported by name: Wagtail's SQLite backend module fails on PostgreSQL.
    attributes = _postgres_attributes(backend_class)
    return type(f"Chinese{backend_class.__name__}", (ChineseQueryMixin, backend_class), attributes)


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    """Ours of the backend `wagtail.search.backends.database` picks for the database
    (PostgreSQL, SQLite with FTS5, or the plain fallback)."""
    return _chinese(type(database.SearchBackend(params)))(params)
