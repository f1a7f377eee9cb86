"""The agenda: every event and series occurrence in a period (series expanded, cancelled and
replaced occurrences left out), the ids of events by filter and the span of stored events.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, DateTime, func, select, type_coerce
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ValidationError
from contactdesk.core.models import (
    Contact,
    Event,
    EventStatus,
    ExDate,
    Organisation,
    OrgKind,
    Participant,
)
from contactdesk.core.services.schedule.data import EventFilter, Occurrence

log = logging.getLogger(__name__)

_contact = Contact.__table__
_org = Organisation.__table__

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
