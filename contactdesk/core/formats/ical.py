"""iCalendar (RFC 5545) and iTIP (RFC 5546) for Outlook: the only module that uses icalendar.

Out: invitations (METHOD:REQUEST), cancellations (METHOD:CANCEL) and calendars
(METHOD:PUBLISH) built from schedule.EventData. Every TZID gets a VTIMEZONE with one STANDARD
and one DAYLIGHT block and yearly RRULEs (the form Outlook reads reliably; icalendar's
add_missing_timezones() writes RDATE lists instead). All-day events use VALUE=DATE with an
exclusive DTEND. A series becomes RRULE/EXDATE plus RECURRENCE-ID overrides when Outlook's
recurrence patterns can express its rule, otherwise single events.

In: calendars and invitations from Outlook, Thunderbird and others, including Windows time zone
names ("W. Europe Standard Time") and custom VTIMEZONEs, and replies (METHOD:REPLY). What real
files do beyond the letter of RFC 5545 is taken as meant: an EXDATE or RECURRENCE-ID of an
all-day series written as a date-time (Exchange: "EXDATE;TZID=...:20240715T000000") means that
day; an EXDATE that hits no occurrence of a timed series (Outlook's published calendars write
midnight) means the one occurrence on that day; an event without UID (old or home-made
exporters) gets one derived from its content, so that importing the file again finds it;
Google's HTML descriptions become plain text.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
import threading
import uuid
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from html.parser import HTMLParser
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
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from contactdesk import __version__
from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ImportError_, ValidationError
from contactdesk.core.formats import limits

log = logging.getLogger(__name__)

PRODID = f"-//contactdesk//contactdesk {__version__}//DE"
MAX_SINGLE_EXPANSION = 500  # occurrences written when a rule must become single events

ROLE_TO_ICAL = {
    "teilnehmer": "REQ-PARTICIPANT",
    "referent": "REQ-PARTICIPANT",
    "moderation": "CHAIR",
    "optional": "OPT-PARTICIPANT",
}
RESPONSE_TO_PARTSTAT = {
    "offen": "NEEDS-ACTION",
    "zusage": "ACCEPTED",
    "absage": "DECLINED",
    "vorbehalt": "TENTATIVE",
}
PARTSTAT_TO_RESPONSE = {v: k for k, v in RESPONSE_TO_PARTSTAT.items()} | {"DELEGATED": "absage"}


@dataclass(frozen=True)
class Person:
    """An organiser or attendee as it appears in a file."""

    email: str
    name: str = ""
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class OutEvent:
    """What the writer needs of one event (built by the calendar exchange service)."""

    uid: str
    title: str
    start: datetime  # naive local wall time, or midnight for all-day
    end: datetime  # exclusive for all-day
    tz: str
    all_day: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE, CANCELLED
    sequence: int = 0
    last_modified: datetime | None = None
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()  # UTC instants of cancelled occurrences
    recurrence_id: datetime | None = None  # UTC; set on a changed occurrence
    categories: tuple[str, ...] = ()
    attendees: tuple[Person, ...] = ()
    organiser: Person | None = None
    alarm_minutes: int | None = 15
    transparent: bool = False
    #: contactdesk's own marker (X-CONTACTDESK-KIND): the event's kind, or "frist" for
    #: agreement deadlines
    marker: str = ""
    #: TRANSP as a file brought it ("" = decided here: all-day free, else busy)
    transp: str = ""
    ical_class: str = ""  # CLASS (PUBLIC, PRIVATE, CONFIDENTIAL) as imported
    priority: int | None = None  # PRIORITY 0-9 as imported
    #: what only contactdesk reads back (X-CONTACTDESK-STATUS/-ROOM/-COMMITTEE)
    cd_status: str = ""
    cd_room: str = ""
    cd_committee: str = ""


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


# --------------------------------------------------------------------------- reading


@dataclass
class InEvent:
    """One VEVENT as read from a file, times already resolved to a real zone."""

    index: int
    uid: str
    title: str
    start: datetime  # naive wall time in `tz` (midnight for all-day)
    end: datetime  # exclusive
    tz: str
    all_day: bool
    sequence: int = 0
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = ""
    rrule: str | None = None
    exdates: list[datetime] = field(default_factory=list)  # UTC
    recurrence_id: datetime | None = None  # UTC
    organiser: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    last_modified: datetime | None = None
    marker: str = ""
    #: kept and written back: TRANSP, CLASS, PRIORITY, the first reminder (minutes before)
    transp: str = ""
    ical_class: str = ""
    priority: int | None = None
    alarm_minutes: int | None = None
    #: contactdesk's own properties (another contactdesk wrote the file)
    cd_status: str = ""
    cd_room: str = ""
    cd_committee: str = ""


@dataclass
class InCalendar:
    method: str
    events: list[InEvent]
    problems: list[str]  # German, one per VEVENT that could not be read


def _email(value: object) -> str:
    text = str(value)
    return text[7:] if text.lower().startswith("mailto:") else text


def _person(value: object) -> Person:
    params = getattr(value, "params", {})
    return Person(
        email=_email(value).strip(),
        name=str(params.get("CN", "")).strip().strip('"'),
        role=str(params.get("ROLE", "REQ-PARTICIPANT")).upper(),
        partstat=str(params.get("PARTSTAT", "NEEDS-ACTION")).upper(),
    )


def _zone_name(tz: tzinfo | None, tzid: str | None, sample: datetime) -> str:
    """An IANA zone for what the file said: IANA itself, a Windows name, or matching offsets."""
    for candidate in (tzid, getattr(tz, "key", None)):
        if not candidate:
            continue
        name = str(candidate).strip().strip('"')
        try:
            return tzs.zone(name).key
        except ValidationError:
            pass
        if name in WINDOWS_TO_OLSON:
            return WINDOWS_TO_OLSON[name]
    if tz is None:
        return tzs.zone("UTC").key
    # A custom VTIMEZONE: keep the instant, show it in Berlin time when the offsets agree.
    berlin = tzs.zone("Europe/Berlin")
    probes = [sample, sample + timedelta(days=182)]
    if all(
        p.replace(tzinfo=tz).utcoffset() == p.replace(tzinfo=berlin).utcoffset() for p in probes
    ):
        return "Europe/Berlin"
    return "UTC"


def _local(value: datetime, prop: object, default_tz: str) -> tuple[datetime, str]:
    """Naive wall time and IANA zone for a DTSTART/DTEND value."""
    tzid = getattr(prop, "params", {}).get("TZID")
    if value.tzinfo is None:  # floating time: take the default zone
        return value, default_tz
    if not tzid and value.utcoffset() == timedelta(0):
        # UTC ("...Z", Google and many web calendars): the same instant on the wall clock of
        # the calendar (X-WR-TIMEZONE) or of the user, as Outlook shows it
        name = default_tz
    else:
        name = _zone_name(value.tzinfo, tzid, value.replace(tzinfo=None))
    return value.astimezone(tzs.zone(name)).replace(tzinfo=None), name


def _utc(value: date | datetime, tz_name: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tzs.zone(tz_name)).astimezone(UTC)
        return value.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=tzs.zone(tz_name)).astimezone(UTC)


def _day(value: date | datetime, tz_name: str, tzid: object = None) -> date:
    """The calendar day a DATE or DATE-TIME names: the date as written (floating, or with a
    TZID), or for UTC ("...Z") the date in the event's zone."""
    if not isinstance(value, datetime):
        return value
    if value.tzinfo is not None and not tzid and value.utcoffset() == timedelta(0):
        return value.astimezone(tzs.zone(tz_name)).date()
    return value.date()


class SeriesOccurrences:
    """The occurrences of a series, to find what an EXDATE or a RECURRENCE-ID means."""

    _SECOND = timedelta(seconds=1)

    def __init__(self, start_local: datetime, tz_name: str, rrule: str) -> None:
        self.start = start_local.replace(tzinfo=tzs.zone(tz_name))
        self.tz_name = tz_name
        self.rule: str | None
        try:
            self.rule = tzs.normalise_rule(rrule, self.start)
        except ValidationError:
            self.rule = None  # the import refuses the rule later, with its reason

    def _between(self, first: datetime, end: datetime) -> list[datetime]:
        if self.rule is None:
            return []
        return [
            occ.astimezone(UTC)
            for occ in tzs.expand(self.start, self.rule, first, end, self._SECOND, limit=3)
        ]

    def has(self, instant: datetime) -> bool:
        try:
            return instant in self._between(instant, instant + self._SECOND)
        except OverflowError:  # the last second of the year 9999: no series gets there
            return False

    def on(self, day: date) -> datetime | None:
        """The occurrence on that day, when there is exactly one."""
        try:
            first = _utc(day, self.tz_name)
            found = self._between(first, _utc(day + timedelta(days=1), self.tz_name))
        except OverflowError:  # the first or last day of the calendar
            return None
        return found[0] if len(found) == 1 else None

    def meant(self, instant: datetime) -> datetime | None:
        """`instant` when it is an occurrence, else the one occurrence on its day (in the
        series' zone), else None: what real files mean by a RECURRENCE-ID or EXDATE."""
        if self.has(instant):
            return instant
        try:
            day = instant.astimezone(tzs.zone(self.tz_name)).date()
        except OverflowError:  # the last hours of the year 9999 in UTC
            return None
        return self.on(day)


_LOOSE_DATE = re.compile(r"^(\d{8})(?:T(\d{6}))?(Z?)$")


def _values(group: object) -> list[object]:
    """The dates of one EXDATE or RDATE line; a value icalendar cannot read (Google writes
    "RDATE:20131210Z", a date with a Z) is read leniently where possible, else kept as text."""
    try:
        dts = getattr(group, "dts", None)  # None: icalendar's vBroken, the raw text
        if dts is not None:
            return [item.dt for item in dts]
    except Exception:  # a date icalendar cannot make (30 February): read below, or kept as text
        pass
    values: list[object] = []
    for text in str(group).split(","):
        match = _LOOSE_DATE.match(text.strip())
        if match is None:
            values.append(text.strip())
            continue
        day, time, utc = match.groups()
        try:
            if time is None:
                values.append(datetime.strptime(day, "%Y%m%d").date())
            else:
                value = datetime.strptime(day + time, "%Y%m%d%H%M%S")
                values.append(value.replace(tzinfo=UTC) if utc else value)
        except ValueError:  # 30 February and the like: kept as text, reported as such
            values.append(text.strip())
    return values


def _exdates(
    vevent: Event, tz_name: str, series: SeriesOccurrences | None, all_day: bool
) -> list[datetime]:
    """EXDATE instants (UTC) matched to the occurrences they mean.

    All-day series: the day each value names, whether written as a date or (Exchange) as a
    date-time at midnight of some zone. Timed series: a date means the occurrence that day; a
    date-time that is no occurrence (Outlook's published calendars write midnight) also means
    the one occurrence on its day, if there is exactly one.
    """
    result: list[datetime] = []
    raw = vevent.get("EXDATE")
    for group in raw if isinstance(raw, list) else [raw] if raw else []:
        tzid = getattr(group, "params", {}).get("TZID")
        for value in _values(group):
            if isinstance(value, tuple):  # a PERIOD: its start
                value = value[0]
            if not isinstance(value, (date, datetime)):
                raise _Unreadable(f"unlesbare Ausnahme (EXDATE) „{str(value)[:80]}“")
            if all_day:
                result.append(_utc(_day(value, tz_name, tzid), tz_name))
                continue
            instant = None if not isinstance(value, datetime) else _utc(value, tz_name)
            if series is not None and (instant is None or not series.has(instant)):
                instant = series.on(_day(value, tz_name, tzid)) or instant
            if instant is not None:
                result.append(instant)
    return result


#: DESCRIPTION values that are HTML (Google Calendar writes what its editor formats as HTML)
_HTML_MARKUP = re.compile(
    r"<\s*/?\s*(?:br|p|div|span|b|i|u|a|ul|ol|li|strong|em|html|body|font)\b[^>]*>",
    re.IGNORECASE,
)


class _PlainText(HTMLParser):
    """The text of an HTML fragment: line breaks for <br>, paragraphs and list items,
    links as "text (address)"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag in ("p", "div", "ul", "ol", "tr"):
            self.parts.append("\n")
        elif tag == "a":
            self._href.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "ul", "ol", "tr"):
            self.parts.append("\n")
        elif tag == "a" and self._href:
            href, position = self._href.pop()
            text = "".join(self.parts[position:]).strip()
            if href and not href.startswith("mailto:") and href != text:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        text = "".join(self.parts).replace("\xa0", " ")
        lines = [line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plain_description(text: str) -> str:
    """A DESCRIPTION as plain text: HTML (Google Calendar) is turned into text, anything else
    is kept as it is."""
    if not _HTML_MARKUP.search(text):
        return text
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    return parser.text()


def _derived_uid(vevent: Event) -> str:
    """A stable UID for an event that has none: the same content gives the same UID."""
    parts = []
    for name in ("DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION", "RRULE"):
        value = vevent.get(name)
        parts.append(value.to_ical().decode() if hasattr(value, "to_ical") else str(value or ""))
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "contactdesk:vevent-without-uid:" + "|".join(parts)))


def _read_event(index: int, vevent: Event, default_tz: str, method: str = "PUBLISH") -> InEvent:
    if "DTSTART" not in vevent:
        raise _Unreadable("kein Beginn (DTSTART)")
    start_prop = vevent["DTSTART"]
    start = vevent.decoded("DTSTART")
    uid = str(vevent.get("UID", "")).strip()
    if not uid:
        if method in ("REPLY", "CANCEL"):  # they refer to an event by its UID
            raise _Unreadable("keine UID")
        uid = _derived_uid(vevent)
    all_day = not isinstance(start, datetime)
    if all_day:
        tz_name = default_tz
        start_local = datetime(start.year, start.month, start.day)
        if "DTEND" in vevent:
            end = vevent.decoded("DTEND")
            end_local = datetime(end.year, end.month, end.day)
        elif "DURATION" in vevent:
            end_local = start_local + vevent.decoded("DURATION")
        else:
            end_local = start_local + timedelta(days=1)
    else:
        start_local, tz_name = _local(start, start_prop, default_tz)
        if "DTEND" in vevent:
            end = vevent.decoded("DTEND")
            if not isinstance(end, datetime):
                raise _Unreadable("DTEND ist ein Datum, DTSTART eine Uhrzeit")
            end_utc = _utc(end, tz_name)
        elif "DURATION" in vevent:
            end_utc = _utc(start, tz_name) + vevent.decoded("DURATION")
        else:
            end_utc = _utc(start, tz_name)
        end_local = end_utc.astimezone(tzs.zone(tz_name)).replace(tzinfo=None)
    if end_local < start_local:
        raise _Unreadable("Ende (DTEND) liegt vor dem Beginn (DTSTART)")
    if end_local == start_local:
        end_local = start_local + (timedelta(days=1) if all_day else timedelta(minutes=30))
    rrule = None
    if "RRULE" in vevent:
        rule = vevent["RRULE"]
        rules = rule if isinstance(rule, list) else [rule]
        text = rules[0].to_ical()
        rrule = text.decode() if isinstance(text, bytes) else text
    series = SeriesOccurrences(start_local, tz_name, rrule) if rrule and not all_day else None
    exdates = _exdates(vevent, tz_name, series, all_day)
    rid = None
    if "RECURRENCE-ID" in vevent:
        value = vevent.decoded("RECURRENCE-ID")
        if all_day:  # the day, also when written as a date-time (Exchange)
            tzid = vevent["RECURRENCE-ID"].params.get("TZID")
            rid = _utc(_day(value, tz_name, tzid), tz_name)
        else:
            rid = _utc(value, tz_name)
    attendees_raw = vevent.get("ATTENDEE", [])
    if not isinstance(attendees_raw, list):
        attendees_raw = [attendees_raw]
    last_modified = None
    if "LAST-MODIFIED" in vevent:
        lm = vevent.decoded("LAST-MODIFIED")
        last_modified = _utc(lm, "UTC") if isinstance(lm, datetime) else None
    try:
        sequence = int(str(vevent.get("SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    if not 0 <= sequence <= _MAX_SEQUENCE:  # a 32-bit INTEGER in every database
        sequence = 0
    return InEvent(
        index=index,
        uid=uid,
        title=str(vevent.get("SUMMARY", "")).strip() or "(ohne Titel)",
        start=start_local,
        end=end_local,
        tz=tz_name,
        all_day=all_day,
        sequence=sequence,
        description=plain_description(str(vevent.get("DESCRIPTION", ""))),
        location=str(vevent.get("LOCATION", "")),
        url=_meeting_link(vevent),
        status=str(vevent.get("STATUS", "")).upper(),
        rrule=rrule,
        exdates=exdates,
        recurrence_id=rid,
        organiser=_person(vevent["ORGANIZER"]) if "ORGANIZER" in vevent else None,
        attendees=[_person(a) for a in attendees_raw],
        last_modified=last_modified,
        marker=str(vevent.get("X-CONTACTDESK-KIND", "")),
        **_kept(vevent),
    )


_TRANSP = ("OPAQUE", "TRANSPARENT")
_CLASSES = ("PUBLIC", "PRIVATE", "CONFIDENTIAL")


def _kept(vevent: Event) -> dict[str, Any]:
    """What an export writes back unchanged: TRANSP, CLASS, PRIORITY, the reminder, and
    contactdesk's own X-CONTACTDESK-STATUS/-ROOM/-COMMITTEE."""
    transp = str(vevent.get("TRANSP", "")).strip().upper()
    klass = str(vevent.get("CLASS", "")).strip().upper()
    try:
        priority: int | None = int(str(vevent.get("PRIORITY", "")).strip())
    except ValueError:
        priority = None
    return {
        "transp": transp if transp in _TRANSP else "",
        "ical_class": klass if klass in _CLASSES else "",
        "priority": priority if priority is not None and 0 <= priority <= 9 else None,
        "alarm_minutes": _reminder_minutes(vevent),
        "cd_status": str(vevent.get("X-CONTACTDESK-STATUS", "")).strip(),
        "cd_room": str(vevent.get("X-CONTACTDESK-ROOM", "")).strip(),
        "cd_committee": str(vevent.get("X-CONTACTDESK-COMMITTEE", "")).strip(),
    }


def _reminder_minutes(vevent: Event) -> int | None:
    """Minutes before the start of the first VALARM whose TRIGGER is relative to the start."""
    for alarm in vevent.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        if trigger is None:
            continue
        related = str(getattr(trigger, "params", {}).get("RELATED", "START")).upper()
        try:
            value = alarm.decoded("TRIGGER")
        except Exception:  # an unreadable trigger: no reminder rather than a lost event
            continue
        if isinstance(value, timedelta) and related == "START" and value <= timedelta(0):
            minutes = int(-value.total_seconds() // 60)
            if minutes <= 40320:  # four weeks, as the settings allow
                return minutes
    return None


#: where invitations carry their online meeting, most specific first (Teams, Google Meet,
#: RFC 7986 CONFERENCE, the event's URL)
_LINK_PROPERTIES = (
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-GOOGLE-CONFERENCE",
    "CONFERENCE",
    "URL",
    "LOCATION",
)
#: a join link in the text of an invitation that names no property for it
_JOIN_LINK = re.compile(
    r"https://[^\s<>\"']*(?:teams\.microsoft\.com/l/meetup-join|teams\.live\.com/meet"
    r"|meet\.google\.com/|zoom\.us/[jw]/|\.webex\.com/|meet\.jit\.si/|whereby\.com/"
    r"|gotomeet\.me/|meet\.goto\.com/)[^\s<>\"']*"
)


def _meeting_link(vevent: Event) -> str:
    """The event's online meeting (or web page) as an http(s) link, or ''."""
    for name in _LINK_PROPERTIES:
        values = vevent.get(name)
        for value in values if isinstance(values, list) else [values]:
            text = str(value or "").strip()
            if text.lower().startswith(("https://", "http://")) and not any(
                ch.isspace() for ch in text
            ):
                return text
    found = _JOIN_LINK.search(str(vevent.get("DESCRIPTION", "")))
    return found.group(0).rstrip(".,;)>") if found else ""


_MAX_SEQUENCE = 2**31 - 1


class _Unreadable(ValueError):
    """Why one VEVENT cannot be read, in German (the import lists it and goes on)."""


#: icalendar keeps the time zones of VTIMEZONE components in one cache for the process: a
#: custom TZID ("Customized Time Zone" of Outlook) would keep the definition of the first file
#: read. Each file is parsed with an empty cache, one file at a time.
_PARSE_LOCK = threading.Lock()


def parse(data: bytes, filename: str, default_tz: str = "Europe/Berlin") -> InCalendar:
    """Read a .ics file; raises ImportError_ when it is not iCalendar at all, breaks a limit
    (formats/limits.py) or cannot be read; a VEVENT that cannot be read becomes a problem."""
    if b"\x00" in data[:4096]:
        raise ImportError_("Die Datei ist keine Kalenderdatei (Binärdaten).", file=filename)
    text = _text(data)
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ImportError_(
            "Die Datei enthält keinen Kalender (BEGIN:VCALENDAR fehlt).", file=filename
        )
    if "END:VCALENDAR" not in text.upper():
        raise ImportError_(
            "Die Kalenderdatei ist unvollständig (END:VCALENDAR fehlt) – vielleicht abgeschnitten.",
            file=filename,
        )
    event_lines = limits.check_calendar_text(text, filename)
    with _PARSE_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tzp.use_default()  # an empty time-zone cache: this file's VTIMEZONEs count
        try:
            try:
                calendars = Calendar.from_ical(text, multiple=True)
            except Exception as exc:  # icalendar raises ValueError and friends
                reason, line = _parse_failure(exc, text)
                raise ImportError_(
                    f"Die Kalenderdatei kann nicht gelesen werden: {reason}.",
                    file=filename,
                    line=line,
                    detail=repr(exc),
                ) from exc
            return _read_calendars(calendars, filename, default_tz, event_lines)
        finally:
            tzp.use_default()  # nothing of this file stays for the next one
            for warning in caught:  # icalendar's English warnings go to the log, not stderr
                log.info("%s: %s", filename, warning.message)


_BAD_LINE = re.compile(r"could not be parsed into parts: '(.{1,60})")


def _parse_failure(exc: Exception, text: str) -> tuple[str, int | None]:
    """What icalendar's (English) exception means, in German, and the line when known."""
    message = str(exc)
    if "END encountered without" in message:
        return "ein Baustein endet (END), der nie begonnen hat (BEGIN)", None
    if "does not have a parent component" in message:
        return "eine Angabe steht außerhalb jedes Bausteins", None
    if "UTC offset" in message:
        return "ein Zeitversatz einer Zeitzone (TZOFFSET) ist ungültig", None
    found = _BAD_LINE.search(message)
    if found:
        fragment = found.group(1).rstrip("'")
        for number, line in enumerate(text.splitlines(), start=1):
            if fragment and line.startswith(fragment):
                return "eine Zeile hat nicht die Form NAME:WERT", number
        return "eine Zeile hat nicht die Form NAME:WERT", None
    if "parameter" in message:
        return "eine Angabe hat einen unbekannten oder ungültigen Zusatz (Parameter)", None
    return "der Aufbau entspricht nicht iCalendar (RFC 5545)", None


def _read_calendars(
    calendars: Sequence[Component], filename: str, default_tz: str, event_lines: list[int]
) -> InCalendar:
    events: list[InEvent] = []
    problems: list[str] = []
    method = ""
    index = 0
    for cal in calendars:
        cal_method = str(cal.get("METHOD", "PUBLISH")).upper()
        method = method or cal_method
        cal_tz = _calendar_zone(cal, default_tz)
        # icalendar's component factory makes every VEVENT an Event
        for vevent in (c for c in cal.walk("VEVENT") if isinstance(c, Event)):
            index += 1
            title = str(vevent.get("SUMMARY", "")).strip()[:200]
            label = f"Termin {index}{f' „{title}“' if title else ''}"
            try:
                event = _read_event(index, vevent, cal_tz, cal_method)
                notes = _not_taken_over(vevent, event)
            except (_Unreadable, ValidationError) as exc:
                problems.append(f"{label}: {exc}.".replace("..", "."))
                continue
            except OverflowError:  # e.g. 1 January of the year 1 in Berlin is before UTC's
                problems.append(
                    f"{label}: ein Datum liegt am Rand des Kalenders (Jahr 1 oder 9999) und "
                    "lässt sich nicht in andere Zeitzonen umrechnen."
                )
                continue
            except Exception as exc:  # one broken event must not stop the others
                line = event_lines[index - 1] if index <= len(event_lines) else None
                where = f" (Zeile {line})" if line else ""
                log.info("%s, %s%s: %r", filename, label, where, exc)
                problems.append(f"{label}{where}: unlesbare Angaben.")
                continue
            events.append(event)
            problems.extend(f"{label}: {note}" for note in notes)
        for kind, one, many in (
            ("VTODO", "Aufgabe", "Aufgaben"),
            ("VJOURNAL", "Journaleintrag", "Journaleinträge"),
        ):
            count = len(cal.walk(kind))
            if count:
                problems.append(
                    f"{count} {one if count == 1 else many} ({kind}) nicht importiert: "
                    "contactdesk übernimmt aus Kalenderdateien nur Termine."
                )
    return InCalendar(method or "PUBLISH", events, problems)


def _not_taken_over(vevent: Event, event: InEvent) -> list[str]:
    """German notes on what a readable event says that contactdesk cannot keep."""
    notes = []
    raw = vevent.get("RDATE")
    days = []
    for group in raw if isinstance(raw, list) else [raw] if raw else []:
        for value in _values(group):
            value = value[0] if isinstance(value, tuple) else value
            days.append(f"{value:%d.%m.%Y}" if isinstance(value, date) else str(value))
    if days:
        notes.append(
            f"Die zusätzlichen Termine der Serie (RDATE: {', '.join(days)}) werden nicht "
            "übernommen; bitte bei Bedarf als eigene Termine anlegen."
        )
    if event.recurrence_id is not None:
        rid_range = str(vevent["RECURRENCE-ID"].params.get("RANGE", "")).upper()
        if rid_range == "THISANDFUTURE":
            when = event.recurrence_id.astimezone(tzs.zone(event.tz))
            notes.append(
                "Die Änderung gilt laut Datei für diesen und alle folgenden Termine der Serie "
                f"(RANGE=THISANDFUTURE); übernommen wird sie nur für den Termin am "
                f"{when:%d.%m.%Y}."
            )
    return notes


_FOLD = re.compile(rb"\r?\n[ \t]")


def _text(data: bytes) -> str:
    """The file as text, unfolded: folds are removed from the bytes first, because some
    programs fold inside a UTF-8 character; UTF-8 (with or without BOM), else Windows-1252
    (old Outlook exports). CR CR LF (CRLF written once more by a Windows program) counts as one
    line end."""
    data = _FOLD.sub(b"", data.replace(b"\r\r\n", b"\r\n"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # a UTF-8 mark before text that is not UTF-8: drop the mark
        return data.removeprefix(codecs.BOM_UTF8).decode("cp1252", errors="replace")


def _calendar_zone(cal: Component, default_tz: str) -> str:
    """The zone of floating and UTC times: the calendar's X-WR-TIMEZONE (Google, Apple), when
    it names a known zone (IANA or Windows), else `default_tz`."""
    name = str(cal.get("X-WR-TIMEZONE", "")).strip().strip('"')
    if not name:
        return default_tz
    try:
        return tzs.zone(name).key
    except ValidationError:
        return WINDOWS_TO_OLSON.get(name, default_tz)
