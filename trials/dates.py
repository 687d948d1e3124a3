"""Registry dates keep their precision: "2022-09" is September 2022, not 1 September."""

import datetime
import re

from django.utils import formats
from django.utils.translation import pgettext

from trials.models.choices import DatePrecision

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """`"2022-09"` -> (date(2022, 9, 1), "month"); ValueError when it is not a date."""
    match = _PARTIAL_DATE.fullmatch((text or "").strip())
    if not match:
        raise ValueError(f"not a date: {text!r}")
    year, month, day = match.groups()
    value = datetime.date(int(year), int(month or 1), int(day or 1))
    if day:
        return value, DatePrecision.DAY.value
    if month:
        return value, DatePrecision.MONTH.value
    return value, DatePrecision.YEAR.value


def iso_partial(value: datetime.date | None, precision: str) -> str:
    """The date as the registry writes it, at its precision ("2022-09")."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_partial(value: datetime.date | None, precision: str) -> str:
    """The date for a reader in the active language, at its precision (Django's localized formats)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return formats.date_format(value, pgettext("date format of a year alone (PHP date syntax)", "Y"))
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")
