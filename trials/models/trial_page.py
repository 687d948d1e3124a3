"""TrialPage: one clinical trial, its registry record and what editors add to it."""

import datetime
import math
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Page
from wagtail.search import index

from portal.core.models import BasePage, NeedsTranslationMixin
from trials.admin_panels import RegistryConflictsPanel
from trials.dates import format_partial
from trials.eligibility import age_words, onset_window_words, stale_reason
from trials.models.choices import (
    AGE_UNIT_DAYS,
    TIME_UNIT_HOURS,
    AgeUnit,
    Allocation,
    CellSource,
    DatePrecision,
    DateType,
    InterventionModel,
    Masking,
    ObservationalModel,
    OverallStatus,
    PrimaryPurpose,
    Sex,
    SponsorClass,
    StudyType,
    TimeUnit,
    choice_field,
)
from trials.registries import Registry


class TrialPage(NeedsTranslationMixin, BasePage):
    """One clinical trial, as a patient or family member needs to understand it (SPEC 2.C)."""

    # What it is
    acronym = models.CharField(_("acronym"), max_length=60, blank=True, db_index=True)
    brief_title = models.CharField(
        _("brief title (registry)"), max_length=500, blank=True, help_text=_("As registered, in English.")
    )
    official_title = models.TextField(_("official title (registry)"), blank=True)
    summary = models.TextField(
        _("plain-language summary"),
        blank=True,
        help_text=_("What the trial tests and why, in words a patient can follow."),
    )
    registry_summary = models.TextField(_("brief summary (registry)"), blank=True)

    # Status and dates (the registry's vocabulary; dates keep their precision)
    overall_status = choice_field(verbose_name=_("overall status"), choices=OverallStatus, db_index=True)
    why_stopped = models.TextField(_("why stopped"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True, db_index=True)
    start_date_precision = choice_field(10, verbose_name=_("precision"), choices=DatePrecision, default="day")
    start_date_type = choice_field(10, verbose_name=_("actual or estimated"), choices=DateType)
    primary_completion_date = models.DateField(_("primary completion date"), null=True, blank=True)
    primary_completion_date_precision = choice_field(
        10, verbose_name=_("precision"), choices=DatePrecision, default="day"
    )
    primary_completion_date_type = choice_field(10, verbose_name=_("actual or estimated"), choices=DateType)
    completion_date = models.DateField(_("completion date"), null=True, blank=True)
    completion_date_precision = choice_field(
        10, verbose_name=_("precision"), choices=DatePrecision, default="day"
    )
    completion_date_type = choice_field(10, verbose_name=_("actual or estimated"), choices=DateType)
    follow_up = models.CharField(
        _("follow-up"), max_length=255, blank=True, help_text=_('For example "12 months after treatment".')
    )
    last_update_posted = models.DateField(
        _("last update posted (registry)"), null=True, blank=True, db_index=True
    )

    # Design
    phases = ParentalManyToManyField(
        "trials.TrialPhase", verbose_name=_("phases"), blank=True, related_name="+"
    )
    study_type = choice_field(verbose_name=_("study type"), choices=StudyType)
    allocation = choice_field(verbose_name=_("allocation"), choices=Allocation)
    intervention_model = choice_field(verbose_name=_("intervention model"), choices=InterventionModel)
    masking = choice_field(verbose_name=_("masking"), choices=Masking)
    primary_purpose = choice_field(verbose_name=_("primary purpose"), choices=PrimaryPurpose)
    observational_model = choice_field(verbose_name=_("observational model"), choices=ObservationalModel)
    enrollment = models.PositiveIntegerField(_("enrollment"), null=True, blank=True, db_index=True)
    enrollment_type = choice_field(
        10,
        verbose_name=_("enrollment actual or anticipated"),
        choices=DateType,
        help_text=_("Actual once recruitment has ended; estimated (anticipated) before."),
    )
    # Registry lists, kept as registered (English): [str], [{"type", "name", "description"}], ...
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    interventions = models.JSONField(_("interventions"), default=list, blank=True)
    arm_groups = models.JSONField(_("arms"), default=list, blank=True)
    primary_outcomes = models.JSONField(_("primary outcomes"), default=list, blank=True)
    secondary_outcomes = models.JSONField(_("secondary outcomes"), default=list, blank=True)

    # Our own vocabularies (registries only have free text): editors set them
    cell_types = ParentalManyToManyField(
        "trials.CellType", verbose_name=_("cell types"), blank=True, related_name="+"
    )
    cell_source = choice_field(20, verbose_name=_("cell source"), choices=CellSource)
    routes = ParentalManyToManyField("trials.Route", verbose_name=_("routes"), blank=True, related_name="+")
    stroke_stages = ParentalManyToManyField(
        "trials.StrokeStage", verbose_name=_("stroke stages"), blank=True, related_name="+"
    )
    stroke_types = ParentalManyToManyField(
        "trials.StrokeType", verbose_name=_("stroke types"), blank=True, related_name="+"
    )
    dose = models.CharField(_("dose"), max_length=255, blank=True)
    treatment_window = models.CharField(
        _("treatment window"),
        max_length=255,
        blank=True,
        help_text=_('When treatment is given, in words: "18 to 36 hours after the stroke".'),
    )

    # Who runs it
    sponsor = models.CharField(_("sponsor"), max_length=255, blank=True)
    sponsor_class = choice_field(20, verbose_name=_("sponsor type"), choices=SponsorClass)
    collaborators = models.JSONField(_("collaborators"), default=list, blank=True)

    # Eligibility: what the later trial finder matches on
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    minimum_age_unit = choice_field(10, verbose_name=_("unit"), choices=AgeUnit)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    maximum_age_unit = choice_field(10, verbose_name=_("unit"), choices=AgeUnit)
    # Derived from the two above on save, so ages in days and years compare.
    minimum_age_days = models.PositiveIntegerField(null=True, blank=True, editable=False, db_index=True)
    maximum_age_days = models.PositiveIntegerField(null=True, blank=True, editable=False, db_index=True)
    sex = choice_field(10, verbose_name=_("sex"), choices=Sex)
    healthy_volunteers = models.BooleanField(_("accepts healthy volunteers"), null=True, blank=True)
    # The treatment window as editors give it (value and unit), beside `treatment_window`'s
    # words; registries have it only inside the eligibility text, so imports leave it empty
    # and set `onset_window_to_check`. The hours are derived on save, for the trial finder.
    onset_to_treatment_min = models.DecimalField(
        _("earliest treatment after the stroke"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    onset_to_treatment_min_unit = choice_field(10, verbose_name=_("unit"), choices=TimeUnit)
    onset_to_treatment_max = models.DecimalField(
        _("latest treatment after the stroke"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    onset_to_treatment_max_unit = choice_field(10, verbose_name=_("unit"), choices=TimeUnit)
    onset_to_treatment_min_hours = models.DecimalField(
        max_digits=9, decimal_places=1, null=True, blank=True, editable=False
    )
    onset_to_treatment_max_hours = models.DecimalField(
        max_digits=9, decimal_places=1, null=True, blank=True, editable=False
    )
    onset_window_to_check = models.BooleanField(
        _("treatment window to fill in"),
        default=False,
        help_text=_(
            "Set by the registry import: the registry gives the window only in the eligibility text. "
            "Cleared when the earliest or latest time is filled in."
        ),
    )
    key_criteria = models.TextField(
        _("key criteria in plain language"),
        blank=True,
        help_text=_("Who can and cannot take part, in a few short lines."),
    )
    eligibility_criteria = models.TextField(_("eligibility criteria (registry)"), blank=True)

    # Results
    has_results = models.BooleanField(_("results posted in the registry"), default=False)
    results_summary = models.TextField(_("results summary"), blank=True)
    safety_summary = models.TextField(_("safety summary"), blank=True)

    # Registry
    registry_url = models.URLField(_("registry URL"), max_length=500, blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    # What the registry said at the last import, to tell an editor's correction from a
    # registry change; and where a correction was kept over a differing registry value
    # ({field: registry value}). Written by trials.services.corrections.
    registry_record = models.JSONField(default=dict, blank=True, editable=False)
    registry_conflicts = models.JSONField(default=dict, blank=True, editable=False)

    template = "pages/trial_page.html"
    parent_page_types = ["trials.TrialIndexPage"]
    subpage_types = []

    search_fields = BasePage.search_fields + [
        index.FilterField("overall_status"),
        index.FilterField("needs_translation"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("summary"),
        FieldPanel("needs_translation"),
        InlinePanel("registry_ids", label=_("Registry IDs"), min_num=0),
        FieldPanel("registry_url"),
        MultiFieldPanel(
            [
                FieldPanel("cell_types", widget=forms.CheckboxSelectMultiple),
                FieldPanel("cell_source"),
                FieldPanel("routes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("dose"),
                FieldPanel("treatment_window"),
                FieldRowPanel(
                    [FieldPanel("onset_to_treatment_min"), FieldPanel("onset_to_treatment_min_unit")]
                ),
                FieldRowPanel(
                    [FieldPanel("onset_to_treatment_max"), FieldPanel("onset_to_treatment_max_unit")]
                ),
                FieldPanel("onset_window_to_check"),
                FieldPanel("stroke_stages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Treatment"),
        ),
    ]
    registry_panels = [
        RegistryConflictsPanel(heading=_("Corrections the registry disagrees with")),
        FieldPanel("brief_title"),
        FieldPanel("official_title"),
        FieldPanel("registry_summary"),
        MultiFieldPanel(
            [
                FieldPanel("overall_status"),
                FieldPanel("why_stopped"),
                FieldRowPanel(
                    [
                        FieldPanel("start_date"),
                        FieldPanel("start_date_precision"),
                        FieldPanel("start_date_type"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("primary_completion_date"),
                        FieldPanel("primary_completion_date_precision"),
                        FieldPanel("primary_completion_date_type"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("completion_date"),
                        FieldPanel("completion_date_precision"),
                        FieldPanel("completion_date_type"),
                    ]
                ),
                FieldPanel("follow_up"),
                FieldPanel("last_update_posted"),
            ],
            heading=_("Status and dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phases", widget=forms.CheckboxSelectMultiple),
                FieldPanel("study_type"),
                FieldPanel("allocation"),
                FieldPanel("intervention_model"),
                FieldPanel("masking"),
                FieldPanel("primary_purpose"),
                FieldPanel("observational_model"),
                FieldRowPanel([FieldPanel("enrollment"), FieldPanel("enrollment_type")]),
                FieldPanel("conditions"),
                FieldPanel("interventions"),
                FieldPanel("arm_groups"),
                FieldPanel("primary_outcomes"),
                FieldPanel("secondary_outcomes"),
            ],
            heading=_("Design"),
        ),
        MultiFieldPanel(
            [FieldPanel("sponsor"), FieldPanel("sponsor_class"), FieldPanel("collaborators")],
            heading=_("Sponsor"),
        ),
        InlinePanel("countries", label=_("Countries")),
        FieldPanel("has_results"),
        FieldPanel("last_synced_at", read_only=True),
    ]
    eligibility_panels = [
        FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("minimum_age_unit")]),
        FieldRowPanel([FieldPanel("maximum_age"), FieldPanel("maximum_age_unit")]),
        FieldPanel("sex"),
        FieldPanel("healthy_volunteers"),
        FieldPanel("stroke_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("key_criteria"),
        FieldPanel("eligibility_criteria"),
    ]
    results_panels = [
        FieldPanel("results_summary"),
        FieldPanel("safety_summary"),
        InlinePanel("publications", label=_("Publications")),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registry_panels, heading=_("Registry and design")),
            ObjectList(eligibility_panels, heading=_("Eligibility")),
            ObjectList(results_panels, heading=_("Results")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("clinical trial")
        verbose_name_plural = _("clinical trials")

    def save(self, *args, **kwargs):
        self.minimum_age_days = _age_in_days(self.minimum_age, self.minimum_age_unit, math.floor)
        self.maximum_age_days = _age_in_days(self.maximum_age, self.maximum_age_unit, math.ceil)
        self.onset_to_treatment_min_hours = _in_hours(
            self.onset_to_treatment_min, self.onset_to_treatment_min_unit
        )
        self.onset_to_treatment_max_hours = _in_hours(
            self.onset_to_treatment_max, self.onset_to_treatment_max_unit
        )
        if self.onset_to_treatment_min_hours is not None or self.onset_to_treatment_max_hours is not None:
            self.onset_window_to_check = False
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"minimum_age", "maximum_age"} & set(update_fields):
            kwargs["update_fields"] = list(update_fields) + ["minimum_age_days", "maximum_age_days"]
        if update_fields is not None and {"onset_to_treatment_min", "onset_to_treatment_max"} & set(
            update_fields
        ):
            kwargs["update_fields"] = list(kwargs["update_fields"]) + [
                "onset_to_treatment_min_hours",
                "onset_to_treatment_max_hours",
                "onset_window_to_check",
            ]
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        for prefix in ("minimum_age", "maximum_age"):
            if getattr(self, prefix) is not None and not getattr(self, f"{prefix}_unit"):
                raise ValidationError({f"{prefix}_unit": _("Give the unit of the age.")})
        for prefix in ("onset_to_treatment_min", "onset_to_treatment_max"):
            if getattr(self, prefix) is not None and not getattr(self, f"{prefix}_unit"):
                raise ValidationError({f"{prefix}_unit": _("Give the unit of the time.")})
        low = _in_hours(self.onset_to_treatment_min, self.onset_to_treatment_min_unit)
        high = _in_hours(self.onset_to_treatment_max, self.onset_to_treatment_max_unit)
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"onset_to_treatment_max": _("The latest time cannot be before the earliest.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language() or ""
        context["untranslated"] = self.needs_translation and language.startswith("zh")
        context["publications"] = [
            link.reference for link in self.publications.select_related("reference").order_by("sort_order")
        ]
        return context

    # Search: found by registry IDs, acronym, sponsor and condition in every language
    def search_summary_texts(self) -> list[str]:
        ids = [registry_id.identifier for registry_id in self.registry_ids.all()]
        return [
            *super().search_summary_texts(),
            self.acronym,
            *ids,
            self.brief_title,
            self.sponsor,
            *map(str, self.conditions),
            *self.texts_in_every_language("summary"),
        ]

    def search_body_texts(self) -> list[str]:
        return [
            self.official_title,
            self.registry_summary,
            *map(str, self.collaborators),
            *self.texts_in_every_language("key_criteria", "results_summary"),
        ]

    def search_result_text(self) -> str:
        return self.summary or self.brief_title

    # What templates, the card and the export read
    @cached_property
    def primary_registry_id(self):
        ids = list(self.registry_ids.all())
        return ids[0] if ids else None

    @property
    def nct_id(self) -> str:
        for registry_id in self.registry_ids.all():
            if registry_id.registry == Registry.NCT:
                return registry_id.identifier
        return ""

    @property
    def registry_link(self) -> str:
        if self.registry_url:
            return self.registry_url
        first = self.primary_registry_id
        return first.url if first else ""

    @property
    def heading(self) -> str:
        """The title led by the acronym, unless the title already starts with it."""
        if not self.acronym or self.title.startswith(self.acronym):
            return self.title
        return f"{self.acronym}: {self.title}"

    @property
    def display_name(self) -> str:
        return self.acronym or self.title

    def phase_labels(self) -> list[str]:
        return [str(phase.label) for phase in self.phases.all()]

    def phase_display(self) -> str:
        return " / ".join(self.phase_labels())

    def registry_value(self, name: str):
        """A registry-owned field's value as `registry_record` stores it (JSON; phases by code)."""
        if name == "phases":
            return sorted(phase.code for phase in self.phases.all())
        return self.registry_json(getattr(self, name))

    @staticmethod
    def registry_json(value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    def country_names(self) -> list[str]:
        return [country.name for country in self.countries.all()]

    def start_display(self) -> str:
        return format_partial(self.start_date, self.start_date_precision)

    def primary_completion_display(self) -> str:
        return format_partial(self.primary_completion_date, self.primary_completion_date_precision)

    def completion_display(self) -> str:
        return format_partial(self.completion_date, self.completion_date_precision)

    def onset_window_display(self) -> str:
        """The structured treatment window in words: "18 to 36 hours", "within 7 days"."""
        return onset_window_words(
            (self.onset_to_treatment_min, self.onset_to_treatment_min_unit),
            (self.onset_to_treatment_max, self.onset_to_treatment_max_unit),
        )

    def stale_reason(self, today: datetime.date | None = None) -> str:
        """Why the registry record looks out of date ("" when it does not): see trials.eligibility."""
        return stale_reason(
            self.overall_status,
            self.primary_completion_date,
            self.last_update_posted,
            precision=self.primary_completion_date_precision,
            today=today,
        )

    def age_display(self) -> str:
        return age_words(self.minimum_age, self.minimum_age_unit, self.maximum_age, self.maximum_age_unit)


def _in_hours(value, unit) -> Decimal | None:
    if value is None or not unit:
        return None
    return (Decimal(value) * Decimal(str(TIME_UNIT_HOURS[TimeUnit(unit)]))).quantize(Decimal("0.1"))


def _age_in_days(value, unit, rounding) -> int | None:
    if value is None or not unit:
        return None
    return int(rounding(value * AGE_UNIT_DAYS[AgeUnit(unit)]))
