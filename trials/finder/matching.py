"""Judge one trial against the finder's answers, and say why in plain words.

Each criterion is a pure function of the trial's value for it and the answers,
returning a `Reason`: it fits, something needs checking, or it does not fit. A
missing registry value or a "not sure" answer never excludes a trial: it asks for a
check and says what to check. `trials.finder.index` calls the same functions once per
distinct trial value to judge a whole register at once.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trials.countries import country_name
from trials.eligibility import age_words, onset_window_words, stale_reason, stale_since
from trials.finder.questions import UNSURE, Answers, Span
from trials.models.choices import AGE_UNIT_DAYS, AgeUnit, OverallStatus

FITS, CHECK, FAILS = 0, 1, 2
# Trials a family can still ask to join.
OPEN_STATUSES = frozenset({OverallStatus.RECRUITING, OverallStatus.NOT_YET_RECRUITING})
DAYS_PER_YEAR = 365.25
# What the eligibility text says about consent by someone else (registries have no field).
_PROXY_CONSENT = re.compile(
    r"legally (?:authori[sz]ed|acceptable) representative|legal(?:ly authori[sz]ed)? (?:representative|guardian)"
    r"|surrogate|next of kin|proxy consent|family member",
    re.IGNORECASE,
)
_SELF_CONSENT = re.compile(
    r"(?:able|capable|ability) to (?:give|provide|sign|understand)(?: written)?(?: informed)? consent",
    re.IGNORECASE,
)
PROXY, SELF = "proxy", "self"


@dataclass(frozen=True)
class Reason:
    """A criterion's verdict, and its words: translated and filled in only when shown.

    The finder index asks every distinct trial value for its kind only; translating
    and naming countries for thousands of values would cost more than the matching.
    """

    criterion: str
    kind: int
    message: Promise | Callable[[], str]  # a lazy msgid, or a function giving the words
    params: dict = field(default_factory=dict)  # values: words, lazy msgids or functions giving words

    @property
    def text(self) -> str:
        if callable(self.message):
            return self.message()
        if not self.params:
            return str(self.message)
        values = {name: str(value() if callable(value) else value) for name, value in self.params.items()}
        return str(self.message) % values

    @property
    def fits(self) -> bool:
        return self.kind == FITS

    @property
    def fails(self) -> bool:
        return self.kind == FAILS


@dataclass(frozen=True)
class TrialFacts:
    """What the finder reads of one trial (built from a TrialPage, or by hand in tests)."""

    status: str = OverallStatus.RECRUITING
    minimum_age: int | None = None
    minimum_age_unit: str = ""
    maximum_age: int | None = None
    maximum_age_unit: str = ""
    minimum_age_days: int | None = None
    maximum_age_days: int | None = None
    sex: str = ""
    stroke_types: frozenset = frozenset()
    onset_min: Decimal | None = None
    onset_min_unit: str = ""
    onset_max: Decimal | None = None
    onset_max_unit: str = ""
    onset_min_hours: Decimal | None = None
    onset_max_hours: Decimal | None = None
    countries: frozenset = frozenset()
    consent: str = ""  # PROXY, SELF or "" (see `consent_rule`)
    primary_completion: datetime.date | None = None
    primary_completion_precision: str = "day"
    last_update: datetime.date | None = None

    @property
    def ages(self) -> tuple:
        return (
            self.minimum_age,
            self.minimum_age_unit,
            self.maximum_age,
            self.maximum_age_unit,
            self.minimum_age_days,
            self.maximum_age_days,
        )

    @property
    def window(self) -> tuple:
        return (
            self.onset_min,
            self.onset_min_unit,
            self.onset_max,
            self.onset_max_unit,
            self.onset_min_hours,
            self.onset_max_hours,
        )

    @property
    def stale_since(self) -> datetime.date | None:
        return stale_since(
            self.status,
            self.primary_completion,
            self.last_update,
            precision=self.primary_completion_precision,
        )


@dataclass
class Assessment:
    kind: int
    near: bool  # sites in the country where the person lives
    reasons: list[Reason] = field(default_factory=list)

    @property
    def problems(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.kind != FITS]


def consent_rule(eligibility_text: str) -> str:
    """PROXY when the criteria let a representative consent, SELF when they ask the
    patient to, "" when they say neither."""
    if _PROXY_CONSENT.search(eligibility_text or ""):
        return PROXY
    if _SELF_CONSENT.search(eligibility_text or ""):
        return SELF
    return ""


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def assess(trial: TrialFacts, answers: Answers, *, today: datetime.date | None = None) -> Assessment:
    """Every criterion's reason for one open trial; its kind is the worst of them."""
    reasons = [judge(value_of(trial), answers) for _name, judge, value_of in CRITERIA]
    record = judge_record(trial, today=today)
    if record is not None:
        reasons.append(record)
    return Assessment(
        kind=max(reason.kind for reason in reasons),
        near=is_near(trial.countries, answers),
        reasons=reasons,
    )


def is_near(countries: frozenset, answers: Answers) -> bool:
    return bool(answers.country) and answers.country in countries


# The criteria -------------------------------------------------------------------------

ISCHEMIC, HEMORRHAGIC = "ischemic", "hemorrhagic"


def _kind_of_type(code: str) -> str:
    if "hemorrhag" in code:
        return HEMORRHAGIC
    if "ischem" in code:
        return ISCHEMIC
    return code


def judge_type(stroke_types: frozenset, answers: Answers) -> Reason:
    kinds = {_kind_of_type(code) for code in stroke_types}
    if not kinds:
        return Reason("type", CHECK, _("The register does not say which type of stroke it is for."))
    both = {ISCHEMIC, HEMORRHAGIC} <= kinds
    if both:
        described = _("For ischaemic and haemorrhagic stroke")
    elif ISCHEMIC in kinds:
        described = _("For ischaemic stroke only")
    elif HEMORRHAGIC in kinds:
        described = _("For haemorrhagic stroke (bleeding) only")
    else:
        described = _("For other kinds of stroke")
    if answers.type == UNSURE or not answers.type:
        if both:
            return Reason("type", FITS, _("%(types)s: fits."), {"types": described})
        return Reason("type", CHECK, _("%(types)s: ask the doctors which type it was."), {"types": described})
    if answers.type in kinds:
        return Reason("type", FITS, _("%(types)s: fits."), {"types": described})
    names = {ISCHEMIC: _("ischaemic stroke"), HEMORRHAGIC: _("haemorrhagic stroke (bleeding)")}
    return Reason(
        "type", FAILS, _("%(types)s, not %(answer)s."), {"types": described, "answer": names[answers.type]}
    )


def judge_window(window: tuple, answers: Answers) -> Reason:
    low, low_unit, high, high_unit, low_hours, high_hours = window
    if (low is None or not low_unit) and (high is None or not high_unit):
        return Reason("since", CHECK, _("The register does not give the time from the stroke to treatment."))
    words = {"window": lambda: onset_window_words((low, low_unit), (high, high_unit))}
    span: Span | None = answers.span
    if span is None:
        return Reason(
            "since", CHECK, _("Treatment %(window)s after the stroke: check how long ago it was."), words
        )
    if high_hours is not None and span.low >= high_hours:
        return Reason("since", FAILS, _("Treatment %(window)s after the stroke: the time has passed."), words)
    if high_hours is not None and (span.high is None or span.high > high_hours):
        return Reason(
            "since",
            CHECK,
            _("Treatment %(window)s after the stroke: there may still be time, ask quickly."),
            words,
        )
    if low_hours is not None and span.high is not None and span.high <= low_hours:
        return Reason(
            "since", CHECK, _("Treatment %(window)s after the stroke: not yet, perhaps later."), words
        )
    return Reason("since", FITS, _("Treatment %(window)s after the stroke: fits."), words)


def judge_age(ages: tuple, answers: Answers) -> Reason:
    low, low_unit, high, high_unit, low_days, high_days = ages
    if (low is None or not low_unit) and (high is None or not high_unit):
        return Reason("age", CHECK, _("The register gives no age limits."))
    words = {"ages": lambda: age_words(low, low_unit, high, high_unit)}
    years = answers.age_years
    if years is None:
        return Reason("age", CHECK, _("Age %(ages)s: check the age."), words)
    # Someone aged 67 is between 67 and 68 years old; a trial for "up to 80 years" takes
    # people until their 81st birthday (the limit counts in its own unit). A day of
    # slack absorbs the rounding of the stored days.
    first, last = years * DAYS_PER_YEAR, (years + 1) * DAYS_PER_YEAR
    upper = None if high_days is None else high_days + AGE_UNIT_DAYS[AgeUnit(high_unit)]
    too_young = low_days is not None and last <= low_days + 1
    too_old = upper is not None and first >= upper
    if too_young or too_old:
        return Reason("age", FAILS, _("Age %(ages)s: outside this range."), words)
    if (low_days is not None and first < low_days - 1) or (upper is not None and last > upper + 1):
        return Reason("age", CHECK, _("Age %(ages)s: check the exact age."), words)
    return Reason("age", FITS, _("Age %(ages)s: fits."), words)


def judge_sex(sex: str, answers: Answers) -> Reason:
    if sex == "ALL":
        return Reason("sex", FITS, _("Women and men: fits."))
    if sex not in ("FEMALE", "MALE"):
        return Reason("sex", CHECK, _("The register does not say whether it takes women, men or both."))
    only = {"only": _("Women only") if sex == "FEMALE" else _("Men only")}
    if answers.sex in ("female", "male"):
        if answers.sex == sex.lower():
            return Reason("sex", FITS, _("%(only)s: fits."), only)
        return Reason("sex", FAILS, _("%(only)s."), only)
    return Reason("sex", CHECK, _("%(only)s."), only)


def _country_list(codes) -> str:
    return str(_(", ")).join(sorted(country_name(code) for code in codes))


def judge_place(countries: frozenset, answers: Answers) -> Reason:
    if not countries:
        return Reason("place", CHECK, _("The register does not list where the trial sites are."))
    names = {"countries": lambda: _country_list(countries)}
    home = answers.country
    if home and home != UNSURE and home in countries:
        return Reason("place", FITS, _("Sites in %(countries)s: in your country."), names)
    if not home or home == UNSURE:
        return Reason("place", CHECK, _("Sites in %(countries)s: check how far that is."), names)
    if answers.travel == "yes":
        return Reason(
            "place", FITS, _("Sites only in %(countries)s: you said you could travel there."), names
        )
    if answers.travel == "no":
        return Reason("place", FAILS, _("Sites only in %(countries)s."), names)
    return Reason("place", CHECK, _("Sites only in %(countries)s: it would mean travelling abroad."), names)


def judge_consent(rule: str, answers: Answers) -> Reason:
    if answers.consent == "yes":
        return Reason("consent", FITS, _("The person can give consent themselves: fits."))
    if rule == PROXY:
        return Reason(
            "consent", FITS, _("A family member or legal representative may give consent for this trial.")
        )
    if rule == SELF:
        return Reason("consent", CHECK, _("The criteria ask that patients can give consent themselves."))
    return Reason("consent", CHECK, _("The register does not say whether a family member may give consent."))


def judge_record(trial: TrialFacts, *, today: datetime.date | None = None) -> Reason | None:
    """A warning when the registry record looks out of date; None when it does not."""
    since = trial.stale_since
    if since is None or (today or datetime.date.today()) < since:
        return None
    return Reason(
        "record",
        CHECK,
        lambda: stale_reason(
            trial.status,
            trial.primary_completion,
            trial.last_update,
            precision=trial.primary_completion_precision,
            today=today,
        ),
    )


# (name, judge, the trial's value it judges): what `assess` and the finder index run.
CRITERIA = (
    ("type", judge_type, lambda trial: trial.stroke_types),
    ("since", judge_window, lambda trial: trial.window),
    ("age", judge_age, lambda trial: trial.ages),
    ("sex", judge_sex, lambda trial: trial.sex),
    ("place", judge_place, lambda trial: trial.countries),
    ("consent", judge_consent, lambda trial: trial.consent),
)
