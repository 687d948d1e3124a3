"""Registry dates keep their precision, in each language's own date format."""

import datetime

import pytest
from django.utils import translation

from trials.dates import format_partial, iso_partial, parse_partial_date

DAY = datetime.date(2022, 9, 5)


@pytest.mark.parametrize(
    ("language", "precision", "expected"),
    [
        ("zh-hans", "year", "2022年"),
        ("zh-hans", "month", "2022年9月"),
        ("zh-hans", "day", "2022年9月5日"),
        ("zh-hant", "year", "2022年"),
        ("zh-hant", "month", "2022年9月"),
        ("zh-hant", "day", "2022年9月5日"),
        ("en", "year", "2022"),
        ("en", "month", "September 2022"),
        ("en", "day", "Sept. 5, 2022"),
    ],
)
def test_dates_show_only_what_the_registry_knows(language, precision, expected):
    with translation.override(language):
        assert format_partial(DAY, precision) == expected


@pytest.mark.parametrize(
    ("text", "date", "precision", "iso"),
    [
        ("2022", datetime.date(2022, 1, 1), "year", "2022"),
        ("2022-09", datetime.date(2022, 9, 1), "month", "2022-09"),
        ("2022-09-05", DAY, "day", "2022-09-05"),
    ],
)
def test_partial_dates_round_trip(text, date, precision, iso):
    assert parse_partial_date(text) == (date, precision)
    assert iso_partial(date, precision) == iso


def test_no_date_shows_nothing():
    assert format_partial(None, "day") == "" and iso_partial(None, "month") == ""
