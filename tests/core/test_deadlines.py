"""Deadline arithmetic over edge dates: month ends, leap years, renewals, open-ended terms."""

from __future__ import annotations

from datetime import date

import pytest

from contactdesk.core.deadlines import (
    Terms,
    add_months,
    current_term_end,
    next_notice_deadline,
    next_renewal,
    notice_deadline_for,
    term_months,
)

D = date


@pytest.mark.parametrize(
    ("end", "months", "deadline"),
    [
        (D(2025, 12, 31), 3, D(2025, 9, 30)),  # "3 Monate zum Jahresende"
        (D(2025, 2, 28), 1, D(2025, 1, 31)),  # month end of a short month
        (D(2024, 2, 29), 1, D(2024, 1, 31)),  # leap day
        (D(2024, 3, 31), 1, D(2024, 2, 29)),  # back into a leap February
        (D(2023, 3, 31), 1, D(2023, 2, 28)),
        (D(2025, 6, 30), 6, D(2024, 12, 31)),
        (D(2025, 6, 15), 1, D(2025, 5, 15)),  # mid-month end
        (D(2025, 12, 31), 12, D(2024, 12, 31)),
    ],
)
def test_notice_deadline_for(end: date, months: int, deadline: date) -> None:
    assert notice_deadline_for(end, months) == deadline


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 8, 31), -6, D(2024, 2, 29)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_open_ended_to_year_end_moves_to_next_year_after_deadline() -> None:
    terms = Terms(D(2021, 8, 16), None, None, 3, "jahresende")
    assert next_notice_deadline(terms, D(2026, 9, 30)) == (D(2026, 9, 30), D(2026, 12, 31))
    assert next_notice_deadline(terms, D(2026, 10, 1)) == (D(2027, 9, 30), D(2027, 12, 31))
    assert current_term_end(terms, D(2026, 10, 1)) is None
    assert next_renewal(terms, D(2026, 10, 1)) is None


def test_open_ended_not_before_start() -> None:
    terms = Terms(D(2030, 3, 1), None, None, 1, "monatsende")
    assert next_notice_deadline(terms, D(2026, 1, 1)) == (D(2030, 2, 28), D(2030, 3, 31))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 1, 1), (D(2025, 2, 28), D(2025, 3, 31))),
        (D(2025, 3, 1), (D(2025, 5, 31), D(2025, 6, 30))),
        (D(2025, 11, 30), (D(2025, 11, 30), D(2025, 12, 31))),
    ],
)
def test_quarter_end(today: date, expected: tuple[date, date]) -> None:
    assert (
        next_notice_deadline(Terms(D(2020, 1, 1), None, None, 1, "quartalsende"), today) == expected
    )


def test_fixed_term_without_renewal() -> None:
    terms = Terms(D(2024, 1, 1), D(2025, 2, 28), None, 1, "laufzeitende")
    assert next_notice_deadline(terms, D(2025, 1, 31)) == (D(2025, 1, 31), D(2025, 2, 28))
    assert next_notice_deadline(terms, D(2025, 2, 1)) is None  # too late: it simply ends
    assert current_term_end(terms, D(2025, 2, 1)) == D(2025, 2, 28)
    assert next_renewal(terms, D(2025, 2, 1)) is None


def test_renewal_across_leap_years_keeps_month_end() -> None:
    terms = Terms(D(2023, 3, 1), D(2024, 2, 29), 12, 1, "laufzeitende")
    assert current_term_end(terms, D(2024, 2, 29)) == D(2024, 2, 29)
    assert current_term_end(terms, D(2024, 3, 1)) == D(2025, 2, 28)
    assert current_term_end(terms, D(2027, 3, 1)) == D(2028, 2, 29)
    assert next_renewal(terms, D(2027, 3, 1)) == D(2028, 3, 1)
    assert next_notice_deadline(terms, D(2025, 3, 5)) == (D(2026, 1, 31), D(2026, 2, 28))


def test_renewal_when_notice_deadline_of_current_term_passed() -> None:
    terms = Terms(D(2021, 7, 1), D(2022, 6, 30), 12, 3, "laufzeitende")
    # 2026-11-24: current term ends 30.06.2027, deadline 31.03.2027
    assert next_notice_deadline(terms, D(2026, 11, 24)) == (D(2027, 3, 31), D(2027, 6, 30))
    # 2027-04-01: too late for 2027, so the next term end counts
    assert next_notice_deadline(terms, D(2027, 4, 1)) == (D(2028, 3, 31), D(2028, 6, 30))
    assert next_renewal(terms, D(2027, 4, 1)) == D(2027, 7, 1)


def test_without_notice_period_there_is_no_deadline() -> None:
    assert next_notice_deadline(Terms(D(2021, 1, 1), None), D(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2021, 1, 1), D(2021, 12, 31), 12),
        (D(2021, 1, 31), D(2021, 4, 30), 3),
        (D(2024, 3, 1), D(2025, 2, 28), 12),
        (D(2021, 1, 1), D(2021, 1, 15), 0),
    ],
)
def test_term_months(start: date, end: date, months: int) -> None:
    assert term_months(start, end) == months
