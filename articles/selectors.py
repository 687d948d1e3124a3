"""Reads of the articles app. Each page view runs a fixed number of queries,
whatever the number of references, authors or related articles."""

from django.conf import settings
from django.db.models import Exists, F, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from articles import rendering
from articles.models import ArticleIndexPage, ArticlePage, Person, Topic
from articles.models.pages import RELATED_ARTICLES
from portal.core import seo
from portal.core.models import SiteSettings

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


def public_q() -> Q:
    """Not behind a view restriction on the page or an ancestor, checked inside the
    same SQL query (Wagtail's `.public()` runs a query of its own first)."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Q(Exists(restricted))


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


def article_page_data(*, page: ArticlePage, request) -> dict:
    """Everything the article template shows besides the page's own fields."""
    language = translation.get_language()
    untranslated = not page.has_text_in(language)
    # Without its own text, English shows the default language's (the fallback order).
    text_language = settings.LANGUAGE_CODE if untranslated else language
    reference_links = list(page.reference_links.select_related("reference"))
    references = [link.reference for link in reference_links]
    topics = list(page.topics.all())
    if page.pk:
        authors, reviewer = people_of(page)
        related = related_articles(
            page=page, topic_ids=[t.pk for t in topics], language=language, limit=RELATED_ARTICLES
        )
    else:  # a preview of a page not saved yet
        authors = [link.person for link in page.author_links.all()]
        reviewer, related = None, []
    if not page.has_review:
        reviewer = None
    cover = cover_renditions(page)
    site_settings = _site_settings(request)
    if cover:
        share_image = {"url": seo.absolute_url(cover["share"].url, request)}
    else:
        share_image = seo.default_share_image(site_settings, request)
    url = page.get_url(request) or ""
    # The parent is always the article index (parent_page_types): its URL is
    # the article's without the last segment, no query needed.
    index_url = url.rstrip("/").rsplit("/", 1)[0] + "/" if url else ""
    return {
        "authors": authors,
        "reviewer": reviewer,
        "references": references,
        "topics": topics,
        "cover": cover,
        "related_articles": related,
        "index_url": index_url,
        "feed_url": f"{index_url}feed/" if index_url and not untranslated else "",
        "share_image": share_image,
        "untranslated": untranslated,
        "chinese_versions": (
            [v for v in page.get_language_versions(request) if v["translated"]] if untranslated else []
        ),
        "text_language": text_language,
        "toc": rendering.table_of_contents(page.body),
        "reading_minutes": rendering.reading_minutes(rendering.body_text(page.body)),
        "disclaimer": page.disclaimer or (site_settings.medical_disclaimer if site_settings else ""),
        "json_ld": rendering.json_ld(
            page=page,
            request=request,
            language=text_language,
            references=references,
            authors=authors,
            reviewer=reviewer,
            image_url=share_image.get("url", ""),
            publisher=seo.publisher(site_settings, request),
        ),
    }


def _site_settings(request):
    # Cached on the request: the footer reads the same object.
    return SiteSettings.for_request(request) if request is not None else None
