"""Bounds every reference parser applies: entries per upload, years and dates.

A value outside them is an error for that entry (or, for the entry count, for the
file), never an exception that reaches the admin as a 500.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.references.parsers.common import ImportFileError

MIN_YEAR = 1000
MAX_YEAR = 2999


class DateValueError(ValueError):
    """A year or date that cannot be a real one; the message is for the editor."""


def check_entry_count(count: int) -> None:
    """Refuse a file with more entries than settings.IMPORT_MAX_ENTRIES, before parsing them."""
    limit = settings.IMPORT_MAX_ENTRIES
    if count > limit:
        raise ImportFileError(
            _("The file holds %(count)d entries; at most %(limit)d can be imported at once. Split it.")
            % {"count": count, "limit": limit},
            code="too_many_entries",
        )


def checked_year(year: int | None) -> int | None:
    """The year, if it has four digits; DateValueError otherwise."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise DateValueError(_("“%(year)s” is not a year (four digits expected).") % {"year": year})
    return year


def checked_date(year: int | None, month: int | None, day: int | None) -> datetime.date | None:
    """The date, or None when a part is missing; DateValueError for an impossible one."""
    if not (year and month and day):
        return None
    checked_year(year)
    try:
        return datetime.date(year, month, day)
    except (ValueError, OverflowError):
        raise DateValueError(
            _("%(year)s-%(month)s-%(day)s is not a real date.") % {"year": year, "month": month, "day": day}
        ) from None
