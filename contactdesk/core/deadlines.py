"""Deadline arithmetic for agreements: terms, renewals and notice deadlines (pure functions).

Conventions (German contract practice):
- A term "bis 31.12.2025" ends at the end of that day; an automatic renewal by R months starts
  the next term on the following day.
- A notice period of N months "zum Laufzeitende/Monatsende/Quartalsende/Jahresende" must reach
  the other party on or before the notice deadline: the day before (end + 1 day - N months).
  So "3 Monate zum 31.12." gives 30.09., "1 Monat zum 28.02." gives 31.01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from contactdesk.core.enums import NoticeTo

#: how far the deadline search looks ahead before it gives up (an open-ended agreement with a
#: period longer than this has no deadline worth showing).
HORIZON_YEARS = 200


def add_months(day: date, months: int) -> date:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    return day + relativedelta(months=months)


def notice_deadline_for(effective_end: date, notice_months: int) -> date:
    """The last day a notice can arrive so that it takes effect at the end of `effective_end`."""
    return add_months(effective_end + timedelta(days=1), -notice_months) - timedelta(days=1)


def _period_ends(after: date, notice_to: str) -> date:
    """The first month/quarter/year end on or after `after`."""
    if notice_to == NoticeTo.MONATSENDE.value:
        return add_months(date(after.year, after.month, 1), 1) - timedelta(days=1)
    if notice_to == NoticeTo.QUARTALSENDE.value:
        quarter_end_month = ((after.month - 1) // 3 + 1) * 3
        return add_months(date(after.year, quarter_end_month, 1), 1) - timedelta(days=1)
    if notice_to == NoticeTo.JAHRESENDE.value:
        return date(after.year, 12, 31)
    raise ValueError(notice_to)


@dataclass(frozen=True)
class Terms:
    valid_from: date | None
    valid_until: date | None
    renewal_months: int | None = None
    notice_months: int | None = None
    notice_to: str | None = None


def current_term_end(terms: Terms, today: date) -> date | None:
    """End of the term running on `today` (renewals applied), or None when open-ended."""
    if terms.valid_until is None:
        return None
    if not terms.renewal_months or terms.valid_until >= today:
        return terms.valid_until
    for step in range(1, HORIZON_YEARS * 12 + 1):
        end = _renewed_end(terms, step)
        if end >= today:
            return end
    return None


def _renewed_end(terms: Terms, steps: int) -> date:
    assert terms.valid_until is not None and terms.renewal_months
    start_next = terms.valid_until + timedelta(days=1)
    return add_months(start_next, steps * terms.renewal_months) - timedelta(days=1)


def next_renewal(terms: Terms, today: date) -> date | None:
    """The day the next automatic renewal term starts, or None without automatic renewal."""
    if not terms.renewal_months or terms.valid_until is None:
        return None
    end = current_term_end(terms, today)
    return None if end is None else end + timedelta(days=1)


def next_notice_deadline(terms: Terms, today: date) -> tuple[date, date] | None:
    """(notice deadline, date the notice takes effect) for the next possible notice, or None.

    A deadline already passed for the current term moves to the next possible end.
    """
    if not terms.notice_months or not terms.notice_to:
        return None
    months = terms.notice_months
    if terms.notice_to == NoticeTo.LAUFZEITENDE.value:
        if terms.valid_until is None:
            return None
        limit = HORIZON_YEARS * 12 if terms.renewal_months else 0
        for step in range(limit + 1):
            end = terms.valid_until if step == 0 else _renewed_end(terms, step)
            deadline = notice_deadline_for(end, months)
            if deadline >= today:
                return deadline, end
        return None  # the last term end has passed its notice deadline
    start = max(today, terms.valid_from or today)
    end = _period_ends(start, terms.notice_to)
    for _ in range(HORIZON_YEARS * 12):
        if terms.valid_until is not None and not terms.renewal_months and end > terms.valid_until:
            return None
        deadline = notice_deadline_for(end, months)
        if deadline >= today:
            return deadline, end
        end = _period_ends(end + timedelta(days=1), terms.notice_to)
    return None


def term_months(valid_from: date, valid_until: date) -> int:
    """Whole calendar months covered by a term (31.01.–30.04. is 3)."""
    delta = relativedelta(valid_until + timedelta(days=1), valid_from)
    return delta.years * 12 + delta.months
