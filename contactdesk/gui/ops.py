"""The operation runner: one session per user action, errors shown in German, one change signal.

The GUI never builds queries: it hands a service call to one of three doors:

- `read(fn)`: a read-only service call in its own session, on the GUI thread.
- `run(fn, kinds=..., command=...)`: a quick write on the GUI thread, committed in one session;
  an undoable write pushes its command on the core UndoStack (undo and redo come back here).
- `run_in_background(work, title=..., on_done=...)`: long work (imports, exports, backup,
  restore, PDF release, sending) in a worker thread with its own session, behind a progress
  dialog fed by the core's progress callback (core/progress.py); "Abbrechen" makes the callback
  raise core.progress.Cancelled, the session is rolled back and nothing is half written.

Ops is the only emitter of change notifications. Every successful write, undo, redo or
background action ends in ONE `Change` that names the kinds of record it touched (and where it
can, their ids). To hear about changes:

    ops.subscribe({Kind.CONTACTS, Kind.ORGANISATIONS}, self.refresh)   # only these kinds
    ops.subscribe(None, self.on_any_change)                            # every change

The callback gets the Change; a subscriber is called only when the change names one of its
kinds. (`sig_changed` still carries every Change, for the status bar and the undo actions.)
Code outside this module never emits; something that learnt of a change another way (the team
watcher) hands it to `announce`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from contactdesk.core.changes import ALL_KINDS, Kind
from contactdesk.core.db import Database
from contactdesk.core.dberrors import storage_error_types
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.progress import Cancelled, Progress
from contactdesk.core.undo import Command, UndoStack
from contactdesk.gui import prompts
from contactdesk.gui.dialogs.progress import run_with_progress

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
T = TypeVar("T")


#: ids per kind, as a service or an op returns them
Ids = Mapping[Kind, Iterable[int]]


@dataclass(frozen=True)
class Change:
    """What an operation changed, for views to refresh and the status bar to report.

    `kinds`: the kinds of record touched (by default every kind: a Change that does not say
    refreshes everything, the safe side). `ids`: for some of those kinds, exactly which rows; a
    kind in `kinds` without ids means "any rows of this kind". An empty `kinds` is a message
    only (an export, a cancelled import): nothing to re-read.
    """

    message: str = ""
    kinds: frozenset[Kind] = ALL_KINDS
    ids: Mapping[Kind, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, message: str = "", kinds: Iterable[Kind] = (), ids: Ids | None = None) -> Change:
        """A Change naming `kinds` (and the kinds of `ids`), ids frozen."""
        frozen = {Kind(k): frozenset(v) for k, v in (ids or {}).items()}
        return cls(message, frozenset(kinds) | frozenset(frozen), frozen)

    @classmethod
    def note(cls, message: str) -> Change:
        """A message for the status bar; nothing changed."""
        return cls(message, frozenset())

    def names(self, kinds: Iterable[Kind]) -> bool:
        """Does this change touch any of `kinds`?"""
        return not self.kinds.isdisjoint(kinds)

    def ids_of(self, kind: Kind) -> frozenset[int] | None:
        """The changed rows of `kind`, or None when any row of it may have changed."""
        if kind not in self.kinds:
            return frozenset()
        return self.ids.get(kind)

    @property
    def contact_ids(self) -> frozenset[int]:
        """The contacts named by id (persons and organisations share the contact table)."""
        return self.ids.get(Kind.CONTACTS, frozenset()) | self.ids.get(
            Kind.ORGANISATIONS, frozenset()
        )


@dataclass
class OpResult(Generic[T]):
    value: T | None = None
    error: ContactdeskError | None = None
    #: the user cancelled a background action (nothing was written)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled


Subscriber = Callable[[Change], Any]


class Ops(QObject):
    """Runs service calls for one main window."""

    sig_changed = Signal(object)
    """Emitted once after every successful write, undo or redo, with a Change."""

    def __init__(
        self, db: Database, undo_stack: UndoStack | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = undo_stack or UndoStack(db)
        self.error_parent: QWidget | None = None
        #: called when a write fails for a reason of the file (full, read-only, damaged,
        #: locked) with the German reason; keeps the unsaved input, returns where (or None)
        self.on_storage_failure: Callable[[str], Path | None] | None = None
        self._subscribers: list[tuple[frozenset[Kind] | None, Subscriber]] = []

    # ------------------------------------------------------------------ change notification
    def subscribe(self, kinds: Iterable[Kind] | None, callback: Subscriber) -> None:
        """Call `callback(change)` after every change that names one of `kinds` (None: every
        change, also a message-only one). Subscribers are called in the order they subscribed."""
        self._subscribers.append((None if kinds is None else frozenset(kinds), callback))

    def announce(self, change: Change) -> None:
        """Tell every subscriber whose kinds the change names, then `sig_changed`. Used by the
        three doors below and by whoever learnt of a change from outside (the team watcher)."""
        for kinds, callback in list(self._subscribers):
            if kinds is None or change.names(kinds):
                callback(change)
        self.sig_changed.emit(change)

    def read(self, fn: Callable[[Session], T]) -> T:
        """A read-only service call in its own session; errors propagate to the caller."""
        with self.db.session() as session:
            return fn(session)

    def run(
        self,
        fn: Callable[[Session], T],
        *,
        command: Callable[[T], Command] | None = None,
        message: str | Callable[[T], str] = "",
        kinds: Iterable[Kind] | None = None,
        ids: Callable[[T], Ids] | None = None,
        contact_ids: Callable[[T], set[int]] | None = None,
        show_errors: bool = True,
    ) -> OpResult[T]:
        """A write in one session (committed on success). Returns the value or the error.

        `kinds` (and `ids(value)`) name what the write touched: the Change announced after it
        refreshes only the areas that show those kinds. Without kinds, everything refreshes.
        `contact_ids(value)` is short for ids of Kind.CONTACTS."""
        try:
            with self.db.session() as session:
                value = fn(session)
        except ContactdeskError as exc:
            # the class only: messages and details can name people (DSGVO: no names in the log)
            log.info("operation failed: %s", type(exc).__name__)
            if show_errors:
                prompts.show_error(self.error_parent, exc.message)
            return OpResult(error=exc)
        except storage_error_types() as exc:
            error = self._storage_error(exc)
            if error is None:
                raise  # a programming error: the crash handler keeps the input and reports it
            if show_errors:
                prompts.show_error(self.error_parent, error.message)
            return OpResult(error=error)
        if command is not None:
            self.undo_stack.push(command(value))
        text = message(value) if callable(message) else message
        named: dict[Kind, Iterable[int]] = dict(ids(value)) if ids else {}
        if contact_ids:
            named[Kind.CONTACTS] = contact_ids(value)
        if kinds is None and not named:
            self.announce(Change(text))
        else:
            self.announce(Change.of(text, kinds or (), named))
        return OpResult(value=value)

    def run_in_background(
        self,
        work: Callable[[Session, Progress], T],
        *,
        title: str,
        label: str = "",
        on_done: Callable[[T], Change | None] | None = None,
        command: Callable[[T], Command] | None = None,
        cancellable: bool = True,
        cancelled_message: str = "",
        parent: QWidget | None = None,
        use_session: bool = True,
        show_errors: bool = True,
    ) -> OpResult[T]:
        """Long work in a worker thread behind a progress dialog; the window stays responsive.

        `work(session, progress)` gets its own session (committed when it returns, rolled back
        when it raises); with `use_session=False` it gets `(None, progress)` and opens no session
        (backup and restore work on the file). `progress(done, total, text)` moves the bar and
        raises core.progress.Cancelled after "Abbrechen" (`cancellable=False` offers no button).
        On success `command(value)` is pushed on the undo stack (as `run` does) and
        `on_done(value)`, on the GUI thread, returns the Change to announce (or None).
        German errors are shown (titled `title`; not with `show_errors=False`) and returned;
        a cancel announces `cancelled_message` (or the Cancelled error's own German message) in
        the status bar and returns `cancelled=True`. Returns when the work is done."""
        db = self.db

        def run(progress: Progress) -> T:
            if not use_session:
                return work(None, progress)  # type: ignore[arg-type]  # documented: no session
            with db.session() as session:
                return work(session, progress)

        where = parent if parent is not None else self.error_parent
        try:
            value = run_with_progress(where, title, label or title, run, cancellable=cancellable)
        except Cancelled as exc:
            own = exc.message if isinstance(exc, ContactdeskError) else ""
            text = (
                cancelled_message
                or own
                or _("{title} abgebrochen; es wurde nichts geändert.").format(title=title)
            )
            self.announce(Change.note(text))
            return OpResult(cancelled=True)
        except ContactdeskError as exc:
            log.info("%s failed: %s", title, type(exc).__name__)
            if show_errors:
                prompts.show_error(where, exc.message, title)
            return OpResult(error=exc)
        except storage_error_types() as exc:
            error = self._storage_error(exc)
            if error is None:
                raise
            if show_errors:
                prompts.show_error(where, error.message, title)
            return OpResult(error=error)
        if command is not None:
            self.undo_stack.push(command(value))
        change = on_done(value) if on_done is not None else None
        if change is not None:
            self.announce(change)
        return OpResult(value=value)

    def _storage_error(self, exc: BaseException) -> ContactdeskError | None:
        """The file could not be written (damaged, disk full, read-only, locked): a German
        message that says which, and the typed input is kept -- in the window (the editor
        stays unsaved) and in a recovery file (`on_storage_failure`)."""
        from contactdesk.core.dberrors import Failure, classify, database_message

        if classify(exc, self.db.path) is Failure.OTHER:
            return None
        log.error("write failed: %r", exc)
        text = database_message(exc, self.db.path)
        kept = None
        if self.on_storage_failure is not None:
            try:
                kept = self.on_storage_failure(text)
            except Exception:
                log.exception("keeping the unsaved input failed")
        if kept is not None:
            text += " " + _(
                "Ihre Eingaben sind nicht verloren: Sie stehen weiter im Fenster und wurden "
                "zusätzlich gesichert in {path}."
            ).format(path=kept)
        else:
            text += " " + _("Ihre Eingaben stehen weiter im Fenster.")
        return ContactdeskError(text, detail=repr(exc))

    # ------------------------------------------------------------------ undo / redo
    def clear_history(self) -> None:
        """Forget every undo and redo step (after a restore: they name rows of the old file)."""
        self.undo_stack.clear()

    def undo(self) -> bool:
        if not self.undo_stack.can_undo:
            return False
        kinds = self.undo_stack.undo_kinds
        return self._replay(self.undo_stack.undo, _("Rückgängig gemacht: {text}"), kinds)

    def redo(self) -> bool:
        if not self.undo_stack.can_redo:
            return False
        kinds = self.undo_stack.redo_kinds
        return self._replay(self.undo_stack.redo, _("Wiederholt: {text}"), kinds)

    def _replay(self, step: Callable[[], str], template: str, kinds: frozenset[Kind]) -> bool:
        try:
            text = step()
        except ContactdeskError as exc:
            prompts.show_error(
                self.error_parent,
                _("Der Schritt kann nicht ausgeführt werden: {message}").format(
                    message=exc.message
                ),
            )
            return False
        self.announce(Change(template.format(text=text), kinds))
        return True
