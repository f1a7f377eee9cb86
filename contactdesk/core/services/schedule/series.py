"""Series: one occurrence cancelled (EXDATE) or changed (an event of its own with the series'
UID and a RECURRENCE-ID), what the editor shows for an occurrence, and the changed ones.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.models import Event, ExDate, utcnow
from contactdesk.core.services.schedule.data import EventData, SaveResult
from contactdesk.core.services.schedule.reading import get_event, get_events, load_event, to_data
from contactdesk.core.services.schedule.validation import check_links, validate
from contactdesk.core.services.schedule.writing import add_event, restore_event, update_event


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
    master = load_event(session, series_id)
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
    return to_data(session, master)


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
    master = load_event(session, series_id)
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
    check_links(session, clean, {p.contact_id for p in master.participants})
    override = Event(
        uid=master.uid,
        series_id=master.id,
        recurrence_id_utc=recurrence_id,
        sequence=master.sequence,
    )
    return add_event(session, override, clean)


def occurrence_data(session: Session, series_id: int, recurrence_id: datetime) -> EventData:
    """What the editor shows for one occurrence: its own event, or the series at that date."""
    existing = override_id(session, series_id, recurrence_id)
    if existing is not None:
        return get_event(session, existing)
    master = load_event(session, series_id)
    data = to_data(session, master)
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
