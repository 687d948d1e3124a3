"""Reads of the articles app. Each page view runs a fixed number of queries,
whatever the number of references, authors or related articles."""

from functools import partial

from django.conf import settings
from django.db.models import F, Min, Prefetch, Q
from django.utils import translation
from django.utils.functional import cached_property
from wagtail.images import get_image_model

from articles import rendering
from articles.fragments import fragment_version
from articles.models import ArticleIndexPage, ArticlePage, Person, Topic
from articles.models.pages import RELATED_ARTICLES
from portal.core import seo
from portal.core.models import SiteSettings
from portal.core.models.pages import public_q

COVER_CARD = "fill-640x360"
COVER_PAGE = "width-960"
COVER_SHARE = "fill-1200x630"


def _with_cover_renditions(queryset, *specs):
    images = get_image_model().objects.prefetch_renditions(*specs)
    return queryset.prefetch_related(Prefetch("cover_image", queryset=images))


def live_articles(*, language: str):
    """Live, public articles written in `language` (English lacks some)."""
    return ArticlePage.objects.live().public().filter(ArticlePage.has_text_in_q(language))


def article_listing(*, index: ArticleIndexPage, language: str, topic: Topic | None = None):
    """The index's live articles in `language`, newest first, optionally of one topic."""
    articles = live_articles(language=language).child_of(index)
    if topic is not None:
        articles = articles.filter(topics=topic)
    articles = articles.order_by("-publish_date", "-first_published_at").prefetch_related("topics")
    return _with_cover_renditions(articles, COVER_CARD)


def topics_in_use(*, index: ArticleIndexPage, language: str) -> list[Topic]:
    """Topics of the index's live articles in `language`, for the filter."""
    articles = live_articles(language=language).child_of(index)
    return list(Topic.objects.filter(articlepage__in=articles).distinct())


def feed_articles(*, index: ArticleIndexPage, language: str, limit: int):
    return list(
        live_articles(language=language)
        .child_of(index)
        .order_by("-publish_date", "-first_published_at")
        .prefetch_related("topics")[:limit]
    )


def related_articles(
    *, page: ArticlePage, topic_ids: list[int], language: str, limit: int
) -> list[ArticlePage]:
    """The editor's picks in their order, then other articles sharing a topic, newest
    first, all written in `language`; one query however many picks and topics there are."""
    picked = Q(picked_by__page=page)
    candidates = picked | Q(topics__in=topic_ids) if topic_ids else picked
    return list(
        ArticlePage.objects.live()
        .filter(public_q(), ArticlePage.has_text_in_q(language))
        .filter(candidates)
        .exclude(pk=page.pk)
        .annotate(pick_order=Min("picked_by__sort_order", filter=picked))
        .order_by(F("pick_order").asc(nulls_last=True), "-publish_date", "-pk")[:limit]
    )


def people_of(page: ArticlePage) -> tuple[list[Person], Person | None]:
    """The authors in their order and the medical reviewer, in one query."""
    wanted = Q(authored__page=page)
    if page.medical_reviewer_id:
        wanted |= Q(pk=page.medical_reviewer_id)
    people = list(
        Person.objects.filter(wanted)
        .annotate(author_order=Min("authored__sort_order", filter=Q(authored__page=page)))
        .order_by("author_order")
    )
    authors = sorted((p for p in people if p.author_order is not None), key=lambda p: p.author_order)
    reviewer = next((p for p in people if p.pk == page.medical_reviewer_id), None)
    return authors, reviewer


def cover_renditions(page: ArticlePage) -> dict:
    """{"page": ..., "share": ...} renditions of the cover image, in one query."""
    if not page.cover_image_id:
        return {}
    renditions = page.cover_image.get_renditions(COVER_PAGE, COVER_SHARE)
    return {"page": renditions[COVER_PAGE], "share": renditions[COVER_SHARE]}


class ArticlePageData:
    """Everything the article template shows besides the page's own fields. Each part
    is read when the template first asks for it, once: the parts the template keeps in
    the fragment cache (`{% wagtailpagecache %}`) cost nothing on a hit."""

    def __init__(self, *, page: ArticlePage, request):
        self.page = page
        self.request = request
        self.language = translation.get_language()
        self.untranslated = not page.has_text_in(self.language)
        # Without its own text, English shows the default language's (the fallback order).
        self.text_language = settings.LANGUAGE_CODE if self.untranslated else self.language

    @cached_property
    def references(self):
        return [link.reference for link in self.page.reference_links.select_related("reference")]

    @cached_property
    def topics(self):
        return list(self.page.topics.all())

    @cached_property
    def _people(self):
        if self.page.pk:
            return people_of(self.page)
        # A preview of a page not saved yet.
        return [link.person for link in self.page.author_links.all()], None

    @cached_property
    def authors(self):
        return self._people[0]

    @cached_property
    def reviewer(self):
        return self._people[1] if self.page.has_review else None

    @cached_property
    def related_articles(self):
        if not self.page.pk:
            return []
        topic_ids = [topic.pk for topic in self.topics]
        return related_articles(
            page=self.page, topic_ids=topic_ids, language=self.language, limit=RELATED_ARTICLES
        )

    @cached_property
    def cover(self):
        return cover_renditions(self.page)

    @cached_property
    def site_settings(self):
        # Cached on the request: the footer reads the same object.
        return SiteSettings.for_request(self.request) if self.request is not None else None

    @cached_property
    def share_image(self):
        if self.cover:
            return {"url": seo.absolute_url(self.cover["share"].url, self.request)}
        return seo.default_share_image(self.site_settings, self.request)

    @cached_property
    def index_url(self):
        url = self.page.get_url(self.request) or ""
        # The parent is always the article index (parent_page_types): its URL is
        # the article's without the last segment, no query needed.
        return url.rstrip("/").rsplit("/", 1)[0] + "/" if url else ""

    @cached_property
    def feed_url(self):
        return f"{self.index_url}feed/" if self.index_url and not self.untranslated else ""

    @cached_property
    def chinese_versions(self):
        if not self.untranslated:
            return []
        return [v for v in self.page.get_language_versions(self.request) if v["translated"]]

    @cached_property
    def toc(self):
        return rendering.table_of_contents(self.page.body)

    @cached_property
    def reading_minutes(self):
        return rendering.reading_minutes(rendering.body_text(self.page.body))

    @cached_property
    def disclaimer(self):
        return self.page.disclaimer or (self.site_settings.medical_disclaimer if self.site_settings else "")

    @cached_property
    def json_ld(self):
        return rendering.json_ld(
            page=self.page,
            request=self.request,
            language=self.text_language,
            references=self.references,
            authors=self.authors,
            reviewer=self.reviewer,
            image_url=self.share_image.get("url", ""),
            publisher=seo.publisher(self.site_settings, self.request),
        )

    LAZY = (
        "authors", "reviewer", "references", "topics", "cover", "related_articles", "index_url",
        "feed_url", "share_image", "chinese_versions", "toc", "reading_minutes", "disclaimer", "json_ld",
    )  # fmt: skip

    def as_context(self) -> dict:
        """Template variables; the lazy ones are callables, which templates call on use."""
        return {
            "untranslated": self.untranslated,
            "text_language": self.text_language,
            "fragment_version": fragment_version(),
            **{name: partial(getattr, self, name) for name in self.LAZY},
        }


def article_page_data(*, page: ArticlePage, request) -> dict:
    return ArticlePageData(page=page, request=request).as_context()
