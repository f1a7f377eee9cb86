"""The periods of the Termine area (gui/views/schedule/periods.py): plain date arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime

from contactdesk.gui.views.schedule import periods as p

TODAY = date(2026, 12, 7)


def test_the_list_ranges_end_the_day_after_their_last_day() -> None:
    assert p.list_range(p.RANGE_UPCOMING, TODAY, (None, None)) == (TODAY, date(2027, 12, 7))
    assert p.list_range(p.RANGE_PAST, TODAY, (None, None)) == (
        date(2024, 12, 7),
        date(2026, 12, 8),
    )
    chosen = (date(2026, 1, 1), date(2026, 1, 31))
    assert p.list_range(p.RANGE_CUSTOM, TODAY, chosen) == (date(2026, 1, 1), date(2026, 2, 1))


def test_a_custom_range_never_ends_before_it_starts_and_falls_back_to_today() -> None:
    backwards = (date(2026, 3, 10), date(2026, 3, 1))
    assert p.list_range(p.RANGE_CUSTOM, TODAY, backwards) == (date(2026, 3, 10), date(2026, 3, 11))
    assert p.list_range(p.RANGE_CUSTOM, TODAY, (None, None)) == (TODAY, date(2026, 12, 8))


def test_all_years_reach_from_the_first_stored_event_to_a_year_ahead_at_least() -> None:
    assert p.all_years(TODAY, None) == (TODAY, date(2027, 12, 7))
    span = (
        datetime(2019, 5, 1, 22, 30, tzinfo=UTC),  # 2 May in Berlin
        datetime(2030, 1, 1, 10, tzinfo=UTC),
    )
    assert p.all_years(TODAY, span) == (date(2019, 5, 2), date(2030, 1, 2))
    assert p.list_range(p.RANGE_ALL, TODAY, (None, None), span) == p.all_years(TODAY, span)


def test_coming_events_are_read_from_now_and_past_ones_up_to_now() -> None:
    now = datetime(2026, 12, 7, 9, 15, tzinfo=UTC)
    start, end = date(2026, 12, 7), date(2027, 12, 7)
    assert p.list_moments(p.RANGE_UPCOMING, start, end, now) == (now, p.aware(end))
    assert p.list_moments(p.RANGE_PAST, start, end, now) == (p.aware(start), now)
    assert p.list_moments(p.RANGE_CUSTOM, start, end, now) == (p.aware(start), p.aware(end))
    assert p.aware(start).utcoffset() is not None
    assert p.aware(start).hour == 0


def test_paging_moves_by_a_month_a_week_or_the_lists_own_length() -> None:
    assert p.step_anchor(p.MODE_MONTH, date(2026, 12, 7), 1) == date(2027, 1, 1)
    assert p.step_anchor(p.MODE_MONTH, date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert p.step_anchor(p.MODE_WEEK, date(2026, 12, 7), -1) == date(2026, 11, 30)
    # 1-31 January (end exclusive 1 February): the next range is 1 February to 3 March
    assert p.step_list(date(2026, 1, 1), date(2026, 2, 1), 1) == (
        date(2026, 2, 1),
        date(2026, 3, 3),
    )
    assert p.period_text(date(2026, 1, 1), date(2026, 2, 1)) == "01.01.2026 – 31.01.2026"
