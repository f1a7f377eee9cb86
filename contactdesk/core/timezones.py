"""Wall-clock time in a real time zone: conversion to UTC that refuses impossible local times,
and expansion of recurrence rules across daylight-saving changes."""

from __future__ import annotations

import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from contactdesk.core.errors import ValidationError

#: Prefer summer (first) or winter (second) time for a wall time that occurs twice in autumn.
SUMMER = "sommerzeit"
WINTER = "winterzeit"
#: The most occurrences one expansion returns; more would be a mistake, not a schedule.
MAX_OCCURRENCES = 5000
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
#: Limits that keep every expansion of a rule short, whatever a file or a database says:
#: INTERVAL from 1 to MAX_INTERVAL, no repetition within a day (BYHOUR, BYMINUTE, BYSECOND),
#: rules of at most MAX_RULE_CHARS characters, and nothing expanded beyond SPAN_YEARS after the
#: start of the series (dateutil would otherwise walk a rule that never matches, such as
#: every 30 February, up to the year 9999).
MAX_INTERVAL = 1000
MAX_RULE_CHARS = 1000
SPAN_YEARS = 100
_WITHIN_A_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
#: longest IANA zone name we look up (the longest real one has 32 characters)
MAX_ZONE_NAME = 64


def zone(name: str) -> ZoneInfo:
    try:
        if len(name) > MAX_ZONE_NAME:  # the file system would say "name too long"
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        name = name if len(name) <= MAX_ZONE_NAME else name[:MAX_ZONE_NAME] + "…"
        raise ValidationError(
            {"tz": f"Die Zeitzone „{name}“ ist unbekannt (erwartet z. B. Europe/Berlin)."}
        ) from None


@lru_cache(maxsize=1 << 16)
def local_to_utc(
    local: datetime, tz_name: str, prefer: str | None = None, field: str = "start"
) -> datetime:
    """UTC instant of a naive wall time; raises ValidationError for skipped or ambiguous times."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    zi = zone(tz_name)
    first = local.replace(tzinfo=zi, fold=0)
    second = local.replace(tzinfo=zi, fold=1)
    try:
        first_utc, second_utc = first.astimezone(UTC), second.astimezone(UTC)
        back = first_utc.astimezone(zi).replace(tzinfo=None)
    except (OverflowError, ValueError):  # the first or last days of the calendar (year 1, 9999)
        raise ValidationError(
            {field: f"Das Datum {local:%d.%m.%Y} liegt außerhalb des Kalenders von contactdesk."}
        ) from None
    if back != local:
        raise ValidationError(
            {
                field: f"Die Uhrzeit {local:%H:%M} Uhr gibt es am {local:%d.%m.%Y} in der "
                f"Zeitzone {tz_name} nicht (Umstellung auf Sommerzeit). "
                "Bitte wählen Sie eine andere Uhrzeit."
            }
        )
    if first_utc != second_utc:
        if prefer == SUMMER:
            return first_utc
        if prefer == WINTER:
            return second_utc
        raise ValidationError(
            {
                field: f"Die Uhrzeit {local:%H:%M} Uhr kommt am {local:%d.%m.%Y} wegen der "
                "Umstellung auf Winterzeit zweimal vor. Bitte wählen Sie Sommer- oder Winterzeit."
            }
        )
    return first_utc


def utc_to_local(instant: datetime, tz_name: str) -> datetime:
    """Aware local time of a UTC instant."""
    return instant.astimezone(zone(tz_name))


def parse_rule(text: str, start_local: datetime) -> rrule:
    """Parse an RRULE (without DTSTART) for a series starting at the aware local start.

    Cached: the agenda expands the same series again and again; rrule objects are immutable.
    """
    # The zone belongs to the key: 10:00 in New York equals 16:00 in Berlin as an instant.
    return _parse_rule(text, start_local, start_local.tzinfo)


def _rule_body(text: str) -> str:
    body = text.strip()
    return body[6:] if body.upper().startswith("RRULE:") else body


@lru_cache(maxsize=1024)
def _rule_parts(text: str) -> dict[str, str]:
    """The NAME=VALUE parts of a rule, both upper case ("FREQ" -> "WEEKLY"); do not change."""
    return {
        p.split("=", 1)[0].upper(): p.split("=", 1)[-1].upper()
        for p in _rule_body(text).split(";")
        if p
    }


def _is_number(text: str) -> bool:
    """Digits 0-9 only (str.isdigit() also takes "³", which int() refuses)."""
    return text.isascii() and text.isdigit()


def check_rule_limits(text: str) -> None:
    """ValidationError (German) for a rule whose expansion could run away: checked before
    dateutil sees it, for rules from files and from the database alike."""
    if len(text) > MAX_RULE_CHARS:
        raise ValidationError(
            {
                "rrule": f"Die Wiederholungsregel ist {len(text)} Zeichen lang; höchstens "
                f"{MAX_RULE_CHARS} Zeichen sind erlaubt."
            }
        )
    parts = _rule_parts(text)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES or any(k in parts for k in _WITHIN_A_DAY):
        raise ValidationError(
            {
                "rrule": "Termine können täglich, wöchentlich, monatlich oder jährlich "
                "wiederholt werden, nicht häufiger."
            }
        )
    interval = parts.get("INTERVAL", "1")
    if not _is_number(interval) or not 1 <= int(interval) <= MAX_INTERVAL:
        raise ValidationError(
            {
                "rrule": f"Der Abstand der Wiederholungen (INTERVAL={interval[:20]}) muss eine "
                f"ganze Zahl von 1 bis {MAX_INTERVAL} sein."
            }
        )
    if (
        parts.get("FREQ") == "DAILY"
        and "BYDAY" in parts
        and _is_number(interval)
        and int(interval) % 7 == 0
    ):
        raise ValidationError(
            {
                "rrule": f"Eine tägliche Regel mit INTERVAL={interval} trifft immer denselben "
                "Wochentag; bitte als wöchentliche Regel angeben."
            }
        )
    count = parts.get("COUNT")
    if count is not None and (not _is_number(count) or int(count) < 1):
        raise ValidationError(
            {"rrule": f"Die Anzahl der Wiederholungen (COUNT={count[:20]}) ist ungültig."}
        )


def clear_caches() -> None:
    """Forget every parsed rule and expansion (after an interrupted one, e.g. by a watchdog:
    dateutil's rule caches are not safe against an exception in the middle)."""
    for cached in (
        _rule_parts,
        _parse_rule,
        _series_last_start,
        _repeat_days,
        _wall_bounds,
        _bounded,
    ):
        cached.cache_clear()
    local_to_utc.cache_clear()


def _span_end(start_local: datetime) -> datetime:
    """The latest start considered for a series (SPAN_YEARS after its start)."""
    try:
        return start_local.replace(year=start_local.year + SPAN_YEARS, day=min(start_local.day, 28))
    except ValueError:  # beyond the year 9999: dateutil stops there by itself
        return start_local.replace(year=9999, month=12, day=31)


@lru_cache(maxsize=4096)
def _parse_rule(text: str, start_local: datetime, _zone: tzinfo | None) -> rrule:
    check_rule_limits(text)
    body = _rule_body(text)
    try:
        rule = rrulestr(body, dtstart=start_local, forceset=False, cache=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            {"rrule": f"Die Wiederholungsregel „{text}“ ist ungültig ({exc})."}
        ) from exc
    if not isinstance(rule, rrule):
        raise ValidationError({"rrule": "Bitte genau eine Wiederholungsregel angeben."})
    if not _can_occur(text, start_local):
        raise ValidationError(
            {
                "rrule": "Die Wiederholungsregel ergibt in den nächsten "
                f"{SPAN_YEARS} Jahren keinen einzigen Termin (z. B. jeden 30. Februar)."
            }
        )
    return _bounded_span(rule, start_local)


#: the parts that say on which days a rule may fall (BYSETPOS only picks among them)
_DAY_FILTERS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY")


def _can_occur(text: str, start_local: datetime) -> bool:
    return _days_exist(text, start_local.year)


@lru_cache(maxsize=1024)
def _days_exist(text: str, year: int) -> bool:
    """Whether the days the rule filters for exist within SPAN_YEARS from the start year.

    dateutil checks UNTIL and COUNT only against occurrences it found: a daily rule for every
    30 February is walked day by day up to the year 9999 (seconds for each expansion). The
    same day filters under FREQ=YEARLY find every candidate day of a year at once, so this
    walks at most SPAN_YEARS years. A rule whose INTERVAL never meets those days (DAILY with
    INTERVAL=7 and another weekday) is refused by check_rule_limits."""
    parts = _rule_parts(text)
    filters = [f"{key}={parts[key]}" for key in _DAY_FILTERS if key in parts]
    if not filters:
        return True
    if parts.get("FREQ") in ("DAILY", "WEEKLY", "MONTHLY"):
        # in DAILY and WEEKLY rules BYDAY has no ordinal; in MONTHLY it counts within a month,
        # which FREQ=YEARLY does too when BYMONTH is given; else any such weekday will do
        filters = [
            f"BYDAY={','.join(d.lstrip('+-0123456789') for d in parts['BYDAY'].split(','))}"
            if f.startswith("BYDAY=") and "BYMONTH" not in parts
            else f
            for f in filters
        ]
    # The Gregorian calendar repeats itself every 400 years (weekdays and leap days alike):
    # the same days, probed close before the year 9999 where dateutil stops by itself, are
    # found in the same place of the cycle, and a probe that finds none ends after at most
    # 500 years instead of 8,000.
    shift = max(0, (9899 - year) // 400 * 400)
    try:
        first_day = date(year + shift, 1, 1)
        probe = rrulestr(
            "FREQ=YEARLY;" + ";".join(filters),
            dtstart=datetime.combine(first_day, datetime.min.time()),
            forceset=False,
        )
        first = probe.after(datetime.combine(first_day, datetime.min.time()) - _SECOND, inc=True)
    except (ValueError, TypeError, OverflowError):
        return True  # dateutil refuses it itself when it is expanded
    return first is not None and first.year - first_day.year < SPAN_YEARS


def _bounded_span(rule: rrule, start_local: datetime) -> rrule:
    """The rule, ending at the latest SPAN_YEARS after its start: every walk through it ends."""
    cap = _span_end(start_local)
    until = getattr(rule, "_until", None)  # dateutil keeps no public accessor
    if until is not None and until <= cap:
        return rule
    with warnings.catch_warnings():
        # COUNT together with UNTIL: dateutil stops at whichever comes first, which is what
        # the cap needs; it warns that RFC 5545 does not allow both in a file.
        warnings.simplefilter("ignore", DeprecationWarning)
        return rule.replace(until=cap)


def normalise_rule(text: str, start_local: datetime) -> str:
    """The rule as stored: upper case, no 'RRULE:' prefix, UNTIL in UTC (RFC 5545 3.3.10)."""
    body = _rule_body(text)
    parts = []
    for part in body.split(";"):
        if not part:
            continue
        key, _, value = part.partition("=")
        key = key.strip().upper()
        value = value.strip().upper()
        if key == "UNTIL" and not value.endswith("Z"):
            until = _parse_until(value, start_local)
            value = until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        parts.append(f"{key}={value}")
    normalised = ";".join(parts)
    parse_rule(normalised, start_local)
    return normalised


def _parse_until(value: str, start_local: datetime) -> datetime:
    tz = start_local.tzinfo
    try:
        if "T" in value:
            naive = datetime.strptime(value, "%Y%m%dT%H%M%S")
        else:  # a date: the series may run through that whole day
            naive = datetime.strptime(value, "%Y%m%d") + timedelta(days=1, seconds=-1)
    except ValueError as exc:
        raise ValidationError(
            {"rrule": f"Das Ende der Wiederholung „{value}“ ist ungültig."}
        ) from exc
    return naive.replace(tzinfo=tz)


def series_last_start(text: str, start_local: datetime) -> datetime | None:
    """The start of the last occurrence of a bounded series (None when it never ends).

    Lets the agenda skip series that ended before the window without expanding them.
    """
    return _series_last_start(text, start_local, start_local.tzinfo)


@lru_cache(maxsize=4096)
def _series_last_start(text: str, start_local: datetime, _zone: tzinfo | None) -> datetime | None:
    rule = parse_rule(text, start_local)
    parts = _rule_parts(text)
    if "UNTIL" not in parts and "COUNT" not in parts:
        return None
    if "COUNT" in parts and int(parts["COUNT"]) > MAX_OCCURRENCES:
        return None  # too long to list; expansion stays bounded by the window instead
    return rule[-1] if rule.count() else start_local


def expand(
    start_local: datetime,
    rule_text: str,
    window_start: datetime,
    window_end: datetime,
    duration: timedelta,
    *,
    limit: int = MAX_OCCURRENCES,
) -> Iterator[datetime]:
    """Local starts of the occurrences that overlap [window_start, window_end) (aware, UTC ok).

    Wall time is kept across daylight-saving changes (10:00 stays 10:00); a start that falls
    into the skipped spring hour moves forward, as RFC 5545 prescribes. At most `limit` results.
    """
    for begin, _ in expand_with_utc(
        start_local, rule_text, window_start, window_end, duration, limit=limit
    ):
        yield begin


def expand_with_utc(
    start_local: datetime,
    rule_text: str,
    window_start: datetime,
    window_end: datetime,
    duration: timedelta,
    *,
    limit: int = MAX_OCCURRENCES,
) -> Iterator[tuple[datetime, datetime]]:
    """expand(), each local start with its UTC instant (the agenda needs both)."""
    tz = start_local.tzinfo
    assert tz is not None
    bounded = _bounded(rule_text, start_local, tz, duration)
    # UTC on both sides: instants in one tzinfo compare without working out offsets
    first_utc = window_start if window_start.tzinfo is UTC else window_start.astimezone(UTC)
    end_utc = window_end if window_end.tzinfo is UTC else window_end.astimezone(UTC)
    if bounded is not None and bounded[0] <= first_utc:
        return  # the series ended before the window
    try:
        lower, upper = _wall_bounds(first_utc, end_utc, tz, duration)
    except OverflowError:  # a window at the very start or end of the calendar
        return
    lower = max(lower, start_local - _SECOND)
    count = 0
    _, walls, spans = bounded if bounded is not None else (None, None, None)
    if walls is not None and spans is not None:
        # The same candidates as the loop below (the wall times are sorted), worked out once.
        for begin, begin_utc, finish_utc in spans[
            bisect_left(walls, lower) : bisect_right(walls, upper)
        ]:
            if begin_utc < end_utc and finish_utc > first_utc:
                yield begin, begin_utc
                count += 1
                if count >= limit:
                    return
        return
    rule = _parse_rule(rule_text, _origin_near(rule_text, start_local, lower), tz)
    for occurrence in rule.xafter(lower, inc=True):
        if occurrence > upper:
            break
        begin = occurrence.replace(fold=0) if occurrence.fold else occurrence
        begin_utc = begin.astimezone(UTC)
        if begin_utc < end_utc and (begin + duration).astimezone(UTC) > first_utc:
            yield begin, begin_utc
            count += 1
            if count >= limit:
                return


def _origin_near(rule_text: str, start_local: datetime, lower: datetime) -> datetime:
    """A start for the rule close before `lower` that yields the same occurrences from there.

    dateutil walks a rule from its start: a weekly meeting running since 2015 is walked
    through every week to reach this month. A daily or weekly rule without COUNT or BYSETPOS
    repeats itself every INTERVAL days or weeks, so moving its start by whole repetitions
    (on the wall clock) changes nothing at or after the new start; at least one repetition is
    kept in hand before `lower`.
    """
    step = _repeat_days(rule_text)
    if step is None:
        return start_local
    gap = (lower.replace(tzinfo=None) - start_local.replace(tzinfo=None)).days
    # Moved in blocks of about a year: the agenda's months then share one (cached) rule.
    block = max(1, 364 // step)
    whole = (gap // step - 1) // block * block
    if whole <= 0:
        return start_local
    return start_local + timedelta(days=whole * step)


@lru_cache(maxsize=1024)
def _repeat_days(rule_text: str) -> int | None:
    """Days after which a DAILY/WEEKLY rule repeats itself exactly; None for other rules."""
    parts = _rule_parts(rule_text)
    if "COUNT" in parts or "BYSETPOS" in parts:
        return None
    try:
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    if interval < 1:
        return None
    return {"DAILY": 1, "WEEKLY": 7}.get(parts.get("FREQ", ""), 0) * interval or None


_SECOND = timedelta(seconds=1)
_SLACK = timedelta(hours=3)


@lru_cache(maxsize=256)
def _wall_bounds(
    first_utc: datetime, end_utc: datetime, zone: tzinfo, duration: timedelta
) -> tuple[datetime, datetime]:
    """Wall times in `zone` (with 3 hours to spare) between which the occurrences of a series
    of that duration that overlap the window start: the same for many series of an agenda."""
    return (first_utc - duration).astimezone(zone) - _SLACK, end_utc.astimezone(zone) + _SLACK


#: Bounded series of at most this many occurrences keep them with their UTC instants (_bounded).
SPANS_KEPT_UP_TO = 500

_Spans = list[tuple[datetime, datetime, datetime]]


@lru_cache(maxsize=1024)
def _bounded(
    text: str, start_local: datetime, zone: tzinfo, duration: timedelta
) -> tuple[datetime, list[datetime] | None, _Spans | None] | None:
    """For a series that ends (None when it never does): the end of its last occurrence in UTC
    and, when it has at most SPANS_KEPT_UP_TO of them, all its occurrences as the rule yields
    them and for each its start (fold=0), start and end in UTC. The agenda asks for the same
    series month after month; this is worked out once per series."""
    last = _series_last_start(text, start_local, zone)
    if last is None:
        return None
    last_end = (last + duration).astimezone(UTC)
    rule = _parse_rule(text, start_local, zone)
    total = rule.count()  # known: _series_last_start found the last one
    if total is None or total > SPANS_KEPT_UP_TO:
        return last_end, None, None
    walls = list(rule)
    spans = []
    for occurrence in walls:
        begin = occurrence.replace(fold=0) if occurrence.fold else occurrence
        spans.append((begin, begin.astimezone(UTC), (begin + duration).astimezone(UTC)))
    return last_end, walls, spans


def is_ambiguous(local: datetime, tz: str) -> bool:
    """True for a wall time that occurs twice in the zone (the autumn hour when the clocks go
    back), False otherwise and for an unknown zone (which is reported at the zone field)."""
    try:
        zi = zone(tz)
    except ValidationError:
        return False
    first = local.replace(tzinfo=zi, fold=0)
    second = local.replace(tzinfo=zi, fold=1)
    exists = first.astimezone(UTC).astimezone(zi).replace(tzinfo=None) == local
    return exists and first.utcoffset() != second.utcoffset()
