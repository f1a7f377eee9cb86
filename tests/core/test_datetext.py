"""Typed dates and times: what people type in Outlook-like fields, read as they mean it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contactdesk.core.datetext import (
    DateTextError,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
)

NOW = datetime(2026, 12, 7, 10, 30)  # a Monday
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.11.2021 9:00", datetime(2021, 11, 15, 9, 0)),
        ("15.11.2021 09:00", datetime(2021, 11, 15, 9, 0)),
        ("15.11.2021 9", datetime(2021, 11, 15, 9, 0)),
        ("15.11.2021 9.30", datetime(2021, 11, 15, 9, 30)),
        ("15.11.2021 14 Uhr", datetime(2021, 11, 15, 14, 0)),
        ("15.11.21", datetime(2021, 11, 15, 9, 0)),
        ("15.11.", datetime(2026, 11, 15, 9, 0)),  # 22 days back: this year
        ("15.11", datetime(2026, 11, 15, 9, 0)),
        ("1.3.", datetime(2027, 3, 1, 9, 0)),  # ahead
        ("1.8.", datetime(2027, 8, 1, 9, 0)),  # more than 90 days back: next year
        ("morgen", datetime(2026, 12, 8, 9, 0)),
        ("Morgen 14 Uhr", datetime(2026, 12, 8, 14, 0)),
        ("morgen um 9", datetime(2026, 12, 8, 9, 0)),
        ("übermorgen", datetime(2026, 12, 9, 9, 0)),
        ("heute 17:15", datetime(2026, 12, 7, 17, 15)),
        ("gestern", datetime(2026, 12, 6, 9, 0)),
        ("Mo 14 Uhr", datetime(2026, 12, 7, 14, 0)),  # today is Monday
        ("Di 9:30", datetime(2026, 12, 8, 9, 30)),
        ("Freitag", datetime(2026, 12, 11, 9, 0)),
        ("So.", datetime(2026, 12, 13, 9, 0)),
        ("+7", datetime(2026, 12, 14, 9, 0)),
        ("-3", datetime(2026, 12, 4, 9, 0)),
        ("+2w", datetime(2026, 12, 21, 9, 0)),
        ("+1 Monat", datetime(2027, 1, 7, 9, 0)),
        ("15. November 2021", datetime(2021, 11, 15, 9, 0)),
        ("15. Nov. 2021 10:00", datetime(2021, 11, 15, 10, 0)),
        ("3. März 2022", datetime(2022, 3, 3, 9, 0)),
        ("2021-11-15", datetime(2021, 11, 15, 9, 0)),
        ("15112021", datetime(2021, 11, 15, 9, 0)),
        ("14:30", datetime(2026, 12, 7, 14, 30)),  # a time alone keeps the day
        ("930", datetime(2026, 12, 7, 9, 30)),
        ("  15.11.2021   9:00  ", datetime(2021, 11, 15, 9, 0)),
    ],
)
def test_typed_datetimes(text: str, expected: datetime) -> None:
    assert parse_datetime(text, now=NOW) == expected


def test_a_day_alone_keeps_the_fields_time() -> None:
    previous = datetime(2021, 11, 6, 18, 45)
    assert parse_datetime("15.11.2021", now=NOW, previous=previous) == datetime(
        2021, 11, 15, 18, 45
    )
    assert parse_datetime("10:00", now=NOW, previous=previous) == datetime(2021, 11, 6, 10, 0)


def test_leap_day_without_year_is_the_next_leap_years() -> None:
    assert parse_date("29.2.", today=TODAY) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("31.02.2021", "gibt es im Monat 02.2021 nicht"),
        ("15.13.2021", "Monat 13"),
        ("25:00", "keine Uhrzeit"),
        ("24:00", "24 Uhr"),
        ("abc", "ist kein Datum"),
        ("15.11.2021 abc", "ist kein Datum"),
        ("1.1.1850", "1900 bis 2199"),
        ("+99999", "ist kein Datum"),
    ],
)
def test_nonsense_gets_a_german_sentence(text: str, words: str) -> None:
    with pytest.raises(DateTextError) as raised:
        parse_datetime(text, now=NOW)
    assert words in raised.value.message


def test_a_date_field_refuses_a_time() -> None:
    with pytest.raises(DateTextError, match="nur ein Datum"):
        parse_date("15.11.2021 9:00", today=TODAY)
    assert parse_date("", today=TODAY) is None
    assert parse_datetime("   ", now=NOW) is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_every_shown_date_reads_back(value: date) -> None:
    assert parse_date(format_date(value), today=TODAY) == value


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 12, 31, 23, 59)).map(
        lambda d: d.replace(second=0, microsecond=0)
    )
)
def test_every_shown_datetime_reads_back(value: datetime) -> None:
    assert parse_datetime(format_datetime(value), now=NOW) == value


@given(st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_two_digit_years(value: date) -> None:
    assert parse_date(f"{value:%d.%m.%y}", today=TODAY) == value


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)))
def test_a_day_without_year_is_never_far_back(today: date) -> None:
    for text in ("1.1.", "15.6.", "31.12.", "29.2."):
        value = parse_date(text, today=today)
        assert value is not None
        assert (today - value).days <= 90
        assert (value - today).days <= 366 + 90 or text == "29.2."


@given(st.text(max_size=40))
def test_any_text_is_a_date_or_a_german_sentence(text: str) -> None:
    try:
        value = parse_datetime(text, now=NOW)
    except DateTextError as exc:
        assert exc.message
    else:
        assert value is None or isinstance(value, datetime)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_times_read_back(value: time) -> None:
    assert parse_datetime(f"{value:%H:%M}", now=NOW) == datetime.combine(TODAY, value)
