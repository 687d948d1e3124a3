"""The search over live, public pages of the searchable types, and what a result shows."""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import SearchQuery
from wagtail.search.utils import normalise_query_string

from portal.core.i18n.chinese import SIMPLIFIED, TRADITIONAL, convert_text
from portal.core.search.analysis import query_words
from portal.core.search.query import MAX_QUERY_LENGTH
from portal.core.search.windows import type_count_name

# Named by label: core does not import the apps above it.
SEARCHABLE_TYPES = ("articles.ArticlePage", "trials.TrialPage", "core.StandardPage")
SNIPPET_LENGTH = 160


@dataclass(frozen=True)
class PageType:
    key: str  # "articlepage": the ?type= value
    label: str
    content_type: ContentType
    model: type[Page]


def page_types() -> list[PageType]:
    found = []
    for label in SEARCHABLE_TYPES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        found.append(
            PageType(
                key=model._meta.model_name,
                label=str(model._meta.verbose_name),
                content_type=ContentType.objects.get_for_model(model),
                model=model,
            )
        )
    return found


def searchable_pages(*, language: str, types: list[PageType]):
    """Live pages nobody needs a login or password to read, of `types`, with text in `language`."""
    pages = Page.objects.live().public().filter(content_type__in=[t.content_type for t in types])
    for page_type in types:
        written = page_type.model.has_text_in_q(language)
        if written:
            pages = pages.exclude(pk__in=page_type.model.objects.exclude(written).values("pk"))
    return pages


def search(query: SearchQuery, *, language: str, types: list[PageType], only: PageType | None):
    """Results of `query` (best first) and the number found per type key."""
    pages = searchable_pages(language=language, types=types)
    by_content_type = pages.search(query).facet("content_type_id")
    counts = {t.key: by_content_type.get(t.content_type.pk, 0) for t in types}
    if only is not None:
        pages = pages.filter(content_type=only.content_type)
    return pages.specific().search(query), counts


def search_page(
    query: SearchQuery, *, language: str, types: list[PageType], only: PageType | None, start: int, stop: int
) -> tuple[list[Page], dict[str, int] | None]:
    """Results `start` to `stop` of `query` (best first) and the number found per type key,
    in one query on PostgreSQL (the counts ride on each row). None for the counts where
    they cannot come that way (a page past the last, one type chosen, another database):
    then `search()` answers."""
    if only is not None or not hasattr(get_search_backend().query_compiler_class, "count_content_types"):
        return [], None
    found = searchable_pages(language=language, types=types).specific().search(query)
    found.query_compiler.count_content_types = tuple(t.content_type.pk for t in types)
    items = list(found[start:stop])
    if not items:
        return items, ({t.key: 0 for t in types} if start == 0 else None)
    return items, {t.key: getattr(items[0], type_count_name(t.content_type.pk)) for t in types}


_PLANNER = ["enable_seqscan", "enable_nestloop", "jit"]


@contextmanager
def matching_by_index():
    """Searches in this block find their matches through the GIN index (PostgreSQL).

    When a word is on most pages, the planner reckons a sequential scan of the index
    entries cheaper than the GIN index: it cannot know that testing an entry decompresses
    its body vector (6 KB), which at 10,000 articles is ten times slower than the index
    (docs/performance.md); and with a nested loop, it would then look up each match's
    entry again to rank it. JIT is off with them: compiling a plan costed as "no
    sequential scan" took longer than running it."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(name, 'off', true) FROM pg_settings WHERE name = ANY(%s)", [_PLANNER]
            )
        yield
        with connection.cursor() as cursor:  # for the rest of an enclosing transaction
            cursor.execute(
                "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)", [_PLANNER]
            )


def promotions(text: str) -> list[SearchPromotion]:
    """The editors' picks for `text` (Wagtail's search promotions), in their order; a picked
    page only while it is live and public."""
    public = Page.objects.live().public().values("pk")
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(text))
        .filter(Q(page__isnull=True) | Q(page__in=public))
        .select_related("page")
        .order_by("sort_order")
    )


@lru_cache(maxsize=64)  # one query, every result on its page
def _highlight_pattern(query_text: str, language: str) -> re.Pattern | None:
    """The query's words (cut as the index cuts text, in the page's script too) as one regex."""
    words = sorted(set(query_words(query_text)), key=len, reverse=True)
    if language in (SIMPLIFIED, TRADITIONAL):
        words = sorted({convert_text(w, to=language) for w in words} | set(words), key=len, reverse=True)
    patterns = [
        re.escape(w.removesuffix("s")) + r"\w*" if w.isascii() and len(w) > 3 else re.escape(w) for w in words
    ]
    return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None


def highlighted_snippet(text: str, *, query_text: str, language: str) -> SafeString:
    """About SNIPPET_LENGTH characters of `text` around the first word of the query, the
    words marked; the query is cut as the index cuts text, shown in the page's script."""
    text = " ".join((text or "").split())
    pattern = _highlight_pattern(query_text[:MAX_QUERY_LENGTH], language)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - SNIPPET_LENGTH // 3) if first else 0
    excerpt = text[start : start + SNIPPET_LENGTH]
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(text) else ""
    if pattern is None:
        return mark_safe(prefix + escape(excerpt) + suffix)  # noqa: S308 (escaped)
    marked, last = [], 0
    for match in pattern.finditer(excerpt):
        marked += [escape(excerpt[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    marked.append(escape(excerpt[last:]))
    return mark_safe(prefix + "".join(marked) + suffix)  # noqa: S308 (every piece escaped)


def suggestions() -> dict:
    """Where a search that found nothing can go on: the trial register, the articles, topics."""

    def first_live(label: str):
        try:
            model = apps.get_model(label)
        except LookupError:
            return None
        return model.objects.live().public().first()

    articles = first_live("articles.ArticleIndexPage")
    try:
        topics = list(apps.get_model("articles.Topic").objects.all()[:8]) if articles else []
    except LookupError:
        topics = []
    return {"register": first_live("trials.TrialIndexPage"), "articles": articles, "topics": topics}
