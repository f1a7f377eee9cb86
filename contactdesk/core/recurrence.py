"""The few repetitions a person chooses in the event form, and the RRULE text they stand for.

The form offers: none, daily, weekly on the start's weekday, monthly on the start's n-th (or
last) weekday, monthly on the start's day, yearly on the start's date; ending never, after a
number of occurrences, or on a date. `build_rule` turns such a choice into an RRULE and
`choice_of` reads an RRULE back into a choice; a rule the form cannot show is a CUSTOM choice and
is kept as it is. The expansion of rules lives in `core.timezones`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FREQ_NONE = "none"
FREQ_DAILY = "daily"
FREQ_WEEKLY = "weekly"
FREQ_MONTHLY_WEEKDAY = "monthly_weekday"
FREQ_MONTHLY_DAY = "monthly_day"
FREQ_YEARLY = "yearly"
FREQ_CUSTOM = "custom"

END_NEVER = "never"
END_COUNT = "count"
END_UNTIL = "until"

#: RRULE weekday codes, Monday first (date.weekday() order)
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: the count the form proposes when a rule has none
DEFAULT_COUNT = 10

_SIMPLE = {
    FREQ_DAILY: "DAILY",
    FREQ_WEEKLY: "WEEKLY",
    FREQ_MONTHLY_DAY: "MONTHLY",
    FREQ_YEARLY: "YEARLY",
}
_FORM_PARTS = {"FREQ", "BYDAY", "COUNT", "UNTIL"}


@dataclass(frozen=True)
class RuleChoice:
    """What the form shows: the repetition, how it ends, the count and the last day."""

    freq: str = FREQ_NONE
    end: str = END_NEVER
    count: int = DEFAULT_COUNT
    until: date | None = None


def nth_weekday(day: date) -> int:
    """1 ... 4 for the first to fourth weekday of its month, 5 for a fifth (= the last)."""
    return (day.day - 1) // 7 + 1


def monthly_byday(day: date) -> str:
    """The BYDAY value of 'every n-th weekday' for the start day: '1TU', '-1FR' (a fifth weekday
    is taken as the last, so the series does not skip months that have only four)."""
    nth = nth_weekday(day)
    return f"{-1 if nth == 5 else nth}{RRULE_DAYS[day.weekday()]}"


def build_rule(choice: RuleChoice, start: date) -> str | None:
    """The RRULE for a choice of the form (None for a single event). CUSTOM has no rule of its
    own: the caller keeps the rule it had."""
    if choice.freq in (FREQ_NONE, FREQ_CUSTOM):
        return None
    if choice.freq == FREQ_MONTHLY_WEEKDAY:
        parts = ["FREQ=MONTHLY", f"BYDAY={monthly_byday(start)}"]
    elif choice.freq in _SIMPLE:
        parts = [f"FREQ={_SIMPLE[choice.freq]}"]
    else:
        raise ValueError(f"unknown repetition {choice.freq!r}")
    if choice.end == END_COUNT:
        parts.append(f"COUNT={choice.count}")
    elif choice.end == END_UNTIL:
        parts.append(f"UNTIL={(choice.until or start):%Y%m%d}")
    return ";".join(parts)


def choice_of(text: str | None, start: datetime, tz: str) -> RuleChoice:
    """The form's choice for a stored rule; CUSTOM when the form cannot show it exactly
    (other parts, an interval, a weekday that is not the start's, COUNT and UNTIL together, an
    unreadable UNTIL). A UTC UNTIL is read as the day it falls on in the event's zone."""
    if not text:
        return RuleChoice()
    custom = RuleChoice(FREQ_CUSTOM)
    parts = dict(p.split("=", 1) for p in text.upper().split(";") if "=" in p)
    if set(parts) - _FORM_PARTS or ("COUNT" in parts and "UNTIL" in parts):
        return custom
    freq = parts.get("FREQ", "")
    if freq == "MONTHLY" and "BYDAY" in parts:
        if parts["BYDAY"] != monthly_byday(start.date()):
            return custom
        kind = FREQ_MONTHLY_WEEKDAY
    elif "BYDAY" in parts:
        return custom
    else:
        found = next((k for k, v in _SIMPLE.items() if v == freq), None)
        if found is None:
            return custom
        kind = found
    if "COUNT" in parts:
        try:
            count = int(parts["COUNT"])
        except ValueError:
            return custom
        return RuleChoice(kind, END_COUNT, count) if count >= 1 else custom
    if "UNTIL" in parts:
        until = _until_day(parts["UNTIL"], tz)
        return RuleChoice(kind, END_UNTIL, DEFAULT_COUNT, until) if until else custom
    return RuleChoice(kind)


def _until_day(value: str, tz: str) -> date | None:
    try:
        if value.endswith("Z"):
            instant = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return instant.astimezone(ZoneInfo(tz)).date()
        return datetime.strptime(value[:8], "%Y%m%d").date()
    except (ValueError, ZoneInfoNotFoundError):
        return None
