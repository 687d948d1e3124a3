"""Words and checks about a trial's window and record that the trial page, the register
and the trial finder share: the treatment window in words, and whether a registry
record looks out of date.

Pure functions over values (no database), so the finder can call them on thousands
of trials and tests can call them on values built by hand.
"""

import calendar
import datetime
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from trials.dates import format_partial
from trials.models.choices import AgeUnit, DatePrecision, OverallStatus, TimeUnit

# A record not updated for longer than this looks abandoned.
STALE_AFTER_DAYS = 365
# Statuses that promise nothing more: an old record is expected there.
FINAL_STATUSES = frozenset(
    {
        OverallStatus.COMPLETED,
        OverallStatus.TERMINATED,
        OverallStatus.WITHDRAWN,
        OverallStatus.NO_LONGER_AVAILABLE,
        OverallStatus.APPROVED_FOR_MARKETING,
        OverallStatus.WITHHELD,
    }
)


def period_end(value: datetime.date, precision: str = DatePrecision.DAY) -> datetime.date:
    """The last day a partial date can mean ("2022-09" -> 30 September 2022)."""
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def stale_since(
    status: str,
    primary_completion: datetime.date | None,
    last_update: datetime.date | None,
    *,
    precision: str = DatePrecision.DAY,
) -> datetime.date | None:
    """The first day the record looks out of date, or None if it never will by these rules."""
    if not status or status in FINAL_STATUSES:
        return None
    days = []
    if status == OverallStatus.RECRUITING and primary_completion is not None:
        days.append(period_end(primary_completion, precision) + datetime.timedelta(days=1))
    if last_update is not None:
        days.append(last_update + datetime.timedelta(days=STALE_AFTER_DAYS + 1))
    return min(days) if days else None


def stale_reason(
    status: str,
    primary_completion: datetime.date | None,
    last_update: datetime.date | None,
    *,
    precision: str = DatePrecision.DAY,
    today: datetime.date | None = None,
) -> str:
    """Why the record looks out of date, in the visitor's language, or ""."""
    today = today or datetime.date.today()
    since = stale_since(status, primary_completion, last_update, precision=precision)
    if since is None or today < since:
        return ""
    if (
        status == OverallStatus.RECRUITING
        and primary_completion is not None
        and period_end(primary_completion, precision) < today
    ):
        return _(
            "The registry still says it is recruiting, but its main results were due by %(date)s: "
            "the record may be out of date."
        ) % {"date": format_partial(primary_completion, precision)}
    return _(
        "The registry record has not been updated since %(date)s: ask the trial team whether it is still open."
    ) % {"date": formats.date_format(last_update, "DATE_FORMAT")}


def _amount(value: Decimal, unit: str) -> str:
    number = f"{Decimal(value).normalize():f}"
    return _("%(number)s %(unit)s") % {"number": number, "unit": TimeUnit(unit).label}


def onset_window_words(low: tuple, high: tuple) -> str:
    """(value, unit) pairs as words: "18 to 36 hours", "within 7 days", "at least 6 months"."""
    (low_value, low_unit), (high_value, high_unit) = low, high
    has_low = low_value is not None and bool(low_unit)
    has_high = high_value is not None and bool(high_unit)
    if has_low and has_high:
        if low_unit == high_unit:
            return _("%(low)s to %(high)s") % {
                "low": f"{Decimal(low_value).normalize():f}",
                "high": _amount(high_value, high_unit),
            }
        return _("%(low)s to %(high)s") % {
            "low": _amount(low_value, low_unit),
            "high": _amount(high_value, high_unit),
        }
    if has_high:
        return _("within %(time)s") % {"time": _amount(high_value, high_unit)}
    if has_low:
        return _("at least %(time)s") % {"time": _amount(low_value, low_unit)}
    return ""


def age_words(low, low_unit: str, high, high_unit: str) -> str:
    """An age range in words: "18 years – 80 years", "18 years and older", "up to 28 days"."""

    def one(value, unit):
        return f"{value} {AgeUnit(unit).label}" if value is not None and unit else ""

    low_words, high_words = one(low, low_unit), one(high, high_unit)
    if low_words and high_words:
        return f"{low_words} – {high_words}"
    if low_words:
        return str(_("%(age)s and older") % {"age": low_words})
    if high_words:
        return str(_("up to %(age)s") % {"age": high_words})
    return ""
