"""Search fields whose text the index holds as words (`analysis.index_words`), for models
other than pages (pages build theirs in `BasePage.search_*`)."""

from django.utils.encoding import force_str
from wagtail.search import index

from portal.core.search.analysis import index_words


def _words(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return index_words(*(force_str(item) for item in value))
    return index_words(force_str(value))


class WordsSearchField(index.SearchField):
    def get_value(self, obj):
        return _words(super().get_value(obj))


class WordsAutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        return _words(super().get_value(obj))
