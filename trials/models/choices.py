"""Vocabularies of ClinicalTrials.gov API v2 (registry enums), with translatable labels.

The stored values are the registry's own enum strings, so an imported record maps
one to one and an unknown value is detected instead of guessed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OverallStatus(models.TextChoices):
    NOT_YET_RECRUITING = "NOT_YET_RECRUITING", _("Not yet recruiting")
    RECRUITING = "RECRUITING", _("Recruiting")
    ENROLLING_BY_INVITATION = "ENROLLING_BY_INVITATION", _("Enrolling by invitation")
    ACTIVE_NOT_RECRUITING = "ACTIVE_NOT_RECRUITING", _("Active, not recruiting")
    SUSPENDED = "SUSPENDED", _("Suspended")
    TERMINATED = "TERMINATED", _("Terminated")
    COMPLETED = "COMPLETED", _("Completed")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")
    UNKNOWN = "UNKNOWN", _("Unknown status")
    AVAILABLE = "AVAILABLE", _("Available")
    NO_LONGER_AVAILABLE = "NO_LONGER_AVAILABLE", _("No longer available")
    TEMPORARILY_NOT_AVAILABLE = "TEMPORARILY_NOT_AVAILABLE", _("Temporarily not available")
    APPROVED_FOR_MARKETING = "APPROVED_FOR_MARKETING", _("Approved for marketing")
    WITHHELD = "WITHHELD", _("Withheld")


class Phase(models.TextChoices):
    EARLY_PHASE1 = "EARLY_PHASE1", _("Early phase 1")
    PHASE1 = "PHASE1", _("Phase 1")
    PHASE2 = "PHASE2", _("Phase 2")
    PHASE3 = "PHASE3", _("Phase 3")
    PHASE4 = "PHASE4", _("Phase 4")
    NA = "NA", _("Not applicable")


class StudyType(models.TextChoices):
    INTERVENTIONAL = "INTERVENTIONAL", _("Interventional")
    OBSERVATIONAL = "OBSERVATIONAL", _("Observational")
    EXPANDED_ACCESS = "EXPANDED_ACCESS", _("Expanded access")


class Allocation(models.TextChoices):
    RANDOMIZED = "RANDOMIZED", _("Randomised")
    NON_RANDOMIZED = "NON_RANDOMIZED", _("Non-randomised")
    NA = "NA", _("Not applicable (single group)")


class InterventionModel(models.TextChoices):
    SINGLE_GROUP = "SINGLE_GROUP", _("Single group")
    PARALLEL = "PARALLEL", _("Parallel groups")
    CROSSOVER = "CROSSOVER", _("Crossover")
    FACTORIAL = "FACTORIAL", _("Factorial")
    SEQUENTIAL = "SEQUENTIAL", _("Sequential")


class Masking(models.TextChoices):
    NONE = "NONE", _("None (open label)")
    SINGLE = "SINGLE", _("Single blind")
    DOUBLE = "DOUBLE", _("Double blind")
    TRIPLE = "TRIPLE", _("Triple blind")
    QUADRUPLE = "QUADRUPLE", _("Quadruple blind")


class PrimaryPurpose(models.TextChoices):
    TREATMENT = "TREATMENT", _("Treatment")
    PREVENTION = "PREVENTION", _("Prevention")
    DIAGNOSTIC = "DIAGNOSTIC", _("Diagnosis")
    ECT = "ECT", _("Educational, counselling or training")
    SUPPORTIVE_CARE = "SUPPORTIVE_CARE", _("Supportive care")
    SCREENING = "SCREENING", _("Screening")
    HEALTH_SERVICES_RESEARCH = "HEALTH_SERVICES_RESEARCH", _("Health services research")
    BASIC_SCIENCE = "BASIC_SCIENCE", _("Basic science")
    DEVICE_FEASIBILITY = "DEVICE_FEASIBILITY", _("Device feasibility")
    OTHER = "OTHER", pgettext_lazy("trial purpose", "Other")


class ObservationalModel(models.TextChoices):
    COHORT = "COHORT", _("Cohort")
    CASE_CONTROL = "CASE_CONTROL", _("Case-control")
    CASE_ONLY = "CASE_ONLY", _("Case-only")
    CASE_CROSSOVER = "CASE_CROSSOVER", _("Case-crossover")
    ECOLOGIC_OR_COMMUNITY = "ECOLOGIC_OR_COMMUNITY", _("Ecologic or community")
    FAMILY_BASED = "FAMILY_BASED", _("Family-based")
    DEFINED_POPULATION = "DEFINED_POPULATION", _("Defined population")
    NATURAL_HISTORY = "NATURAL_HISTORY", _("Natural history")
    OTHER = "OTHER", pgettext_lazy("observational model", "Other")


class DateType(models.TextChoices):
    ACTUAL = "ACTUAL", _("actual")
    ESTIMATED = "ESTIMATED", _("estimated")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Sex(models.TextChoices):
    ALL = "ALL", _("All")
    FEMALE = "FEMALE", _("Female")
    MALE = "MALE", _("Male")


class AgeUnit(models.TextChoices):
    YEARS = "YEARS", _("years")
    MONTHS = "MONTHS", _("months")
    WEEKS = "WEEKS", _("weeks")
    DAYS = "DAYS", _("days")
    HOURS = "HOURS", _("hours")
    MINUTES = "MINUTES", _("minutes")


# Days per unit, to compare ages of newborn and adult trials on one scale.
AGE_UNIT_DAYS = {
    AgeUnit.YEARS: 365.25,
    AgeUnit.MONTHS: 30.4375,
    AgeUnit.WEEKS: 7,
    AgeUnit.DAYS: 1,
    AgeUnit.HOURS: 1 / 24,
    AgeUnit.MINUTES: 1 / 1440,
}


class TimeUnit(models.TextChoices):
    """Units of the time from a stroke to treatment (`TrialPage.onset_to_treatment_*`)."""

    HOURS = "HOURS", _("hours")
    DAYS = "DAYS", _("days")
    WEEKS = "WEEKS", _("weeks")
    MONTHS = "MONTHS", _("months")


TIME_UNIT_HOURS = {
    TimeUnit.HOURS: 1,
    TimeUnit.DAYS: 24,
    TimeUnit.WEEKS: 24 * 7,
    TimeUnit.MONTHS: 24 * 30.4375,
}


class SponsorClass(models.TextChoices):
    NIH = "NIH", _("US National Institutes of Health")
    FED = "FED", _("US federal agency")
    OTHER_GOV = "OTHER_GOV", _("Other government")
    INDIV = "INDIV", _("Individual")
    INDUSTRY = "INDUSTRY", _("Industry")
    NETWORK = "NETWORK", _("Network")
    AMBIG = "AMBIG", _("Ambiguous")
    OTHER = "OTHER", _("Other (university, hospital, foundation)")
    UNKNOWN = "UNKNOWN", _("Unknown")


class CellSource(models.TextChoices):
    AUTOLOGOUS = "autologous", _("Autologous (the patient's own cells)")
    ALLOGENEIC = "allogeneic", _("Allogeneic (donor cells)")


def choice_field(max_length=40, **kwargs):
    """An optional registry-vocabulary column: blank when the registry gives no value."""
    return models.CharField(max_length=max_length, blank=True, **kwargs)
