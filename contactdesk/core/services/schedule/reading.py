"""Reading events: one event (with its participants, agenda and exceptions) or many at once as
EventData, looked up by id or UID; the committees an event can belong to.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.models import (
    AgendaItem,
    Contact,
    Event,
    ExDate,
    Organisation,
    OrgKind,
    Participant,
    event_agreement,
    event_organisation,
)
from contactdesk.core.services.schedule.data import EventData, ParticipantData

_contact = Contact.__table__
_org = Organisation.__table__


def load_event(session: Session, event_id: int) -> Event:
    """The event with its agenda, participants and exceptions; NotFoundError if it is gone."""
    event = session.scalars(
        select(Event)
        .where(Event.id == event_id)
        .options(
            selectinload(Event.agenda),
            selectinload(Event.participants),
            selectinload(Event.exdates),
        )
    ).one_or_none()
    if event is None:
        raise NotFoundError("Der Termin wurde nicht gefunden. Vielleicht wurde er gelöscht.")
    return event


def _consenting(session: Session, person_ids: set[int], day: date) -> set[int]:
    from contactdesk.core.models import Consent, ConsentPurpose

    rows = session.scalars(
        select(Consent.person_id).where(
            Consent.person_id.in_(person_ids),
            Consent.purpose == ConsentPurpose.EINLADUNGEN.value,
            Consent.given_on <= day,
            or_(Consent.valid_until.is_(None), Consent.valid_until >= day),
            or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > day),
        )
    )
    return set(rows)


@dataclass
class _Context:
    """What reading events needs beyond the event rows, loaded once for many events."""

    contacts: dict[int, Any]
    consenting: set[int]
    organisations: dict[int, list[int]]
    agreements: dict[int, list[int]]


def _context(session: Session, events: Sequence[Any], person_ids: set[int]) -> _Context:
    """`events`: ORM events or rows with their columns; `person_ids`: their participants."""
    ids = person_ids | {i for e in events for i in (e.organiser_id, e.committee_id) if i}
    contacts: dict[int, Any] = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), 500):
        for r in session.execute(
            select(
                _contact.c.id,
                _contact.c.display_name,
                _contact.c.kind,
                _contact.c.primary_email,
                _contact.c.deleted_at,
            ).where(_contact.c.id.in_(id_list[start : start + 500]))
        ):
            contacts[r.id] = r
    event_ids = [e.id for e in events]
    organisations: dict[int, list[int]] = {}
    agreements: dict[int, list[int]] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        for eid, cid in session.execute(
            select(event_organisation.c.event_id, event_organisation.c.contact_id).where(
                event_organisation.c.event_id.in_(chunk)
            )
        ):
            organisations.setdefault(eid, []).append(cid)
        for eid, aid in session.execute(
            select(event_agreement.c.event_id, event_agreement.c.agreement_id).where(
                event_agreement.c.event_id.in_(chunk)
            )
        ):
            agreements.setdefault(eid, []).append(aid)
    consenting: set[int] = set()
    people = sorted(person_ids)
    for start in range(0, len(people), 500):
        consenting |= _consenting(session, set(people[start : start + 500]), date.today())
    return _Context(contacts, consenting, organisations, agreements)


#: The event columns EventData is built from; a row of them reads like an Event object.
_EVENT_COLUMNS = (
    Event.id,
    Event.uid,
    Event.title,
    Event.kind,
    Event.description,
    Event.start_utc,
    Event.end_utc,
    Event.tz,
    Event.all_day,
    Event.location,
    Event.room,
    Event.online_url,
    Event.organiser_id,
    Event.committee_id,
    Event.is_public,
    Event.status,
    Event.capacity,
    Event.outcome,
    Event.rrule,
    Event.is_example,
    Event.sequence,
    Event.last_modified,
    Event.series_id,
    Event.recurrence_id_utc,
    Event.deleted_at,
    Event.update_pending,
    Event.transp,
    Event.ical_class,
    Event.priority,
    Event.reminder_minutes,
)
#: Rows as named tuples: attribute access on SQLAlchemy rows costs about 1 us each.
#: (Their fields come from the column lists, which a type checker cannot read: rows are Any.)
_EventRow = namedtuple("_EventRow", [c.key for c in _EVENT_COLUMNS])  # type: ignore[misc]  # fields from the column list
_PARTICIPANT_COLUMNS = (
    Participant.event_id,
    Participant.contact_id,
    Participant.role,
    Participant.invitation,
    Participant.response,
    Participant.attended,
    Participant.note,
    Participant.waiting_list,
    Participant.sent_at,
    Participant.response_before_change,
)
_ParticipantRow = namedtuple("_ParticipantRow", [c.key for c in _PARTICIPANT_COLUMNS])  # type: ignore[misc]  # fields from the column list
_event_row: Callable[[Iterable[Any]], Any] = _EventRow._make
_participant_row: Callable[[Iterable[Any]], Any] = _ParticipantRow._make


def get_events(session: Session, event_ids: list[int]) -> list[EventData]:
    """Many events at once (exports): column queries, a handful per 500 events, no ORM objects."""
    result: dict[int, EventData] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        rows = list(
            map(
                _event_row,
                session.execute(select(*_EVENT_COLUMNS).where(Event.id.in_(chunk))),
            )
        )
        agenda: dict[int, list[str]] = {}
        for eid, text in session.execute(
            select(AgendaItem.event_id, AgendaItem.text)
            .where(AgendaItem.event_id.in_(chunk))
            .order_by(AgendaItem.event_id, AgendaItem.position, AgendaItem.id)
        ):
            agenda.setdefault(eid, []).append(text)
        participants: dict[int, list[Any]] = {}
        for p in map(
            _participant_row,
            session.execute(
                select(*_PARTICIPANT_COLUMNS)
                .where(Participant.event_id.in_(chunk))
                .order_by(Participant.event_id, Participant.id)
            ),
        ):
            participants.setdefault(p.event_id, []).append(p)
        exdates: dict[int, list[datetime]] = {}
        for eid, when in session.execute(
            select(ExDate.event_id, ExDate.original_start_utc)
            .where(ExDate.event_id.in_(chunk))
            .order_by(ExDate.event_id, ExDate.original_start_utc, ExDate.id)
        ):
            exdates.setdefault(eid, []).append(when)
        person_ids = {p.contact_id for people in participants.values() for p in people}
        ctx = _context(session, rows, person_ids)
        for row in rows:
            result[row.id] = _build_data(
                row,
                agenda.get(row.id, []),
                participants.get(row.id, ()),
                exdates.get(row.id, []),
                ctx,
            )
    return [result[i] for i in event_ids if i in result]


def to_data(session: Session, event: Event) -> EventData:
    """EventData of a loaded event, with the stored version the editor saves against."""
    ctx = _context(session, [event], {p.contact_id for p in event.participants})
    data = _build_data(
        event,
        [a.text for a in event.agenda],
        event.participants,
        [x.original_start_utc for x in event.exdates],
        ctx,
    )
    data.row_version = event.row_version
    return data


def _build_data(
    event: Any,
    agenda: list[str],
    participants: Iterable[Any],
    exdates: list[datetime],
    ctx: _Context,
) -> EventData:
    """EventData of an Event object or of a row of _EVENT_COLUMNS (the same attribute names)."""
    contacts = ctx.contacts
    consenting = ctx.consenting
    zi = tzs.zone(event.tz)
    start = event.start_utc.astimezone(zi).replace(tzinfo=None)
    end = event.end_utc.astimezone(zi).replace(tzinfo=None)
    organiser = contacts.get(event.organiser_id or -1)
    committee = contacts.get(event.committee_id or -1)
    ambiguous = None
    try:
        tzs.local_to_utc(start, event.tz)
    except ValidationError:
        back = tzs.local_to_utc(start, event.tz, tzs.SUMMER)
        ambiguous = tzs.SUMMER if back == event.start_utc else tzs.WINTER
    return EventData(
        id=event.id,
        uid=event.uid,
        title=event.title,
        kind=event.kind,
        start=start,
        end=end,
        tz=event.tz,
        all_day=event.all_day,
        description=event.description,
        agenda=agenda,
        location=event.location,
        room=event.room,
        online_url=event.online_url,
        organiser_id=event.organiser_id,
        organiser_name=organiser.display_name if organiser else "",
        organiser_email=organiser.primary_email if organiser else "",
        committee_id=event.committee_id,
        committee_name=committee.display_name if committee else "",
        is_public=event.is_public,
        status=event.status,
        capacity=event.capacity,
        outcome=event.outcome,
        rrule=event.rrule,
        organisation_ids=list(ctx.organisations.get(event.id, [])),
        agreement_ids=list(ctx.agreements.get(event.id, [])),
        participants=[
            ParticipantData(
                contact_id=p.contact_id,
                role=p.role,
                invitation=p.invitation,
                response=p.response,
                attended=p.attended,
                note=p.note,
                waiting_list=p.waiting_list,
                contact_name=contacts[p.contact_id].display_name,
                contact_kind=contacts[p.contact_id].kind,
                email=contacts[p.contact_id].primary_email,
                consent_missing=p.contact_id not in consenting,
                contact_deleted=contacts[p.contact_id].deleted_at is not None,
                sent_at=p.sent_at,
                response_before_change=p.response_before_change,
            )
            for p in participants
        ],
        ambiguous_choice=ambiguous,
        is_example=event.is_example,
        sequence=event.sequence,
        last_modified=event.last_modified,
        series_id=event.series_id,
        recurrence_id=event.recurrence_id_utc,
        exdates=exdates,
        deleted=event.deleted_at is not None,
        update_pending=bool(event.update_pending),
        transp=event.transp or "",
        ical_class=event.ical_class or "",
        priority=event.priority,
        reminder_minutes=event.reminder_minutes,
    )


def get_event(session: Session, event_id: int) -> EventData:
    return to_data(session, load_event(session, event_id))


def find_by_uid(session: Session, uid: str, recurrence_id: datetime | None = None) -> int | None:
    stmt = select(Event.id).where(Event.uid == uid)
    if recurrence_id is None:
        stmt = stmt.where(Event.series_id.is_(None))
    else:
        stmt = stmt.where(Event.recurrence_id_utc == recurrence_id)
    return session.scalar(stmt)


def list_committees(session: Session) -> list[tuple[int, str]]:
    return [
        (r.id, r.display_name)
        for r in session.execute(
            select(_contact.c.id, _contact.c.display_name)
            .join(_org, _org.c.id == _contact.c.id)
            .where(_org.c.org_kind == OrgKind.GREMIUM.value, _contact.c.deleted_at.is_(None))
            .order_by(_contact.c.sort_name)
        )
    ]
