"""Calendar exchange with Outlook: invitations, cancellations, calendars, e-mails, imports.

Re-importing a UID follows SEQUENCE (RFC 5546): a higher SEQUENCE, or the same SEQUENCE with a
newer LAST-MODIFIED, updates the event; anything else is reported as unchanged and skipped.
The participants already recorded in contactdesk are kept on updates. A cancellation
(METHOD:CANCEL or STATUS:CANCELLED) marks the event as cancelled; the cancellation of a whole
series also cancels its changed occurrences, and the cancellation of one occurrence
(RECURRENCE-ID) of a known series takes that occurrence out of the series (EXDATE). A
RECURRENCE-ID that is no occurrence of its series means the one occurrence on that day, and
without one the changed occurrence stands on its own. A reply (METHOD:REPLY, as .ics or inside
an .eml) updates the response of the participant with the sender's address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypedDict, Unpack

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.enums import EventKind, EventStatus
from contactdesk.core.errors import ImportError_, ValidationError, os_reason
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import eml, ical
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.i18n import source_language
from contactdesk.core.models import Email, Event
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import contacts as contact_service
from contactdesk.core.services import schedule as sc

MAX_IMPORT_BYTES = 20 * 1024 * 1024
DEFAULT_REMINDER_MINUTES = 15
DEADLINE_REMINDER_MINUTES = 24 * 60
DEADLINE_MARKER = "frist"


@dataclass(frozen=True)
class Organiser:
    name: str
    email: str


@dataclass
class InvitationResult:
    ics: bytes
    recipients: list[ical.Person]
    #: (name, German reason) of participants who were left out
    left_out: list[tuple[str, str]]


# --------------------------------------------------------------------------- export


def _status(data: sc.EventData) -> str:
    return "CANCELLED" if data.status == "abgesagt" else "CONFIRMED"


def _location(data: sc.EventData) -> str:
    return ", ".join(p for p in (data.room, data.location) if p)


def _out(
    data: sc.EventData,
    *,
    organiser: ical.Person | None = None,
    attendees: tuple[ical.Person, ...] = (),
    alarm: int | None = None,
) -> ical.OutEvent:
    """The writer's view of an event. A reminder the event has of its own wins; `alarm` is
    the export's reminder for events without one (None: no VALARM at all)."""
    assert data.uid is not None
    description = data.description
    if data.agenda:
        agenda = "\n".join(f"{i}. {item}" for i, item in enumerate(data.agenda, start=1))
        description = f"{description}\n\nTagesordnung:\n{agenda}".strip()
    if data.online_url:
        description = f"{description}\n\nOnline: {data.online_url}".strip()
    return ical.OutEvent(
        uid=data.uid,
        title=data.title,
        start=data.start,
        end=data.end,
        tz=data.tz,
        all_day=data.all_day,
        description=description,
        location=_location(data) or data.online_url,
        url=data.online_url,
        status=_status(data),
        sequence=data.sequence,
        last_modified=data.last_modified,
        rrule=data.rrule,
        exdates=tuple(data.exdates),
        recurrence_id=data.recurrence_id,
        organiser=organiser,
        attendees=attendees,
        alarm_minutes=data.reminder_minutes if data.reminder_minutes is not None else alarm,
        transp=data.transp,
        ical_class=data.ical_class,
        priority=data.priority,
        marker=data.kind,
        cd_status=data.status,
        cd_room=data.room,
        cd_committee=data.committee_name,
    )


def _organiser(data: sc.EventData, organiser: Organiser | None) -> ical.Person:
    if organiser is not None and organiser.email:
        return ical.Person(email=organiser.email, name=organiser.name)
    if data.organiser_email:
        return ical.Person(email=data.organiser_email, name=data.organiser_name)
    raise ValidationError(
        {
            "organiser_id": "Für eine Einladung braucht der Termin eine Veranstalterin oder einen "
            "Veranstalter mit E-Mail-Adresse. Bitte im Termin eintragen oder beim Export angeben."
        }
    )


def split_participants(
    data: sc.EventData,
) -> tuple[list[sc.ParticipantData], list[tuple[sc.ParticipantData, str]]]:
    """Who may get an invitation (an address and consent), and who is left out and why."""
    invited: list[sc.ParticipantData] = []
    left_out: list[tuple[sc.ParticipantData, str]] = []
    for p in data.participants:
        if p.contact_deleted:
            left_out.append((p, "aus dem Kontaktregister gelöscht"))
        elif p.waiting_list:
            left_out.append((p, "auf der Warteliste"))
        elif not p.email:
            left_out.append((p, "keine E-Mail-Adresse"))
        elif p.consent_missing:
            left_out.append((p, "keine Einwilligung, Einladungen zu erhalten"))
        else:
            invited.append(p)
    return invited, left_out


def _attendees(data: sc.EventData) -> tuple[list[ical.Person], list[tuple[str, str]]]:
    invited, left_out = split_participants(data)
    people = [
        ical.Person(
            email=p.email,
            name=p.contact_name,
            role=ical.ROLE_TO_ICAL.get(p.role, "REQ-PARTICIPANT"),
            partstat=ical.RESPONSE_TO_PARTSTAT.get(p.response, "NEEDS-ACTION"),
        )
        for p in invited
    ]
    return people, [(p.contact_name, reason) for p, reason in left_out]


def invitation_for(
    session: Session,
    event_id: int,
    *,
    method: str = "REQUEST",
    organiser: Organiser | None = None,
    reminder_minutes: int | None = None,
    now: datetime | None = None,
) -> InvitationResult:
    """REQUEST (invitation or update) or CANCEL for one event and its changed occurrences.

    A cancellation marks the event as cancelled first, which raises its SEQUENCE.
    """
    method = method.upper()
    if method not in ("REQUEST", "CANCEL"):
        raise ValidationError({"method": "Einladungen gibt es als REQUEST oder CANCEL."})
    data = sc.get_event(session, event_id)
    if data.deleted:
        raise ValidationError({"event": "Der Termin ist gelöscht."})
    if method == "CANCEL" and data.status != "abgesagt":
        data = sc.cancel_event(session, event_id)
    person = _organiser(data, organiser)
    attendees, left_out = _attendees(data)
    items = [_out(data, organiser=person, attendees=tuple(attendees), alarm=reminder_minutes)]
    if data.rrule and data.id is not None:
        for override in sc.series_overrides(session, data.id):
            more, _ = _attendees(override)
            items.append(
                _out(override, organiser=person, attendees=tuple(more), alarm=reminder_minutes)
            )
    ics = ical.invitation(items, method, now or datetime.now(UTC))
    return InvitationResult(ics, attendees, left_out)


class InvitationOptions(TypedDict, total=False):
    """The keyword arguments of invitation_for()."""

    method: str
    organiser: Organiser | None
    reminder_minutes: int | None
    now: datetime | None


def write_invitation(
    session: Session, event_id: int, path: Path, **kwargs: Unpack[InvitationOptions]
) -> InvitationResult:
    result = invitation_for(session, event_id, **kwargs)
    atomic_write(path, result.ics)
    return result


def calendar_for(
    session: Session,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    event_ids: list[int] | None = None,
    flt: sc.EventFilter | None = None,
    include_deadlines: bool = False,
    deadline_days: int = 365,
    name: str = "contactdesk",
    reminder_minutes: int | None = None,
    now: datetime | None = None,
    organiser: Organiser | None = None,
) -> bytes:
    """A PUBLISH calendar: the chosen events (whole series once each) and agreement deadlines.

    With `organiser` (the configured sender) every event carries it as ORGANIZER."""
    now = now or datetime.now(UTC)
    ids: list[int]
    if event_ids is not None:
        ids = list(event_ids)
    elif start is None and end is None:  # everything: no need to expand the series
        ids = sc.event_ids(session, flt)
    else:
        start = start or datetime(1900, 1, 1, tzinfo=UTC)
        end = end or datetime(2200, 1, 1, tzinfo=UTC)
        ids = []
        for occ in sc.occurrences(session, start, end, flt, limit=10**6):
            ids.append(
                occ.series_id
                if occ.series_id and occ.recurrence_id and occ.event_id == occ.series_id
                else occ.event_id
            )
        ids = list(dict.fromkeys(ids))
    # A changed occurrence stands for its series: write each series once, with its overrides.
    chosen = sc.get_events(session, ids)
    # (loaded events always have an id)
    master_ids = list(dict.fromkeys(i for d in chosen if (i := d.series_id or d.id) is not None))
    loaded = {d.id: d for d in chosen if d.series_id is None}
    missing = [i for i in master_ids if i not in loaded and i is not None]
    loaded.update({d.id: d for d in sc.get_events(session, missing)})
    overrides = sc.overrides_of(session, [i for i in master_ids if i and loaded[i].rrule])
    items: list[ical.OutEvent] = []
    person = (
        ical.Person(email=organiser.email, name=organiser.name)
        if organiser is not None and organiser.email
        else None
    )
    for master_id in master_ids:
        data = loaded[master_id]
        items.append(_out(data, organiser=person, alarm=reminder_minutes))
        items.extend(
            _out(o, organiser=person, alarm=reminder_minutes) for o in overrides.get(master_id, [])
        )
    if include_deadlines:
        items.extend(deadline_events(session, today=now.date(), days=deadline_days))
    return ical.calendar(items, name, now)


@source_language()
def deadline_events(session: Session, *, today: date, days: int) -> list[ical.OutEvent]:
    """Agreement deadlines as all-day events with a reminder one day before."""
    out = []
    for item in agreement_service.due_items(session, today=today, days=days):
        day = datetime(item.due_on.year, item.due_on.month, item.due_on.day)
        out.append(
            ical.OutEvent(
                uid=f"{item.agreement_uid}-{item.kind}-{item.due_on:%Y%m%d}",
                title=f"{item.label}: {item.title}",
                start=day,
                end=day + timedelta(days=1),
                tz="Europe/Berlin",
                all_day=True,
                description=item.detail,
                categories=("Vereinbarung", item.label),
                alarm_minutes=DEADLINE_REMINDER_MINUTES,
                transparent=True,
                marker=DEADLINE_MARKER,
            )
        )
    return out


class CalendarOptions(TypedDict, total=False):
    """The keyword arguments of calendar_for()."""

    start: datetime | None
    end: datetime | None
    event_ids: list[int] | None
    flt: sc.EventFilter | None
    include_deadlines: bool
    deadline_days: int
    name: str
    reminder_minutes: int | None
    now: datetime | None
    organiser: Organiser | None


def write_calendar(session: Session, path: Path, **kwargs: Unpack[CalendarOptions]) -> bytes:
    data = calendar_for(session, **kwargs)
    atomic_write(path, data)
    return data


def mail_text(data: sc.EventData, method: str) -> tuple[str, str]:
    """German subject and text of an invitation, update or cancellation mail."""
    when = (
        f"{data.start:%d.%m.%Y} (ganztägig)"
        if data.all_day
        else f"{data.start:%d.%m.%Y}, {data.start:%H:%M}–{data.end:%H:%M} Uhr"
    )
    if method == "CANCEL":
        subject = f"Abgesagt: {data.title}"
        intro = "der folgende Termin muss leider abgesagt werden."
    else:
        subject = (
            f"Einladung: {data.title}" if data.sequence == 0 else f"Aktualisiert: {data.title}"
        )
        intro = "hiermit laden wir Sie herzlich zu folgendem Termin ein."
    lines = [f"Guten Tag,\n\n{intro}", f"{data.title}\n{when}"]
    where = _location(data)
    if where:
        lines.append(f"Ort: {where}")
    if data.online_url:
        lines.append(f"Online: {data.online_url}")
    if data.agenda:
        lines.append(
            "Tagesordnung:\n" + "\n".join(f"{i}. {a}" for i, a in enumerate(data.agenda, 1))
        )
    if data.description:
        lines.append(data.description)
    lines.append("Mit freundlichen Grüßen\n" + (data.organiser_name or ""))
    return subject, "\n\n".join(lines)


def email_for(
    session: Session,
    event_id: int,
    *,
    method: str = "REQUEST",
    organiser: Organiser | None = None,
    now: datetime | None = None,
) -> tuple[bytes, InvitationResult]:
    """An .eml draft with the invitation for all participants who have an address and consent.

    The draft has no sender and `X-Unsent: 1`: Outlook opens it as a new message to send."""
    now = now or datetime.now(UTC)
    result = invitation_for(session, event_id, method=method, organiser=organiser, now=now)
    data = sc.get_event(session, event_id)
    if not result.recipients:
        raise ValidationError(
            {
                "participants": "Niemand kann eingeladen werden: Es fehlen E-Mail-Adressen oder "
                "Einwilligungen. " + "; ".join(f"{n}: {r}" for n, r in result.left_out)
            }
        )
    # no sender: the organiser is in the .ics, the draft leaves from the user's own account
    subject, text = mail_text(data, method.upper())
    message = eml.meeting_request(
        sender=None,
        recipients=[eml.Mailbox(r.name, r.email) for r in result.recipients],
        subject=subject,
        text=text,
        ics=result.ics,
        method=method.upper(),
        filename="absage.ics" if method.upper() == "CANCEL" else "einladung.ics",
        date=now,
    )
    return message, result


class EmailOptions(TypedDict, total=False):
    """The keyword arguments of email_for()."""

    method: str
    organiser: Organiser | None
    now: datetime | None


def write_email(
    session: Session, event_id: int, path: Path, **kwargs: Unpack[EmailOptions]
) -> InvitationResult:
    message, result = email_for(session, event_id, **kwargs)
    atomic_write(path, message)
    return result


# --------------------------------------------------------------------------- import


@dataclass
class CalendarEntry:
    file: str
    index: int
    action: str  # "neu", "aktualisieren", "absagen", "unverändert", "antwort", "ungültig"
    title: str
    start: datetime | None
    reason: str = ""
    event: ical.InEvent | None = None
    existing_id: int | None = None
    method: str = "PUBLISH"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "index": self.index,
            "action": self.action,
            "title": self.title,
            "start": self.start.isoformat() if self.start else None,
            "reason": self.reason,
            "existing_id": self.existing_id,
        }


@dataclass
class CalendarImportPreview:
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass
class CalendarImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return dict(self.__dict__)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportError_(
            f"Die Datei kann nicht gelesen werden ({os_reason(exc)}).", file=str(path)
        ) from exc
    if size > MAX_IMPORT_BYTES:
        raise ImportError_(
            f"Die Datei ist {size / 1024 / 1024:.0f} MB groß; höchstens "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB werden eingelesen.",
            file=str(path),
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportError_(
            f"Die Datei kann nicht gelesen werden ({os_reason(exc)}).", file=str(path)
        ) from exc


def calendars_in(path: Path) -> list[ical.InCalendar]:
    data = _read(path)
    if path.suffix.lower() == ".eml":
        return [ical.parse(part, path.name) for part in eml.calendar_parts(data, path.name)]
    return [ical.parse(data, path.name)]


#: (uid, recurrence id) -> (event id or None while only earlier in the same import, SEQUENCE,
#: LAST-MODIFIED)
Known = dict[tuple[str, datetime | None], tuple[int | None, int, datetime | None]]


def _existing_many(session: Session, events: list[ical.InEvent]) -> Known:
    """(uid, recurrence id) -> (event id, SEQUENCE, LAST-MODIFIED) of what is already stored."""
    known: Known = {}
    # a changed occurrence of an unknown series is stored on its own (standalone_uid)
    alone = {_standalone_uid(ev): ev for ev in events if ev.recurrence_id is not None}
    uids = list({ev.uid for ev in events} | set(alone))
    for start in range(0, len(uids), 500):
        rows = session.execute(
            select(
                Event.id,
                Event.uid,
                Event.recurrence_id_utc,
                Event.series_id,
                Event.sequence,
                Event.last_modified,
            ).where(Event.uid.in_(uids[start : start + 500]))
        )
        for row in rows:
            stored = (row.id, row.sequence, row.last_modified)
            standalone = alone.get(row.uid)
            if standalone is not None and row.series_id is None:
                known.setdefault((standalone.uid, standalone.recurrence_id), stored)
            known[(row.uid, row.recurrence_id_utc)] = stored
    return known


def _standalone_uid(ev: ical.InEvent) -> str:
    """The UID a changed occurrence gets when its series is not known: an event of its own."""
    assert ev.recurrence_id is not None
    return f"{ev.uid}-{ev.recurrence_id:%Y%m%dT%H%M%SZ}"


@bulk_work
def preview_ics(session: Session, files: list[Path]) -> CalendarImportPreview:
    """What an import would do, without changing anything.

    What the files of one import bring counts as known to each other, replies and
    cancellations coming last: an invitation and its replies or its cancellation can be
    imported together, in any order of the files."""
    return preview_calendars(
        session, [(path.name, cal) for path in files for cal in calendars_in(path)]
    )


@bulk_work
def preview_calendars(
    session: Session, calendars: list[tuple[str, ical.InCalendar]]
) -> CalendarImportPreview:
    """preview_ics for calendars already read (file name, calendar); services/imports.py
    reads the files, routed by their content."""
    preview = CalendarImportPreview()
    read = list(calendars)
    read.sort(key=lambda item: item[1].method in ("REPLY", "CANCEL"))
    known = _existing_many(session, [ev for _, cal in read for ev in cal.events])
    for name, cal in read:
        for problem in cal.problems:
            preview.entries.append(CalendarEntry(name, 0, "ungültig", "", None, problem))
        for ev in cal.events:
            _classify(preview, name, cal.method, ev, known)
    match_replies_by_subject_and_start(session, preview)
    return preview


# ---- input that is no file of its own: an Outlook .msg turned into iCalendar, a drop -------


@bulk_work
def preview_ics_data(session: Session, items: list[tuple[str, bytes]]) -> CalendarImportPreview:
    """preview_ics for calendars given as (name shown to the user, bytes): iCalendar, e.g. the
    `ics` of core.formats.msg.read_msg, or an e-mail when the name ends in .eml (its calendar
    parts). All items of one call see each other, as the files of one preview_ics do.
    ImportError_ (German, naming the item) as for files."""
    read = []
    for name, data in items:
        if len(data) > MAX_IMPORT_BYTES:
            raise ImportError_(
                f"Der Kalender ist {len(data) / 1024 / 1024:.0f} MB groß; höchstens "
                f"{MAX_IMPORT_BYTES // 1024 // 1024} MB werden eingelesen.",
                file=name,
            )
        if name.lower().endswith(".eml"):
            read += [(name, ical.parse(part, name)) for part in eml.calendar_parts(data, name)]
        else:
            read.append((name, ical.parse(data, name)))
    return preview_calendars(session, read)


# ---- replies whose UID is unknown: matched by subject and start -----------------------------

#: what Outlook and other programs put before the subject of a reply (German and English)
REPLY_PREFIXES = (
    "zugesagt:",
    "abgelehnt:",
    "mit vorbehalt:",
    "vorbehaltlich:",
    "vorläufig:",
    "angenommen:",
    "accepted:",
    "declined:",
    "tentative:",
    "tentatively accepted:",
)
UNKNOWN_REPLY = "Antwort auf einen unbekannten Termin"
MATCHED_BY_SUBJECT = "zugeordnet über Betreff und Beginn"


def reply_subject(title: str) -> str:
    """The subject of the event a reply answers: "Zugesagt: Vorstand" -> "Vorstand"."""
    text = title.strip()
    changed = True
    while changed:
        changed = False
        for prefix in REPLY_PREFIXES:
            if text.casefold().startswith(prefix):
                text = text[len(prefix) :].strip()
                changed = True
    return text


def match_replies_by_subject_and_start(session: Session, preview: CalendarImportPreview) -> None:
    """A reply whose UID names no event (Outlook lost or rewrote it) still belongs to the one
    stored event with the same start and the same subject (without "Zugesagt:" ...)."""
    for entry in preview.entries:
        ev = entry.event
        if ev is None or entry.method != "REPLY" or entry.reason != UNKNOWN_REPLY:
            continue
        if not ev.attendees:
            continue
        start = ev.start.replace(tzinfo=tzs.zone(ev.tz)).astimezone(UTC)
        subject = " ".join(reply_subject(ev.title).casefold().split())
        if not subject:
            continue
        rows = session.execute(
            select(Event.id, Event.title).where(
                Event.start_utc >= start - timedelta(minutes=1),
                Event.start_utc <= start + timedelta(minutes=1),
            )
        ).all()
        found = [row.id for row in rows if " ".join(row.title.casefold().split()) == subject]
        if len(found) == 1:
            entry.action, entry.existing_id, entry.reason = "antwort", found[0], MATCHED_BY_SUBJECT


def _classify(
    preview: CalendarImportPreview, file: str, method: str, ev: ical.InEvent, known: Known
) -> None:
    entry = CalendarEntry(file, ev.index, "neu", ev.title, ev.start, event=ev, method=method)
    preview.entries.append(entry)
    key = (ev.uid, ev.recurrence_id)
    found = key in known
    existing, sequence, modified = known.get(key, (None, 0, None))
    entry.existing_id = existing
    # an occurrence of a series that is stored or comes earlier in this import
    series_known = ev.recurrence_id is not None and (ev.uid, None) in known
    _classify_entry(entry, method, ev, found, sequence, modified, series_known)
    if entry.action in ("neu", "aktualisieren"):  # later files of this import see this version
        known[key] = (existing, ev.sequence, ev.last_modified)


def _day_text(ev: ical.InEvent) -> str:
    assert ev.recurrence_id is not None
    return f"{ev.recurrence_id.astimezone(tzs.zone(ev.tz)):%d.%m.%Y}"


def _classify_entry(
    entry: CalendarEntry,
    method: str,
    ev: ical.InEvent,
    found: bool,
    sequence: int,
    modified: datetime | None,
    series_known: bool = False,
) -> None:
    if ev.marker == DEADLINE_MARKER:
        entry.action = "unverändert"
        entry.reason = "Frist einer Vereinbarung (wird aus den Vereinbarungen berechnet)"
        return
    if method == "REPLY":
        entry.action = "antwort"
        if not found and series_known:
            entry.action, entry.reason = (
                "unverändert",
                "Antwort nur für den Termin "
                f"am {_day_text(ev)} der Serie; Rückmeldungen gelten in contactdesk für die "
                "ganze Serie, bitte bei Bedarf von Hand eintragen",
            )
        elif not found:
            entry.action, entry.reason = "ungültig", UNKNOWN_REPLY
        elif not ev.attendees:
            entry.action, entry.reason = "ungültig", "Die Antwort nennt keine Teilnehmenden"
        elif ev.sequence < sequence:  # the answer to a version before a change
            entry.action, entry.reason = (
                "unverändert",
                f"veraltete Antwort: gilt für eine frühere Fassung des Termins (SEQUENCE "
                f"{ev.sequence}, aktuell {sequence}) und wird nicht übernommen",
            )
        return
    if ev.rrule:
        try:
            tzs.normalise_rule(ev.rrule, ev.start.replace(tzinfo=tzs.zone(ev.tz)))
        except ValidationError as exc:
            entry.action, entry.reason = "ungültig", exc.message
            return
    try:
        # everything the commit will check (local time, length, title ...): what the preview
        # calls valid is imported, never refused halfway through the commit
        probe = _event_data(ev, None)
        if ev.cd_committee and not probe.committee_id:
            probe.committee_id = -1  # found or created by its name at commit (_committees)
        sc.validate(probe)
    except ValidationError as exc:
        entry.action, entry.reason = "ungültig", exc.message
        return
    cancelled = method == "CANCEL" or ev.status == "CANCELLED"
    if not found and method == "PUBLISH" and ev.cd_status:  # another contactdesk's calendar
        cancelled = False  # kept with its status (abgesagt), not taken as a cancellation
    if not found:
        entry.action = "neu"
        if cancelled and series_known:  # one occurrence of a known series does not take place
            entry.action = "absagen"
        elif cancelled:
            entry.action, entry.reason = "unverändert", "Absage eines unbekannten Termins"
        return
    newer = ev.sequence > sequence or (
        ev.sequence == sequence
        and ev.last_modified is not None
        and (modified is None or ev.last_modified > modified)
    )
    if cancelled:
        entry.action = "absagen"
    elif newer:
        entry.action = "aktualisieren"
    else:
        entry.action, entry.reason = "unverändert", "gleiche oder ältere Fassung (SEQUENCE)"


def _event_data(ev: ical.InEvent, base: sc.EventData | None) -> sc.EventData:
    data = base or sc.EventData(kind="sonstiger_termin")
    data.title = ev.title[:300]
    data.description = ev.description
    data.start = ev.start
    data.end = ev.end
    data.tz = ev.tz
    data.all_day = ev.all_day
    data.location = ev.location[:300]
    data.online_url = (
        ev.url[:500] if ev.url.startswith(("http://", "https://")) else data.online_url
    )
    data.rrule = ev.rrule if ev.recurrence_id is None else None
    data.uid = ev.uid
    _kept_properties(ev, data)
    # A wall time that occurs twice in autumn: the file's instant decides; default summer time.
    for choice in (None, tzs.SUMMER):
        data.ambiguous_choice = choice
        try:
            data.start_utc  # noqa: B018
            data.end_utc  # noqa: B018
            break
        except ValidationError:
            if choice is not None:
                raise
    return data


def _kept_properties(ev: ical.InEvent, data: sc.EventData) -> None:
    """TRANSP, CLASS, PRIORITY and the reminder of the file; kind, status and room when
    another contactdesk wrote it (X-CONTACTDESK-*)."""
    data.transp = ev.transp
    data.ical_class = ev.ical_class
    data.priority = ev.priority
    data.reminder_minutes = ev.alarm_minutes
    if ev.marker in {k.value for k in EventKind}:
        data.kind = ev.marker
    if ev.cd_status in {s.value for s in EventStatus}:
        data.status = ev.cd_status
    if ev.cd_room:
        data.room = ev.cd_room[:120]
        prefix = f"{ev.cd_room}, "  # the LOCATION this module wrote: "room, place"
        if ev.location == ev.cd_room:
            data.location = ""
        elif ev.location.startswith(prefix):
            data.location = ev.location[len(prefix) :][:300]


def _committees(session: Session, entries: list[CalendarEntry]) -> dict[str, int]:
    """Committee name (X-CONTACTDESK-COMMITTEE) -> its organisation; a committee this
    database does not know yet is created (kind Gremium), so nothing of the file is lost."""
    wanted = {e.event.cd_committee for e in entries if e.event and e.event.cd_committee}
    if not wanted:
        return {}
    known = {name: cid for cid, name in sc.list_committees(session)}
    for name in sorted(wanted - set(known)):
        created = contact_service.create_contact(
            session, contact_service.ContactData(kind="organisation", name=name, org_kind="gremium")
        )
        assert created.id is not None
        known[name] = created.id
    return {name: known[name] for name in wanted}


def _contacts_by_email(session: Session, entries: list[CalendarEntry]) -> dict[str, int]:
    emails = sorted(
        {a.email.lower() for e in entries if e.event for a in e.event.attendees if a.email}
    )
    found: dict[str, int] = {}
    for start in range(0, len(emails), 500):
        for contact_id, address in session.execute(
            select(Email.contact_id, Email.address).where(
                func.lower(Email.address).in_(emails[start : start + 500])
            )
        ):
            found.setdefault(address.lower(), contact_id)
    return found


def _participants(ev: ical.InEvent, by_email: dict[str, int]) -> list[sc.ParticipantData]:
    people: list[sc.ParticipantData] = []
    for a in ev.attendees:
        cid = by_email.get(a.email.lower())
        if cid is None or any(p.contact_id == cid for p in people):
            continue
        people.append(
            sc.ParticipantData(
                contact_id=cid,
                role="optional" if a.role == "OPT-PARTICIPANT" else "teilnehmer",
                invitation="eingeladen",
                response=ical.PARTSTAT_TO_RESPONSE.get(a.partstat, "offen"),
            )
        )
    return people


@bulk_work
def commit_ics(session: Session, preview: CalendarImportPreview) -> CalendarImportReport:
    """Carry out a preview in the caller's session (one transaction: all or nothing)."""
    report = CalendarImportReport()
    by_email = _contacts_by_email(session, preview.entries)
    committees = _committees(session, preview.entries)
    # New whole events go in one bulk insert; the rest one by one, masters before overrides.
    fresh = [
        e
        for e in preview.entries
        if e.action == "neu" and e.event is not None and e.event.recurrence_id is None
    ]
    items = []
    exdates: dict[int, list[datetime]] = {}
    for position, entry in enumerate(fresh):
        assert entry.event is not None
        data = _event_data(entry.event, None)
        data.participants = _participants(entry.event, by_email)
        data.sequence = entry.event.sequence
        data.committee_id = committees.get(entry.event.cd_committee, data.committee_id)
        items.append(data)
        if entry.event.rrule and entry.event.exdates:
            exdates[position] = entry.event.exdates
    sc.bulk_create_events(session, items, exdates)
    report.created.extend(f"{e.title} ({e.file})" for e in fresh)
    done = {id(e) for e in fresh}
    # masters before changed occurrences, cancellations last: a series cancelled in the same
    # import as one of its changed occurrences ends up cancelled with it
    ordered = sorted(
        (e for e in preview.entries if id(e) not in done),
        key=lambda e: (
            e.action == "absagen",
            e.event is not None and e.event.recurrence_id is not None,
        ),
    )
    for entry in ordered:
        ev = entry.event
        label = f"{entry.title} ({entry.file})"
        if entry.action == "ungültig" or ev is None:
            report.invalid.append(
                f"{entry.file}: {entry.reason}" if entry.index == 0 else f"{label}: {entry.reason}"
            )
            continue
        if entry.action == "unverändert":
            report.skipped.append(f"{label}: {entry.reason}")
            continue
        if entry.action == "antwort":
            _apply_reply(session, entry, report)
            continue
        existing = entry.existing_id or sc.find_by_uid(session, ev.uid, ev.recurrence_id)
        if entry.action == "absagen":
            _cancel(session, ev, existing, label, report)
            continue
        if existing is not None:
            changed = _event_data(ev, sc.get_event(session, existing))
            changed.committee_id = committees.get(ev.cd_committee, changed.committee_id)
            sc.update_event(session, existing, changed, track_changes=False)
            event_id = existing
            report.updated.append(label)
        else:
            data = _event_data(ev, None)
            data.participants = _participants(ev, by_email)
            data.committee_id = committees.get(ev.cd_committee, data.committee_id)
            master = sc.find_by_uid(session, ev.uid)
            occurrence = None
            if ev.recurrence_id is not None and master is not None:
                occurrence = _series_occurrence(session, master, ev.recurrence_id)
            if master is not None and occurrence is not None:
                try:
                    result = sc.edit_occurrence(session, master, occurrence, data)
                except ValidationError as exc:  # checked before anything is written
                    report.invalid.append(f"{label}: {exc.message}")
                    continue
            else:  # a changed occurrence whose series is unknown (or lacks it) stands alone
                data.uid = _standalone_uid(ev)
                alone = sc.find_by_uid(session, data.uid)
                if alone is not None:  # stored before, or earlier in this import
                    sc.update_event(session, alone, _event_data(ev, sc.get_event(session, alone)))
                    sc.set_sequence(session, alone, ev.sequence)
                    report.updated.append(label)
                    continue
                result = sc.create_event(session, data)
            assert result.event.id is not None
            event_id = result.event.id
            report.created.append(label)
        if ev.rrule and ev.exdates:
            sc.set_exdates(session, event_id, ev.exdates)
        sc.set_sequence(session, event_id, ev.sequence)
    return report


def _series_occurrence(
    session: Session, series_id: int, recurrence_id: datetime
) -> datetime | None:
    """The occurrence of a stored series a RECURRENCE-ID means: itself when the series has
    it, else the one occurrence on that day (in the series' zone), else None."""
    data = sc.get_event(session, series_id)
    if not data.rrule:
        return None
    start = data.start_utc.astimezone(tzs.zone(data.tz))
    return ical.SeriesOccurrences(start, data.tz, data.rrule).meant(recurrence_id)


def _cancel(
    session: Session,
    ev: ical.InEvent,
    existing: int | None,
    label: str,
    report: CalendarImportReport,
) -> None:
    """A cancellation: of an event or a whole series (with its changed occurrences), or of one
    occurrence of a series (it no longer takes place: EXDATE)."""
    if existing is not None:
        sc.cancel_event(session, existing)
        sc.set_sequence(session, existing, ev.sequence)
        if ev.recurrence_id is None:
            for override in sc.series_overrides(session, existing):
                assert override.id is not None
                sc.cancel_event(session, override.id)
        report.cancelled.append(label)
        return
    master = sc.find_by_uid(session, ev.uid)
    occurrence = None
    if master is not None and ev.recurrence_id is not None:
        occurrence = _series_occurrence(session, master, ev.recurrence_id)
    if master is None or occurrence is None:
        report.skipped.append(f"{label}: Diesen Termin gibt es in der Serie nicht")
        return
    changed = sc.override_id(session, master, occurrence)
    if changed is not None:
        sc.cancel_event(session, changed)
    else:
        sc.cancel_occurrence(session, master, occurrence)
    report.cancelled.append(label)


def _apply_reply(session: Session, entry: CalendarEntry, report: CalendarImportReport) -> None:
    ev = entry.event
    assert ev is not None
    # a reply to an invitation of the same import: the event exists only now
    event_id = entry.existing_id or sc.find_by_uid(session, ev.uid, ev.recurrence_id)
    if event_id is None:
        report.invalid.append(f"{entry.title}: Antwort auf einen unbekannten Termin")
        return
    # Our own title, not the reply's subject ("Zugesagt: …", "Accepted: …")
    title = session.scalar(select(Event.title).where(Event.id == event_id)) or entry.title
    for attendee in ev.attendees:
        contact_id = sc.participant_by_email(session, event_id, attendee.email)
        if contact_id is None:
            report.invalid.append(
                f"{entry.title}: {attendee.email} steht nicht in der Teilnehmerliste"
            )
            continue
        response = ical.PARTSTAT_TO_RESPONSE.get(attendee.partstat)
        if response is None:
            report.invalid.append(f"{entry.title}: unbekannte Antwort {attendee.partstat}")
            continue
        sc.record_response(session, event_id, contact_id, response, sequence=ev.sequence)
        report.responses.append(f"{attendee.name or attendee.email}: {response} zu „{title}“")
