"""A trial's child tables: its registry IDs, countries and publications."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from trials.countries import country_choices, country_name
from trials.models.choices import OverallStatus, choice_field
from trials.registries import Registry, registry_url, validate_identifier


class TrialRegistryId(Orderable):
    """A trial's identifier in one registry; the first is the main one."""

    page = ParentalKey("trials.TrialPage", on_delete=models.CASCADE, related_name="registry_ids")
    registry = models.CharField(_("registry"), max_length=20, choices=Registry)
    identifier = models.CharField(_("identifier"), max_length=40)

    panels = [FieldRowPanel([FieldPanel("registry"), FieldPanel("identifier")])]

    class Meta(Orderable.Meta):
        verbose_name = _("registry ID")
        verbose_name_plural = _("registry IDs")
        constraints = [
            models.UniqueConstraint(fields=["registry", "identifier"], name="trials_registry_id_unique"),
        ]

    def __str__(self):
        return self.identifier

    def clean(self):
        super().clean()
        if not self.registry or not self.identifier:
            return
        try:
            self.identifier = validate_identifier(self.registry, self.identifier)
        except ValidationError as error:
            raise ValidationError({"identifier": error.messages}) from error
        others = TrialRegistryId.objects.filter(registry=self.registry, identifier=self.identifier)
        if self.page_id:
            others = others.exclude(page_id=self.page_id)
        other = others.select_related("page").first()
        if other is not None:
            raise ValidationError(
                {
                    "identifier": _("%(identifier)s is already used by the trial “%(trial)s”.")
                    % {"identifier": self.identifier, "trial": other.page.title}
                }
            )

    def validate_unique(self, exclude=None):
        # Checked in clean() with a message naming the other trial; an inline form
        # cannot see the page id of a new page, so Django's own check would miss it.
        pass

    @property
    def url(self) -> str:
        return registry_url(self.registry, self.identifier)

    @property
    def registry_label(self) -> str:
        return str(Registry(self.registry).label) if self.registry in Registry.values else self.registry


class TrialCountry(Orderable):
    """A country with trial sites, and whether sites there are recruiting."""

    page = ParentalKey("trials.TrialPage", on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(_("country"), max_length=2, choices=country_choices, db_index=True)
    recruitment_status = choice_field(
        verbose_name=_("recruitment status"),
        choices=OverallStatus,
        help_text=_("The most open status among the country's sites; empty if the registry gives none."),
    )
    site_count = models.PositiveSmallIntegerField(_("number of sites"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("recruitment_status"), FieldPanel("site_count")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [models.UniqueConstraint(fields=["page", "country"], name="trials_country_unique")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return country_name(self.country)


class TrialPublication(Orderable):
    page = ParentalKey("trials.TrialPage", on_delete=models.CASCADE, related_name="publications")
    reference = models.ForeignKey(
        "references.Reference", verbose_name=_("reference"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("reference")]

    class Meta(Orderable.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["page", "reference"], name="trials_publication_unique"),
        ]

    def __str__(self):
        return str(self.reference)
