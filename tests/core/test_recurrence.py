"""The event form's repetition choices and the RRULE text they stand for (core/recurrence.py)."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from contactdesk.core import recurrence as rec
from contactdesk.core import timezones as tzs

FORM_FREQS = [
    rec.FREQ_DAILY,
    rec.FREQ_WEEKLY,
    rec.FREQ_MONTHLY_WEEKDAY,
    rec.FREQ_MONTHLY_DAY,
    rec.FREQ_YEARLY,
]


@st.composite
def choices(draw: st.DrawFn) -> tuple[rec.RuleChoice, datetime]:
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)))
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=draw(st.integers(0, 23)))
    freq = draw(st.sampled_from(FORM_FREQS))
    end = draw(st.sampled_from([rec.END_NEVER, rec.END_COUNT, rec.END_UNTIL]))
    count = draw(st.integers(1, 999)) if end == rec.END_COUNT else rec.DEFAULT_COUNT
    until = day + timedelta(days=draw(st.integers(0, 3000))) if end == rec.END_UNTIL else None
    return rec.RuleChoice(freq, end, count, until), start


@given(choices())
def test_every_choice_survives_the_round_trip(case: tuple[rec.RuleChoice, datetime]) -> None:
    choice, start = case
    text = rec.build_rule(choice, start.date())
    assert text is not None
    assert rec.choice_of(text, start, "Europe/Berlin") == choice


@given(choices())
def test_the_rule_repeats_what_the_form_says(case: tuple[rec.RuleChoice, datetime]) -> None:
    choice, start = case
    text = rec.build_rule(dataclasses.replace(choice, end=rec.END_COUNT, count=6), start.date())
    assert text is not None
    days = [d.date() for d in rrulestr(text, dtstart=start)]
    assert days[0] == start.date()
    if choice.freq == rec.FREQ_MONTHLY_WEEKDAY:
        assert {d.weekday() for d in days} == {start.weekday()}
        if rec.nth_weekday(start.date()) < 5:
            assert {rec.nth_weekday(d) for d in days} == {rec.nth_weekday(start.date())}
        else:  # a fifth weekday is taken as the last one of every month
            assert all((d + timedelta(days=7)).month != d.month for d in days)
    if choice.freq == rec.FREQ_WEEKLY:
        assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(days))


def test_no_rule_is_a_single_event() -> None:
    start = datetime(2021, 11, 15, 9)
    assert rec.choice_of(None, start, "Europe/Berlin") == rec.RuleChoice()
    assert rec.choice_of("", start, "Europe/Berlin") == rec.RuleChoice()
    assert rec.build_rule(rec.RuleChoice(), start.date()) is None


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=WEEKLY;INTERVAL=2",  # every other week: the form has no interval
        "FREQ=WEEKLY;BYDAY=MO,WE",  # other weekdays than the start's
        "FREQ=MONTHLY;BYDAY=2TU",  # a weekday of the month that is not the start's
        "FREQ=DAILY;COUNT=5;UNTIL=20211201",  # both ends
        "FREQ=DAILY;COUNT=abc",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;UNTIL=2021-12-01",  # unreadable end
        "FREQ=HOURLY",
        "BYDAY=MO",
    ],
)
def test_rules_the_form_cannot_show_are_custom(text: str) -> None:
    start = datetime(2021, 11, 15, 9)  # a Monday, the third of the month
    assert rec.choice_of(text, start, "Europe/Berlin").freq == rec.FREQ_CUSTOM


def test_monthly_on_the_start_weekday_is_recognised_in_any_case() -> None:
    start = datetime(2021, 11, 15, 9)  # third Monday
    got = rec.choice_of("freq=monthly;byday=3mo;count=4", start, "Europe/Berlin")
    assert got == rec.RuleChoice(rec.FREQ_MONTHLY_WEEKDAY, rec.END_COUNT, 4)
    last = datetime(2021, 11, 29, 9)  # the fifth Monday: "jeden letzten Montag"
    assert rec.build_rule(rec.RuleChoice(rec.FREQ_MONTHLY_WEEKDAY), last.date()) == (
        "FREQ=MONTHLY;BYDAY=-1MO"
    )


def test_an_until_in_utc_is_the_day_in_the_event_zone() -> None:
    start = datetime(2021, 11, 15, 9)
    # 23:30 UTC on 30 November is already 1 December in Berlin, still 30 November in New York
    text = "FREQ=WEEKLY;UNTIL=20211130T233000Z"
    assert rec.choice_of(text, start, "Europe/Berlin").until == date(2021, 12, 1)
    assert rec.choice_of(text, start, "America/New_York").until == date(2021, 11, 30)
    assert rec.choice_of(text, start, "Nirgendwo/Gibtsnicht").freq == rec.FREQ_CUSTOM


def test_until_defaults_to_the_start_day() -> None:
    choice = rec.RuleChoice(rec.FREQ_DAILY, rec.END_UNTIL, until=None)
    assert rec.build_rule(choice, date(2021, 11, 15)) == "FREQ=DAILY;UNTIL=20211115"


def test_the_autumn_hour_is_ambiguous_and_others_are_not() -> None:
    assert tzs.is_ambiguous(datetime(2021, 10, 31, 2, 30), "Europe/Berlin")
    assert not tzs.is_ambiguous(datetime(2021, 10, 31, 3, 30), "Europe/Berlin")
    assert not tzs.is_ambiguous(datetime(2021, 3, 28, 2, 30), "Europe/Berlin")  # does not exist
    assert not tzs.is_ambiguous(datetime(2021, 10, 31, 2, 30), "UTC")
    assert tzs.is_ambiguous(datetime(2021, 11, 7, 1, 30), "America/New_York")
    assert not tzs.is_ambiguous(datetime(2021, 10, 31, 2, 30), "Nirgendwo/Gibtsnicht")
