"""The periods the Termine area shows: the list's ranges (kommende, vergangene, alle Jahre, a
chosen Zeitraum), the month and week anchors and the paging between them. Plain date
arithmetic without widgets, so the rules can be read and tested on their own."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from contactdesk.core.models.schedule import DEFAULT_TZ

MODE_LIST, MODE_MONTH, MODE_WEEK = "list", "month", "week"
MODES = (MODE_LIST, MODE_MONTH, MODE_WEEK)
RANGE_UPCOMING, RANGE_PAST, RANGE_ALL, RANGE_CUSTOM = "upcoming", "past", "all", "custom"
UPCOMING_DAYS = 365
PAST_DAYS = 730
ZONE = ZoneInfo(DEFAULT_TZ)


def aware(day: date) -> datetime:
    """Midnight at the start of `day` in the town's zone."""
    return datetime.combine(day, time()).replace(tzinfo=ZONE)


def all_years(today: date, span: tuple[datetime, datetime] | None) -> tuple[date, date]:
    """From the first stored event to a year ahead (or the last stored event's end);
    `span` is the first start and last end the store holds (None: no event)."""
    ahead = today + timedelta(days=UPCOMING_DAYS)
    if span is None:
        return today, ahead
    first = span[0].astimezone(ZONE).date()
    last = span[1].astimezone(ZONE).date() + timedelta(days=1)
    return min(first, today), max(last, ahead)


def list_range(
    which: str,
    today: date,
    chosen: tuple[date | None, date | None],
    span: tuple[datetime, datetime] | None = None,
) -> tuple[date, date]:
    """First day and the day after the last day of the list (`chosen`: the Von/Bis fields of
    a custom range; `span`: what all_years needs, only read for RANGE_ALL)."""
    if which == RANGE_PAST:
        return today - timedelta(days=PAST_DAYS), today + timedelta(days=1)
    if which == RANGE_CUSTOM:
        first = chosen[0] or today
        last = chosen[1] or first
        return first, max(last, first) + timedelta(days=1)
    if which == RANGE_ALL:
        return all_years(today, span)
    return today, today + timedelta(days=UPCOMING_DAYS)


def list_moments(which: str, start: date, end: date, now: datetime) -> tuple[datetime, datetime]:
    """The moments the list reads: coming events from now on, past ones up to now."""
    if which == RANGE_UPCOMING:
        return now, aware(end)
    if which == RANGE_PAST:
        return aware(start), now
    return aware(start), aware(end)


def step_anchor(mode: str, anchor: date, direction: int) -> date:
    """The anchor one month or week earlier (-1) or later (+1)."""
    if mode == MODE_MONTH:
        month = anchor.month - 1 + direction
        return date(anchor.year + month // 12, month % 12 + 1, 1)
    return anchor + timedelta(days=7 * direction)


def step_list(start: date, end: date, direction: int) -> tuple[date, date]:
    """The list's range moved by its own length: the new Von and Bis (inclusive)."""
    length = end - start
    return start + direction * length, end + direction * length - timedelta(days=1)


def period_text(start: date, end: date) -> str:
    """The list's range as the header shows it (end: the day after the last day)."""
    return f"{start:%d.%m.%Y} – {end - timedelta(days=1):%d.%m.%Y}"
