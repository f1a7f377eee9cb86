"""Participants: invite people, record that invitations went out, responses and attendance,
and find an event's participant by e-mail address.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.models import (
    EventStatus,
    Invitation,
    Participant,
    ParticipantRole,
    Response,
    utcnow,
)
from contactdesk.core.services.schedule.checks import apply_waiting_list, save_warnings
from contactdesk.core.services.schedule.data import EventData, ParticipantData, SaveResult
from contactdesk.core.services.schedule.reading import get_event, load_event, to_data
from contactdesk.core.services.schedule.writing import update_event


def invite(
    session: Session,
    event_id: int,
    contact_ids: list[int],
    role: str = ParticipantRole.TEILNEHMER.value,
) -> SaveResult:
    """Add people (or organisations, through their contact person) to the participant list."""
    data = get_event(session, event_id)
    known = {p.contact_id for p in data.participants}
    for cid in contact_ids:
        if cid not in known:
            data.participants.append(ParticipantData(contact_id=cid, role=role))
            known.add(cid)
    return update_event(session, event_id, data)


def mark_invited(
    session: Session, event_id: int, contact_ids: list[int] | None = None
) -> EventData:
    """Record that invitations went out (to everybody, or to the given people)."""
    event = load_event(session, event_id)
    for p in event.participants:
        if contact_ids is None or p.contact_id in contact_ids:
            p.invitation = Invitation.EINGELADEN.value
    if event.status == EventStatus.GEPLANT.value:
        event.status = EventStatus.EINGELADEN.value
    event.last_modified = utcnow()
    return to_data(session, event)


def record_response(
    session: Session, event_id: int, contact_id: int, response: str, sequence: int | None = None
) -> SaveResult:
    """Zusage/Absage/Vorbehalt of one participant; a cancellation lets the waiting list move up.

    `sequence` is the SEQUENCE of the event version the answer was given for (a REPLY)."""
    if response not in {r.value for r in Response}:
        raise ValidationError({"response": f"Unbekannte Rückmeldung „{response}“."})
    event = load_event(session, event_id)
    row = next((p for p in event.participants if p.contact_id == contact_id), None)
    if row is None:
        raise NotFoundError("Diese Person steht nicht in der Teilnehmerliste des Termins.")
    row.response = response
    row.responded_at = utcnow()
    row.response_before_change = None
    row.response_sequence = sequence
    moved = apply_waiting_list(event, event.capacity)
    session.flush()
    return SaveResult(to_data(session, event), [], save_warnings(session, event, moved))


def record_attendance(
    session: Session, event_id: int, attended: dict[int, bool], outcome: str | None = None
) -> EventData:
    """After the event: who actually came (kept apart from the responses) and the outcome."""
    event = load_event(session, event_id)
    by_contact = {p.contact_id: p for p in event.participants}
    for contact_id, came in attended.items():
        if contact_id not in by_contact:
            raise NotFoundError("Diese Person steht nicht in der Teilnehmerliste des Termins.")
        by_contact[contact_id].attended = came
    if outcome is not None:
        event.outcome = outcome.strip()
    event.last_modified = utcnow()
    return to_data(session, event)


def event_ids_for_contact(session: Session, contact_id: int) -> list[int]:
    return list(
        session.scalars(select(Participant.event_id).where(Participant.contact_id == contact_id))
    )


def participant_by_email(session: Session, event_id: int, email: str) -> int | None:
    """The contact id of the event's participant with this e-mail address, if any."""
    from contactdesk.core.models import Email

    return session.scalar(
        select(Participant.contact_id)
        .join(Email, Email.contact_id == Participant.contact_id)
        .where(Participant.event_id == event_id, Email.address.ilike(email.strip()))
    )
