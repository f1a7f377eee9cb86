"""The one skeleton of every record editor (contact, agreement, event, paper).

An editor shows one record or nothing. What they all share lives here, once:

- the frame: a heading, a subtitle and the error summary on top (`_frame_top`, `_show_heading`
  for a new or a stored record); a stack with the placeholder page ("nothing selected") and the
  form (`_frame_stack`, `_scroll_page`; `_frame_page` both for an editor without tabs); the bar
  with the dirty label, *Verwerfen* and *Speichern* at the bottom (`_frame_bar`);
- the state: `_open` (a record is shown), `_loaded` (what the database had), `_baseline` (the
  fields as shown after loading), `_loading` (filling the fields: edits are not the user's);
  dirty tracking with `sig_dirty_changed`, and `confirm_leave` for the unsaved-changes question;
- the errors: simple fields (`_field_widgets`: key -> widget and its error label) and row lists
  (`_lists`: key -> RowList, "key.3" names row 3) are marked, summarised, scrolled to and focused
  by `_show_errors`; `field_error(key)` tells tests and screen readers what a field shows;
- the save: `_store` runs create or update (with the record's version, for team mode) through
  `Ops.run` with an undo command, and `_save_failed` gives every editor the same answer to a
  failed save (field errors, the conflict dialog and reload, or the error box).
- the showing: `record_id`; `_read_to_show` (a record to open, or the German error),
  `_reread` (the shown record again, or cleared when it is gone), and `_filling`, the block in
  which an editor fills its fields (then the page, the scroll position, baseline and heading);
  `reload` reads the shown record again with `_read_record` and hands it to `_refresh` (which
  keeps unsaved input when asked to).

An editor differs through small hooks, each with a default: `snapshot()` (what "changed" compares),
`_can_save(dirty)`, `_update_title()`, `_show_other_error(key, message)` and
`_clear_other_errors()` for targets that are neither a field nor a row list,
`_other_field_error(key)`, `_reveal(widget)` (an editor with tabs shows the right tab first), and
`leave_name()` (how the unsaved-changes question names a new record).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import Kind
from contactdesk.core.errors import ContactdeskError, NotFoundError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.team.versions import VersionConflictError
from contactdesk.core.undo import Command
from contactdesk.gui import prompts, theme
from contactdesk.gui.dialogs.conflict import ConflictChoice, OwnInputWindow, resolve_conflict
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import (
    INVALID_STYLESHEET,
    error_label,
    has_pending_dates,
    heading_label,
    mark_invalid,
    named,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


class ErrorList(Protocol):
    """A list of rows that shows errors at a row or at the whole list (views/widgets.RowList)."""

    add_button: QWidget

    def set_item_error(self, index: int, message: str) -> QWidget | None: ...

    def set_error(self, message: str | None) -> None: ...

    def clear_errors(self) -> None: ...


class EditorBase(QWidget):
    """Shows one record (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_saved = Signal(int)
    """A record was created or updated (its id)."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""

    def __init__(self, ops: Ops, parent: QWidget | None, accessible_name: str) -> None:
        super().__init__(parent)
        self._ops = ops
        #: the user's own input kept after a conflict reload (gui/dialogs/conflict.py)
        self._own_input: OwnInputWindow | None = None
        self._loaded: Any = None
        self._baseline: Any = None
        self._open = False
        self._loading = False
        self._dirty = False
        self._field_widgets: dict[str, tuple[QWidget, QLabel | None]] = {}
        self._lists: dict[str, ErrorList] = {}
        theme.set_style(self, INVALID_STYLESHEET)
        self.setAccessibleName(accessible_name)

    # ------------------------------------------------------------------ frame
    def _frame_top(
        self, heading_name: str, subtitle_name: str, *, heading_scale: float = 1.35
    ) -> QVBoxLayout:
        """The editor's layout with heading, subtitle and error summary; returns the layout."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        self.heading = heading_label(heading_name, heading_scale)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)  # a narrow window wraps it instead of cutting it
        self.subtitle.setAccessibleName(subtitle_name)
        outer.addWidget(self.heading)
        outer.addWidget(self.subtitle)
        self.summary = error_label()
        self.summary.setAccessibleName(_("Fehler beim Speichern"))
        outer.addWidget(self.summary)
        return outer

    def _frame_stack(self, outer: QBoxLayout, placeholder: str, empty_name: str) -> None:
        """The stack of the placeholder page (shown while nothing is open) and the form pages."""
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(placeholder)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(empty_name)
        self.stack.addWidget(self.placeholder)

    def _scroll_page(self, name: str) -> QVBoxLayout:
        """A frameless scroll area (`self.scroll_area`) around a column; returns the column."""
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName(name)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.scroll_area.setWidget(body)
        #: the widget inside the scroll area (the one `watch` reports edits of)
        self.page = body
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        return column

    def _frame_page(
        self, outer: QBoxLayout, placeholder: str, empty_name: str, form_name: str
    ) -> QVBoxLayout:
        """The stack with the placeholder and one scrolling form page (an editor without tabs);
        returns the form's column."""
        self._frame_stack(outer, placeholder, empty_name)
        column = self._scroll_page(form_name)
        self.stack.addWidget(self.scroll_area)
        return column

    def _frame_bar(self, outer: QBoxLayout, leading: Iterable[QWidget] = ()) -> QHBoxLayout:
        """The bottom bar: `leading` buttons, the dirty label, Verwerfen and Speichern."""
        bar = QHBoxLayout()
        for widget in leading:
            bar.addWidget(widget)
        self.dirty_label = QLabel()
        self.dirty_label.setWordWrap(True)  # wraps in a narrow pane instead of being cut
        self.dirty_label.setAccessibleName(_("Bearbeitungsstand"))
        bar.addWidget(self.dirty_label, 1)
        self.discard_button = named(
            QPushButton(_("Verwerfen")), _("Verwerfen"), _("Ungespeicherte Änderungen verwerfen")
        )
        self.save_button = named(
            QPushButton(_("Speichern")), _("Speichern"), _("Speichern (Strg+S)")
        )
        self.discard_button.clicked.connect(self.discard)
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        return bar

    def _show_empty(self, title: str) -> None:
        """The placeholder page, no errors, nothing to save: the part of `clear()` all share."""
        self._loaded = None
        self._open = False
        self._baseline = None
        self._clear_errors()
        self.stack.setCurrentWidget(self.placeholder)
        self.heading.setText(title)
        self.subtitle.setText("")
        self._set_dirty(False)  # nothing open: Speichern and Verwerfen go grey

    # ------------------------------------------------------------------ state
    @property
    def is_new(self) -> bool:
        """A record is open that was never stored."""
        return self._open and self.record_id is None

    def snapshot(self) -> Any:
        """The fields as typed, compared with the baseline to tell whether something changed."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        return self._open and (self.snapshot() != self._baseline or has_pending_dates(self))

    def _can_save(self, dirty: bool) -> bool:
        return self._open and (dirty or self.is_new)

    def can_save(self) -> bool:
        """Is there something to save? (The window's Save action and Ctrl+S follow this, like
        the editor's own button: saving an unchanged record would bump its version, making
        another desk's edit conflict, and leave an undo step that changes nothing.)"""
        return self._can_save(self.is_dirty())

    def _update_title(self) -> None:
        """Show the record's name as it is typed (the heading)."""

    def _show_heading(self, name: str, new_name: str, stored: Callable[[], str]) -> None:
        """The heading as the name is typed: a new record shows `new_name` until it has a name
        and "Noch nicht gespeichert", a stored one its name (or "–") and `stored()` below."""
        if self.is_new:
            self.heading.setText(name or new_name)
            self.subtitle.setText(_("Noch nicht gespeichert"))
        else:
            self.heading.setText(name or "–")
            self.subtitle.setText(stored())

    def _on_edited(self) -> None:
        if self._loading or not self._open:
            return
        self._update_title()
        self._set_dirty(self.is_dirty())

    def _set_dirty(self, dirty: bool) -> None:
        can = self._can_save(dirty)
        self.save_button.setEnabled(can)
        self.discard_button.setEnabled(can)
        self.dirty_label.setText(_("Ungespeicherte Änderungen") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_dirty_changed.emit(dirty)

    # ------------------------------------------------------------------ leaving
    def leave_name(self) -> str:
        """How the unsaved-changes question names the record."""
        return self.display_name()

    def display_name(self) -> str:
        raise NotImplementedError

    def save(self) -> bool:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def reload(self, *, keep_edits: bool = True) -> bool:
        """Re-read the shown record; False (and cleared) when it is gone. A new record stays as
        it is. With `keep_edits` and unsaved changes `_refresh` keeps what the user typed."""
        record = self.record_id
        if record is None:
            return self._open
        data = self._reread(lambda s: self._read_record(s, record))
        if data is None:
            return False
        self._refresh(data, keep_edits=keep_edits and self.is_dirty())
        return True

    def _read_record(self, session: Session, record_id: int) -> Any:
        """The stored record with this id, as the editor shows it (for `reload`)."""
        raise NotImplementedError

    def _refresh(self, data: Any, *, keep_edits: bool) -> None:
        """Show the record read again by `reload`; `keep_edits`: there are unsaved changes to
        keep (refresh only what the user cannot edit here)."""
        raise NotImplementedError

    def discard(self) -> None:
        """Throw away unsaved changes: reload the stored record, or close a new one."""
        if self.record_id is not None:
            self.reload(keep_edits=False)
        else:
            self.clear()

    def confirm_leave(self) -> bool:
        """Ask about unsaved changes; True when it is fine to show something else."""
        return not self.is_dirty() or prompts.settle_unsaved(
            self, self.leave_name(), self.save, self.discard
        )

    # ------------------------------------------------------------------ saving
    def _store(
        self,
        data: Any,
        *,
        create: Callable[[Session], T],
        read: Callable[[Session, int], T],
        write: Callable[..., T],
        created: Callable[[T], Command],
        updated: Callable[[T, T], Command],
        created_message: Callable[[T], str],
        saved_message: Callable[[T], str],
        kinds: Iterable[Kind],
        contact_ids: Callable[[T], set[int]] | None = None,
    ) -> tuple[T | None, ContactdeskError | None]:
        """Create (no id yet) or update the record with undo; returns (stored, error).

        An update reads the record as stored (`read(session, id)`, the undo command needs the
        before and the after) and writes it with `write(session, id, data,
        expected_version=data.row_version)`, so a save over someone else's raises
        VersionConflictError."""
        kinds = tuple(kinds)
        record_id = getattr(data, "id", None)
        if record_id is None:
            result = self._ops.run(
                create,
                command=created,
                message=created_message,
                contact_ids=contact_ids,
                show_errors=False,
                kinds=kinds,
            )
            return result.value, result.error

        def update(session: Session) -> tuple[T, T]:
            before = read(session, record_id)
            return before, write(session, record_id, data, expected_version=data.row_version)

        pair = self._ops.run(
            update,
            command=lambda ba: updated(*ba),
            message=lambda ba: saved_message(ba[1]),
            contact_ids=(lambda ba: contact_ids(ba[1])) if contact_ids else None,
            show_errors=False,
            kinds=kinds,
        )
        return (pair.value[1] if pair.value else None), pair.error

    def _save_failed(self, error: ContactdeskError, data: Any) -> None:
        """The one answer to a failed save: the fields, the conflict dialog, or a message."""
        if isinstance(error, ValidationError):
            self._show_errors(error.fields)
        elif isinstance(error, VersionConflictError):
            choice, self._own_input = resolve_conflict(self, error, data, self._loaded)
            if choice is ConflictChoice.RELOAD:
                self.reload(keep_edits=False)
        else:
            prompts.show_error(self, error.message)

    # ------------------------------------------------------------------ showing
    @property
    def loaded(self) -> Any:
        """The record as the database had it when shown (None: nothing open, or a new one)."""
        return self._loaded

    @property
    def record_id(self) -> int | None:
        """The id of the stored record shown (None: nothing shown, or a new record)."""
        return getattr(self._loaded, "id", None)

    @property
    def has_record(self) -> bool:
        """A record is shown (a stored or a new one)."""
        return self._open

    def _read_to_show(self, read: Callable[[Session], T]) -> T | None:
        """A record read to be shown; None after the German error box (it is gone, the
        database cannot be read)."""
        try:
            return self._ops.read(read)
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return None

    def _reread(self, read: Callable[[Session], T]) -> T | None:
        """The shown record read again; None, and the editor cleared, when it is gone or
        deleted (someone else deleted it, an undo removed it)."""
        try:
            data = self._ops.read(read)
        except NotFoundError:
            self.clear()
            return None
        if getattr(data, "deleted", False):
            self.clear()
            return None
        return data

    def _shown_page(self) -> QWidget:
        """The page of the stack that shows a record (an editor with tabs: the tab widget)."""
        return self.scroll_area

    @contextmanager
    def _filling(self, data: Any, loaded: Any) -> Iterator[None]:
        """Fill the form with `data` inside this block (`loaded`: what the database has; None for
        a new record).

        Inside, edits are not the user's (`_loading`). After it the form page shows without old
        errors, at the top unless the same stored record is shown again (a save, a refresh: the
        user stays where they are), the fields become the baseline, the heading follows and
        nothing is dirty."""
        record = getattr(data, "id", None)
        same = record is not None and record == self.record_id
        self._loading = True
        try:
            self._loaded = loaded
            self._open = True
            yield
            self._clear_errors()
            self.stack.setCurrentWidget(self._shown_page())
            if not same:
                self.scroll_area.verticalScrollBar().setValue(0)
            self._baseline = self.snapshot()
        finally:
            self._loading = False
        self._update_title()
        self._set_dirty(False)

    # ------------------------------------------------------------------ errors
    def _clear_other_errors(self) -> None:
        """Hide the errors of targets that are neither a simple field nor a row list."""

    def _show_other_error(self, key: str, message: str) -> QWidget | None:
        """Show an error of another target; returns the widget to focus (or None)."""
        return None

    def _other_field_error(self, key: str) -> str:
        return ""

    def _reveal(self, widget: QWidget) -> None:
        """Bring the first field with an error into view and focus it."""
        self.scroll_area.ensureWidgetVisible(widget)
        widget.setFocus()

    def _clear_errors(self) -> None:
        self.summary.setVisible(False)
        self.summary.setText("")
        for widget, err in self._field_widgets.values():
            mark_invalid(widget, None)
            if err is not None:
                err.setVisible(False)
        for rows in self._lists.values():
            rows.clear_errors()
        self._clear_other_errors()

    def _show_errors(self, fields: dict[str, str]) -> None:
        """Mark every field named in `fields` ("key" or "key.row"), list all messages on top and
        focus the first field."""
        first: QWidget | None = None
        for key, message in fields.items():
            name, _sep, index = key.partition(".")
            target: QWidget | None
            if name in self._field_widgets:
                widget, err = self._field_widgets[name]
                mark_invalid(widget, message)
                if err is not None:
                    err.setText(message)
                    err.setVisible(True)
                target = widget
            elif name in self._lists:
                rows = self._lists[name]
                if index.isdigit():
                    target = rows.set_item_error(int(index), message)
                else:
                    rows.set_error(message)
                    target = rows.add_button
            else:
                target = self._show_other_error(key, message)
            if first is None and target is not None:
                first = target
        lines = [_("Bitte korrigieren Sie die markierten Angaben:"), *fields.values()]
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(True)
        if first is not None:
            self._reveal(first)

    def field_error(self, key: str) -> str:
        """The error text shown at a field (for tests and accessibility checks)."""
        if key in self._field_widgets:
            err = self._field_widgets[key][1]
            return err.text() if err is not None and not err.isHidden() else ""
        return self._other_field_error(key)

    def _tab_order(self, chain: Iterable[QWidget]) -> None:
        """Tab walks through `chain` in this order and ends on Verwerfen and Speichern."""
        for first, second in itertools.pairwise([*chain, self.discard_button, self.save_button]):
            QWidget.setTabOrder(first, second)


__all__ = ["EditorBase", "ErrorList"]
