"""Outlook's recurrence blob and time zones of a .msg calendar item, as iCalendar terms.

- PidLidAppointmentRecur ([MS-OXOCAL] 2.2.1.44): RecurrencePattern + AppointmentRecurrencePattern
  -> an RRULE, the cancelled occurrences (EXDATE) and the changed ones (their new start, end,
  subject and location), all as naive wall times in the item's zone.
- PidLidAppointmentTimeZoneDefinition* (TZDEFINITION, with the Windows zone's key name) and
  PidLidTimeZoneStruct (offsets only) -> an IANA zone, from a small table of the zones a German
  town's contacts use; an unknown zone gives None and the caller decides (UTC with a warning).
- PidLidGlobalObjectId / PidLidCleanGlobalObjectId -> the UID: the iCalendar UID embedded after
  the "vCal-Uid" marker when the meeting came from an .ics (our own exports), otherwise the hex
  of the clean id, which is what Outlook writes as UID when it exports iCalendar.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from contactdesk.core.formats.msg_store import minutes_since_1601

# --------------------------------------------------------------------------- time zones

#: Windows time zone key names -> IANA zones (CLDR windowsZones, territory 001).
WINDOWS_ZONES = {
    "W. Europe Standard Time": "Europe/Berlin",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "Romance Standard Time": "Europe/Paris",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "GTB Standard Time": "Europe/Bucharest",
    "Turkey Standard Time": "Europe/Istanbul",
    "Russian Standard Time": "Europe/Moscow",
    "Israel Standard Time": "Asia/Jerusalem",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "Tokyo Standard Time": "Asia/Tokyo",
    "China Standard Time": "Asia/Shanghai",
    "India Standard Time": "Asia/Kolkata",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "UTC": "UTC",
    "Coordinated Universal Time": "UTC",
}

#: (bias, standard month, daylight month, daylight bias) of PidLidTimeZoneStruct -> IANA zone
_STRUCT_ZONES = {
    (-60, 10, 3, -60): "Europe/Berlin",
    (0, 10, 3, -60): "Europe/London",
    (-120, 10, 3, -60): "Europe/Helsinki",
    (300, 11, 3, -60): "America/New_York",
    (360, 11, 3, -60): "America/Chicago",
    (420, 11, 3, -60): "America/Denver",
    (480, 11, 3, -60): "America/Los_Angeles",
    (-540, 0, 0, 0): "Asia/Tokyo",
    (-480, 0, 0, 0): "Asia/Shanghai",
    (0, 0, 0, 0): "UTC",
}


def zone_from_definition(blob: bytes) -> tuple[str | None, str]:
    """(IANA zone or None, the Windows key name) of a TZDEFINITION blob ([MS-OXOCAL] 2.2.1.41)."""
    if len(blob) < 8:
        return None, ""
    (chars,) = struct.unpack_from("<H", blob, 6)
    name = blob[8 : 8 + 2 * chars].decode("utf-16-le", errors="replace").strip()
    return WINDOWS_ZONES.get(name), name


def zone_from_struct(blob: bytes) -> str | None:
    """The IANA zone whose offsets and change months a TZSTRUCT ([MS-OXOCAL] 2.2.1.39) names."""
    if len(blob) < 48:
        return None
    bias, _std_bias, dst_bias = struct.unpack_from("<iii", blob, 0)
    # lBias, lStandardBias, lDaylightBias, wStandardYear, stStandardDate (SYSTEMTIME: wYear,
    # wMonth, ...), wDaylightYear, stDaylightDate: the months are at 16 and 34
    std_month = struct.unpack_from("<H", blob, 16)[0]
    dst_month = struct.unpack_from("<H", blob, 34)[0]
    return _STRUCT_ZONES.get((bias, std_month, dst_month, dst_bias if dst_month else 0))


# --------------------------------------------------------------------------- global object id

_GOID_PREFIX = bytes.fromhex("040000008200E00074C5B7101A82E008")
_VCAL_MARKER = b"vCal-Uid"


def uid_from_global_id(goid: bytes) -> str:
    """The iCalendar UID of a meeting; "" when the id is not a meeting's global object id."""
    if len(goid) < 40 or not goid.startswith(_GOID_PREFIX):
        return ""
    (size,) = struct.unpack_from("<I", goid, 36)
    data = goid[40 : 40 + size]
    if data.startswith(_VCAL_MARKER) and len(data) > 12:
        text = data[12:].split(b"\x00", 1)[0]
        uid = text.decode("utf-8", errors="replace").strip()
        if uid:
            return uid
    clean = goid[:16] + b"\x00\x00\x00\x00" + goid[20:]  # without the date of one occurrence
    return clean.hex().upper()


def occurrence_date(goid: bytes) -> date | None:
    """The original date of the one occurrence a global object id names (None: the series)."""
    if len(goid) < 20 or not goid.startswith(_GOID_PREFIX):
        return None
    year = struct.unpack_from(">H", goid, 16)[0]
    month, day = goid[18], goid[19]
    if not year:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- recurrence

_FREQ = {0x200A: "DAILY", 0x200B: "WEEKLY", 0x200C: "MONTHLY", 0x200D: "YEARLY"}
_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # bit 0 is Sunday
_END_DATE, _END_COUNT = 0x2021, 0x2022
_ARO_SUBJECT, _ARO_MEETINGTYPE, _ARO_REMINDERDELTA, _ARO_REMINDER = 0x1, 0x2, 0x4, 0x8
_ARO_LOCATION, _ARO_BUSY, _ARO_ATTACHMENT, _ARO_SUBTYPE, _ARO_COLOR = 0x10, 0x20, 0x40, 0x80, 0x100


class RecurrenceError(ValueError):
    """The recurrence blob cannot be read or names a pattern we cannot express (German)."""


@dataclass
class ChangedOccurrence:
    """One changed occurrence of a series (naive wall times in the series' zone)."""

    original_start: datetime
    start: datetime
    end: datetime
    subject: str | None = None
    location: str | None = None


@dataclass
class Recurrence:
    rrule: str
    start: datetime  # wall time of the first occurrence
    end: datetime  # its end
    until_day: date | None  # the day of the last occurrence (end by date)
    exdates: list[datetime] = field(default_factory=list)  # wall times
    changed: list[ChangedOccurrence] = field(default_factory=list)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> int:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise RecurrenceError("Die Wiederholungsangaben des Termins sind abgeschnitten.")
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return int(value)

    def skip(self, count: int) -> None:
        if count < 0 or self.pos + count > len(self.data):
            raise RecurrenceError("Die Wiederholungsangaben des Termins sind abgeschnitten.")
        self.pos += count

    def raw(self, count: int) -> bytes:
        start = self.pos
        self.skip(count)
        return self.data[start : self.pos]

    @property
    def left(self) -> int:
        return len(self.data) - self.pos


def _nth(n: int) -> int:
    return -1 if n == 5 else n


def _day_list(mask: int) -> list[str]:
    return [day for bit, day in enumerate(_DAYS) if mask & (1 << bit)]


def parse_recurrence(blob: bytes, codepage: str = "cp1252") -> Recurrence:
    """The series an AppointmentRecurrencePattern describes; RecurrenceError when unreadable."""
    r = _Reader(blob)
    r.take("<H")  # reader version
    r.take("<H")  # writer version
    frequency = r.take("<H")
    pattern = r.take("<H")
    calendar_type = r.take("<H")
    r.take("<I")  # FirstDateTime
    period = r.take("<I")
    r.take("<I")  # SlidingFlag (tasks only)
    mask = day_of_month = nth = 0
    if pattern == 0x1:
        mask = r.take("<I")
    elif pattern in (0x2, 0x4, 0xA, 0xC):
        day_of_month = r.take("<I")
    elif pattern in (0x3, 0xB):
        mask = r.take("<I")
        nth = r.take("<I")
    end_type = r.take("<I")
    count = r.take("<I")
    first_dow = r.take("<I")
    deleted = [r.take("<I") for _ in range(r.take("<I"))]
    modified = [r.take("<I") for _ in range(r.take("<I"))]
    start_date = r.take("<I")
    end_date = r.take("<I")
    if frequency not in _FREQ:
        raise RecurrenceError("Unbekannte Art der Wiederholung im Termin.")
    if pattern >= 0xA or calendar_type not in (0, 1):
        raise RecurrenceError(
            "Die Wiederholung folgt einem anderen Kalender (z. B. dem Hidschri-Kalender)."
        )
    # AppointmentRecurrencePattern
    r.take("<I")  # ReaderVersion2
    writer2 = r.take("<I")
    start_offset = r.take("<I")
    end_offset = r.take("<I")
    first_day = minutes_since_1601(start_date)
    start = first_day + timedelta(minutes=start_offset)
    end = first_day + timedelta(minutes=end_offset)
    parts = [f"FREQ={_FREQ[frequency]}"]
    if frequency == 0x200A and pattern == 0x1:  # "every weekday"
        parts = ["FREQ=WEEKLY", f"BYDAY={','.join(_day_list(mask))}"]
    elif frequency == 0x200A:
        interval = max(1, period // 1440)
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
    elif frequency == 0x200B:
        if period > 1:
            parts += [f"INTERVAL={period}", f"WKST={_DAYS[first_dow % 7]}"]
        parts.append(f"BYDAY={','.join(_day_list(mask) or [_DAYS[(start.weekday() + 1) % 7]])}")
    else:
        interval = period // 12 if frequency == 0x200D else period
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
        if frequency == 0x200D:
            parts.append(f"BYMONTH={first_day.month}")
        if pattern == 0x3:
            days = _day_list(mask)
            if len(days) == 1:
                parts.append(f"BYDAY={_nth(nth)}{days[0]}")
            else:
                parts += [f"BYDAY={','.join(days)}", f"BYSETPOS={_nth(nth)}"]
        elif pattern == 0x4 or day_of_month >= 31:
            parts.append("BYMONTHDAY=-1")  # Outlook's "day 31" is the last day of every month
        elif day_of_month:
            parts.append(f"BYMONTHDAY={day_of_month}")
    until_day = None
    if end_type == _END_COUNT and count:
        parts.append(f"COUNT={count}")
    elif end_type == _END_DATE:
        until_day = minutes_since_1601(end_date).date()
    changed = _changed_occurrences(r, writer2, codepage)
    originals = {c.original_start.date() for c in changed}
    originals |= {minutes_since_1601(m).date() for m in modified} if not changed else set()
    exdates = [
        minutes_since_1601(d) + timedelta(minutes=start_offset)
        for d in deleted
        if minutes_since_1601(d).date() not in originals
    ]
    return Recurrence(";".join(parts), start, end, until_day, exdates, changed)


def _counted_text(r: _Reader, codepage: str) -> str:
    r.take("<H")  # length
    length2 = r.take("<H")
    return r.raw(length2).decode(codepage, errors="replace")


def _changed_occurrences(r: _Reader, writer2: int, codepage: str) -> list[ChangedOccurrence]:
    """The ExceptionInfo and ExtendedException records (a damaged tail gives what was read)."""
    found: list[ChangedOccurrence] = []
    flags_of: list[int] = []
    try:
        for _ in range(r.take("<H")):
            start = minutes_since_1601(r.take("<I"))
            end = minutes_since_1601(r.take("<I"))
            original = minutes_since_1601(r.take("<I"))
            flags = r.take("<H")
            item = ChangedOccurrence(original, start, end)
            if flags & _ARO_SUBJECT:
                item.subject = _counted_text(r, codepage)
            for flag in (_ARO_MEETINGTYPE, _ARO_REMINDERDELTA, _ARO_REMINDER):
                if flags & flag:
                    r.take("<I")
            if flags & _ARO_LOCATION:
                item.location = _counted_text(r, codepage)
            for flag in (_ARO_BUSY, _ARO_ATTACHMENT, _ARO_SUBTYPE, _ARO_COLOR):
                if flags & flag:
                    r.take("<I")
            found.append(item)
            flags_of.append(flags)
        r.skip(r.take("<I"))  # ReservedBlock1
        for item, flags in zip(found, flags_of, strict=True):
            if writer2 >= 0x3009:
                r.skip(r.take("<I"))  # ChangeHighlight
            r.skip(r.take("<I"))  # ReservedBlockEE1
            if flags & (_ARO_SUBJECT | _ARO_LOCATION):
                r.skip(12)  # start, end and original start again
                if flags & _ARO_SUBJECT:
                    item.subject = r.raw(2 * r.take("<H")).decode("utf-16-le", errors="replace")
                if flags & _ARO_LOCATION:
                    item.location = r.raw(2 * r.take("<H")).decode("utf-16-le", errors="replace")
                r.skip(r.take("<I"))  # ReservedBlockEE2
    except RecurrenceError:
        pass  # the 8-bit texts read so far stand
    return found
