"""Undo and redo of edits in the core: commands that replay services in a fresh session.

The GUI only turns `undo_text`/`redo_text` into menu entries and calls `undo()`/`redo()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from contactdesk.core.changes import AGREEMENT_KINDS, ALL_KINDS, CONTACT_KINDS, EVENT_KINDS, Kind
from contactdesk.core.db import Database
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import contacts as contact_service
from contactdesk.core.services import merge as merge_service
from contactdesk.core.services import schedule as schedule_service
from contactdesk.core.services.agreements import AgreementData
from contactdesk.core.services.contacts import ContactData
from contactdesk.core.services.schedule import EventData

Step = Callable[[Session], object]


@dataclass
class Command:
    """One undoable step: what it is called and how to undo and redo it."""

    text: str
    undo: Step
    redo: Step
    #: the kinds of record undo and redo touch (the window refreshes only what shows them)
    kinds: frozenset[Kind] = ALL_KINDS


class UndoStack:
    """A bounded history of commands. Not thread-safe; one per main window."""

    def __init__(self, db: Database, limit: int = 100) -> None:
        self._db = db
        self._limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def push(self, command: Command) -> None:
        self._done.append(command)
        del self._done[: -self._limit]
        self._undone.clear()

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    @property
    def undo_kinds(self) -> frozenset[Kind]:
        return self._done[-1].kinds if self._done else frozenset()

    @property
    def redo_kinds(self) -> frozenset[Kind]:
        return self._undone[-1].kinds if self._undone else frozenset()

    def undo(self) -> str:
        """Undo the last command; on failure the history is left as it was."""
        command = self._done[-1]
        with self._db.session() as session:
            command.undo(session)
        self._undone.append(self._done.pop())
        return command.text

    def redo(self) -> str:
        command = self._undone[-1]
        with self._db.session() as session:
            command.redo(session)
        self._done.append(self._undone.pop())
        return command.text


# --------------------------------------------------------------------------- contact commands


def created_contact(after: ContactData) -> Command:
    assert after.id is not None
    cid = after.id
    return Command(
        kinds=CONTACT_KINDS,
        text=f"Anlegen von „{after.display_name}“",
        undo=lambda s: contact_service.delete_contact(s, cid),
        redo=lambda s: contact_service.restore_contact(s, cid),
    )


def updated_contact(before: ContactData, after: ContactData) -> Command:
    assert before.id is not None
    cid = before.id
    return Command(
        kinds=CONTACT_KINDS,
        text=f"Ändern von „{after.display_name}“",
        undo=lambda s: contact_service.update_contact(s, cid, before),
        redo=lambda s: contact_service.update_contact(s, cid, after),
    )


def deleted_contact(contact_id: int, display_name: str) -> Command:
    return Command(
        kinds=CONTACT_KINDS,
        text=f"Löschen von „{display_name}“",
        undo=lambda s: contact_service.restore_contact(s, contact_id),
        redo=lambda s: contact_service.delete_contact(s, contact_id),
    )


def merged_contacts(
    keep_id: int,
    other_id: int,
    choices: dict[str, str] | None,
    before: dict[str, list[dict[str, object]]],
    display_name: str,
) -> Command:
    """Two records merged into one (services/merge.py); undo puts both back as they were."""
    ids = [keep_id, other_id]
    return Command(
        kinds=ALL_KINDS,  # parties, participants and roles move to the kept record
        text=f"Zusammenführen von „{display_name}“",
        undo=lambda s: merge_service.restore(s, before, ids),
        redo=lambda s: merge_service.merge_contacts(s, keep_id, other_id, choices),
    )


# --------------------------------------------------------------------------- agreement commands


def created_agreement(after: AgreementData) -> Command:
    assert after.id is not None
    aid = after.id
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Anlegen von „{after.title}“",
        undo=lambda s: agreement_service.delete_agreement(s, aid),
        redo=lambda s: agreement_service.restore_agreement(s, aid),
    )


def updated_agreement(before: AgreementData, after: AgreementData) -> Command:
    assert before.id is not None
    aid = before.id
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Ändern von „{after.title}“",
        undo=lambda s: agreement_service.update_agreement(s, aid, before),
        redo=lambda s: agreement_service.update_agreement(s, aid, after),
    )


def deleted_agreement(agreement_id: int, title: str) -> Command:
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Löschen von „{title}“",
        undo=lambda s: agreement_service.restore_agreement(s, agreement_id),
        redo=lambda s: agreement_service.delete_agreement(s, agreement_id),
    )


def changed_status(
    agreement_id: int, title: str, to_status: str, on_date: date, note: str
) -> Command:
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Statuswechsel von „{title}“",
        undo=lambda s: agreement_service.revert_status_change(s, agreement_id),
        redo=lambda s: agreement_service.change_status(
            s, agreement_id, to_status, on_date=on_date, note=note
        ),
    )


def added_document(document_id: int, filename: str) -> Command:
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Anhängen von „{filename}“",
        undo=lambda s: agreement_service.remove_document(s, document_id),
        redo=lambda s: agreement_service.restore_document(s, document_id),
    )


def removed_document(document_id: int, filename: str) -> Command:
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Entfernen von „{filename}“",
        undo=lambda s: agreement_service.restore_document(s, document_id),
        redo=lambda s: agreement_service.remove_document(s, document_id),
    )


# --------------------------------------------------------------------------- event commands


def created_event(after: EventData) -> Command:
    assert after.id is not None
    eid = after.id
    return Command(
        kinds=EVENT_KINDS,
        text=f"Anlegen von „{after.title}“",
        undo=lambda s: schedule_service.delete_event(s, eid),
        redo=lambda s: schedule_service.restore_event(s, eid),
    )


def updated_event(
    before: EventData, after: EventData, tasks: tuple[list[Any], list[Any]] | None = None
) -> Command:
    """Any change of one event (fields, participants, responses, cancellation); `tasks`: its
    results and tasks (before, after) when the same save changed them."""
    assert before.id is not None
    eid = before.id

    def put(s: Session, snapshot: EventData, which: int) -> None:
        schedule_service.restore_snapshot(s, eid, snapshot)
        if tasks is not None:
            from contactdesk.core.services import papers as paper_service

            paper_service.set_event_tasks(s, eid, tasks[which])

    return Command(
        kinds=EVENT_KINDS,
        text=f"Ändern von „{after.title}“",
        undo=lambda s: put(s, before, 0),
        redo=lambda s: put(s, after, 1),
    )


def deleted_event(event_id: int, title: str) -> Command:
    return Command(
        kinds=EVENT_KINDS,
        text=f"Löschen von „{title}“",
        undo=lambda s: schedule_service.restore_event(s, event_id),
        redo=lambda s: schedule_service.delete_event(s, event_id),
    )


def cancelled_occurrence(
    series_before: EventData, recurrence_id: datetime, override_id: int | None
) -> Command:
    """One date of a series no longer takes place (and its own changes, if any, are put away)."""
    assert series_before.id is not None
    sid = series_before.id

    def undo(s: Session) -> None:
        schedule_service.restore_snapshot(s, sid, series_before)
        if override_id is not None:
            schedule_service.restore_event(s, override_id)

    return Command(
        kinds=EVENT_KINDS,
        text=f"Absage eines Termins von „{series_before.title}“",
        undo=undo,
        redo=lambda s: schedule_service.cancel_occurrence(s, sid, recurrence_id),
    )
