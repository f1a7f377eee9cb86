"""Expansion of recurrence rules (core.timezones.expand) against a brute-force expansion:
the cached occurrence lists of bounded series must give exactly what walking the rule gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.core import timezones as tzs

D = datetime
ZONES = ("Europe/Berlin", "America/New_York", "Europe/London", "UTC")


def brute_force(
    start_local: datetime,
    rule: str,
    window_start: datetime,
    window_end: datetime,
    duration: timedelta,
    limit: int = tzs.MAX_OCCURRENCES,
) -> list[datetime]:
    """Every occurrence of the rule, each checked against the window (no caches, no bounds)."""
    found: list[datetime] = []
    for occurrence in rrulestr(rule, dtstart=start_local, forceset=False, cache=False):
        if occurrence > window_end.astimezone(start_local.tzinfo) + timedelta(days=2):
            break
        begin = occurrence.replace(fold=0)
        if begin.astimezone(UTC) < window_end and (begin + duration).astimezone(UTC) > window_start:
            found.append(begin)
            if len(found) >= limit:
                break
    return found


def _same(a: list[datetime], b: list[datetime]) -> None:
    """Equal instants, wall times, zones and folds."""
    assert [(x, x.replace(tzinfo=None), str(x.tzinfo), x.fold) for x in a] == [
        (y, y.replace(tzinfo=None), str(y.tzinfo), y.fold) for y in b
    ]


@st.composite
def series(draw: st.DrawFn) -> tuple[datetime, str, timedelta]:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    # starts near the changes to and from summer time in 2021 (US: 14 March, 7 November)
    day = D(2021, draw(st.sampled_from((1, 3, 10, 11))), draw(st.integers(1, 28)))
    start = day.replace(hour=draw(st.sampled_from((0, 1, 2, 3, 9, 23))), minute=30)
    local = start.replace(tzinfo=zone)
    if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != start:
        local = (start + timedelta(hours=1)).replace(tzinfo=zone)  # not in the spring gap
    freq = draw(st.sampled_from(("DAILY", "WEEKLY", "MONTHLY", "YEARLY")))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 3))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append(
            "BYDAY=" + ",".join(draw(st.sets(st.sampled_from(("MO", "WE", "SU")), min_size=1)))
        )
    if freq == "MONTHLY" and draw(st.booleans()):
        parts.append("BYDAY=" + draw(st.sampled_from(("-1FR", "1MO", "2SU"))))
    end = draw(st.sampled_from(("count", "until", "endless", "long")))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    elif end == "until":
        until = local.astimezone(UTC) + timedelta(days=draw(st.integers(0, 500)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
    elif end == "long":  # bounded, but too many occurrences to keep in the cache
        parts.append(f"COUNT={tzs.SPANS_KEPT_UP_TO + 50}")
    duration = timedelta(minutes=draw(st.sampled_from((30, 90, 24 * 60, 3 * 24 * 60))))
    return local, ";".join(parts), duration


@settings(max_examples=300, deadline=None)
@given(
    series(),
    st.integers(-30, 3000),  # years later too: rules are then walked from a moved start
    st.sampled_from((timedelta(hours=1), timedelta(days=1), timedelta(days=31))),
    st.sampled_from(("UTC", "Europe/Berlin")),
    st.sampled_from((tzs.MAX_OCCURRENCES, 3)),
)
def test_expand_is_the_brute_force_expansion(
    rule: tuple[datetime, str, timedelta],
    offset_days: int,
    length: timedelta,
    window_zone: str,
    limit: int,
) -> None:
    start_local, text, duration = rule
    window_start = (start_local + timedelta(days=offset_days, hours=offset_days % 5)).astimezone(
        ZoneInfo(window_zone)
    )
    window_end = window_start + length
    expected = brute_force(start_local, text, window_start, window_end, duration, limit)
    _same(
        list(tzs.expand(start_local, text, window_start, window_end, duration, limit=limit)),
        expected,
    )
    # and again, now from the caches
    _same(
        list(tzs.expand(start_local, text, window_start, window_end, duration, limit=limit)),
        expected,
    )


def test_windows_at_the_edges_of_an_occurrence() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start = D(2021, 10, 1, 10, tzinfo=berlin)
    rule, hour = "FREQ=WEEKLY;COUNT=10", timedelta(hours=1)
    occurrence = D(2021, 11, 5, 10, tzinfo=berlin)  # after the change to winter time
    for window_start, window_end, count in (
        (occurrence - hour, occurrence, 0),  # ends where the occurrence begins
        (occurrence + hour, occurrence + 2 * hour, 0),  # begins where it ends
        (occurrence + hour - timedelta(seconds=1), occurrence + 2 * hour, 1),
        (occurrence - hour, occurrence + timedelta(seconds=1), 1),
    ):
        found = list(tzs.expand(start, rule, window_start, window_end, hour))
        assert len(found) == count, (window_start, window_end)
        _same(found, brute_force(start, rule, window_start, window_end, hour))


def test_series_in_different_zones_starting_at_the_same_instant_keep_their_zone() -> None:
    """16:00 in Berlin is 10:00 in New York: equal datetimes, different series (the caches
    once returned the Berlin rule for the New York series)."""
    rule = "FREQ=DAILY;COUNT=30"
    berlin = D(2021, 3, 1, 16, tzinfo=ZoneInfo("Europe/Berlin"))
    new_york = D(2021, 3, 1, 10, tzinfo=ZoneInfo("America/New_York"))
    assert berlin == new_york
    window = (D(2021, 3, 15, tzinfo=UTC), D(2021, 3, 16, tzinfo=UTC))
    hour = timedelta(hours=1)
    in_berlin = list(tzs.expand(berlin, rule, *window, hour))
    in_new_york = list(tzs.expand(new_york, rule, *window, hour))
    assert [o.replace(tzinfo=None) for o in in_berlin] == [D(2021, 3, 15, 16)]
    # New York is on summer time since 14 March: 10:00 there is 14:00 UTC
    assert [(o.replace(tzinfo=None), str(o.tzinfo)) for o in in_new_york] == [
        (D(2021, 3, 15, 10), "America/New_York")
    ]
    assert tzs.series_last_start(rule, new_york) == D(
        2021, 3, 30, 10, tzinfo=ZoneInfo("America/New_York")
    )
    assert str(tzs.parse_rule(rule, new_york)[0].tzinfo) == "America/New_York"


def test_invalid_rules_still_raise() -> None:
    start = D(2021, 10, 1, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    window = (D(2021, 10, 1, tzinfo=UTC), D(2021, 11, 1, tzinfo=UTC))
    with pytest.raises(tzs.ValidationError):
        list(tzs.expand(start, "FREQ=HOURLY;COUNT=3", *window, timedelta(hours=1)))
    with pytest.raises(tzs.ValidationError):
        list(tzs.expand(start, "FREQ=WEEKLY;COUNT=x", *window, timedelta(hours=1)))
