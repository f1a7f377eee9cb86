"""The one base of the read-only list models: rows of a service's row type, shown by columns.

Every list of the window (contacts, agreements, papers, sessions, the agenda, the participants)
holds a Python list of rows that a service returned and shows them through a table of columns.
What they share lives here: the row list and its reset, the lookups by row number and by key,
row and column counts, the header texts, and the roles every list answers the same way
(display, tool tip, accessible text, sort value, id). A model adds only what is its own: how it
loads, and the roles that colour or mark a cell (`cell()`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from contactdesk.core.i18n import _

if TYPE_CHECKING:
    from contactdesk.gui.ops import Ops

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")
F = TypeVar("F")

#: Role that returns a row's id (contact, agreement, paper, session event).
IdRole = Qt.ItemDataRole.UserRole + 1
#: Role with a value that sorts correctly (dates as ISO text, amounts as numbers).
SortRole = Qt.ItemDataRole.UserRole + 2


def date_sort(value: date | None) -> str:
    """Sort value of an optional date: a missing date sorts after every real one."""
    return value.isoformat() if value else "9999"


def _no_sort(_row: Any) -> Any:
    return None


class Column(NamedTuple):
    """A column: its header (marked with N_, translated when shown), the text of a row, and
    the value it sorts by (the text when none is given)."""

    header: str
    display: Callable[[Any], str]
    sort: Callable[[Any], Any] = _no_sort


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of one row type, shown through `columns`."""

    sig_loaded = Signal()
    """Emitted after the rows were replaced (new filter or refresh)."""

    #: the columns of the list (set by each model)
    columns: Sequence[Column] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    # ------------------------------------------------------------------ rows
    def key_of(self, record: R) -> Hashable:
        """The key `row_of` finds a record by (its id unless a model says otherwise)."""
        return getattr(record, "id", None)

    def _replace_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.sig_loaded.emit()

    @property
    def rows(self) -> list[R]:
        return list(self._rows)

    def record(self, row: int) -> R | None:
        """The record shown in `row`, or None outside the list."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def id_at(self, row: int) -> int | None:
        """The id of the record in `row`, or None outside the list."""
        record = self.record(row)
        return None if record is None else getattr(record, "id", None)

    def row_of(self, key: Any) -> int | None:
        """The row of the record with this key among the loaded rows, or None."""
        for i, record in enumerate(self._rows):
            if self.key_of(record) == key:
                return i
        return None

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, record: R, column: int, role: int) -> Any:
        """What a cell shows for a role; models override it for their own roles and call
        this for the rest: the text (also read aloud), the text as tool tip (none when empty),
        the sort value and the id."""
        col = self.columns[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return col.display(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.display(record) or None
        if role == SortRole:
            value = col.sort(record)
            return col.display(record) if value is None else value
        if role == IdRole:
            return getattr(record, "id", None)
        return None

    def sorted_rows(self, rows: Sequence[R], column: int, order: Qt.SortOrder) -> list[R]:
        """The rows ordered by a column's sort value (its text when it has none)."""
        col = self.columns[column]

        def key(record: R) -> Any:
            value = col.sort(record)
            return col.display(record) if value is None else value

        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Sort the loaded rows in place (the caller announces the layout change)."""
        self._rows[:] = self.sorted_rows(self._rows, column, order)


class FilteredTableModel(RowTableModel[R], Generic[R, F]):
    """Rows a service lists for a filter: a new filter reads them again."""

    def __init__(self, ops: Ops, flt: F, parent: Any = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._filter = flt

    @property
    def filter(self) -> F:
        return self._filter

    def set_filter(self, flt: F) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Read the rows of the current filter again."""
        raise NotImplementedError


__all__ = [
    "Column",
    "FilteredTableModel",
    "IdRole",
    "Index",
    "RowTableModel",
    "SortRole",
    "date_sort",
]
