"""The finder's criteria, each fitting and not fitting, on trials built by hand (no database).

Texts are checked in English (the msgids). "Not sure" answers and missing registry
values never exclude a trial: they ask for a check and say what to check.
"""

import datetime
from decimal import Decimal

import pytest

from trials.finder.matching import CHECK, FAILS, FITS, PROXY, SELF, TrialFacts, assess, consent_rule
from trials.finder.questions import Answers

pytestmark = pytest.mark.usefixtures("english")

TODAY = datetime.date(2026, 11, 30)
ADULTS = {
    "minimum_age": 18,
    "minimum_age_unit": "YEARS",
    "maximum_age": 80,
    "maximum_age_unit": "YEARS",
    "minimum_age_days": 6574,
    "maximum_age_days": 29220,
}
WITHIN_18_TO_36_HOURS = {
    "onset_min": Decimal("18"),
    "onset_min_unit": "HOURS",
    "onset_max": Decimal("36"),
    "onset_max_unit": "HOURS",
    "onset_min_hours": Decimal("18"),
    "onset_max_hours": Decimal("36"),
}


def reason(trial: TrialFacts, criterion: str, **answers):
    found = [r for r in assess(trial, Answers(**answers), today=TODAY).reasons if r.criterion == criterion]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("types", "answer", "kind", "text"),
    [
        ({"ischemic"}, "ischemic", FITS, "For ischaemic stroke only: fits."),
        (
            {"ischemic"},
            "hemorrhagic",
            FAILS,
            "For ischaemic stroke only, not haemorrhagic stroke (bleeding).",
        ),
        (
            {"intracerebral-hemorrhage", "subarachnoid-hemorrhage"},
            "hemorrhagic",
            FITS,
            "For haemorrhagic stroke (bleeding) only: fits.",
        ),
        (
            {"intracerebral-hemorrhage"},
            "ischemic",
            FAILS,
            "For haemorrhagic stroke (bleeding) only, not ischaemic stroke.",
        ),
        ({"ischemic"}, "unsure", CHECK, "For ischaemic stroke only: ask the doctors which type it was."),
        (
            {"ischemic", "intracerebral-hemorrhage"},
            "unsure",
            FITS,
            "For ischaemic and haemorrhagic stroke: fits.",
        ),
        (set(), "ischemic", CHECK, "The register does not say which type of stroke it is for."),
    ],
)
def test_stroke_type(types, answer, kind, text):
    found = reason(TrialFacts(stroke_types=frozenset(types)), "type", type=answer)
    assert (found.kind, found.text) == (kind, text)


@pytest.mark.parametrize(
    ("window", "since", "kind", "text"),
    [
        (WITHIN_18_TO_36_HOURS, "hours", FITS, "Treatment 18 to 36 hours after the stroke: fits."),
        (
            WITHIN_18_TO_36_HOURS,
            "days",
            CHECK,
            "Treatment 18 to 36 hours after the stroke: there may still be time, ask quickly.",
        ),
        (
            WITHIN_18_TO_36_HOURS,
            "week",
            FAILS,
            "Treatment 18 to 36 hours after the stroke: the time has passed.",
        ),
        (
            WITHIN_18_TO_36_HOURS,
            "unsure",
            CHECK,
            "Treatment 18 to 36 hours after the stroke: check how long ago it was.",
        ),
        (
            {"onset_min": Decimal("6"), "onset_min_unit": "MONTHS", "onset_min_hours": Decimal("4383")},
            "weeks",
            CHECK,
            "Treatment at least 6 months after the stroke: not yet, perhaps later.",
        ),
        (
            {"onset_min": Decimal("6"), "onset_min_unit": "MONTHS", "onset_min_hours": Decimal("4383")},
            "years",
            FITS,
            "Treatment at least 6 months after the stroke: fits.",
        ),
        (
            {"onset_max": Decimal("7"), "onset_max_unit": "DAYS", "onset_max_hours": Decimal("168")},
            "week",
            FITS,
            "Treatment within 7 days after the stroke: fits.",
        ),
        ({}, "hours", CHECK, "The register does not give the time from the stroke to treatment."),
    ],
)
def test_time_since_the_stroke(window, since, kind, text):
    found = reason(TrialFacts(**window), "since", since=since)
    assert (found.kind, found.text) == (kind, text)


@pytest.mark.parametrize(
    ("ages", "age", "kind", "text"),
    [
        (ADULTS, "67", FITS, "Age 18 years – 80 years: fits."),
        (ADULTS, "80", FITS, "Age 18 years – 80 years: fits."),  # until the 81st birthday
        (ADULTS, "81", FAILS, "Age 18 years – 80 years: outside this range."),
        (ADULTS, "17", FAILS, "Age 18 years – 80 years: outside this range."),
        (ADULTS, "unsure", CHECK, "Age 18 years – 80 years: check the age."),
        (
            {"maximum_age": 28, "maximum_age_unit": "DAYS", "maximum_age_days": 28},
            "0",
            CHECK,
            "Age up to 28 days: check the exact age.",
        ),
        (
            {"maximum_age": 28, "maximum_age_unit": "DAYS", "maximum_age_days": 28},
            "1",
            FAILS,
            "Age up to 28 days: outside this range.",
        ),
        (
            {"minimum_age": 18, "minimum_age_unit": "YEARS", "minimum_age_days": 6574},
            "95",
            FITS,
            "Age 18 years and older: fits.",
        ),
        ({}, "67", CHECK, "The register gives no age limits."),
    ],
)
def test_age(ages, age, kind, text):
    found = reason(TrialFacts(**ages), "age", age=age)
    assert (found.kind, found.text) == (kind, text)


@pytest.mark.parametrize(
    ("sex", "answer", "kind", "text"),
    [
        ("ALL", "male", FITS, "Women and men: fits."),
        ("FEMALE", "female", FITS, "Women only: fits."),
        ("FEMALE", "male", FAILS, "Women only."),
        ("MALE", "unsure", CHECK, "Men only."),
        ("", "female", CHECK, "The register does not say whether it takes women, men or both."),
    ],
)
def test_sex(sex, answer, kind, text):
    found = reason(TrialFacts(sex=sex), "sex", sex=answer)
    assert (found.kind, found.text) == (kind, text)


@pytest.mark.parametrize(
    ("countries", "answers", "kind", "text"),
    [
        ({"CN", "JP"}, {"country": "CN", "travel": "no"}, FITS, "Sites in China, Japan: in your country."),
        (
            {"JP", "US"},
            {"country": "CN", "travel": "no"},
            FAILS,
            "Sites only in Japan, United States of America.",
        ),
        (
            {"JP", "US"},
            {"country": "CN", "travel": "yes"},
            FITS,
            "Sites only in Japan, United States of America: you said you could travel there.",
        ),
        (
            {"JP"},
            {"country": "CN", "travel": "unsure"},
            CHECK,
            "Sites only in Japan: it would mean travelling abroad.",
        ),
        ({"JP"}, {"country": "unsure", "travel": "no"}, CHECK, "Sites in Japan: check how far that is."),
        (
            set(),
            {"country": "CN", "travel": "no"},
            CHECK,
            "The register does not list where the trial sites are.",
        ),
    ],
)
def test_where_the_person_lives(countries, answers, kind, text):
    found = reason(TrialFacts(countries=frozenset(countries)), "place", **answers)
    assert (found.kind, found.text) == (kind, text)


@pytest.mark.parametrize(
    ("rule", "answer", "kind", "text"),
    [
        ("", "yes", FITS, "The person can give consent themselves: fits."),
        (PROXY, "no", FITS, "A family member or legal representative may give consent for this trial."),
        (SELF, "no", CHECK, "The criteria ask that patients can give consent themselves."),
        (SELF, "unsure", CHECK, "The criteria ask that patients can give consent themselves."),
        ("", "no", CHECK, "The register does not say whether a family member may give consent."),
    ],
)
def test_consent(rule, answer, kind, text):
    found = reason(TrialFacts(consent=rule), "consent", consent=answer)
    assert (found.kind, found.text) == (kind, text)


def test_consent_rule_read_from_the_criteria():
    assert (
        consent_rule("Written informed consent by the patient or a legally authorized representative")
        == PROXY
    )
    assert consent_rule("Patient must be able to provide written informed consent.") == SELF
    assert consent_rule("NIHSS 8 to 20") == ""


def test_a_stale_record_is_a_warning_not_an_open_door():
    past_due = TrialFacts(
        status="RECRUITING",
        primary_completion=datetime.date(2025, 6, 1),
        primary_completion_precision="month",
    )
    found = reason(past_due, "record")
    assert found.kind == CHECK
    assert found.text.startswith(
        "The registry still says it is recruiting, but its main results were due by June 2025"
    )
    quiet = TrialFacts(status="NOT_YET_RECRUITING", last_update=TODAY - datetime.timedelta(days=400))
    assert reason(quiet, "record").text.startswith("The registry record has not been updated since")
    fresh = TrialFacts(status="RECRUITING", last_update=TODAY - datetime.timedelta(days=30))
    assert not [r for r in assess(fresh, Answers(), today=TODAY).reasons if r.criterion == "record"]


def test_the_worst_criterion_decides_and_not_sure_never_excludes():
    trial = TrialFacts(
        sex="ALL",
        stroke_types=frozenset({"ischemic"}),
        countries=frozenset({"CN"}),
        consent=PROXY,
        **ADULTS,
        **WITHIN_18_TO_36_HOURS,
    )
    fits = Answers(
        type="ischemic", since="hours", age="60", sex="male", country="CN", travel="no", consent="no"
    )
    assert assess(trial, fits, today=TODAY).kind == FITS
    assert assess(trial, fits, today=TODAY).near
    unsure = Answers(**dict.fromkeys(Answers.names(), "unsure"))
    assert assess(trial, unsure, today=TODAY).kind == CHECK
    too_late = Answers(
        type="ischemic", since="years", age="60", sex="male", country="CN", travel="no", consent="no"
    )
    assessed = assess(trial, too_late, today=TODAY)
    assert assessed.kind == FAILS
    assert [r.criterion for r in assessed.problems] == ["since"]
