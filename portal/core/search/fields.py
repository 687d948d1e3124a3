"""Search fields whose text the index holds as words (`analysis.index_words`), for models
other than pages (pages build theirs in `BasePage.search_*`), and the headline fields pages
index their title and summary under."""

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


class _Text(index.SearchField):
    def get_value(self, obj):
        return obj  # the text HeadlineFields read


class HeadlineFields(index.RelatedFields):
    """The text of method `source`, kept in the index entry's small title vector.

    Wagtail's backends put the search fields named "title" in that vector and the rest in
    the body vector. Given as the "title" of a related object, our title and summary
    words go there (Page's own `title` field would be the active language's only), and
    the search ranks on that small vector alone (`backend`) instead of every match's body.
    """

    def __init__(self, source: str, *, boost: float):
        super().__init__(source, [_Text("title", boost=boost)])

    def get_value(self, obj):
        return getattr(obj, self.field_name)()
