"""Schedule use cases: events, series, participants, conflicts and the agenda (the start page's
numbers are core/services/dashboard.py).

Times in EventData are naive wall-clock times in the event's zone (`tz`). An all-day event
runs from `start` (midnight of its first day) to `end` (midnight after its last day, exclusive,
like iCalendar's DTEND;VALUE=DATE). Stored are UTC instants plus the zone.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, DateTime, delete, func, insert, or_, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.jsonable import jsonable
from contactdesk.core.models import (
    DEFAULT_TZ,
    AgendaItem,
    Agreement,
    Contact,
    ContactKind,
    Event,
    EventKind,
    EventStatus,
    ExDate,
    Invitation,
    Organisation,
    OrgKind,
    Participant,
    ParticipantRole,
    Response,
    Role,
    event_agreement,
    event_organisation,
    utcnow,
)
from contactdesk.core.models.base import new_uid
from contactdesk.core.services import contacts as contact_service
from contactdesk.core.services.ids import next_free_id
from contactdesk.core.team import versions

log = logging.getLogger(__name__)

_contact = Contact.__table__
_org = Organisation.__table__
#: Fields whose change matters to invitees: they raise the iCalendar SEQUENCE.
SIGNIFICANT = ("start", "end", "all_day", "tz", "location", "room", "online_url", "rrule", "status")
#: Roles that take a seat (count against the capacity).
SEATED = (ParticipantRole.TEILNEHMER.value, ParticipantRole.OPTIONAL.value)


@dataclass
class ParticipantData:
    contact_id: int
    role: str = ParticipantRole.TEILNEHMER.value
    invitation: str = Invitation.NICHT_EINGELADEN.value
    response: str = Response.OFFEN.value
    attended: bool | None = None
    note: str = ""
    waiting_list: bool = False
    # read-only
    contact_name: str = ""
    contact_kind: str = ""
    email: str = ""
    consent_missing: bool = False
    contact_deleted: bool = False
    #: when the server accepted an invitation for this person (invitations service)
    sent_at: datetime | None = None
    #: the answer a change of time, date or place set back to "offen" ("offen (Termin geändert)")
    response_before_change: str | None = None


@dataclass
class EventData:
    title: str = ""
    kind: str = EventKind.SONSTIGER_TERMIN.value
    start: datetime = field(default_factory=lambda: datetime.combine(date.today(), time(10)))
    end: datetime = field(default_factory=lambda: datetime.combine(date.today(), time(11)))
    tz: str = DEFAULT_TZ
    all_day: bool = False
    description: str = ""
    agenda: list[str] = field(default_factory=list)
    location: str = ""
    room: str = ""
    online_url: str = ""
    organiser_id: int | None = None
    committee_id: int | None = None
    is_public: bool = True
    status: str = EventStatus.GEPLANT.value
    capacity: int | None = None
    outcome: str = ""
    rrule: str | None = None
    organisation_ids: list[int] = field(default_factory=list)
    agreement_ids: list[int] = field(default_factory=list)
    participants: list[ParticipantData] = field(default_factory=list)
    #: for a wall time that occurs twice in autumn: "sommerzeit" or "winterzeit"
    ambiguous_choice: str | None = None
    is_example: bool = False
    #: from calendar files, written back on export ("" / None: not given)
    transp: str = ""
    ical_class: str = ""
    priority: int | None = None
    #: reminder in minutes before the start; None: no reminder
    reminder_minutes: int | None = None
    # read-only
    id: int | None = None
    uid: str | None = None
    sequence: int = 0
    last_modified: datetime | None = None
    series_id: int | None = None
    recurrence_id: datetime | None = None
    exdates: list[datetime] = field(default_factory=list)
    organiser_name: str = ""
    organiser_email: str = ""
    committee_name: str = ""
    deleted: bool = False
    #: read-only: the stored version the editor read (optimistic locking, core/team/versions.py)
    row_version: int | None = None
    #: time, date or place changed after invitations, no update sent yet (read-only)
    update_pending: bool = False

    @property
    def start_utc(self) -> datetime:
        return tzs.local_to_utc(self.start, self.tz, self.ambiguous_choice)

    @property
    def end_utc(self) -> datetime:
        return tzs.local_to_utc(self.end, self.tz, self.ambiguous_choice, field="end")

    def to_dict(self) -> dict[str, Any]:
        return jsonable(dataclasses.asdict(self))


@dataclass(frozen=True)
class Conflict:
    """An overlap found when saving: the same participant or the same room at the same time."""

    kind: str  # "teilnehmer" or "raum"
    event_id: int
    title: str
    start: datetime  # aware local
    what: str  # the participant's name or the room

    @property
    def message(self) -> str:
        if self.kind == "raum":
            return (
                f"Der Raum „{self.what}“ ist am {self.start:%d.%m.%Y} um {self.start:%H:%M} Uhr "
                f"schon durch „{self.title}“ belegt."
            )
        return (
            f"{self.what} ist am {self.start:%d.%m.%Y} um {self.start:%H:%M} Uhr schon bei "
            f"„{self.title}“ eingeplant."
        )


@dataclass
class SaveResult:
    event: EventData
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Occurrence:
    """One appearance of an event in the agenda (a series shows once per occurrence)."""

    event_id: int
    series_id: int | None
    recurrence_id: datetime | None  # UTC start of the occurrence within its series
    title: str
    kind: str
    start: datetime  # aware, in the event's zone
    end: datetime
    all_day: bool
    location: str
    room: str
    status: str
    committee: str
    is_public: bool
    participants: int
    is_series: bool

    def to_dict(self) -> dict[str, Any]:
        return jsonable(dataclasses.asdict(self))


@dataclass(frozen=True)
class EventFilter:
    kind: str | None = None
    committee_id: int | None = None
    participant_id: int | None = None
    include_cancelled: bool = True


@dataclass(frozen=True)
class OpenResponse:
    event_id: int
    title: str
    start: datetime
    contact_id: int
    contact_name: str
    #: False: on the participant list, but no invitation has gone out yet
    invited: bool = True
    #: False: the event has begun already (it is still running)
    waiting: bool = True


# --------------------------------------------------------------------------- validation


def validate(data: EventData) -> EventData:
    """A normalised copy; ValidationError with German messages for everything wrong."""
    errors: dict[str, str] = {}
    clean = dataclasses.replace(
        data,
        participants=[dataclasses.replace(p) for p in data.participants],
        agenda=[a.strip() for a in data.agenda if a.strip()],
        organisation_ids=list(dict.fromkeys(data.organisation_ids)),
        agreement_ids=list(dict.fromkeys(data.agreement_ids)),
    )
    clean.title = clean.title.strip()
    if not clean.title:
        errors["title"] = "Bitte geben Sie einen Titel für den Termin ein."
    if clean.kind not in {k.value for k in EventKind}:
        errors["kind"] = f"Unbekannte Terminart „{clean.kind}“."
    if clean.status not in {s.value for s in EventStatus}:
        errors["status"] = f"Unbekannter Status „{clean.status}“."
    try:
        tzs.zone(clean.tz)
    except ValidationError as exc:
        errors.update(exc.fields)
    if clean.all_day:
        clean.start = datetime.combine(clean.start.date(), time())
        end_day = clean.end.date()
        if clean.end.time() != time() or end_day <= clean.start.date():
            end_day = max(end_day, clean.start.date()) + timedelta(days=1)
        clean.end = datetime.combine(end_day, time())
    if "tz" not in errors:
        instants: dict[str, datetime] = {}  # worked out once (imports validate many events)
        for name, value in (("start", clean.start), ("end", clean.end)):
            try:
                instants[name] = tzs.local_to_utc(
                    value, clean.tz, clean.ambiguous_choice, field=name
                )
            except ValidationError as exc:
                errors.update(exc.fields)
        if len(instants) == 2 and instants["end"] <= instants["start"]:
            errors["end"] = "Das Ende liegt vor dem Beginn. Bitte prüfen Sie die Uhrzeiten."
        elif len(instants) == 2 and instants["end"] - instants["start"] > timedelta(days=366):
            errors["end"] = "Ein Termin kann höchstens ein Jahr dauern."
    if clean.rrule is not None and not clean.rrule.strip():
        clean.rrule = None
    if clean.rrule and "start" not in errors and "tz" not in errors:
        try:
            start_local = clean.start.replace(tzinfo=tzs.zone(clean.tz))
            clean.rrule = tzs.normalise_rule(clean.rrule, start_local)
        except ValidationError as exc:
            errors.update(exc.fields)
    if clean.capacity is not None and clean.capacity < 1:
        errors["capacity"] = "Die Teilnehmerzahl muss mindestens 1 sein (oder leer bleiben)."
    if clean.kind == EventKind.GREMIENSITZUNG.value and not clean.committee_id:
        errors["committee_id"] = "Eine Gremiensitzung braucht ein Gremium."
    if clean.committee_id and clean.kind != EventKind.GREMIENSITZUNG.value:
        clean.committee_id = None
    seen: set[int] = set()
    for index, p in enumerate(clean.participants):
        if p.role not in {r.value for r in ParticipantRole}:
            errors[f"participants.{index}"] = f"Unbekannte Rolle „{p.role}“."
        elif p.response not in {r.value for r in Response}:
            errors[f"participants.{index}"] = f"Unbekannte Rückmeldung „{p.response}“."
        elif p.invitation not in {i.value for i in Invitation}:
            errors[f"participants.{index}"] = f"Unbekannter Einladungsstatus „{p.invitation}“."
        elif p.contact_id in seen:
            errors[f"participants.{index}"] = "Diese Person steht schon in der Teilnehmerliste."
        seen.add(p.contact_id)
    if errors:
        raise ValidationError(errors)
    return clean


def _check_links(session: Session, data: EventData, existing_participants: set[int]) -> None:
    ids = {p.contact_id for p in data.participants} | set(data.organisation_ids)
    ids |= {i for i in (data.organiser_id, data.committee_id) if i}
    rows = {
        r.id: r
        for r in session.execute(
            select(_contact.c.id, _contact.c.deleted_at, _contact.c.kind, _org.c.org_kind)
            .outerjoin(_org, _org.c.id == _contact.c.id)
            .where(_contact.c.id.in_(ids))
        )
    }
    for index, p in enumerate(data.participants):
        row = rows.get(p.contact_id)
        if row is None or (
            row.deleted_at is not None and p.contact_id not in existing_participants
        ):
            raise ValidationError(
                {
                    f"participants.{index}": "Eine eingeladene Person gibt es nicht mehr im Kontaktregister."
                }
            )
        if row.kind != ContactKind.PERSON.value:
            raise ValidationError(
                {
                    f"participants.{index}": "Teilnehmende sind Personen. Für eine Organisation "
                    "laden Sie bitte ihre Ansprechperson ein."
                }
            )
    if data.committee_id:
        row = rows.get(data.committee_id)
        if row is None or row.org_kind != OrgKind.GREMIUM.value:
            raise ValidationError({"committee_id": "Das gewählte Gremium gibt es nicht."})
    for oid in data.organisation_ids:
        row = rows.get(oid)
        if row is None or row.kind != ContactKind.ORGANISATION.value:
            raise ValidationError({"organisation_ids": "Eine verknüpfte Organisation fehlt."})
    if data.organiser_id and data.organiser_id not in rows:
        raise ValidationError({"organiser_id": "Die Veranstalterin/der Veranstalter fehlt."})
    if data.agreement_ids:
        found = set(
            session.scalars(select(Agreement.id).where(Agreement.id.in_(data.agreement_ids)))
        )
        if found != set(data.agreement_ids):
            raise ValidationError({"agreement_ids": "Eine verknüpfte Vereinbarung fehlt."})


# --------------------------------------------------------------------------- reading


def _load(session: Session, event_id: int) -> Event:
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


def _to_data(session: Session, event: Event, ctx: _Context | None = None) -> EventData:
    ctx = ctx or _context(session, [event], {p.contact_id for p in event.participants})
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
    return _to_data(session, _load(session, event_id))


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


# The agenda's queries use the tables, not the mapped classes: Core statements return plain
# rows without the ORM's loading layer (and Session.execute still autoflushes before them).
_events = Event.__table__
_participants = Participant.__table__
#: Committee name of an event: the same names list_committees() gives (live committees only).
_COMMITTEE_NAME = (
    select(_contact.c.display_name)
    .join(_org, _org.c.id == _contact.c.id)
    .where(
        _contact.c.id == _events.c.committee_id,
        _org.c.org_kind == OrgKind.GREMIUM.value,
        _contact.c.deleted_at.is_(None),
    )
    .correlate(_events)
    .scalar_subquery()
)
#: Participants of an event who are not on the waiting list.
_SEATED = (
    select(func.count(_participants.c.id))
    .where(_participants.c.event_id == _events.c.id, _participants.c.waiting_list.is_(False))
    .correlate(_events)
    .scalar_subquery()
)
_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def _utc(naive: datetime) -> datetime:
    """naive.replace(tzinfo=UTC), as the column type does it, in a fifth of the time."""
    return _EPOCH_UTC + (naive - _EPOCH)


#: What one agenda row needs, committee name and seat count included (one query, no lookups).
_OCCURRENCE_COLUMNS = (
    _events.c.id,
    _events.c.series_id,
    type_coerce(_events.c.recurrence_id_utc, DateTime()),  # naive UTC, made aware by _utc()
    _events.c.title,
    _events.c.kind,
    type_coerce(_events.c.start_utc, DateTime()),
    type_coerce(_events.c.end_utc, DateTime()),
    _events.c.tz,
    _events.c.all_day,
    _events.c.location,
    _events.c.room,
    _events.c.status,
    _COMMITTEE_NAME,
    _events.c.is_public,
    _SEATED,
    _events.c.rrule,
)


def stored_span(session: Session) -> tuple[datetime, datetime] | None:
    """The first start and the last end of all stored (not deleted) events, UTC; None if none.

    Lets a list offer "all years" without guessing how far back the records go."""
    first, last = session.execute(
        select(func.min(Event.start_utc), func.max(Event.end_utc)).where(Event.deleted_at.is_(None))
    ).one()
    if first is None or last is None:
        return None
    return first, last


def occurrences(
    session: Session,
    start: datetime,
    end: datetime,
    flt: EventFilter | None = None,
    *,
    limit: int = tzs.MAX_OCCURRENCES,
) -> list[Occurrence]:
    """Every event and series occurrence overlapping [start, end) (aware datetimes), by start."""
    flt = flt or EventFilter()
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("aware datetimes expected")
    # Plain column queries read as tuples: the agenda and the month view call this often, and
    # attribute access on result rows costs more than everything else done per row.
    e = _events.c
    conditions: list[ColumnElement[bool]] = [e.deleted_at.is_(None)]
    if flt.kind:
        conditions.append(e.kind == flt.kind)
    if flt.committee_id:
        conditions.append(e.committee_id == flt.committee_id)
    if flt.participant_id:
        conditions.append(
            e.id.in_(
                select(_participants.c.event_id).where(
                    _participants.c.contact_id == flt.participant_id
                )
            )
        )
    if not flt.include_cancelled:
        conditions.append(e.status != EventStatus.ABGESAGT.value)
    singles = session.execute(
        select(*_OCCURRENCE_COLUMNS).where(
            *conditions, e.rrule.is_(None), e.start_utc < end, e.end_utc > start
        )
    ).all()
    # (the partial index ix_event_series_start finds the series masters)
    masters = session.execute(
        select(*_OCCURRENCE_COLUMNS).where(*conditions, e.rrule.is_not(None), e.start_utc < end)
    ).all()
    zones: dict[str, ZoneInfo] = {}
    result: list[Occurrence] = []
    append = result.append
    for (
        event_id,
        series_id,
        recurrence_id,
        title,
        kind,
        start_utc,
        end_utc,
        tz,
        all_day,
        location,
        room,
        status,
        committee,
        is_public,
        seated,
        _rrule,
    ) in singles:
        zi = zones.get(tz) or zones.setdefault(tz, tzs.zone(tz))
        append(
            Occurrence(
                event_id,
                series_id,
                None if recurrence_id is None else _utc(recurrence_id),
                title,
                kind,
                _utc(start_utc).astimezone(zi),
                _utc(end_utc).astimezone(zi),
                all_day,
                location,
                room,
                status,
                committee or "",
                is_public,
                seated,
                series_id is not None,
            )
        )
    # Series: expand first, then look up cancelled and replaced occurrences only of those
    # that have occurrences in the window.
    expanded: list[tuple[Any, timedelta, list[tuple[datetime, datetime]]]] = []
    first, last = start.astimezone(UTC), end.astimezone(UTC)  # the same instants, converted once
    for row in masters:
        tz = row[7]
        zi = zones.get(tz) or zones.setdefault(tz, tzs.zone(tz))
        start_utc, end_utc = _utc(row[5]), _utc(row[6])
        begin_local = start_utc.astimezone(zi)
        try:
            starts = list(
                tzs.expand_with_utc(
                    begin_local, row[15], first, last, end_utc - start_utc, limit=limit
                )
            )
        except ValidationError:
            # A rule stored by an older version or another program that contactdesk does not
            # expand (INTERVAL=0, FREQ=SECONDLY ...): shown once, at its start, never looped.
            log.info("series %s: rule %r not expanded", row[0], row[15])
            starts = [(begin_local, start_utc)] if start_utc < last and end_utc > first else []
        if starts:
            # wall-clock length: an event from 10 to 11 stays 10 to 11 across DST (aware
            # datetimes with one tzinfo subtract and add as wall times; replace() is slow)
            length = end_utc.astimezone(zi) - begin_local
            expanded.append((row, length, starts))
    skipped = _skipped_starts(session, [row[0] for row, _, _ in expanded])
    for row, length, starts in expanded:
        (
            event_id,
            _series_id,
            _recurrence_id,
            title,
            kind,
            _start_utc,
            _end_utc,
            _tz,
            all_day,
            location,
            room,
            status,
            committee,
            is_public,
            seated,
            _rrule,
        ) = row
        gone = skipped.get(event_id, ())
        for occ, occ_utc in starts:
            if occ_utc in gone:
                continue
            append(
                Occurrence(
                    event_id,
                    event_id,
                    occ_utc,
                    title,
                    kind,
                    occ,
                    occ + length,
                    all_day,
                    location,
                    room,
                    status,
                    committee or "",
                    is_public,
                    seated,
                    True,
                )
            )
    result.sort(key=lambda o: (o.start, o.title))
    return result[:limit]


def event_ids(session: Session, flt: EventFilter | None = None) -> list[int]:
    """Ids of every live event and series (not their changed occurrences), by start."""
    flt = flt or EventFilter()
    stmt = select(Event.id).where(Event.deleted_at.is_(None), Event.series_id.is_(None))
    if flt.kind:
        stmt = stmt.where(Event.kind == flt.kind)
    if flt.committee_id:
        stmt = stmt.where(Event.committee_id == flt.committee_id)
    if flt.participant_id:
        stmt = stmt.where(
            Event.id.in_(
                select(Participant.event_id).where(Participant.contact_id == flt.participant_id)
            )
        )
    if not flt.include_cancelled:
        stmt = stmt.where(Event.status != EventStatus.ABGESAGT.value)
    return list(session.scalars(stmt.order_by(Event.start_utc, Event.id)))


def _skipped_starts(session: Session, series_ids: list[int]) -> dict[int, set[datetime]]:
    """Per series: the occurrences that are cancelled (EXDATE) or replaced by an event of their own."""
    skipped: dict[int, set[datetime]] = {}
    for start in range(0, len(series_ids), 500):
        chunk = series_ids[start : start + 500]
        for series_id, when in session.execute(
            select(ExDate.event_id, ExDate.original_start_utc).where(ExDate.event_id.in_(chunk))
        ):
            skipped.setdefault(series_id, set()).add(when)
        for parent_id, replaced in session.execute(
            select(Event.series_id, Event.recurrence_id_utc).where(
                Event.series_id.in_(chunk), Event.deleted_at.is_(None)
            )
        ):
            if parent_id is not None and replaced is not None:
                skipped.setdefault(parent_id, set()).add(replaced)
    return skipped


def _conflicts(session: Session, clean: EventData, exclude_id: int | None) -> list[Conflict]:
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


# --------------------------------------------------------------------------- writing


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


def _apply_waiting_list(event: Event, capacity: int | None) -> list[int]:
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


def _apply(session: Session, event: Event, clean: EventData) -> None:
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


def _warnings(session: Session, event: Event, moved_up: list[int]) -> list[str]:
    data = _to_data(session, event)
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


def create_event(session: Session, data: EventData) -> SaveResult:
    problems = _resolve_organisations(session, data.participants)
    if problems:
        raise ValidationError({"participants": " ".join(problems)})
    clean = validate(data)
    _check_links(session, clean, set())
    event = Event(sequence=0)
    if clean.uid:
        event.uid = clean.uid
    session.add(event)
    _apply(session, event, clean)
    moved = _apply_waiting_list(event, clean.capacity)
    session.flush()
    return SaveResult(
        _to_data(session, event),
        _conflicts(session, clean, event.id),
        _warnings(session, event, moved),
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
    event = _load(session, event_id)
    versions.check(session, event, expected_version)
    before = _to_data(session, event)
    problems = _resolve_organisations(session, data.participants)
    if problems:
        raise ValidationError({"participants": " ".join(problems)})
    clean = validate(data)
    _check_links(session, clean, {p.contact_id for p in event.participants})
    _apply(session, event, clean)
    moved = _apply_waiting_list(event, clean.capacity)
    after = _to_data(session, event)
    if _significant(before, after):
        event.sequence += 1
    if track_changes:
        _answers_outdated(event, before, after)
    session.flush()
    return SaveResult(
        _to_data(session, event),
        _conflicts(session, clean, event.id),
        _warnings(session, event, moved),
    )


def cancel_event(session: Session, event_id: int, note: str = "") -> EventData:
    event = _load(session, event_id)
    if event.status != EventStatus.ABGESAGT.value:
        event.status = EventStatus.ABGESAGT.value
        event.sequence += 1
        event.last_modified = utcnow()
        if note.strip():
            event.outcome = (event.outcome + "\n" + note.strip()).strip()
    return _to_data(session, event)


def delete_event(session: Session, event_id: int) -> EventData:
    event = _load(session, event_id)
    event.deleted_at = utcnow()
    return _to_data(session, event)


def restore_event(session: Session, event_id: int) -> EventData:
    event = _load(session, event_id)
    event.deleted_at = None
    return _to_data(session, event)


def restore_snapshot(session: Session, event_id: int, snapshot: EventData) -> EventData:
    """Put an event back exactly as in `snapshot`, SEQUENCE included (for undo)."""
    event = _load(session, event_id)
    clean = validate(snapshot)
    _apply(session, event, clean)
    event.sequence = snapshot.sequence
    event.exdates = [ExDate(original_start_utc=x) for x in snapshot.exdates]
    _apply_waiting_list(event, clean.capacity)
    return _to_data(session, event)


# --------------------------------------------------------------------------- series


def _occurrence_start(master: Event, recurrence_id: datetime) -> datetime:
    assert master.rrule is not None
    zi = tzs.zone(master.tz)
    local = master.start_utc.astimezone(zi)
    for occ in tzs.expand(
        local,
        master.rrule,
        recurrence_id - timedelta(minutes=1),
        recurrence_id + timedelta(minutes=1),
        master.end_utc - master.start_utc,
        limit=5,
    ):
        if occ.astimezone(UTC) == recurrence_id:
            return occ
    raise ValidationError({"recurrence_id": "Diesen Termin gibt es in der Serie nicht."})


def cancel_occurrence(session: Session, series_id: int, recurrence_id: datetime) -> EventData:
    """One occurrence of a series does not take place (EXDATE); the series' SEQUENCE grows."""
    master = _load(session, series_id)
    if master.rrule is None:
        raise ConflictError("Dieser Termin ist keine Serie.")
    _occurrence_start(master, recurrence_id)
    if recurrence_id not in {x.original_start_utc for x in master.exdates}:
        master.exdates.append(ExDate(original_start_utc=recurrence_id))
        master.sequence += 1
        master.last_modified = utcnow()
    override = session.scalar(
        select(Event).where(
            Event.series_id == series_id,
            Event.recurrence_id_utc == recurrence_id,
            Event.deleted_at.is_(None),
        )
    )
    if override is not None:  # kept in the wastebasket, so an undo can bring it back
        override.deleted_at = utcnow()
    session.flush()
    return _to_data(session, master)


def override_id(session: Session, series_id: int, recurrence_id: datetime) -> int | None:
    """The live changed occurrence of a series at that date, if there is one."""
    return session.scalar(
        select(Event.id).where(
            Event.series_id == series_id,
            Event.recurrence_id_utc == recurrence_id,
            Event.deleted_at.is_(None),
        )
    )


def edit_occurrence(
    session: Session, series_id: int, recurrence_id: datetime, data: EventData
) -> SaveResult:
    """Change one occurrence: it becomes an event of its own with the series' UID."""
    master = _load(session, series_id)
    if master.rrule is None:
        raise ConflictError("Dieser Termin ist keine Serie.")
    existing = session.scalar(
        select(Event.id).where(
            Event.series_id == series_id, Event.recurrence_id_utc == recurrence_id
        )
    )
    if existing is not None:  # also one that was deleted: it comes back with the new data
        restore_event(session, existing)
        master.exdates = [x for x in master.exdates if x.original_start_utc != recurrence_id]
        return update_event(session, existing, dataclasses.replace(data, rrule=None))
    _occurrence_start(master, recurrence_id)
    clean = validate(dataclasses.replace(data, rrule=None))
    _check_links(session, clean, {p.contact_id for p in master.participants})
    override = Event(
        uid=master.uid,
        series_id=master.id,
        recurrence_id_utc=recurrence_id,
        sequence=master.sequence,
    )
    session.add(override)
    _apply(session, override, clean)
    moved = _apply_waiting_list(override, clean.capacity)
    session.flush()
    return SaveResult(
        _to_data(session, override),
        _conflicts(session, clean, override.id),
        _warnings(session, override, moved),
    )


def occurrence_data(session: Session, series_id: int, recurrence_id: datetime) -> EventData:
    """What the editor shows for one occurrence: its own event, or the series at that date."""
    existing = override_id(session, series_id, recurrence_id)
    if existing is not None:
        return get_event(session, existing)
    master = _load(session, series_id)
    data = _to_data(session, master)
    begin = _occurrence_start(master, recurrence_id)
    zi = tzs.zone(master.tz)
    length = master.end_utc.astimezone(zi).replace(tzinfo=None) - master.start_utc.astimezone(
        zi
    ).replace(tzinfo=None)
    data.start = begin.replace(tzinfo=None)
    data.end = data.start + length
    data.rrule = None
    data.id = None
    data.series_id = series_id
    data.recurrence_id = recurrence_id
    return data


def series_overrides(session: Session, series_id: int) -> list[EventData]:
    return overrides_of(session, [series_id]).get(series_id, [])


def overrides_of(session: Session, series_ids: list[int]) -> dict[int, list[EventData]]:
    """The changed occurrences of many series, by series id."""
    ids: list[int] = []
    for start in range(0, len(series_ids), 500):
        ids += session.scalars(
            select(Event.id)
            .where(Event.series_id.in_(series_ids[start : start + 500]), Event.deleted_at.is_(None))
            .order_by(Event.recurrence_id_utc)
        ).all()
    result: dict[int, list[EventData]] = {}
    for data in get_events(session, ids):
        assert data.series_id is not None
        result.setdefault(data.series_id, []).append(data)
    return result


# --------------------------------------------------------------------------- participants


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
    event = _load(session, event_id)
    for p in event.participants:
        if contact_ids is None or p.contact_id in contact_ids:
            p.invitation = Invitation.EINGELADEN.value
    if event.status == EventStatus.GEPLANT.value:
        event.status = EventStatus.EINGELADEN.value
    event.last_modified = utcnow()
    return _to_data(session, event)


def record_response(
    session: Session, event_id: int, contact_id: int, response: str, sequence: int | None = None
) -> SaveResult:
    """Zusage/Absage/Vorbehalt of one participant; a cancellation lets the waiting list move up.

    `sequence` is the SEQUENCE of the event version the answer was given for (a REPLY)."""
    if response not in {r.value for r in Response}:
        raise ValidationError({"response": f"Unbekannte Rückmeldung „{response}“."})
    event = _load(session, event_id)
    row = next((p for p in event.participants if p.contact_id == contact_id), None)
    if row is None:
        raise NotFoundError("Diese Person steht nicht in der Teilnehmerliste des Termins.")
    row.response = response
    row.responded_at = utcnow()
    row.response_before_change = None
    row.response_sequence = sequence
    moved = _apply_waiting_list(event, event.capacity)
    session.flush()
    return SaveResult(_to_data(session, event), [], _warnings(session, event, moved))


def record_attendance(
    session: Session, event_id: int, attended: dict[int, bool], outcome: str | None = None
) -> EventData:
    """After the event: who actually came (kept apart from the responses) and the outcome."""
    event = _load(session, event_id)
    by_contact = {p.contact_id: p for p in event.participants}
    for contact_id, came in attended.items():
        if contact_id not in by_contact:
            raise NotFoundError("Diese Person steht nicht in der Teilnehmerliste des Termins.")
        by_contact[contact_id].attended = came
    if outcome is not None:
        event.outcome = outcome.strip()
    event.last_modified = utcnow()
    return _to_data(session, event)


def event_ids_for_contact(session: Session, contact_id: int) -> list[int]:
    return list(
        session.scalars(select(Participant.event_id).where(Participant.contact_id == contact_id))
    )


__all__ = [
    "Conflict",
    "EventData",
    "EventFilter",
    "Occurrence",
    "OpenResponse",
    "ParticipantData",
    "SaveResult",
    "cancel_event",
    "cancel_occurrence",
    "contact_service",
    "create_event",
    "delete_event",
    "edit_occurrence",
    "get_event",
    "invite",
    "list_committees",
    "mark_invited",
    "occurrences",
    "record_attendance",
    "record_response",
    "restore_event",
    "stored_span",
    "update_event",
]


def set_exdates(session: Session, series_id: int, exdates: list[datetime]) -> None:
    """Replace the cancelled occurrences of a series as they are (used by imports)."""
    event = _load(session, series_id)
    event.exdates = [ExDate(original_start_utc=x.astimezone(UTC)) for x in dict.fromkeys(exdates)]
    session.flush()


def set_sequence(session: Session, event_id: int, sequence: int) -> None:
    """Take over the SEQUENCE of an imported event (it belongs to the file's organiser)."""
    event = _load(session, event_id)
    event.sequence = max(sequence, 0)
    session.flush()


def participant_by_email(session: Session, event_id: int, email: str) -> int | None:
    """The contact id of the event's participant with this e-mail address, if any."""
    from contactdesk.core.models import Email

    return session.scalar(
        select(Participant.contact_id)
        .join(Email, Email.contact_id == Participant.contact_id)
        .where(Participant.event_id == event_id, Email.address.ilike(email.strip()))
    )


def bulk_create_events(
    session: Session, items: list[EventData], exdates: dict[int, list[datetime]] | None = None
) -> list[int]:
    """Create many events with plain inserts (calendar imports); all validated first.

    `exdates` maps an item's position to the UTC starts of its cancelled occurrences.
    Conflict checks are left out: an import reports what it read, not overlaps.
    """
    cleaned = [validate(item) for item in items]
    if not cleaned:
        return []
    exdates = exdates or {}
    first_id = next_free_id(session, Event.__table__, len(cleaned))
    now = utcnow()
    event_rows: list[dict[str, Any]] = []
    participant_rows = []
    exdate_rows = []
    for position, (cid, clean) in enumerate(enumerate(cleaned, start=first_id)):
        event_rows.append(
            {
                "id": cid,
                "uid": clean.uid or new_uid(),
                "kind": clean.kind,
                "title": clean.title,
                "description": clean.description,
                "start_utc": clean.start_utc,
                "end_utc": clean.end_utc,
                "tz": clean.tz,
                "all_day": clean.all_day,
                "location": clean.location.strip(),
                "room": clean.room.strip(),
                "online_url": clean.online_url.strip(),
                "organiser_id": clean.organiser_id,
                "committee_id": clean.committee_id,
                "is_public": clean.is_public,
                "status": clean.status,
                "capacity": clean.capacity,
                "outcome": clean.outcome,
                "sequence": clean.sequence,
                "last_modified": now,
                "rrule": clean.rrule,
                "series_id": None,
                "recurrence_id_utc": None,
                "is_example": clean.is_example,
                "transp": clean.transp,
                "ical_class": clean.ical_class,
                "priority": clean.priority,
                "reminder_minutes": clean.reminder_minutes,
                "deleted_at": None,
                "created_at": now,
                "updated_at": now,
            }
        )
        for p in clean.participants:
            participant_rows.append(
                {
                    "event_id": cid,
                    "contact_id": p.contact_id,
                    "role": p.role,
                    "invitation": p.invitation,
                    "response": p.response,
                    "responded_at": None,
                    "waiting_list": False,
                    "attended": p.attended,
                    "note": p.note,
                }
            )
        for x in exdates.get(position, []):
            exdate_rows.append({"event_id": cid, "original_start_utc": x.astimezone(UTC)})
    session.execute(insert(Event), event_rows)
    if participant_rows:
        session.execute(insert(Participant), participant_rows)
    if exdate_rows:
        session.execute(insert(ExDate), exdate_rows)
    return [row["id"] for row in event_rows]
