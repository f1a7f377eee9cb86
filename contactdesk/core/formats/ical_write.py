"""Writing iCalendar for Outlook: VTIMEZONEs with yearly rules, series Outlook can express
(else single events), invitations, cancellations and calendars, folded as RFC 5545 asks.
See `ical` for the whole story."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
)
from icalendar.parser import Contentline, Parameters

from contactdesk.core import timezones as tzs
from contactdesk.core.formats.ical_types import MAX_SINGLE_EXPANSION, PRODID, OutEvent, Person

# --------------------------------------------------------------------------- time zones


def _nth_weekday_rule(day: date) -> str:
    """BYDAY for the weekday of `day`: -1SU for the last Sunday, 2SU for the second, ..."""
    weekday = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[day.weekday()]
    if (day + timedelta(days=7)).month != day.month:
        return f"-1{weekday}"
    return f"{(day.day - 1) // 7 + 1}{weekday}"


def _transitions(zone: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """(local wall time just before, offset before, offset after) of each change in a year."""
    found = []
    probe = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = probe.astimezone(zone).utcoffset()
    step = timedelta(hours=1)
    while probe < end:
        nxt = probe + step
        offset = nxt.astimezone(zone).utcoffset()
        if offset != previous:
            assert previous is not None and offset is not None
            wall = (nxt + previous).replace(tzinfo=None)  # wall clock in the old offset
            found.append((wall, previous, offset))
            previous = offset
        probe = nxt
    return found


def vtimezone(tz_name: str, year: int) -> Timezone:
    """A VTIMEZONE with one STANDARD and one DAYLIGHT block and yearly rules (or one block)."""
    zone = tzs.zone(tz_name)
    tz = Timezone()
    tz.add("tzid", tz_name)
    changes = _transitions(zone, year)
    if len(changes) != 2:
        std = TimezoneStandard()
        offset = datetime(year, 1, 1, tzinfo=zone).utcoffset() or timedelta(0)
        std.add("dtstart", datetime(1970, 1, 1))
        std.add("tzoffsetfrom", offset)
        std.add("tzoffsetto", offset)
        std.add("tzname", datetime(year, 1, 1, tzinfo=zone).tzname() or tz_name)
        tz.add_component(std)
        return tz
    for wall, before, after in changes:
        block = TimezoneDaylight() if after > before else TimezoneStandard()
        block.add("dtstart", datetime(1970, wall.month, _day_in_1970(wall), wall.hour, wall.minute))
        block.add("tzoffsetfrom", before)
        block.add("tzoffsetto", after)
        block.add("tzname", (wall + timedelta(hours=3)).replace(tzinfo=zone).tzname() or tz_name)
        block.add(
            "rrule",
            vRecur(
                {"FREQ": "YEARLY", "BYMONTH": wall.month, "BYDAY": _nth_weekday_rule(wall.date())}
            ),
        )
        tz.add_component(block)
    return tz


def _day_in_1970(wall: datetime) -> int:
    """The day in 1970 that matches the rule of `wall` (so DTSTART agrees with the RRULE)."""
    rule = _nth_weekday_rule(wall.date())
    weekday = wall.weekday()
    first = date(1970, wall.month, 1)
    days = [
        first + timedelta(days=i)
        for i in range(31)
        if (first + timedelta(days=i)).month == wall.month
        and (first + timedelta(days=i)).weekday() == weekday
    ]
    index = int(rule[:-2])
    return days[index if index < 0 else index - 1].day


# --------------------------------------------------------------------------- recurrence


_OUTLOOK_KEYS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}


def outlook_can_express(rule: str) -> bool:
    """Whether Outlook's recurrence patterns (daily, weekly, monthly, yearly) cover the rule."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    if not set(parts) <= _OUTLOOK_KEYS:
        return False
    freq = parts.get("FREQ")
    byday = [d for d in parts.get("BYDAY", "").split(",") if d]
    monthdays = [d for d in parts.get("BYMONTHDAY", "").split(",") if d]
    months = [m for m in parts.get("BYMONTH", "").split(",") if m]
    ordinal = [d for d in byday if re.match(r"^[+-]?\d", d)]
    if freq == "DAILY":
        return not (byday or monthdays or months)
    if freq == "WEEKLY":
        return not (ordinal or monthdays or months)
    if freq == "MONTHLY":
        if months or len(monthdays) > 1:
            return False
        if monthdays:
            return not byday
        return len(byday) == 1 or (bool(byday) and "BYSETPOS" in parts)
    if freq == "YEARLY":
        if len(months) > 1 or len(monthdays) > 1:
            return False
        return not (len(byday) > 1 and "BYSETPOS" not in parts)
    return False


# --------------------------------------------------------------------------- writing


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str) -> str:
    """TEXT values may not carry control characters (RFC 5545 3.3.11): keep tabs and newlines."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _html(text: str) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p]
    body = "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )
    return f"<!DOCTYPE HTML><html><body>{body}</body></html>"


def _address(person: Person, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    if attendee:
        address.params["ROLE"] = person.role
        address.params["PARTSTAT"] = person.partstat
        address.params["RSVP"] = "TRUE"
    return address


class _Shared:
    """Property values that many events of one file have in common (DTSTAMP, SEQUENCE, STATUS,
    a location, a rule, a start ...), each encoded once by icalendar and then shared: a file is
    only serialised, never changed, after its components are built."""

    def __init__(self) -> None:
        self._values: dict[tuple[object, ...], object] = {}

    def add(
        self,
        component: Event,
        name: str,
        value: object,
        make: Callable[[Any], object] | None = None,
    ) -> None:
        """component.add(name, make(value) if make else value), encoding equal values once."""
        # equal aware datetimes may be in different zones: the zone is part of the key
        key = (name, type(value), value, getattr(value, "tzinfo", None))
        encoded = self._values.get(key)
        if encoded is None:
            scratch = Event()
            scratch.add(name, make(value) if make else value)  # what component.add would store
            encoded = self._values[key] = scratch[name]
        component.add(name, encoded)


def _component(
    ev: OutEvent, *, dtstamp: datetime, method: str, shared: _Shared | None = None
) -> Event:
    shared = shared or _Shared()
    vevent = Event()
    vevent.add("uid", ev.uid)
    shared.add(vevent, "dtstamp", dtstamp.astimezone(UTC))
    shared.add(vevent, "sequence", ev.sequence)
    if ev.last_modified is not None:
        shared.add(vevent, "last-modified", ev.last_modified.astimezone(UTC))
    zone = tzs.zone(ev.tz)
    if ev.all_day:
        shared.add(vevent, "dtstart", ev.start.date())
        shared.add(vevent, "dtend", ev.end.date())
    else:
        shared.add(vevent, "dtstart", ev.start.replace(tzinfo=zone))
        shared.add(vevent, "dtend", ev.end.replace(tzinfo=zone))
    if ev.recurrence_id is not None:
        rid = ev.recurrence_id.astimezone(zone)
        vevent.add("recurrence-id", rid.date() if ev.all_day else rid)
    vevent.add("summary", clean_text(ev.title))
    description = clean_text(ev.description)
    if description:
        vevent.add("description", description)
        vevent.add("x-alt-desc", _html(description), parameters={"FMTTYPE": "text/html"})
    if ev.location:
        shared.add(vevent, "location", clean_text(ev.location))
    if ev.url:
        shared.add(vevent, "url", ev.url)
    if ev.categories:
        vevent.add("categories", list(ev.categories))
    shared.add(vevent, "status", "CANCELLED" if method == "CANCEL" else ev.status)
    transp = ev.transp or ("TRANSPARENT" if ev.transparent or ev.all_day else "OPAQUE")
    shared.add(vevent, "transp", transp)
    if ev.all_day:  # what Outlook reads to show a day free and as all-day
        shared.add(
            vevent, "x-microsoft-cdo-busystatus", "FREE" if transp == "TRANSPARENT" else "BUSY"
        )
        shared.add(vevent, "x-microsoft-cdo-alldayevent", "TRUE")
    if ev.ical_class:
        shared.add(vevent, "class", ev.ical_class)
    if ev.priority is not None:
        shared.add(vevent, "priority", ev.priority)
    if ev.marker:
        shared.add(vevent, "x-contactdesk-kind", ev.marker)
    for name, value in (
        ("x-contactdesk-status", ev.cd_status),
        ("x-contactdesk-room", ev.cd_room),
        ("x-contactdesk-committee", ev.cd_committee),
    ):
        if value:
            shared.add(vevent, name, clean_text(value))
    if ev.rrule:
        shared.add(vevent, "rrule", ev.rrule, vRecur.from_ical)
        for ex in ev.exdates:
            local = ex.astimezone(zone)
            vevent.add("exdate", local.date() if ev.all_day else local)
    if ev.organiser is not None:  # PUBLISH too: the configured organiser
        vevent.add("organizer", _address(ev.organiser, attendee=False))
    if method in ("REQUEST", "CANCEL"):
        for person in ev.attendees:
            vevent.add("attendee", _address(person, attendee=True))
    if ev.alarm_minutes is not None and method != "CANCEL":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean_text(ev.title))
        alarm.add("trigger", timedelta(minutes=-ev.alarm_minutes))
        vevent.add_component(alarm)
    return vevent


def _calendar(method: str, name: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Berlin")
    return cal


def _add_timezones(cal: Calendar, events: Iterable[OutEvent]) -> None:
    """One VTIMEZONE per zone used by a timed event, before the events."""
    years: dict[str, int] = {}
    for ev in events:
        if not ev.all_day:
            years.setdefault(ev.tz, ev.start.year)
    for name, year in sorted(years.items()):
        cal.add_component(vtimezone(name, year))


def _expand_singles(ev: OutEvent) -> list[OutEvent]:
    """A series Outlook cannot express, written as single events with their own UIDs."""
    assert ev.rrule is not None
    zone = tzs.zone(ev.tz)
    start_local = ev.start.replace(tzinfo=zone)
    skipped = set(ev.exdates)
    length = ev.end - ev.start
    result = []
    window_end = start_local.astimezone(UTC) + timedelta(days=366 * 5)
    for occ in tzs.expand(
        start_local,
        ev.rrule,
        start_local.astimezone(UTC),
        window_end,
        length,
        limit=MAX_SINGLE_EXPANSION,
    ):
        if occ.astimezone(UTC) in skipped:
            continue
        naive = occ.replace(tzinfo=None)
        result.append(
            OutEvent(
                **{
                    **ev.__dict__,
                    "uid": f"{ev.uid}-{naive:%Y%m%dT%H%M}",
                    "start": naive,
                    "end": naive + length,
                    "rrule": None,
                    "exdates": (),
                }
            )
        )
    return result


def _writable(events: Iterable[OutEvent]) -> list[OutEvent]:
    out: list[OutEvent] = []
    for ev in events:
        if ev.rrule and not outlook_can_express(ev.rrule):
            out.extend(_expand_singles(ev))
        else:
            out.append(ev)
    return out


def invitation(events: list[OutEvent], method: str, dtstamp: datetime) -> bytes:
    """An iTIP message: REQUEST or CANCEL for one event (plus its changed occurrences)."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(method)
    items = _writable(events)
    cal = _calendar(method, None)
    _add_timezones(cal, items)
    shared = _Shared()
    for ev in items:
        cal.add_component(_component(ev, dtstamp=dtstamp, method=method, shared=shared))
    return to_ical(cal)


def calendar(events: list[OutEvent], name: str, dtstamp: datetime) -> bytes:
    """A METHOD:PUBLISH calendar with its name (for the user's own Outlook calendar)."""
    items = _writable(events)
    cal = _calendar("PUBLISH", name)
    _add_timezones(cal, items)
    shared = _Shared()
    for ev in items:
        cal.add_component(_component(ev, dtstamp=dtstamp, method="PUBLISH", shared=shared))
    return to_ical(cal)


# --------------------------------------------------------------------------- serialising

_NO_PARAMETERS: Parameters = Parameters()
_FOLD_AT = 74  # octets of content per physical line (icalendar: fewer than 75)


def fold(line: str) -> bytes:
    """A content line folded exactly as icalendar folds it, in UTF-8.

    Lines of at most 74 octets stay as they are; longer ones are cut every 74 octets, never
    inside a UTF-8 character, and a backslash or caret that would end a piece moves to the
    next one (icalendar keeps TEXT and RFC 6868 escapes together). icalendar looks at every
    character in Python; this cuts the encoded bytes, which makes writing a calendar quicker.
    """
    data = line.encode()
    end = len(data)
    if end <= _FOLD_AT:
        return data
    pieces = []
    start = 0
    while end - start > _FOLD_AT:
        cut = start + _FOLD_AT
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        if data[cut - 1] in b"\\^":
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def to_ical(component: Component) -> bytes:
    """The same bytes as component.to_ical(), with quicker line folding (see fold)."""
    lines = []
    from_parts = Contentline.from_parts
    # A value object shared by many components (see _Shared), and BEGIN/END, are written once.
    done: dict[tuple[str, object], bytes] = {}
    for name, value in component.property_items(sorted=True):
        key = (name, value if isinstance(value, bytes) else id(value))
        folded = done.get(key)
        if folded is None:
            params = getattr(value, "params", _NO_PARAMETERS)
            if not isinstance(params, Parameters):  # from_parts wants Parameters
                params = Parameters(params)
            line = from_parts(name, params, value, sorted=True)
            folded = done[key] = fold(line) if line else b""
        if folded:
            lines.append(folded)
    return b"\r\n".join(lines) + b"\r\n"
