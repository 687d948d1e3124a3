"""The finder's questions and the `Answers` they give, carried in the query string.

Every question can be answered "not sure" (`UNSURE`). The province is asked only of
people living in mainland China.
"""

from dataclasses import dataclass, fields

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from trials.countries import COUNTRY_CODES, country_name

UNSURE = "unsure"
MAX_AGE = 120


@dataclass(frozen=True)
class Span:
    """A choice of "time since the stroke": hours from `low` up to `high` (None: no end)."""

    code: str
    label: str
    low: float
    high: float | None
    inquiry_value: str  # the contact form's `time_since_onset` value


HOURS_PER_MONTH = 24 * 30.4375
SPANS = (
    Span("hours", _("Less than a day"), 0, 24, "under_1_month"),
    Span("days", _("1 to 3 days"), 24, 72, "under_1_month"),
    Span("week", _("3 to 7 days"), 72, 168, "under_1_month"),
    Span("weeks", _("1 to 4 weeks"), 168, HOURS_PER_MONTH, "under_1_month"),
    Span("months", _("1 to 6 months"), HOURS_PER_MONTH, 6 * HOURS_PER_MONTH, "1_to_6_months"),
    Span("year", _("6 to 12 months"), 6 * HOURS_PER_MONTH, 12 * HOURS_PER_MONTH, "6_to_12_months"),
    Span("years", _("More than a year"), 12 * HOURS_PER_MONTH, None, "over_1_year"),
)
SPANS_BY_CODE = {span.code: span for span in SPANS}

STROKE_TYPES = {
    "ischemic": _("Ischaemic: a blood vessel in the brain was blocked"),
    "hemorrhagic": _("Haemorrhagic: bleeding in the brain"),
}
# The contact form's `condition` values.
STROKE_TYPE_CONDITIONS = {"ischemic": "ischemic", "hemorrhagic": "hemorrhagic", UNSURE: "not_sure"}
SEXES = {"female": _("Female"), "male": _("Male")}
YES_NO = {"yes": _("Yes"), "no": _("No")}

# Provincial-level divisions of mainland China (ISO 3166-2:CN).
PROVINCES = {
    "CN-BJ": _("Beijing"),
    "CN-TJ": _("Tianjin"),
    "CN-HE": _("Hebei"),
    "CN-SX": _("Shanxi"),
    "CN-NM": _("Inner Mongolia"),
    "CN-LN": _("Liaoning"),
    "CN-JL": _("Jilin"),
    "CN-HL": _("Heilongjiang"),
    "CN-SH": _("Shanghai"),
    "CN-JS": _("Jiangsu"),
    "CN-ZJ": _("Zhejiang"),
    "CN-AH": _("Anhui"),
    "CN-FJ": _("Fujian"),
    "CN-JX": _("Jiangxi"),
    "CN-SD": _("Shandong"),
    "CN-HA": _("Henan"),
    "CN-HB": _("Hubei"),
    "CN-HN": _("Hunan"),
    "CN-GD": _("Guangdong"),
    "CN-GX": _("Guangxi"),
    "CN-HI": _("Hainan"),
    "CN-CQ": _("Chongqing"),
    "CN-SC": _("Sichuan"),
    "CN-GZ": _("Guizhou"),
    "CN-YN": _("Yunnan"),
    "CN-XZ": _("Tibet"),
    "CN-SN": _("Shaanxi"),
    "CN-GS": _("Gansu"),
    "CN-QH": _("Qinghai"),
    "CN-NX": _("Ningxia"),
    "CN-XJ": _("Xinjiang"),
}
# Offered first in the country list: where most of our readers live.
COMMON_COUNTRIES = ("CN", "HK", "MO", "TW", "SG", "MY", "US", "CA", "AU", "GB")


@dataclass(frozen=True)
class Answers:
    """What the visitor answered; "" for a question not answered yet."""

    type: str = ""
    since: str = ""
    age: str = ""  # whole years as digits, or UNSURE
    sex: str = ""
    country: str = ""
    province: str = ""
    travel: str = ""
    consent: str = ""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_query(cls, query: QueryDict) -> "Answers":
        """The valid answers in `query`; anything else is left unanswered."""
        values = {}
        for name in cls.names():
            value = clean_answer(name, query.getlist(name))
            if value:
                values[name] = value
        if values.get("country") != "CN":
            values.pop("province", None)
        return cls(**values)

    def as_query(self) -> str:
        query = QueryDict(mutable=True)
        for name in self.names():
            if value := getattr(self, name):
                query[name] = value
        return query.urlencode()

    def asks_province(self) -> bool:
        return self.country == "CN"

    @property
    def age_years(self) -> int | None:
        return int(self.age) if self.age.isdigit() else None

    @property
    def span(self) -> Span | None:
        return SPANS_BY_CODE.get(self.since)


def clean_answer(name: str, raw: list[str]) -> str:
    """One question's answer from the values sent for it ("" if none is valid).

    "Not sure" wins: on the age step it is a button sent beside the (empty) number box.
    """
    values = [value.strip() for value in raw if value and len(value) <= 10]
    if UNSURE in values:
        return UNSURE
    for value in values:
        if value in choices_of(name):
            return value
        if name == "age" and value.isdigit() and int(value) <= MAX_AGE:
            return str(int(value))
    return ""


def choices_of(name: str) -> dict:
    return {
        "type": STROKE_TYPES,
        "since": {span.code: span.label for span in SPANS},
        "sex": SEXES,
        "country": COUNTRY_CODES,
        "province": PROVINCES,
        "travel": YES_NO,
        "consent": YES_NO,
    }.get(name, {})


def country_choices() -> list[tuple[str, str]]:
    """Our readers' usual countries first, then every other in the visitor's language."""
    common = [(code, country_name(code)) for code in COMMON_COUNTRIES]
    rest = sorted(
        ((code, country_name(code)) for code in COUNTRY_CODES if code not in COMMON_COUNTRIES),
        key=lambda item: item[1],
    )
    return common + rest
