"""Text -> the words the search index holds, and the words a query asks for.

PostgreSQL's text search parser (and SQLite's FTS5) take a run of Chinese characters
for one word, so Chinese is cut into words here with jieba, after OpenCC has turned it
into one script (Simplified): 幹細胞, 干細胞 and 干细胞 become the same words. Index and
query go through the same cutting; the database then stems the English words.
"""

import logging
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import jieba

from portal.core.i18n.chinese import to_simplified

DOMAIN_TERMS = Path(__file__).with_name("domain_terms.txt")
_NOT_A_WORD = re.compile(r"[^\w]+")
# Past this length a "word" is a run jieba could not cut (a URL, a code): no parts of it.
_LONGEST_WORD_WITH_PARTS = 12


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DOMAIN_TERMS))
    return tokenizer


def _words(text: str) -> Iterator[str]:
    """jieba's words of `text` (Simplified, lower case), punctuation and spaces dropped.

    Without HMM, text jieba does not know splits the same way wherever it stands, in a
    page or in a query."""
    for word in _tokenizer().cut(to_simplified(text).lower(), HMM=False):
        yield from _NOT_A_WORD.sub(" ", word).split()


def _parts(word: str) -> Iterator[str]:
    """The dictionary words inside `word` (干细胞, 间充质干细胞 inside 骨髓间充质干细胞)."""
    if len(word) > _LONGEST_WORD_WITH_PARTS or word.isascii():
        return
    known = _tokenizer().FREQ
    for length in range(len(word) - 1, 1, -1):
        for start in range(len(word) - length + 1):
            part = word[start : start + length]
            if known.get(part):
                yield part


def index_words(*texts: str) -> str:
    """What the index stores for `texts`: each word and the words inside it.

    A query for a part (干细胞) finds the whole (间充质干细胞); a single character is a
    word only where jieba knows no longer one, so 干 alone does not match 干细胞."""
    found: list[str] = []
    for word in _words(" ".join(text for text in texts if text)):
        found.append(word)
        found.extend(_parts(word))
    return " ".join(found)


def query_words(text: str) -> list[str]:
    """The words a query asks for, cut as `index_words` cuts a page."""
    return list(_words(text))
