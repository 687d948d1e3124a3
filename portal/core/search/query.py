"""A visitor's or an editor's query string -> a Wagtail search query, with the editors' synonyms."""

from collections.abc import Iterable

from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from portal.core.search.analysis import query_words
from portal.core.search.models import Synonym

# Longer input is cut: nobody types more, and every word becomes a term of the SQL query.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 16


def _same_word(a: str, b: str) -> bool:
    # English plurals: "mesenchymal stem cells" spells the term "mesenchymal stem cell".
    return a == b or (a.isascii() and b.isascii() and a.removesuffix("s") == b.removesuffix("s"))


class Words(PlainText):
    """Words already cut by `analysis`: the search backend passes them on untouched."""


def _words_query(words: list[str]) -> Words:
    return Words(" ".join(words), operator="and")


def search_query(text: str) -> SearchQuery | None:
    """`build_query` with the synonym groups editors keep in the admin."""
    return build_query(text, synonym_groups=[synonym.term_list() for synonym in Synonym.objects.all()])


def normalise(query: str | SearchQuery) -> SearchQuery | None:
    """Any query Wagtail passes a backend (the admin's explorer and choosers parse theirs
    into PlainText, Phrase, And...), its text cut as `build_query` cuts a visitor's."""
    if isinstance(query, Words) or not isinstance(query, str | PlainText | Phrase | And | Or | Not | Boost):
        return query  # ours already, or nothing to cut (MatchAll, Fuzzy)
    if isinstance(query, str):
        return search_query(query)
    if isinstance(query, PlainText):
        return search_query(query.query_string)
    if isinstance(query, Phrase):
        words = query_words(query.query_string[:MAX_QUERY_LENGTH])
        return Phrase(" ".join(words)) if words else None
    if isinstance(query, Not | Boost):
        inner = normalise(query.subquery)
        if inner is None:
            return None
        return Not(inner) if isinstance(query, Not) else Boost(inner, query.boost)
    parts = [part for part in map(normalise, query.subqueries) if part is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else type(query)(parts)


def build_query(text: str, *, synonym_groups: Iterable[list[str]] = ()) -> SearchQuery | None:
    """Every word of `text` must match; a run of words spelling a synonym matches any term
    of its group. None when nothing searchable is left (empty, punctuation, emoji)."""
    words = query_words(text[:MAX_QUERY_LENGTH])[:MAX_QUERY_WORDS]
    if not words:
        return None
    groups = [[query_words(term) for term in group] for group in synonym_groups]
    groups = [[term for term in group if term] for group in groups]
    plain: list[str] = []
    alternatives: list[SearchQuery] = []
    position = 0
    while position < len(words):
        match = _longest_term_at(words, position, groups)
        if match is None:
            plain.append(words[position])
            position += 1
            continue
        length, group = match
        alternatives.append(Or([_words_query(term) for term in group]))
        position += length
    parts = ([_words_query(plain)] if plain else []) + alternatives
    return parts[0] if len(parts) == 1 else And(parts)


def _longest_term_at(words: list[str], position: int, groups: list[list[list[str]]]):
    best = None
    for group in groups:
        for term in group:
            candidate = words[position : position + len(term)]
            if len(candidate) == len(term) and all(map(_same_word, candidate, term)):
                if best is None or len(term) > best[0]:
                    best = (len(term), group)
    return best
