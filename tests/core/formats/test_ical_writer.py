"""The quick writer of ical.py (shared property values, byte-wise folding) writes exactly the
bytes that icalendar's own Component.to_ical() writes for the same components."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from contactdesk.core import timezones as tzs
from contactdesk.core.formats import ical, ical_write

D = datetime
NOW = D(2021, 9, 10, 12, tzinfo=UTC)

# Characters of one to four UTF-8 octets, and the escapes icalendar keeps together.
TEXT = st.text(st.sampled_from("aZ ,;:\\^\"'–ßäö„“€😀\t"), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_fold_is_icalendars_folding(line: str) -> None:
    assert ical.fold(line) == Contentline(line).to_ical()


def test_fold_edges() -> None:
    for length in range(70, 160):
        for tail in ("", "\\", "^", "ä", "😀", "\\n"):
            line = "x" * length + tail + "y" * 80
            assert ical.fold(line) == Contentline(line).to_ical(), (length, tail)
    assert ical.fold("") == b""


def _plain(events: list[ical.OutEvent], method: str, name: str = "Prüfung") -> bytes:
    """The same calendar built property by property and written by icalendar alone."""
    items = ical_write._writable(events)
    cal = ical_write._calendar(method, name if method == "PUBLISH" else None)
    ical_write._add_timezones(cal, items)
    for ev in items:
        cal.add_component(ical_write._component(ev, dtstamp=NOW, method=method))
    return cal.to_ical()


ZONES = ("Europe/Berlin", "Europe/London", "UTC", "America/New_York")
RULES = (
    None,
    "FREQ=WEEKLY;COUNT=20",
    "FREQ=DAILY;UNTIL=20211231T230000Z",
    "FREQ=MONTHLY;BYDAY=-1FR",
)


@st.composite
def out_events(draw: st.DrawFn) -> ical.OutEvent:
    all_day = draw(st.booleans())
    day = D(2021, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
    start = day if all_day else day + timedelta(hours=draw(st.integers(0, 23)))
    length = timedelta(days=1) if all_day else timedelta(minutes=draw(st.sampled_from((30, 90))))
    rrule = draw(st.sampled_from(RULES))
    tz = draw(st.sampled_from(ZONES))
    exdates: tuple[datetime, ...] = ()
    if rrule:
        first = start.replace(tzinfo=tzs.zone(tz)).astimezone(UTC)
        exdates = tuple(first + timedelta(weeks=w) for w in draw(st.sets(st.integers(1, 3))))
    return ical.OutEvent(
        uid=draw(st.sampled_from(("a", "b", "c-" + "x" * 70))),
        title=draw(st.sampled_from(("Workshop", "Sitzung, „HFA“; Teil 2", "x" * 90))),
        start=start,
        end=start + length,
        tz=tz,
        all_day=all_day,
        description=draw(st.sampled_from(("", "Zeile 1\nZeile 2\n\nAbsatz\\", "ü" * 60))),
        location=draw(st.sampled_from(("", "Raum 1, TGZ", "Raum 2"))),
        url=draw(st.sampled_from(("", "https://meet.example/x"))),
        status=draw(st.sampled_from(("CONFIRMED", "TENTATIVE", "CANCELLED"))),
        sequence=draw(st.integers(0, 2)),
        last_modified=draw(st.sampled_from((None, NOW, NOW - timedelta(days=3)))),
        rrule=rrule,
        exdates=exdates,
        recurrence_id=draw(st.sampled_from((None, NOW + timedelta(days=7)))),
        categories=draw(st.sampled_from(((), ("Vereinbarung", "Frist")))),
        attendees=draw(st.sampled_from(((), (ical.Person("a@example.org", "Ayşe Öztürk, Dr."),)))),
        organiser=draw(st.sampled_from((None, ical.Person("o@example.org", "Orga")))),
        alarm_minutes=draw(st.sampled_from((None, 15))),
        transparent=draw(st.booleans()),
        marker=draw(st.sampled_from(("", "frist"))),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(out_events(), min_size=1, max_size=12))
def test_calendar_is_what_icalendar_writes(events: list[ical.OutEvent]) -> None:
    assert ical.calendar(events, "Prüfung", NOW) == _plain(events, "PUBLISH")


@settings(max_examples=30, deadline=None)
@given(st.lists(out_events(), min_size=1, max_size=4), st.sampled_from(("REQUEST", "CANCEL")))
def test_invitation_is_what_icalendar_writes(events: list[ical.OutEvent], method: str) -> None:
    assert ical.invitation(events, method, NOW) == _plain(events, method)


def test_equal_instants_in_different_zones_keep_their_zones() -> None:
    """10:00 in Berlin and 09:00 in London are the same instant: they must not share a value."""
    berlin = ical.OutEvent("b", "B", D(2021, 10, 1, 10), D(2021, 10, 1, 11), "Europe/Berlin")
    london = ical.OutEvent("l", "L", D(2021, 10, 1, 9), D(2021, 10, 1, 10), "Europe/London")
    data = ical.calendar([berlin, london], "Zonen", NOW)
    assert b"DTSTART;TZID=Europe/Berlin:20211001T100000" in data
    assert b"DTSTART;TZID=Europe/London:20211001T090000" in data
    assert data == _plain([berlin, london], "PUBLISH", "Zonen")
