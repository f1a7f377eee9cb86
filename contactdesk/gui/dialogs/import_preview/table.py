"""The table of the import preview: the model over its lines (the "Was geschieht" cell of a
contact is editable), the combo box that edits it, and the filter of the shown lines.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from contactdesk.core.i18n import _
from contactdesk.core.services import contact_exchange as cx
from contactdesk.gui import theme
from contactdesk.gui.dialogs.import_preview.rows import (
    COL_ACTION,
    COLUMNS,
    FILTER_ALL,
    FILTER_DECIDE,
    FILTER_EVENTS,
    FILTER_INVALID,
    KIND_EVENT,
    PreviewRow,
    choice_text,
)

Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The rows of the preview; the "Was geschieht" cell of a contact is editable."""

    sig_decisions_changed = Signal()
    """A decision of a row changed (counts must be redrawn)."""

    def __init__(self, rows: list[PreviewRow], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ACTION and len(self.rows[index.row()].choices) > 1:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                _(row.kind),
                row.file,
                row.place,
                row.name,
                row.status_text,
                row.action_text,
                row.reason,
            )
            text = values[col]
            if role == Qt.ItemDataRole.ToolTipRole and col == COL_ACTION and row.choices:
                return _("{text} – ändern mit F2 oder Doppelklick").format(text=text)
            return text
        if role == Qt.ItemDataRole.EditRole and col == COL_ACTION:
            return row.decision
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.invalid:
                return theme.brush("error_text")
            if col == COL_ACTION and row.choices and row.decision == cx.SKIP:
                return theme.brush("muted")
        if role == Qt.ItemDataRole.FontRole and col == COL_ACTION and row.choices:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(row.status == cx.MATCH)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_ACTION:
            return False
        return self.set_decision(index.row(), str(value))

    def set_decision(self, row: int, code: str) -> bool:
        return self.set_decisions([row], code) == 1

    def set_decisions(self, rows: list[int], code: str) -> int:
        """Set `code` on every row that offers it; one change signal for all of them.

        (Few emits on purpose: with PySide6 6.12 on Python 3.11 every Signal.emit() from Python
        drops a reference to True.)
        """
        changed = []
        for row in rows:
            item = self.rows[row]
            if code in item.choices and item.decision != code:
                item.decision = code
                changed.append(row)
        if changed:
            first = self.index(min(changed), COL_ACTION)
            last = self.index(max(changed), COL_ACTION)
            self.dataChanged.emit(first, last)
            self.sig_decisions_changed.emit()
        return len(changed)

    def decisions(self) -> dict[int, str]:
        return {
            r.entry_index: r.decision
            for r in self.rows
            if r.entry_index is not None and r.choices and r.decision
        }


class DecisionDelegate(QStyledItemDelegate):
    """A combo box with the choices of the row."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = _source_model(index)
        row = model.rows[_source_row(index)]
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Was geschieht mit {name}").format(name=row.name))
        for code in row.choices:
            combo.addItem(choice_text(code, row.status), code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _source_model(index: Index) -> PreviewModel:
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    assert isinstance(model, PreviewModel)
    return model


def _source_row(index: Index) -> int:
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
        model = model.sourceModel()
    return index.row()


class RowFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.mode = FILTER_ALL

    def set_mode(self, mode: str) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        row = model.rows[source_row]
        if self.mode == FILTER_DECIDE:
            return row.status in (cx.MATCH, cx.DUPLICATE)
        if self.mode == FILTER_INVALID:
            return row.invalid
        if self.mode == FILTER_EVENTS:
            return row.kind == KIND_EVENT
        return True
