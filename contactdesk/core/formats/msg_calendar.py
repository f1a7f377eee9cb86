"""Calendar items of an Outlook .msg file as one iCalendar object (VCALENDAR bytes).

IPM.Appointment -> METHOD:PUBLISH, IPM.Schedule.Meeting.Request -> REQUEST,
IPM.Schedule.Meeting.Canceled -> CANCEL (STATUS:CANCELLED), IPM.Schedule.Meeting.Resp.Pos/Neg/Tent
-> REPLY with the sender as the one attendee (ACCEPTED/DECLINED/TENTATIVE). The result is read
by core.formats.ical like any .ics, so the calendar import decides new/update/cancel/reply with
SEQUENCE the one way it always does.

Times: PidLidAppointmentStartWhole/EndWhole are UTC. A single event is written in its IANA zone
when the item names a known Windows zone, else as UTC (the instant stays right either way). A
series is written from its recurrence blob in wall time of its zone; an unknown zone there falls
back to UTC with a warning, because the wall time of later occurrences depends on the zone.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from contactdesk.core import timezones as tzs
from contactdesk.core.formats import ical
from contactdesk.core.formats.msg_recurrence import (
    ChangedOccurrence,
    Recurrence,
    RecurrenceError,
    occurrence_date,
    parse_recurrence,
    uid_from_global_id,
    zone_from_definition,
    zone_from_struct,
)
from contactdesk.core.formats.msg_store import (
    PSETID_APPOINTMENT,
    PSETID_COMMON,
    PSETID_MEETING,
    MsgFile,
    PropertyStore,
)

# Tagged properties
PID_SUBJECT = 0x0037
PID_NORMALIZED_SUBJECT = 0x0E1D
PID_BODY = 0x1000
PID_BODY_HTML = 0x1013
PID_IMPORTANCE = 0x0017
PID_SENSITIVITY = 0x0036
PID_SENDER_NAME = 0x0C1A
PID_SENDER_ADDRTYPE = 0x0C1E
PID_SENDER_EMAIL = 0x0C1F
PID_SENDER_SMTP = 0x5D01
PID_REPRESENTING_NAME = 0x0042
PID_REPRESENTING_ADDRTYPE = 0x0064
PID_REPRESENTING_EMAIL = 0x0065
PID_REPRESENTING_SMTP = 0x5D02
PID_LAST_MODIFIED = 0x3008
PID_CREATED = 0x3007
PID_DISPLAY_NAME = 0x3001
PID_ADDRTYPE = 0x3002
PID_EMAIL = 0x3003
PID_SMTP = 0x39FE
PID_RECIPIENT_TYPE = 0x0C15
PID_RECIPIENT_FLAGS = 0x5FFD
PID_TRACK_STATUS = 0x5FFF
# Named properties (LIDs)
LID_SEQUENCE = 0x8201
LID_BUSY = 0x8205
LID_LOCATION = 0x8208
LID_START = 0x820D
LID_END = 0x820E
LID_ALL_DAY = 0x8215
LID_RECUR = 0x8216
LID_RECURRING = 0x8223
LID_EXCEPTION_REPLACE = 0x8228
LID_TZ_STRUCT = 0x8233
LID_TZ_START = 0x825E
LID_TZ_RECUR = 0x8260
LID_GOID = 0x0003
LID_IS_RECURRING = 0x0005
LID_CLEAN_GOID = 0x0023
LID_REMINDER_DELTA = 0x8501
LID_REMINDER_SET = 0x8503

REPLIES = {
    "IPM.SCHEDULE.MEETING.RESP.POS": "ACCEPTED",
    "IPM.SCHEDULE.MEETING.RESP.NEG": "DECLINED",
    "IPM.SCHEDULE.MEETING.RESP.TENT": "TENTATIVE",
}
METHODS = {
    "IPM.APPOINTMENT": "PUBLISH",
    "IPM.SCHEDULE.MEETING.REQUEST": "REQUEST",
    "IPM.SCHEDULE.MEETING.CANCELED": "CANCEL",
}
_BUSY = {0: "FREE", 1: "TENTATIVE", 2: "BUSY", 3: "OOF", 4: "WORKINGELSEWHERE"}
_CLASS = {0: "PUBLIC", 1: "PRIVATE", 2: "PRIVATE", 3: "CONFIDENTIAL"}
_PRIORITY = {0: 9, 1: 5, 2: 1}
_ROLE = {1: "REQ-PARTICIPANT", 2: "OPT-PARTICIPANT", 3: "NON-PARTICIPANT"}
_PARTSTAT = {2: "TENTATIVE", 3: "ACCEPTED", 4: "DECLINED"}
_RECIP_ORGANIZER = 0x0002


def calendar_class(message_class: str) -> str:
    """The calendar class a message class is or derives from (custom forms add ".Name"), upper
    case; "" for anything else."""
    upper = message_class.upper()
    for known in (*METHODS, *REPLIES):
        if upper == known or upper.startswith(known + "."):
            return known
    return ""


def is_calendar_class(message_class: str) -> bool:
    return bool(calendar_class(message_class))


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param(text: str) -> str:
    cleaned = " ".join(text.replace('"', "'").split())
    return f'"{cleaned}"' if any(c in cleaned for c in ":;,") else cleaned


def _utc_text(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def smtp_of(store: PropertyStore, smtp: int, email: int, addrtype: int) -> str:
    """An SMTP address: the SMTP property, else the address when its type is SMTP (or has @)."""
    address = store.text(smtp)
    if address and "@" in address:
        return address
    address = store.text(email)
    kind = store.text(addrtype).upper()
    if address and (kind in ("SMTP", "") or "@" in address) and not address.startswith("/"):
        return address[7:] if address.lower().startswith("mailto:") else address
    return ""


class _Lines:
    def __init__(self) -> None:
        self.out: list[bytes] = []

    def add(self, line: str) -> None:
        self.out.append(ical.fold(line))

    def person(self, prop: str, name: str, address: str, params: str = "") -> None:
        """An ORGANIZER or ATTENDEE line; `params` like ";ROLE=...;PARTSTAT=..."."""
        if name and name != address:
            params += f";CN={_param(name)}"
        self.add(f"{prop}{params}:mailto:{address}")


class _Item:
    """What one calendar .msg says, read once."""

    def __init__(self, msg: MsgFile, message_class: str) -> None:
        self.msg = msg
        self.p = msg.message
        self.cls = calendar_class(message_class)
        p = self.p
        self.subject = p.text(PID_SUBJECT)
        self.start = p.named_time(PSETID_APPOINTMENT, LID_START)
        self.end = p.named_time(PSETID_APPOINTMENT, LID_END)
        self.all_day = p.named_boolean(PSETID_APPOINTMENT, LID_ALL_DAY)
        goid = p.named_binary(PSETID_MEETING, LID_GOID)
        clean = p.named_binary(PSETID_MEETING, LID_CLEAN_GOID)
        self.uid = uid_from_global_id(clean) or uid_from_global_id(goid)
        self.one_day = occurrence_date(goid)
        self.sequence = p.named_integer(PSETID_APPOINTMENT, LID_SEQUENCE) or 0
        # PidLidRecurring on appointments, PidLidIsRecurring on meeting objects
        self.recurring = p.named_boolean(PSETID_APPOINTMENT, LID_RECURRING) or p.named_boolean(
            PSETID_MEETING, LID_IS_RECURRING
        )
        self.windows_zone = ""
        self.tz, self.tz_known = self._zone()

    def _zone(self) -> tuple[str, bool]:
        """(IANA zone, known): from the TZDEFINITIONs (a series: the recurrence's first), then
        from the old TZSTRUCT; ("UTC", False) when none names a zone we know."""
        p = self.p
        keys: list[str] = []
        recurring = self.recurring
        order = (LID_TZ_RECUR, LID_TZ_START) if recurring else (LID_TZ_START, LID_TZ_RECUR)
        for lid in order:
            blob = p.named_binary(PSETID_APPOINTMENT, lid)
            if blob:
                zone, key = zone_from_definition(blob)
                if zone:
                    return zone, True
                keys.append(key)
        self.windows_zone = next((k for k in keys if k), "")
        zone = zone_from_struct(p.named_binary(PSETID_APPOINTMENT, LID_TZ_STRUCT))
        if zone:
            return zone, True
        return "UTC", False

    def dtstamp(self) -> datetime:
        return self.p.time(PID_LAST_MODIFIED) or self.p.time(PID_CREATED) or datetime.now(UTC)

    def description(self) -> str:
        body = self.p.text(PID_BODY)
        if body:
            return body.replace("\r\n", "\n").strip()
        html = self.p.raw(PID_BODY_HTML)  # binary in most files, a string in some
        if isinstance(html, bytes):
            html = html.decode(self.p.codepage, errors="replace")
        if isinstance(html, str) and html.strip():
            return ical.plain_description(html)
        return ""

    def organiser(self) -> tuple[str, str]:
        for recipient in self.msg.recipients:
            flags = recipient.integer(PID_RECIPIENT_FLAGS) or 0
            if flags & _RECIP_ORGANIZER:
                address = smtp_of(recipient, PID_SMTP, PID_EMAIL, PID_ADDRTYPE)
                if address:
                    return recipient.text(PID_DISPLAY_NAME), address
        p = self.p
        address = smtp_of(
            p, PID_REPRESENTING_SMTP, PID_REPRESENTING_EMAIL, PID_REPRESENTING_ADDRTYPE
        )
        if address:
            return p.text(PID_REPRESENTING_NAME), address
        address = smtp_of(p, PID_SENDER_SMTP, PID_SENDER_EMAIL, PID_SENDER_ADDRTYPE)
        return (p.text(PID_SENDER_NAME), address) if address else ("", "")

    def sender(self) -> tuple[str, str]:
        p = self.p
        address = smtp_of(p, PID_SENDER_SMTP, PID_SENDER_EMAIL, PID_SENDER_ADDRTYPE)
        if address:
            return p.text(PID_SENDER_NAME), address
        address = smtp_of(
            p, PID_REPRESENTING_SMTP, PID_REPRESENTING_EMAIL, PID_REPRESENTING_ADDRTYPE
        )
        return p.text(PID_REPRESENTING_NAME), address

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(tzs.zone(self.tz)).replace(tzinfo=None)

    def when(self, name: str, wall: datetime) -> str:
        if self.all_day:
            return f"{name};VALUE=DATE:{wall:%Y%m%d}"
        if self.tz == "UTC":
            return f"{name}:{wall:%Y%m%dT%H%M%S}Z"
        return f"{name};TZID={self.tz}:{wall:%Y%m%dT%H%M%S}"


def _all_day_date(moment: datetime) -> date:
    """The day an all-day item starts: local midnight stored as UTC, for any zone within ±12 h."""
    return (moment.astimezone(UTC) + timedelta(hours=12)).date()


def calendar_ics(msg: MsgFile, message_class: str, warnings: list[str]) -> bytes:
    """The VCALENDAR of a calendar item; ValueError (German) when it has no start."""
    item = _Item(msg, message_class)
    if item.start is None:
        raise ValueError("Der Termin hat keinen Beginn (PidLidAppointmentStartWhole fehlt).")
    if not item.uid:
        # an appointment never sent as a meeting has no global id: a stable one from its content
        item.uid = _derived_uid(item)
    if item.cls in REPLIES:
        return _reply(item)
    method = METHODS[item.cls]
    recurrence = None
    if item.recurring:
        blob = item.p.named_binary(PSETID_APPOINTMENT, LID_RECUR)
        if blob:
            try:
                recurrence = parse_recurrence(blob, item.p.codepage)
            except RecurrenceError as exc:
                warnings.append(f"{exc} Der Termin wird als einzelner Termin übernommen.")
            except OverflowError:
                warnings.append(
                    "Die Wiederholungsangaben des Termins sind unlesbar. Der Termin wird als "
                    "einzelner Termin übernommen."
                )
        if recurrence is not None and not item.tz_known:
            named = f" „{item.windows_zone}“" if item.windows_zone else ""
            warnings.append(
                f"Die Zeitzone{named} der Terminserie ist unbekannt; die Zeiten werden als UTC "
                "übernommen. Bitte prüfen Sie die Uhrzeiten."
            )
    lines = _Lines()
    lines.add("BEGIN:VCALENDAR")
    lines.add("PRODID:-//contactdesk//Outlook .msg//DE")
    lines.add("VERSION:2.0")
    lines.add(f"METHOD:{method}")
    body = _event(item, method, recurrence, warnings)
    if item.tz != "UTC" and not item.all_day:
        lines.out.append(ical.to_ical(ical.vtimezone(item.tz, item.start.year)).rstrip(b"\r\n"))
    lines.out += body
    lines.add("END:VCALENDAR")
    return b"\r\n".join(lines.out) + b"\r\n"


def _derived_uid(item: _Item) -> str:
    assert item.start is not None
    key = f"{item.subject}|{item.start.isoformat()}|{item.end.isoformat() if item.end else ''}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"contactdesk:outlook-msg:{key}"))


def _times(item: _Item, recurrence: Recurrence | None) -> tuple[datetime, datetime]:
    assert item.start is not None
    if recurrence is not None:
        return recurrence.start, recurrence.end
    end = item.end or item.start
    if item.all_day:
        start_day = _all_day_date(item.start)
        end_day = max(_all_day_date(end), start_day + timedelta(days=1))
        return datetime.combine(start_day, datetime.min.time()), datetime.combine(
            end_day, datetime.min.time()
        )
    return item.local(item.start), item.local(max(end, item.start))


def _event(
    item: _Item, method: str, recurrence: Recurrence | None, warnings: list[str]
) -> list[bytes]:
    p = item.p
    lines = _Lines()
    start, end = _times(item, recurrence)
    lines.add("BEGIN:VEVENT")
    lines.add(f"UID:{item.uid}")
    lines.add(f"DTSTAMP:{_utc_text(item.dtstamp())}")
    if (modified := p.time(PID_LAST_MODIFIED)) is not None:
        lines.add(f"LAST-MODIFIED:{_utc_text(modified)}")
    lines.add(f"SEQUENCE:{item.sequence}")
    lines.add(f"SUMMARY:{_escape(item.subject)}")
    lines.add(item.when("DTSTART", start))
    lines.add(item.when("DTEND", end))
    if recurrence is None and item.one_day is not None:  # one occurrence of a series
        replaced = p.named_time(PSETID_APPOINTMENT, LID_EXCEPTION_REPLACE)
        if replaced is not None and not item.all_day:
            lines.add(f"RECURRENCE-ID:{_utc_text(replaced)}")
        else:
            original = datetime.combine(item.one_day, start.time())
            lines.add(item.when("RECURRENCE-ID", original))
    location = p.named_text(PSETID_APPOINTMENT, LID_LOCATION)
    if location:
        lines.add(f"LOCATION:{_escape(location)}")
    description = item.description()
    if description:
        lines.add(f"DESCRIPTION:{_escape(description)}")
    if recurrence is not None:
        rule = recurrence.rrule
        if recurrence.until_day is not None:
            rule += ";UNTIL=" + _until(item, recurrence)
        lines.add(f"RRULE:{rule}")
        for wall in recurrence.exdates:
            lines.add(item.when("EXDATE", wall))
    if method == "CANCEL":
        lines.add("STATUS:CANCELLED")
    busy = p.named_integer(PSETID_APPOINTMENT, LID_BUSY)
    if busy is not None:
        lines.add(f"TRANSP:{'TRANSPARENT' if busy == 0 else 'OPAQUE'}")
        if busy in _BUSY:
            lines.add(f"X-MICROSOFT-CDO-BUSYSTATUS:{_BUSY[busy]}")
    sensitivity = p.integer(PID_SENSITIVITY)
    lines.add(f"CLASS:{_CLASS.get(sensitivity or 0, 'PUBLIC')}")
    importance = p.integer(PID_IMPORTANCE)
    lines.add(f"PRIORITY:{_PRIORITY.get(1 if importance is None else importance, 5)}")
    _people(item, lines, warnings)
    if p.named_boolean(PSETID_COMMON, LID_REMINDER_SET):
        minutes = p.named_integer(PSETID_COMMON, LID_REMINDER_DELTA) or 0
        lines.add("BEGIN:VALARM")
        lines.add("ACTION:DISPLAY")
        lines.add("DESCRIPTION:Erinnerung")
        lines.add(f"TRIGGER:-PT{max(0, minutes)}M")
        lines.add("END:VALARM")
    lines.add("END:VEVENT")
    if recurrence is not None:
        for changed in recurrence.changed:
            _override(item, lines, changed, location)
    return lines.out


def _until(item: _Item, recurrence: Recurrence) -> str:
    assert recurrence.until_day is not None
    if item.all_day:
        return f"{recurrence.until_day:%Y%m%d}"
    wall = datetime.combine(recurrence.until_day, recurrence.start.time())
    return _utc_text(wall.replace(tzinfo=tzs.zone(item.tz)))


def _override(item: _Item, lines: _Lines, changed: ChangedOccurrence, location: str) -> None:
    lines.add("BEGIN:VEVENT")
    lines.add(f"UID:{item.uid}")
    lines.add(f"DTSTAMP:{_utc_text(item.dtstamp())}")
    lines.add(f"SEQUENCE:{item.sequence}")
    lines.add(item.when("RECURRENCE-ID", changed.original_start))
    lines.add(f"SUMMARY:{_escape(changed.subject or item.subject)}")
    lines.add(item.when("DTSTART", changed.start))
    lines.add(item.when("DTEND", max(changed.end, changed.start)))
    place = changed.location if changed.location is not None else location
    if place:
        lines.add(f"LOCATION:{_escape(place)}")
    lines.add("END:VEVENT")


def _people(item: _Item, lines: _Lines, warnings: list[str]) -> None:
    if item.cls == "IPM.APPOINTMENT" and not item.msg.recipients:
        return  # an appointment of one's own: no meeting, no organiser
    name, address = item.organiser()
    if address:
        lines.person("ORGANIZER", name, address)
    without: list[str] = []
    for recipient in item.msg.recipients:
        flags = recipient.integer(PID_RECIPIENT_FLAGS) or 0
        email = smtp_of(recipient, PID_SMTP, PID_EMAIL, PID_ADDRTYPE)
        if flags & _RECIP_ORGANIZER or (email and email.lower() == address.lower()):
            continue
        if not email:  # an Exchange address without its SMTP form
            without.append(recipient.text(PID_DISPLAY_NAME) or "?")
            continue
        kind = recipient.integer(PID_RECIPIENT_TYPE) or 1
        role = _ROLE.get(kind & 0x0F, "REQ-PARTICIPANT")
        status = _PARTSTAT.get(recipient.integer(PID_TRACK_STATUS) or 0, "NEEDS-ACTION")
        params = f";ROLE={role};PARTSTAT={status}"
        if kind & 0x0F == 3:
            params += ";CUTYPE=RESOURCE"
        lines.person("ATTENDEE", recipient.text(PID_DISPLAY_NAME), email, params)
    if without:
        warnings.append(
            "Ohne E-Mail-Adresse (nur Exchange-intern) und daher nicht als Teilnehmende "
            f"übernommen: {', '.join(without)}."
        )


def _reply(item: _Item) -> bytes:
    assert item.start is not None
    name, address = item.sender()
    if not address:
        raise ValueError("Die Antwort nennt keine Absender-Adresse.")
    partstat = REPLIES[item.cls]
    subject = item.p.text(PID_NORMALIZED_SUBJECT) or item.subject
    lines = _Lines()
    lines.add("BEGIN:VCALENDAR")
    lines.add("PRODID:-//contactdesk//Outlook .msg//DE")
    lines.add("VERSION:2.0")
    lines.add("METHOD:REPLY")
    lines.add("BEGIN:VEVENT")
    lines.add(f"UID:{item.uid}")
    lines.add(f"DTSTAMP:{_utc_text(item.dtstamp())}")
    lines.add(f"SEQUENCE:{item.sequence}")
    lines.add(f"SUMMARY:{_escape(subject)}")
    lines.add(f"DTSTART:{_utc_text(item.start)}")
    if item.end is not None and item.end > item.start:
        lines.add(f"DTEND:{_utc_text(item.end)}")
    replaced = item.p.named_time(PSETID_APPOINTMENT, LID_EXCEPTION_REPLACE)
    if item.one_day is not None:
        lines.add(f"RECURRENCE-ID:{_utc_text(replaced or item.start)}")
    lines.person("ATTENDEE", name, address, f";ROLE=REQ-PARTICIPANT;PARTSTAT={partstat}")
    lines.add("END:VEVENT")
    lines.add("END:VCALENDAR")
    return b"\r\n".join(lines.out) + b"\r\n"
