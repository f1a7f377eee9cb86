"""Undo and redo of edits in the core: commands that replay services in a fresh session.

The GUI only turns `undo_text`/`redo_text` into menu entries and calls `undo()`/`redo()`.

Versions (core/team/versions.py): the stack knows, for each record its commands wrote, the
row_version that record had after the last step this window made on it (a save it pushed, an
undo, a redo). An edit's undo or redo first checks that the record still has exactly that
version: when someone else saved it in between (team mode, or a second window) the step is
refused with the same VersionConflictError (who, what, when) as a save, nothing is written, and
the history stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from contactdesk.core.changes import (
    AGREEMENT_KINDS,
    ALL_KINDS,
    CONTACT_KINDS,
    EVENT_KINDS,
    PAPER_KINDS,
    Kind,
)
from contactdesk.core.db import Database
from contactdesk.core.models import Agreement, Contact, Event, Paper
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import contacts as contact_service
from contactdesk.core.services import merge as merge_service
from contactdesk.core.services import schedule as schedule_service
from contactdesk.core.services.agreements import AgreementData
from contactdesk.core.services.contacts import ContactData
from contactdesk.core.services.schedule import EventData
from contactdesk.core.team import versions

Step = Callable[[Session], object]
#: a versioned record: its model class and id
Record = tuple[type[Any], int]


@dataclass
class Command:
    """One undoable step: what it is called and how to undo and redo it.

    `records`: the versioned records its steps write; the stack keeps their versions after each
    step. `versions`: their row_version right after the command was done (a save). `checked`:
    the steps overwrite fields (an edit), so each first checks the version the stack knows."""

    text: str
    undo: Step
    redo: Step
    #: the kinds of record undo and redo touch (the window refreshes only what shows them)
    kinds: frozenset[Kind] = ALL_KINDS
    records: tuple[Record, ...] = ()
    versions: dict[Record, int] = field(default_factory=dict)
    checked: bool = False


class UndoStack:
    """A bounded history of commands. Not thread-safe; one per main window."""

    def __init__(self, db: Database, limit: int = 100) -> None:
        self._db = db
        self._limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []
        #: row_version of each record after the last step this stack knows of
        self._known: dict[Record, int] = {}

    def push(self, command: Command) -> None:
        self._done.append(command)
        del self._done[: -self._limit]
        self._undone.clear()
        self._known.update(command.versions)

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self._known.clear()

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
        """Undo the last command; on failure (VersionConflictError: someone else saved the
        record meanwhile) nothing is written and the history is left as it was."""
        command = self._done[-1]
        self._replay(command, command.undo)
        self._undone.append(self._done.pop())
        return command.text

    def redo(self) -> str:
        """Redo the last undone command; on failure as for undo()."""
        command = self._undone[-1]
        self._replay(command, command.redo)
        self._done.append(self._undone.pop())
        return command.text

    def _replay(self, command: Command, step: Step) -> None:
        with self._db.session() as session:
            if command.checked:
                for model, record_id in command.records:
                    record = session.get(model, record_id)
                    if record is not None:
                        # the save's own check: same lock, same message (who, what, when)
                        versions.check(session, record, self._known.get((model, record_id)))
            step(session)
            session.flush()
            now = {key: _version_of(session, key) for key in command.records}
        # only once committed: a refused or failed step leaves the known versions as they were
        for key, version in now.items():
            if version is None:
                self._known.pop(key, None)
            else:
                self._known[key] = version


def _version_of(session: Session, key: Record) -> int | None:
    record = session.get(*key)
    return None if record is None else int(record.row_version)


def _saved(model: type[Any], record_id: int, version: int | None) -> dict[Record, int]:
    return {} if version is None else {(model, record_id): version}


# --------------------------------------------------------------------------- contact commands


def created_contact(after: ContactData) -> Command:
    assert after.id is not None
    cid = after.id
    return Command(
        kinds=CONTACT_KINDS,
        text=f"Anlegen von „{after.display_name}“",
        undo=lambda s: contact_service.delete_contact(s, cid),
        redo=lambda s: contact_service.restore_contact(s, cid),
        records=((Contact, cid),),
        versions=_saved(Contact, cid, after.row_version),
    )


def updated_contact(before: ContactData, after: ContactData) -> Command:
    assert before.id is not None
    cid = before.id
    return Command(
        kinds=CONTACT_KINDS,
        text=f"Ändern von „{after.display_name}“",
        undo=lambda s: contact_service.update_contact(s, cid, before),
        redo=lambda s: contact_service.update_contact(s, cid, after),
        records=((Contact, cid),),
        versions=_saved(Contact, cid, after.row_version),
        checked=True,
    )


def deleted_contact(contact_id: int, display_name: str) -> Command:
    return Command(
        kinds=CONTACT_KINDS,
        text=f"Löschen von „{display_name}“",
        undo=lambda s: contact_service.restore_contact(s, contact_id),
        redo=lambda s: contact_service.delete_contact(s, contact_id),
        records=((Contact, contact_id),),
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
        records=((Contact, keep_id), (Contact, other_id)),
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
        records=((Agreement, aid),),
        versions=_saved(Agreement, aid, after.row_version),
    )


def updated_agreement(before: AgreementData, after: AgreementData) -> Command:
    assert before.id is not None
    aid = before.id
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Ändern von „{after.title}“",
        undo=lambda s: agreement_service.update_agreement(s, aid, before),
        redo=lambda s: agreement_service.update_agreement(s, aid, after),
        records=((Agreement, aid),),
        versions=_saved(Agreement, aid, after.row_version),
        checked=True,
    )


def deleted_agreement(agreement_id: int, title: str) -> Command:
    return Command(
        kinds=AGREEMENT_KINDS,
        text=f"Löschen von „{title}“",
        undo=lambda s: agreement_service.restore_agreement(s, agreement_id),
        redo=lambda s: agreement_service.delete_agreement(s, agreement_id),
        records=((Agreement, agreement_id),),
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
        records=((Agreement, agreement_id),),
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


# --------------------------------------------------------------------------- paper commands


def updated_paper(text: str, before: Any, after: Any) -> Command:
    """An edit of a committee paper (PaperData before and after; `text` names it, e.g. "Ändern
    von M006-2021"): undo and redo check its version like the other edits."""
    from contactdesk.core.services import papers as paper_service

    assert before.id is not None
    pid = int(before.id)
    return Command(
        kinds=PAPER_KINDS,
        text=text,
        undo=lambda s: paper_service.update_paper(s, pid, before),
        redo=lambda s: paper_service.update_paper(s, pid, after),
        records=((Paper, pid),),
        versions=_saved(Paper, pid, after.row_version),
        checked=True,
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
        records=((Event, eid),),
        versions=_saved(Event, eid, after.row_version),
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
        records=((Event, eid),),
        versions=_saved(Event, eid, after.row_version),
        checked=True,
    )


def deleted_event(event_id: int, title: str) -> Command:
    return Command(
        kinds=EVENT_KINDS,
        text=f"Löschen von „{title}“",
        undo=lambda s: schedule_service.restore_event(s, event_id),
        redo=lambda s: schedule_service.delete_event(s, event_id),
        records=((Event, event_id),),
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
        records=((Event, sid),),
    )
