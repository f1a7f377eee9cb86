"""What a save reports beside the event: overlaps with other events (the same participant or
the same room), the waiting list beyond the capacity and the warnings on participants.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.models import (
    Contact,
    Event,
    EventStatus,
    Invitation,
    Participant,
    ParticipantRole,
    Response,
)
from contactdesk.core.services.schedule.agenda import occurrences
from contactdesk.core.services.schedule.data import Conflict, EventData, EventFilter
from contactdesk.core.services.schedule.reading import to_data

_contact = Contact.__table__

#: Roles that take a seat (count against the capacity).
SEATED = (ParticipantRole.TEILNEHMER.value, ParticipantRole.OPTIONAL.value)


def find_conflicts(session: Session, clean: EventData, exclude_id: int | None) -> list[Conflict]:
    """Overlaps with other events for the same participants or the same room."""
    if clean.status == EventStatus.ABGESAGT.value:
        return []
    begin, finish = clean.start_utc, clean.end_utc
    others = [
        o
        for o in occurrences(
            session, begin, finish, EventFilter(include_cancelled=False), limit=200
        )
        if o.event_id != exclude_id and o.series_id != exclude_id
    ]
    if not others:
        return []
    found: list[Conflict] = []
    people = {p.contact_id for p in clean.participants if p.response != Response.ABSAGE.value}
    room_key = (clean.location.strip().casefold(), clean.room.strip().casefold())
    ids = {o.event_id for o in others}
    busy: dict[int, list[str]] = {}
    if people:
        for event_id, name in session.execute(
            select(Participant.event_id, _contact.c.display_name)
            .join(_contact, _contact.c.id == Participant.contact_id)
            .where(
                Participant.event_id.in_(ids),
                Participant.contact_id.in_(people),
                Participant.response != Response.ABSAGE.value,
            )
        ):
            busy.setdefault(event_id, []).append(name)
    for o in others:
        for name in busy.get(o.event_id, []):
            found.append(Conflict("teilnehmer", o.event_id, o.title, o.start, name))
        if room_key[1] and (o.location.strip().casefold(), o.room.strip().casefold()) == room_key:
            found.append(Conflict("raum", o.event_id, o.title, o.start, clean.room.strip()))
    return found


def apply_waiting_list(event: Event, capacity: int | None) -> list[int]:
    """Place participants beyond the capacity on the waiting list; return who moved up."""
    moved_up = []
    seats = capacity if capacity is not None else 10**9
    taken = 0
    for p in event.participants:
        if p.role not in SEATED or p.response == Response.ABSAGE.value:
            if p.waiting_list:
                p.waiting_list = False
            continue
        if taken < seats:
            if p.waiting_list:
                moved_up.append(p.contact_id)
            p.waiting_list = False
            taken += 1
        else:
            p.waiting_list = True
    return moved_up


def save_warnings(session: Session, event: Event, moved_up: list[int]) -> list[str]:
    """Missing consent of the invited, deleted contacts, the waiting list and who moved up."""
    data = to_data(session, event)
    warnings = [
        f"{p.contact_name} hat keine gültige Einwilligung, Einladungen zu erhalten."
        for p in data.participants
        if p.consent_missing and p.invitation == Invitation.EINGELADEN.value
    ]
    warnings += [
        f"{p.contact_name} wurde aus dem Kontaktregister gelöscht."
        for p in data.participants
        if p.contact_deleted
    ]
    waiting = [p.contact_name for p in data.participants if p.waiting_list]
    if waiting:
        warnings.append("Auf der Warteliste: " + ", ".join(waiting) + ".")
    names = {p.contact_id: p.contact_name for p in data.participants}
    warnings += [f"{names[c]} rückt von der Warteliste nach." for c in moved_up]
    return warnings
