"""Reading iCalendar from Outlook, Thunderbird and others: time zones (Windows names, custom
VTIMEZONEs, resolved per file), series with their exceptions, replies, and what real files do
beyond the letter of RFC 5545. See `ical` for the whole story."""

from __future__ import annotations

import codecs
import logging
import re
import threading
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from icalendar import (
    Calendar,
    Component,
    Event,
)
from icalendar.timezone import tzp
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ImportError_, ValidationError
from contactdesk.core.formats import ical_props, limits
from contactdesk.core.formats.ical_types import Person

log = logging.getLogger(__name__)


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
        description=ical_props.plain_description(str(vevent.get("DESCRIPTION", ""))),
        location=str(vevent.get("LOCATION", "")),
        url=ical_props.meeting_link(vevent),
        status=str(vevent.get("STATUS", "")).upper(),
        rrule=rrule,
        exdates=exdates,
        recurrence_id=rid,
        organiser=_person(vevent["ORGANIZER"]) if "ORGANIZER" in vevent else None,
        attendees=[_person(a) for a in attendees_raw],
        last_modified=last_modified,
        marker=str(vevent.get("X-CONTACTDESK-KIND", "")),
        **ical_props.kept_properties(vevent),
    )


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
