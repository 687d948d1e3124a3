"""A visitor's query string -> a Wagtail search query, with the editors' synonyms."""

from collections.abc import Iterable

from wagtail.search.query import And, Or, PlainText, SearchQuery

from portal.core.search.analysis import query_words

# Longer input is cut: nobody types more, and every word becomes a term of the SQL query.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 16


def _same_word(a: str, b: str) -> bool:
    # English plurals: "mesenchymal stem cells" spells the term "mesenchymal stem cell".
    return a == b or (a.isascii() and b.isascii() and a.removesuffix("s") == b.removesuffix("s"))


def _words_query(words: list[str]) -> PlainText:
    return PlainText(" ".join(words), operator="and")


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
