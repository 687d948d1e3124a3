"""Snippets of the articles app: people who write and review, and topics."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from portal.core.i18n.slugs import ascii_slug
from portal.core.search.fields import WordsAutocompleteField, WordsSearchField


class Person(index.Indexed, models.Model):
    """An author or medical reviewer, shown on articles."""

    name = models.CharField(_("name"), max_length=200)
    credentials = models.CharField(
        _("credentials"),
        max_length=255,
        blank=True,
        help_text=_('Degrees and role, e.g. "MD, neurologist".'),
    )
    is_organisation = models.BooleanField(
        _("team or organisation"),
        default=False,
        help_text=_("A team (such as the editorial team) rather than one person."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_person",
        help_text=_("Link the person to their admin account so an approved review names them."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("credentials"),
        FieldPanel("is_organisation"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [
        *(WordsSearchField(f"name_{code}") for code in ("zh_hans", "zh_hant", "en")),
        *(WordsAutocompleteField(f"name_{code}") for code in ("zh_hans", "zh_hant", "en")),
    ]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Topic(index.Indexed, models.Model):
    """What an article is about; the article listing filters by it (?topic=slug)."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=_("Used in links (?topic=...). Leave empty to make one from the name."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [
        *(WordsSearchField(f"name_{code}") for code in ("zh_hans", "zh_hant", "en")),
        *(WordsAutocompleteField(f"name_{code}") for code in ("zh_hans", "zh_hant", "en")),
    ]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = ascii_slug(self.name_en or self.name_zh_hans or self.name) or "topic"
            slug, counter = base, 2
            while Topic.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug = f"{base}-{counter}"
                counter += 1
            self.slug = slug
        super().save(*args, **kwargs)
