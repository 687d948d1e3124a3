from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from portal.core import seo
from portal.core.blocks import StandardBodyBlock
from portal.core.forms import PortalPageForm
from portal.core.i18n.languages import bcp47
from portal.core.i18n.slugs import fill_translated_slugs, language_codes
from portal.core.navigation import navigation_version
from portal.core.search.analysis import index_words
from portal.core.search.fields import HeadlineFields

LATEST_TRIALS_ON_HOME = 3
LATEST_ARTICLES_ON_HOME = 3


def public_q() -> Q:
    """Not behind a view restriction on the page or an ancestor, checked inside the
    same SQL query (Wagtail's `.public()` runs a query of its own first)."""
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Q(Exists(restricted))


class BasePage(Page):
    """Behaviour every page of the portal shares: ASCII slugs per language,
    links to its other-language versions."""

    base_form_class = PortalPageForm

    # The index holds every language's text as words (portal.core.search.analysis), in
    # methods: Wagtail would read `title` in whatever language is active while it indexes.
    # Weighted title > summary > body, title and summary in the entry's title vector the
    # search ranks on; Page's own fields stay for the filters and the admin's autocomplete.
    search_fields = [field for field in Page.search_fields if not isinstance(field, index.SearchField)] + [
        HeadlineFields("search_title", boost=3),
        HeadlineFields("search_summary", boost=2),
        index.SearchField("search_body", boost=1),
        # The admin's explorer and page choosers search here (autocomplete).
        index.AutocompleteField("search_title"),
    ]

    class Meta:
        abstract = True

    def _set_core_field_defaults(self):
        fill_translated_slugs(self)
        super()._set_core_field_defaults()

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            # Wagtail indexed the page on post_save, before modelcluster wrote the child
            # rows and many-to-many links (topics, registry IDs) the index reads.
            index.insert_or_update_object(self)
        return result

    @classmethod
    def has_text_in_q(cls, language: str) -> Q:
        """Filter for pages of this type written in `language` (see `has_text_in`)."""
        return Q()

    def has_text_in(self, language: str) -> bool:
        """Whether the page has text of its own in `language`. A Chinese script
        always has (converted from the other); a type whose English may be
        missing says so, and is then left out of English listings, feeds,
        hreflang and the sitemap."""
        return True

    # Search: what the index reads (every language) and what a result shows (the visitor's).
    def search_title(self) -> str:
        return index_words(*self.texts_in_every_language("title", "seo_title"))

    def search_summary(self) -> str:
        return index_words(*self.search_summary_texts())

    def search_body(self) -> str:
        return index_words(*self.search_body_texts())

    def search_summary_texts(self) -> list[str]:
        return self.texts_in_every_language("search_description")

    def search_body_texts(self) -> list[str]:
        return []

    def search_result_text(self) -> str:
        """The text a search result shows, in the active language."""
        return self.search_description

    def texts_in_every_language(self, *names: str) -> list[str]:
        """The values of fields `names` in every language (one value if untranslated);
        a StreamField gives its searchable text."""
        texts: list[str] = []
        for name in names:
            localized = [build_localized_fieldname(name, code) for code in language_codes()]
            for field_name in localized if hasattr(self, localized[0]) else [name]:
                field = self._meta.get_field(field_name)
                value = field.value_from_object(self)
                if hasattr(field, "get_searchable_content"):
                    texts.extend(str(text) for text in field.get_searchable_content(value))
                elif value:
                    texts.append(str(value))
        return texts

    def get_view_restrictions(self):
        # The cached route (portal.core.cached_routes) knows none applies.
        if getattr(self, "_known_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What the cached parts of the page (templates/base_page.html) vary on; a page
        # showing more from elsewhere names its own.
        context.setdefault("fragment_version", navigation_version())
        # Keyed by the canonical path, so that query strings neither multiply the cached
        # parts nor carry what a visitor typed into the cache.
        context.setdefault("fragment_path", seo.canonical_path(request))
        return context

    def get_language_versions(self, request=None) -> list[dict]:
        """This page's URL in every language, for the switcher and hreflang links;
        `translated` is False where the page only shows another language's text."""
        versions = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                url = self.get_url(request)
            if url:
                url += self._routed_part(request)
                versions.append(
                    {"code": code, "name": name, "url": url, "translated": self.has_text_in(code)}
                )
        return versions

    def _routed_part(self, request) -> str:
        """Where a routable page's view is (`finder/`) and what the visitor asked it
        (`?type=ischemic&age=70`): the other language shows the same, not the page's start."""
        match = getattr(request, "routable_resolver_match", None)
        if match is None or not hasattr(self, "reverse_subpage"):
            return ""
        part = self.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
        return part + (f"?{request.GET.urlencode()}" if request.GET else "")

    def get_sitemap_urls(self, request=None):
        """One entry per translated language, each listing the others as hreflang
        alternates, with x-default (the default language) as the HTML heads say."""
        lastmod = self.last_published_at or self.latest_revision_created_at
        versions = []
        for code, _name in settings.LANGUAGES:
            if not self.has_text_in(code):
                continue
            with translation.override(code):
                location = self.get_full_url(request)
            if location:
                versions.append({"location": location, "lang_code": bcp47(code)})
        if not versions:
            return []
        alternates = [*versions, {"location": versions[0]["location"], "lang_code": "x-default"}]
        return [{"location": v["location"], "lastmod": lastmod, "alternates": alternates} for v in versions]


def _app_model(app_label: str, name: str):
    """A model of an app above core, named by label so core does not import it."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


class HomePage(BasePage):
    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_cta_title = models.CharField(_("WeChat contact title"), max_length=200, blank=True)
    contact_cta_text = models.TextField(_("WeChat contact text"), blank=True)
    contact_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    show_trial_finder = models.BooleanField(
        _("show the trial finder"),
        default=True,
        help_text=_("The trial finder's first question, below the featured articles."),
    )
    newsletter_cta_title = models.CharField(_("newsletter title"), max_length=200, blank=True)
    newsletter_cta_text = models.TextField(_("newsletter text"), blank=True)
    newsletter_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("newsletter page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    template = "pages/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        InlinePanel("featured_articles", label=_("Featured articles"), max_num=6),
        FieldPanel("show_trial_finder", heading=_("Trial finder")),
        MultiFieldPanel(
            [
                FieldPanel("contact_cta_title"),
                FieldPanel("contact_cta_text"),
                PageChooserPanel("contact_cta_page"),
            ],
            heading=_("WeChat contact call-to-action"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("newsletter_cta_title"),
                FieldPanel("newsletter_cta_text"),
                PageChooserPanel("newsletter_cta_page"),
            ],
            heading=_("Newsletter call-to-action"),
        ),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen = self.featured_article_pages()
        context["articles_are_chosen"] = bool(chosen)
        context["featured_articles"] = chosen or self.latest_articles()
        context["latest_trials"] = self.latest_trials()
        return context

    def featured_article_pages(self) -> list[Page]:
        """The live articles editors chose, in their order, in one query."""
        chosen = [link.article_id for link in self.featured_articles.all()]
        article_model = _app_model("articles", "ArticlePage")
        if not chosen or article_model is None:
            return []
        found = (
            article_model.objects.live()
            .public()
            .filter(article_model.has_text_in_q(translation.get_language()))
            .in_bulk(chosen)
        )
        return [found[pk] for pk in chosen if pk in found]

    def latest_articles(self) -> list[Page]:
        """Newest live articles: the home page is never without articles."""
        return _newest_live("articles", "ArticlePage", LATEST_ARTICLES_ON_HOME)

    def latest_trials(self) -> list[Page]:
        return _newest_live("trials", "TrialPage", LATEST_TRIALS_ON_HOME)


def _newest_live(app_label: str, name: str, count: int) -> list[Page]:
    model = _app_model(app_label, name)
    if model is None:
        return []
    written = model.has_text_in_q(translation.get_language()) if issubclass(model, BasePage) else Q()
    newest_first = (F("first_published_at").desc(nulls_last=True), "-pk")  # ties: the later page
    return list(model.objects.live().public().filter(written).order_by(*newest_first)[:count])


class HomePageFeaturedArticle(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_articles")
    article = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("article", page_type="articles.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured article")

    def __str__(self):
        return str(self.article)


class StandardPage(BasePage):
    """A plain page: about us, privacy policy, terms."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)

    template = "pages/standard_page.html"
    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")

    def search_summary_texts(self) -> list[str]:
        return [*super().search_summary_texts(), *self.texts_in_every_language("intro")]

    def search_body_texts(self) -> list[str]:
        return self.texts_in_every_language("body")

    def search_result_text(self) -> str:
        return self.intro or self.search_description
