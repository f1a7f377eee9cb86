"""The event editor's writes as use cases: each runs in the caller's session and returns the
event before and after, so the caller can offer undo (core/undo.py) and show what the save said.

Window and command line take the same rules from here: what saving one occurrence "for the whole
series" changes on the series, how a participant change of a stored event is one transaction
(read, change, store, read back), and where an occurrence sits after its series moved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from contactdesk.core import timezones as tzs
from contactdesk.core.services import papers as paper_service
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import TaskData
from contactdesk.core.services.schedule import EventData, SaveResult

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Fields copied from an occurrence's edit onto its series ("die ganze Serie").
SERIES_FIELDS = (
    "title",
    "kind",
    "tz",
    "all_day",
    "description",
    "agenda",
    "location",
    "room",
    "online_url",
    "organiser_id",
    "committee_id",
    "is_public",
    "status",
    "capacity",
    "reminder_minutes",
    "outcome",
    "rrule",
    "organisation_ids",
    "agreement_ids",
    "participants",
)


@dataclass
class EventEdit:
    """What one write did: the event before (None when it was created), the save's result
    (the stored event, overlaps and warnings) and, when the same write changed them, the event's
    results and tasks (before, after)."""

    before: EventData | None
    result: SaveResult
    tasks: tuple[list[TaskData], list[TaskData]] | None = None

    @property
    def event(self) -> EventData:
        return self.result.event


@dataclass
class OccurrenceCancel:
    """One date of a series no longer takes place: the series before and after, and its own
    changed event at that date (put away with it) if there was one."""

    series_before: EventData
    override_id: int | None
    series_after: EventData


# --------------------------------------------------------------------------- the event itself


def create(session: Session, data: EventData, tasks: list[TaskData] | None = None) -> EventEdit:
    """A new event, with its results and tasks (for a single event only)."""
    result = sc.create_event(session, data)
    if tasks and result.event.id is not None:
        paper_service.set_event_tasks(session, result.event.id, tasks)
    return EventEdit(None, result)


def update(
    session: Session, event_id: int, data: EventData, tasks: list[TaskData] | None = None
) -> EventEdit:
    """Save a stored event as the user saw it (refused when someone else saved it meanwhile:
    `data.row_version`); `tasks` replace its results and tasks when given."""
    before = sc.get_event(session, event_id)
    result = sc.update_event(session, event_id, data, expected_version=data.row_version)
    if tasks is None:
        return EventEdit(before, result)
    tasks_before = paper_service.event_tasks(session, event_id)
    return EventEdit(
        before, result, (tasks_before, paper_service.set_event_tasks(session, event_id, tasks))
    )


def cancel(session: Session, event_id: int, note: str) -> EventEdit:
    """'Absagen' of an event or a whole series, with a note for the participants."""
    before = sc.get_event(session, event_id)
    return EventEdit(before, SaveResult(sc.cancel_event(session, event_id, note)))


# --------------------------------------------------------------------------- series


def save_occurrence(
    session: Session, series_id: int, recurrence_id: datetime, data: EventData
) -> EventEdit:
    """Only this date of a series: it becomes (or stays) an event of its own."""
    own = sc.override_id(session, series_id, recurrence_id)
    before = sc.get_event(session, own) if own is not None else None
    return EventEdit(before, sc.edit_occurrence(session, series_id, recurrence_id, data))


def save_series(session: Session, series_id: int, data: EventData, base: EventData) -> EventEdit:
    """An occurrence was edited "for the whole series": the fields the user changed (`data`
    against what the occurrence showed, `base`) go onto the series; a moved start or end moves
    every date of the series by the same time."""
    before = sc.get_event(session, series_id)
    master = dataclasses.replace(before)
    for name in SERIES_FIELDS:
        if getattr(data, name) != getattr(base, name):
            setattr(master, name, getattr(data, name))
    master.start = before.start + (data.start - base.start)
    master.end = before.end + (data.end - base.end)
    if (data.start, data.end) != (base.start, base.end):
        master.ambiguous_choice = data.ambiguous_choice
    return EventEdit(before, sc.update_event(session, series_id, master))


def cancel_occurrence(
    session: Session, series_id: int, recurrence_id: datetime
) -> OccurrenceCancel:
    """One date of a series does not take place (EXDATE)."""
    before = sc.get_event(session, series_id)
    own = sc.override_id(session, series_id, recurrence_id)
    return OccurrenceCancel(before, own, sc.cancel_occurrence(session, series_id, recurrence_id))


def shifted_recurrence_id(loaded: EventData, data: EventData, saved: EventData) -> datetime:
    """The recurrence id of the occurrence `loaded` after its series (`saved`) was saved with the
    edit `data`: the date moved by as much as the edit moved its start."""
    assert loaded.recurrence_id is not None
    shift = data.start - loaded.start
    zone = tzs.zone(saved.tz)
    local = loaded.recurrence_id.astimezone(zone).replace(tzinfo=None) + shift
    return tzs.local_to_utc(local, saved.tz, tzs.SUMMER)


# --------------------------------------------------------------------------- participants
# Each change of a stored event's participants is its own transaction and its own undo step.


def _participant_change(
    session: Session, event_id: int, change: Callable[[], SaveResult | EventData]
) -> EventEdit:
    before = sc.get_event(session, event_id)
    value = change()
    conflicts = value.conflicts if isinstance(value, SaveResult) else []
    warnings = value.warnings if isinstance(value, SaveResult) else []
    return EventEdit(before, SaveResult(sc.get_event(session, event_id), conflicts, warnings))


def _edit_participants(
    session: Session, event_id: int, edit: Callable[[list[sc.ParticipantData]], None]
) -> SaveResult:
    data = sc.get_event(session, event_id)
    edit(data.participants)
    return sc.update_event(session, event_id, data)


def invite(session: Session, event_id: int, contact_ids: list[int], role: str) -> EventEdit:
    """People or organisations (through their contact person) join the participant list."""
    return _participant_change(
        session, event_id, lambda: sc.invite(session, event_id, contact_ids, role)
    )


def remove_participant(session: Session, event_id: int, contact_id: int) -> EventEdit:
    def edit(participants: list[sc.ParticipantData]) -> None:
        participants[:] = [p for p in participants if p.contact_id != contact_id]

    return _participant_change(
        session, event_id, lambda: _edit_participants(session, event_id, edit)
    )


def set_role(session: Session, event_id: int, contact_id: int, role: str) -> EventEdit:
    def edit(participants: list[sc.ParticipantData]) -> None:
        for p in participants:
            if p.contact_id == contact_id:
                p.role = role

    return _participant_change(
        session, event_id, lambda: _edit_participants(session, event_id, edit)
    )


def record_response(session: Session, event_id: int, contact_id: int, response: str) -> EventEdit:
    return _participant_change(
        session, event_id, lambda: sc.record_response(session, event_id, contact_id, response)
    )


def record_attendance(
    session: Session, event_id: int, contact_id: int, attended: bool
) -> EventEdit:
    return _participant_change(
        session,
        event_id,
        lambda: sc.record_attendance(session, event_id, {contact_id: attended}),
    )


def mark_invited(session: Session, event_id: int) -> EventEdit:
    """The invitations to everybody on the list went out."""
    return _participant_change(session, event_id, lambda: sc.mark_invited(session, event_id))


__all__ = [
    "SERIES_FIELDS",
    "EventEdit",
    "OccurrenceCancel",
    "cancel",
    "cancel_occurrence",
    "create",
    "invite",
    "mark_invited",
    "record_attendance",
    "record_response",
    "remove_participant",
    "save_occurrence",
    "save_series",
    "set_role",
    "shifted_recurrence_id",
    "update",
]
