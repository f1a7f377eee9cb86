"""Read-only tables of records inside an editor (the members of an organisation, the agreements of
a contact, the status history and the documents of an agreement): one look, one way to fill them.

Every row may carry its record's id (`Qt.ItemDataRole.UserRole` of each cell); activating such a
row (double click, Enter) emits `sig_record_activated` with that id. `fit_rows` makes the table
exactly as high as its rows, up to a limit, so a short list does not leave an empty frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


@dataclass(frozen=True)
class Record:
    """One row: the text of each column, the record's id, and the tool tip of each cell."""

    texts: Sequence[str]
    id: int | None = None
    tips: Sequence[str] | None = None


class RecordTable(QTableWidget):
    """A table the user reads and opens records from, never edits."""

    sig_record_activated = Signal(int)
    """A row with a record id was activated (double click or Enter): that id."""

    def __init__(self, name: str, headers: Sequence[str], *, stretch: int, tip: str = "") -> None:
        super().__init__(0, len(headers))
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        if tip:
            self.setToolTip(tip)
        self.itemActivated.connect(self._on_activated)

    def set_records(self, records: Sequence[Record]) -> None:
        self.setRowCount(len(records))
        for row, record in enumerate(records):
            for col, text in enumerate(record.texts):
                item = QTableWidgetItem(text)
                if record.id is not None:
                    item.setData(Qt.ItemDataRole.UserRole, record.id)
                if record.tips is not None:
                    item.setToolTip(record.tips[col])
                self.setItem(row, col, item)

    def record_id(self, row: int) -> int | None:
        """The id carried by a row (None for a row without one, or no such row)."""
        item = self.item(row, 0)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if value is not None else None

    def fit_rows(self, most: int) -> None:
        """As high as the rows shown (at least one, at most `most`; more scroll)."""
        self.setFixedHeight(
            min(most, max(1, self.rowCount())) * self.verticalHeader().defaultSectionSize()
            + self.horizontalHeader().sizeHint().height()
            + 2 * self.frameWidth()
        )

    def _on_activated(self, item: QTableWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if value is not None:
            self.sig_record_activated.emit(int(value))
