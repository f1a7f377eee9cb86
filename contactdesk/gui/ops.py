"""The operation runner: one session per user action, errors shown in German, one change signal.

The GUI never builds queries: it hands a service call to `read` or `run`. Every write that can be
undone pushes a command on the core UndoStack; undo and redo go through here too, so every view
refreshes in one place (`sig_changed`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from contactdesk.core.db import Database
from contactdesk.core.dberrors import storage_error_types
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.undo import Command, UndoStack
from contactdesk.gui.dialogs import prompts

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """What an operation changed, for views to refresh and the status bar to report."""

    message: str = ""
    contact_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass
class OpResult(Generic[T]):
    value: T | None = None
    error: ContactdeskError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


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
        contact_ids: Callable[[T], set[int]] | None = None,
        show_errors: bool = True,
    ) -> OpResult[T]:
        """A write in one session (committed on success). Returns the value or the error."""
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
        ids = frozenset(contact_ids(value)) if contact_ids else frozenset()
        self.sig_changed.emit(Change(text, ids))
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
    def undo(self) -> bool:
        if not self.undo_stack.can_undo:
            return False
        return self._replay(self.undo_stack.undo, _("Rückgängig gemacht: {text}"))

    def redo(self) -> bool:
        if not self.undo_stack.can_redo:
            return False
        return self._replay(self.undo_stack.redo, _("Wiederholt: {text}"))

    def _replay(self, step: Callable[[], str], template: str) -> bool:
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
        self.sig_changed.emit(Change(template.format(text=text)))
        return True
