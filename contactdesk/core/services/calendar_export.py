"""Calendar export for Outlook: invitations and cancellations of one event, calendars of a
period (with deadlines), and the e-mail that carries an invitation. See `calendar_exchange`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypedDict, Unpack

from sqlalchemy.orm import Session

from contactdesk.core.errors import ValidationError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import eml, ical
from contactdesk.core.i18n import source_language
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import schedule as sc

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
