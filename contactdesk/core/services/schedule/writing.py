"""Writing events: create, update (SEQUENCE and outdated answers), cancel, delete, restore and
the undo snapshot.
"""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from contactdesk.core.errors import ValidationError
from contactdesk.core.models import (
    AgendaItem,
    Contact,
    ContactKind,
    Event,
    EventStatus,
    ExDate,
    Invitation,
    Participant,
    Response,
    Role,
    event_agreement,
    event_organisation,
    utcnow,
)
from contactdesk.core.services.schedule.checks import (
    apply_waiting_list,
    find_conflicts,
    save_warnings,
)
from contactdesk.core.services.schedule.data import EventData, ParticipantData, SaveResult
from contactdesk.core.services.schedule.reading import load_event, to_data
from contactdesk.core.services.schedule.validation import check_links, validate
from contactdesk.core.team import versions

_contact = Contact.__table__

#: Fields whose change matters to invitees: they raise the iCalendar SEQUENCE.
SIGNIFICANT = ("start", "end", "all_day", "tz", "location", "room", "online_url", "rrule", "status")


def _resolve_organisations(session: Session, participants: list[ParticipantData]) -> list[str]:
    """Replace organisations among the participants by their contact person (in place)."""
    problems = []
    for p in participants:
        kind = session.scalar(select(_contact.c.kind).where(_contact.c.id == p.contact_id))
        if kind != ContactKind.ORGANISATION.value:
            continue
        person = session.scalar(
            select(Role.person_id)
            .join(_contact, _contact.c.id == Role.person_id)
            .where(
                Role.organisation_id == p.contact_id,
                Role.is_contact_person.is_(True),
                _contact.c.deleted_at.is_(None),
            )
            .order_by(Role.start_date.desc())
        )
        name = session.scalar(select(_contact.c.display_name).where(_contact.c.id == p.contact_id))
        if person is None:
            problems.append(f"„{name}“ hat keine Ansprechperson. Bitte laden Sie eine Person ein.")
        else:
            p.contact_id = person
    return problems


def apply_data(session: Session, event: Event, clean: EventData) -> None:
    """Write validated data onto the event row, its agenda, participants and links."""
    event.title = clean.title
    event.kind = clean.kind
    event.description = clean.description
    event.start_utc = clean.start_utc
    event.end_utc = clean.end_utc
    event.tz = clean.tz
    event.all_day = clean.all_day
    event.location = clean.location.strip()
    event.room = clean.room.strip()
    event.online_url = clean.online_url.strip()
    event.organiser_id = clean.organiser_id
    event.committee_id = clean.committee_id
    event.is_public = clean.is_public
    event.status = clean.status
    event.capacity = clean.capacity
    event.outcome = clean.outcome
    event.rrule = clean.rrule if event.series_id is None else None
    event.is_example = clean.is_example
    event.transp = clean.transp
    event.ical_class = clean.ical_class
    event.priority = clean.priority
    event.reminder_minutes = clean.reminder_minutes
    event.agenda = [AgendaItem(position=i, text=t) for i, t in enumerate(clean.agenda)]
    existing = {p.contact_id: p for p in event.participants}
    event.participants = [_participant(existing.get(p.contact_id), p) for p in clean.participants]
    event.last_modified = utcnow()
    session.flush()
    session.execute(delete(event_organisation).where(event_organisation.c.event_id == event.id))
    if clean.organisation_ids:
        session.execute(
            insert(event_organisation),
            [{"event_id": event.id, "contact_id": i} for i in clean.organisation_ids],
        )
    session.execute(delete(event_agreement).where(event_agreement.c.event_id == event.id))
    if clean.agreement_ids:
        session.execute(
            insert(event_agreement),
            [{"event_id": event.id, "agreement_id": i} for i in clean.agreement_ids],
        )


def _participant(row: Participant | None, data: ParticipantData) -> Participant:
    row = row or Participant(contact_id=data.contact_id)
    if row.response != data.response:
        row.responded_at = utcnow() if data.response != Response.OFFEN.value else None
        row.response_before_change = None  # an answer entered now is current
        row.response_sequence = None
    row.role = data.role
    row.invitation = data.invitation
    row.response = data.response
    row.attended = data.attended
    row.note = data.note
    row.waiting_list = data.waiting_list
    return row


def create_event(session: Session, data: EventData) -> SaveResult:
    problems = _resolve_organisations(session, data.participants)
    if problems:
        raise ValidationError({"participants": " ".join(problems)})
    clean = validate(data)
    check_links(session, clean, set())
    event = Event(sequence=0)
    if clean.uid:
        event.uid = clean.uid
    return add_event(session, event, clean)


def add_event(session: Session, event: Event, clean: EventData) -> SaveResult:
    """Store a new event row (a single event, a series or a changed occurrence) with validated
    data; the result names its conflicts and warnings."""
    session.add(event)
    apply_data(session, event, clean)
    moved = apply_waiting_list(event, clean.capacity)
    session.flush()
    return SaveResult(
        to_data(session, event),
        find_conflicts(session, clean, event.id),
        save_warnings(session, event, moved),
    )


def _significant(before: EventData, after: EventData) -> bool:
    return any(getattr(before, f) != getattr(after, f) for f in SIGNIFICANT)


#: A change of these sets the answers of invited people back to "offen (Termin geändert)".
MOVED = ("start", "end", "all_day", "tz", "location", "room", "rrule")


def _answers_outdated(event: Event, before: EventData, after: EventData) -> None:
    """After a change of time, date or place: every invited person's answer is open again
    (the old one is kept in response_before_change) and the event waits for an update."""
    if not any(getattr(before, f) != getattr(after, f) for f in MOVED):
        return
    if after.status in (EventStatus.ABGESAGT.value, EventStatus.DURCHGEFUEHRT.value):
        return  # nobody is asked again for an event that was cancelled or has taken place
    invited = [p for p in event.participants if p.invitation == Invitation.EINGELADEN.value]
    for p in invited:
        if p.response != Response.OFFEN.value:
            p.response_before_change = p.response
            p.response = Response.OFFEN.value
            p.responded_at = None
    if invited:
        event.update_pending = True


def update_event(
    session: Session,
    event_id: int,
    data: EventData,
    *,
    expected_version: int | None = None,
    track_changes: bool = True,
) -> SaveResult:
    """Save an event (or a whole series); raises SEQUENCE when invitees must know.
    `expected_version` refuses the save when someone else saved the event meanwhile.

    With `track_changes` (edits in contactdesk), a change of time, date or place sets the
    answers of the invited back to open and marks the event for an update; an import of
    someone else's update passes False."""
    event = load_event(session, event_id)
    versions.check(session, event, expected_version)
    before = to_data(session, event)
    problems = _resolve_organisations(session, data.participants)
    if problems:
        raise ValidationError({"participants": " ".join(problems)})
    clean = validate(data)
    check_links(session, clean, {p.contact_id for p in event.participants})
    apply_data(session, event, clean)
    moved = apply_waiting_list(event, clean.capacity)
    after = to_data(session, event)
    if _significant(before, after):
        event.sequence += 1
    if track_changes:
        _answers_outdated(event, before, after)
    session.flush()
    return SaveResult(
        to_data(session, event),
        find_conflicts(session, clean, event.id),
        save_warnings(session, event, moved),
    )


def cancel_event(session: Session, event_id: int, note: str = "") -> EventData:
    event = load_event(session, event_id)
    if event.status != EventStatus.ABGESAGT.value:
        event.status = EventStatus.ABGESAGT.value
        event.sequence += 1
        event.last_modified = utcnow()
        if note.strip():
            event.outcome = (event.outcome + "\n" + note.strip()).strip()
    return to_data(session, event)


def delete_event(session: Session, event_id: int) -> EventData:
    event = load_event(session, event_id)
    event.deleted_at = utcnow()
    return to_data(session, event)


def restore_event(session: Session, event_id: int) -> EventData:
    event = load_event(session, event_id)
    event.deleted_at = None
    return to_data(session, event)


def restore_snapshot(session: Session, event_id: int, snapshot: EventData) -> EventData:
    """Put an event back exactly as in `snapshot`, SEQUENCE included (for undo)."""
    event = load_event(session, event_id)
    clean = validate(snapshot)
    apply_data(session, event, clean)
    event.sequence = snapshot.sequence
    event.exdates = [ExDate(original_start_utc=x) for x in snapshot.exdates]
    apply_waiting_list(event, clean.capacity)
    return to_data(session, event)
