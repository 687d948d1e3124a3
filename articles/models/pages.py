"""The article index and article pages (SPEC 2.B)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from articles import citations
from articles.blocks import BodyBlock
from articles.forms import ArticlePageForm
from portal.core.i18n.slugs import language_codes
from portal.core.models import BasePage, NeedsTranslationMixin

ARTICLES_PER_PAGE = 12
FEED_LENGTH = 20
RELATED_ARTICLES = 4
REFERENCE_LIST_HELP = _(
    "Citation markers such as [1], [1,3] or [2-4] in the body refer to positions in this list. "
    "Moving, adding or removing an entry renumbers the ones after it: check the markers in every "
    "language after reordering. A marker past the end of the list stops the page from being saved."
)


class ArticleIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    template = "pages/article_index_page.html"
    parent_page_types = ["core.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("article index page")

    @path("feed/")
    def feed(self, request):
        from articles.feeds import ArticleFeed  # cycle: the feed reads these models

        return ArticleFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        from articles.selectors import article_listing, topics_in_use  # cycle: selectors read these models

        context = super().get_context(request, *args, **kwargs)
        topic_slug = request.GET.get("topic", "")
        language = translation.get_language()
        topics = topics_in_use(index=self, language=language)
        topic = next((t for t in topics if t.slug == topic_slug), None)
        paginator = Paginator(article_listing(index=self, topic=topic, language=language), ARTICLES_PER_PAGE)
        articles = paginator.get_page(request.GET.get("page"))  # junk -> 1, past the end -> last
        context.update(articles=articles, topics=topics, topic=topic, feed_url=self.feed_url(request))
        return context

    def feed_url(self, request=None) -> str:
        url = self.get_url(request)
        return f"{url}feed/" if url else ""

    def get_cached_paths(self):
        # Purged from the page caches with the index (portal.core.pagecache): the feed too.
        return ["/", "feed/"]


class ArticlePage(NeedsTranslationMixin, BasePage):
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for listings and share cards.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt_text = models.CharField(
        _("cover image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the cover image for people who cannot see it."),
    )
    topics = ParentalManyToManyField("articles.Topic", verbose_name=_("topics"), blank=True)
    publish_date = models.DateField(
        _("publish date"), default=datetime.date.today, help_text=_("Shown on the article.")
    )
    medical_reviewer = models.ForeignKey(
        "articles.Person",
        verbose_name=_("medical reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text=_("Set when a medical reviewer approves the article."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Set when a medical reviewer approves the article."),
    )
    disclaimer = models.TextField(
        _("disclaimer"),
        blank=True,
        help_text=_("Replaces the site-wide medical disclaimer on this article. Leave empty to use it."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    template = "pages/article_page.html"
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ArticlePageForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt_text")], heading=_("Cover image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                HelpPanel(content=REFERENCE_LIST_HELP),
                InlinePanel("reference_links", label=_("Reference")),
            ],
            heading=_("References"),
        ),
        FieldPanel("disclaimer"),
    ]
    promote_panels = Page.promote_panels + [
        FieldPanel("publish_date"),
        FieldPanel("needs_translation"),
        InlinePanel("author_links", label=_("Authors"), heading=_("Authors")),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("related_picks", label=_("Related articles"), heading=_("Related articles")),
        MultiFieldPanel(
            [FieldPanel("medical_reviewer", read_only=True), FieldPanel("last_reviewed", read_only=True)],
            heading=_("Medical review"),
            help_text=_("Filled in when a member of the Medical reviewers group approves the article."),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.FilterField("publish_date"),
        index.FilterField("needs_translation"),
    ]

    class Meta:
        verbose_name = _("article page")

    def clean(self):
        super().clean()
        # The admin form checks against the reference rows being submitted and
        # marks the page; other paths (imports, shell) are checked here.
        if self.__dict__.pop("_citations_checked", False):
            return
        self.check_citations(reference_count=len(self.reference_links.all()))

    def check_citations(self, *, reference_count: int, bodies=None) -> None:
        """Raise a ValidationError if a marker points past a list of `reference_count`."""
        problems = self.citation_problems(reference_count=reference_count, bodies=bodies)
        if problems:
            raise ValidationError(
                _(
                    "Citation markers must match the reference list (%(count)s entries): %(problems)s. "
                    "Markers refer to positions in the list."
                ),
                params={"count": reference_count, "problems": "; ".join(problems)},
                code="citation_out_of_range",
            )

    def citation_problems(self, *, reference_count: int, bodies=None) -> list[str]:
        """Problems of the markers in the body in every language."""
        if bodies is None:
            bodies = [getattr(self, build_localized_fieldname("body", code)) for code in language_codes()]
        problems: dict[str, None] = {}  # in order, once each
        for body in bodies:
            raw = body.get_prep_value() if hasattr(body, "get_prep_value") else body
            named = 0
            for text in citations.strings_in(raw or []):
                named += sum(len(marker.numbers) for marker in citations.find_markers(text))
                problems.update(
                    dict.fromkeys(citations.marker_problems(text, reference_count=reference_count))
                )
            if named > citations.MAX_CITED_NUMBERS:
                problems[str(citations.TOO_MANY_CITATIONS) % {"limit": citations.MAX_CITED_NUMBERS}] = None
        return list(problems)

    def get_context(self, request, *args, **kwargs):
        from articles.selectors import article_page_data  # cycle: selectors read these models

        context = super().get_context(request, *args, **kwargs)
        context.update(article_page_data(page=self, request=request))
        return context

    @classmethod
    def has_text_in_q(cls, language: str) -> Q:
        if language != "en":  # each Chinese script is converted from the other
            return Q()
        return Q(title_en__gt="")

    def has_text_in(self, language: str) -> bool:
        """An article is written in English once it has an English title."""
        return language != "en" or bool(self.title_en)

    def search_summary_texts(self) -> list[str]:
        topics = [name for topic in self.topics.all() for name in topic_names(topic)]
        return [*super().search_summary_texts(), *self.texts_in_every_language("summary"), *topics]

    def search_body_texts(self) -> list[str]:
        return self.texts_in_every_language("body")

    def search_result_text(self) -> str:
        return self.summary or self.search_description

    @property
    def has_review(self) -> bool:
        return bool(self.medical_reviewer_id and self.last_reviewed)

    @property
    def published_at(self) -> datetime.datetime:
        """The publish date as a moment (midnight, site time zone) for the feed: the
        date the page and its JSON-LD show, not the first-publication time."""
        return timezone.make_aware(datetime.datetime.combine(self.publish_date, datetime.time()))

    @property
    def date_modified(self) -> datetime.datetime:
        return self.last_published_at or self.latest_revision_created_at or timezone.now()


class ArticlePageAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="author_links")
    person = models.ForeignKey(
        "articles.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="authored"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return str(self.person)


class ArticlePageReference(Orderable):
    """One numbered entry of an article's reference list: its number is its position."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="reference_links")
    reference = models.ForeignKey(
        "references.Reference",
        verbose_name=_("reference"),
        on_delete=models.PROTECT,
        related_name="article_links",
    )

    panels = [FieldPanel("reference")]

    class Meta(Orderable.Meta):
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self):
        return str(self.reference)


def topic_names(topic) -> list[str]:
    return [getattr(topic, build_localized_fieldname("name", code)) for code in language_codes()]


class ArticlePageRelatedArticle(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_picks")
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="picked_by",
    )

    panels = [PageChooserPanel("article", page_type="articles.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")

    def __str__(self):
        return str(self.article)
