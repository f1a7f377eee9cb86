"""The skeleton of the window's areas: a list of records beside the editor of one of them.

`AreaWidget` is what every area (also the Übersicht) shares: the runner, the action registry,
the settings, a clock, the status-bar signal, the subscription to the kinds of record it shows
and the quiet answers of the Area protocol. `MasterDetailArea` adds the list <-> editor sync
that Kontakte, Vereinbarungen, Termine and Vorlagen share, written once:

- the user selects a row -> the editor's unsaved input is asked about (`confirm_leave`), then the
  record opens; "Abbrechen" puts the selection back on the record the editor still shows;
- the editor saved, the list was re-read or filtered -> the list selects the editor's record
  again without reopening it (`sync_selection`); a record the list does not show clears it;
- a new record -> the selection is cleared quietly; a deleted record -> the editor is emptied
  and the row at the same place is selected;
- Delete (`ask_delete`, `run_delete`), Save, Discard, Find, F5, the splitter and column state
  and the unsaved-changes guard of the window (gui/area.py's protocol).

An area names its records by a key (`int` ids, or the Termine area's occurrence key) and binds
five answers where it builds its list and editor: `key_at(row)`, `row_of_key(key)`,
`shown_key()`, `open_key(key)`, `has_record()`. The helpers at the top build the controls every
area's bar and list repeat.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import Kind
from contactdesk.core.i18n import _
from contactdesk.gui.actions import ActionId
from contactdesk.gui.ops import Change, OpResult, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.fit_columns import FitColumns
from contactdesk.gui.widgets.search_keys import SearchKeys

K = TypeVar("K")
Actions = dict[ActionId, QAction]


# ---------------------------------------------------------------------- the controls
def configure_list(view: QAbstractItemView, *, alternating: bool = True) -> None:
    """Whole rows, one at a time, read-only, no wrapping, no row numbers: every list of the
    areas (and the Fristen table) reads this way."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    if isinstance(view, QTableView):
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)


def record_table(
    name: str,
    model: QAbstractItemModel,
    widths: Iterable[int],
    *,
    keep: tuple[int, ...],
    sort: tuple[int, Qt.SortOrder] | None = None,
) -> tuple[QTableView, FitColumns]:
    """The list of an area: named, sortable if `sort` gives the first sort column, columns the
    user can widen starting at `widths`, and never sideways scrolling (FitColumns keeps the
    columns `keep` and gives way on the others)."""
    table = named(QTableView(), name)
    table.setModel(model)
    if sort is not None:
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(*sort)
    configure_list(table)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    return table, FitColumns(table, keep=keep)


def column(parent: QWidget, top: int = 0) -> QVBoxLayout:
    """The layout of an area's page: a column without margins (`top`: a gap under a tab bar);
    the window's page frame gives the room around it."""
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(0, top, 0, 0)
    return layout


def tab_column(parent: QWidget, name: str) -> QTabWidget:
    """An area whose page is a row of tabs (Vereinbarungen: list and Fristen; Sitzungen:
    Vorlagen and Sitzungen)."""
    tabs = named(QTabWidget(), name)
    column(parent).addWidget(tabs)
    return tabs


def side_by_side(left: QWidget, right: QWidget, stretch: tuple[int, int]) -> QSplitter:
    """The list beside the editor: a splitter that never hides a side, growing by `stretch`."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    return splitter


def tab_chain(*widgets: QWidget) -> None:
    """Tab visits the widgets in this order (the bar from left to right, then the list)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def search_field(name: str, placeholder: str, min_width: int) -> QLineEdit:
    """The search or filter box at the left of an area's bar."""
    edit = named(QLineEdit(), name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.setMinimumWidth(min_width)
    return edit


def add_filters(bar: QBoxLayout, combos: Iterable[tuple[QComboBox, int | None]]) -> None:
    """Put filter boxes into the bar; a length keeps a box from growing with long entries
    (None: as wide as its entries)."""
    for combo, length in combos:
        if length is None:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        else:
            combo.setMinimumContentsLength(length)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        bar.addWidget(combo)


def delay_timer(parent: QWidget, ms: int, slot: Callable[[], None]) -> QTimer:
    """A single-shot timer: typing restarts it, `slot` runs when the typing pauses."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


def select_table_row(table: QTableView, row: int) -> None:
    """Make `row` the current, selected row of a single-selection list and show it."""
    index = table.model().index(row, 0)
    table.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)


def refill_combo(combo: QComboBox, first: str, entries: Iterable[tuple[str, object]]) -> bool:
    """Fill a filter box anew ("all" first, then `entries` as (text, data)) without signals,
    keeping the chosen entry; False when it is gone (the box then shows "all")."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, None)
    for text, data in entries:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
    return current is None or index >= 0


def reset_filters(combos: Iterable[QComboBox]) -> None:
    """Every filter box back to its first entry ("all"), quietly."""
    for combo in combos:
        combo.blockSignals(True)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)


# ---------------------------------------------------------------------- the area
class AreaWidget(QWidget):
    """What every area shares; implements the plumbing of gui/area.py's Area protocol.

    A subclass names itself (`key`, `title`: the accessible name, an N_ text) and the kinds of
    record it shows (`watches`: a Change naming one of them calls `refresh`), and builds its
    widgets in `setup()`, which the constructor calls before it subscribes."""

    key = ""
    title = ""
    watches: frozenset[Kind] = frozenset()

    sig_status_changed = Signal(str)
    """The count text for the status bar changed."""

    def __init__(
        self,
        ops: Ops,
        actions: Actions,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._actions = actions
        self._settings = settings
        self._clock = clock or (lambda: datetime.now(UTC))
        self.setAccessibleName(_(self.title))
        self.setup()
        if self.watches:
            ops.subscribe(self.watches, lambda change: self.refresh(change))

    def setup(self) -> None:
        """Build the area's widgets (and subscribe to changes beyond `watches`)."""

    def status_text(self) -> str:
        return ""

    def emit_status(self) -> None:
        self.sig_status_changed.emit(self.status_text())

    def reload(self) -> None:
        """F5: read everything shown again (e.g. after others changed the data)."""
        self.refresh(Change())

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only for the kinds the area watches)."""

    # the rest of the Area protocol as an area answers it that creates, edits and keeps nothing
    # (the Übersicht); MasterDetailArea answers for an editor
    def start(self) -> None:
        self.reload()

    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: nothing to create here."""

    def focus_search(self) -> None:
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def has_unsaved_changes(self) -> bool:
        return False

    def confirm_leave(self) -> bool:
        """Leaving is fine when nothing is unsaved (an editor asks first)."""
        return not self.has_unsaved_changes()

    def can_save(self) -> bool:
        """Save (and Discard) stay disabled: no editor here."""
        return False

    def save(self) -> bool:
        """Ctrl+S: only where `can_save` allows it."""
        return False

    def delete_current(self) -> bool:
        """Del: nothing to delete here."""
        return False

    def restore_state(self) -> None:
        """Nothing kept: the area sizes itself."""

    def save_state(self) -> None:
        """Nothing to keep."""


class DetailEditor(Protocol):
    """What the area asks of its editor (ContactEditor, AgreementEditor, EventEditor, ...)."""

    def is_dirty(self) -> bool: ...

    def can_save(self) -> bool: ...

    def save(self) -> bool: ...

    def discard(self) -> None: ...

    def clear(self) -> None: ...

    def confirm_leave(self) -> bool: ...


class MasterDetailArea(AreaWidget, Generic[K]):
    """An area with a list of records beside their editor (see the module docstring).

    A subclass builds `self.table`, `self.editor`, `self.splitter` and `self.search` in
    `setup()`, then calls `follow_list()` and `follow_editor(...)`. `pane_sizes`: the
    splitter's first sizes, before the user moved it; the user's splitter and columns are kept
    under the area's key (QSettings "contacts/splitter", "contacts/header") unless
    `keeps_panes` is False."""

    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes (the main window updates Save/Discard)."""

    table: QTableView
    editor: DetailEditor
    splitter: QSplitter
    search: QLineEdit
    _syncing = False
    pane_sizes: tuple[int, ...] = (640, 640)
    keeps_panes = True

    # -------------------------------------------------------------- what a subclass answers
    #: the key of the record in a row of the list (as shown: sorted, filtered)
    key_at: Callable[[int], K | None]
    #: the row that shows a record, None when the list does not show it
    row_of_key: Callable[[K], int | None]
    #: the key of the record in the editor (None: nothing, or a new unsaved record)
    shown_key: Callable[[], K | None]
    #: open a record in the editor (its unsaved input is already dealt with); False: failed
    open_key: Callable[[K], bool]
    #: whether the editor shows a record (stored or new)
    has_record: Callable[[], bool]

    def restore_state(self) -> None:
        """The splitter and the list's columns as the user left them, else `pane_sizes`."""
        stored = self._settings.view_state(f"{self.key}/splitter") if self.keeps_panes else None
        if stored is not None:
            self.splitter.restoreState(stored)
        else:
            self.splitter.setSizes(list(self.pane_sizes))
        header = self._settings.view_state(f"{self.key}/header") if self.keeps_panes else None
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def save_state(self) -> None:
        if self.keeps_panes:
            self._settings.set_view_state(f"{self.key}/splitter", self.splitter.saveState())
            header = self.table.horizontalHeader().saveState()
            self._settings.set_view_state(f"{self.key}/header", header)

    def show_list(self) -> None:
        """Bring the list into view (an area with tabs switches to the list's tab)."""

    def show_everything(self) -> None:
        """Clear the search and the filters (a record to show is hidden by them)."""

    def opened(self, key: K) -> None:
        """The user opened `key` from the list (e.g. a preview follows)."""

    # -------------------------------------------------------------- wiring
    def follow_list(self) -> None:
        """Open what the user selects in the list."""
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    def follow_editor(self, saved: SignalInstance, dirty: SignalInstance) -> None:
        """After a save the list selects the saved record; the dirty state goes to the window.
        (`saved`, `dirty`: the editor's sig_saved and sig_dirty_changed.)"""
        saved.connect(lambda _id: self.sync_selection())
        dirty.connect(self.sig_dirty_changed.emit)

    def follow_search(self, apply: Callable[[], None]) -> None:
        """The search box's keys (gui/widgets/search_keys.py): Down into the list, Enter runs
        `apply` at once and opens the first hit, Escape clears it."""
        self.search_keys = SearchKeys(
            self.search, self.table, apply=apply, select_row=self.select_row
        )

    def bind_delete(self, *widgets: QWidget, local: bool = False) -> None:
        """The window's Delete acts on these widgets only, never while typing in the editor
        (`local`: also make the shortcut work only where the focus is)."""
        delete = self._actions.get(ActionId.DELETE)
        if delete is None:
            return
        if local:
            delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        for widget in widgets:
            widget.addAction(delete)

    # -------------------------------------------------------------- selection
    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Change the list's selection without opening anything."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def select_row(self, row: int) -> None:
        """Select a row as the user would (opens it in the editor)."""
        select_table_row(self.table, row)

    def selected_key(self) -> K | None:
        """The key of the selected row (None: no row selected)."""
        sm = self.table.selectionModel()
        index = sm.currentIndex()
        if not index.isValid() or not sm.isRowSelected(index.row()):
            return None
        return self.key_at(index.row())

    def sync_selection(self) -> None:
        """Select the editor's record in the list, without side effects."""
        with self.quietly():
            key = self.shown_key()
            row = self.row_of_key(key) if key is not None else None
            sm = self.table.selectionModel()
            if row is None:
                sm.clearSelection()
                sm.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                self.select_row(row)

    def clear_selection(self) -> None:
        with self.quietly():
            self.table.selectionModel().clearSelection()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        key = self.key_at(current.row())
        if key is None or key == self.shown_key():
            return
        if self.confirm_leave() and self.open_key(key):
            self.opened(key)
        else:  # the user stayed, or the record is gone: the list shows the editor's record
            QTimer.singleShot(0, self.sync_selection)

    def open_record(self, key: K) -> bool:
        """Show a record in the editor (navigation from elsewhere): the list in view, unsaved
        input asked about, filters that hide the record cleared."""
        self.show_list()
        if key != self.shown_key() and not self.confirm_leave():
            return False
        if self.row_of_key(key) is None:
            self.show_everything()
        if key != self.shown_key() and not self.open_key(key):
            return False
        self.sync_selection()
        return True

    def begin_new(self) -> bool:
        """Before a new record: the list in view, unsaved input dealt with, no row selected."""
        self.show_list()
        if not self.confirm_leave():
            return False
        self.clear_selection()
        return True

    # -------------------------------------------------------------- the Area protocol
    def confirm_leave(self) -> bool:
        """The editor asks about its unsaved changes; True when it is fine to show another."""
        return self.editor.confirm_leave()

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def can_save(self) -> bool:
        """Save and Discard apply: a record is open with something to save."""
        return self.has_record() and self.editor.can_save()

    def save(self) -> bool:
        return self.editor.save() if self.has_record() else False

    def discard(self) -> None:
        self.editor.discard()

    def focus_search(self) -> None:
        self.show_list()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def delete_current(self) -> bool:
        """Del: delete the selected record (else the one in the editor) once the user agreed
        (`ask_delete`), undoably (`run_delete`); then the row in its place is selected."""
        key = self.selected_key()
        if key is None:
            key = self.shown_key()
        if key is None or not self.ask_delete(key):
            return False
        return self.delete_record(key, lambda: self.run_delete(key))

    def ask_delete(self, key: K) -> bool:
        """The German question before deleting `key`; True: delete."""
        raise NotImplementedError

    def run_delete(self, key: K) -> OpResult[Any]:
        """Delete `key` through Ops.run (with its undo command and message)."""
        raise NotImplementedError

    def delete_record(self, key: K, run: Callable[[], OpResult[Any]]) -> bool:
        """The tail of every Delete: empty the editor if it shows the record, `run` the
        deletion, then select the row that took its place."""
        row = self.row_of_key(key)
        if self.shown_key() == key:
            self.editor.clear()
        result = run()
        count = self.table.model().rowCount()
        if result.ok and row is not None and count:
            self.select_row(min(row, count - 1))
        return result.ok
