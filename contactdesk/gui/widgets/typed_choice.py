"""Choosing one entry of a list by typing part of it (a session of the schedule, an agreement, a
document): `ChoiceDialog`. Asked through `prompts.choose_one`, so a test answers it there."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.gui.models.agreements import fold
from contactdesk.gui.views.widgets import line_edit, named
from contactdesk.gui.widgets.dialog_parts import answer_buttons


class ChoiceDialog(QDialog):
    """Choose one entry of a list by typing part of it (sessions, agreements, documents)."""

    def __init__(
        self, parent: QWidget | None, title: str, items: list[tuple[Any, str]], empty: str
    ) -> None:
        """`items`: (value handed back, text shown); `empty`: the hint when nothing matches."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(480, 420)
        self._items = items
        layout = QVBoxLayout(self)
        self.search = line_edit(_("Suchen"), _("Teil des Namens oder Datums …"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        layout.addWidget(self.search)
        self.results = named(QListWidget(), title)
        self.results.itemActivated.connect(lambda _i: self.accept())
        layout.addWidget(self.results, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self._empty = empty
        buttons, self.ok = answer_buttons(self, _("Übernehmen"), _("Abbrechen"))
        layout.addWidget(buttons)
        self.results.currentRowChanged.connect(lambda _r: self._update_ok())
        self.refresh()

    def refresh(self) -> None:
        words = fold(self.search.text()).split()
        self.results.clear()
        for value, text in self._items:
            if all(w in fold(text) for w in words):
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                self.results.addItem(item)
        self.hint.setText("" if self.results.count() else self._empty)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update_ok()

    def select_text(self, text: str) -> bool:
        """Select the first entry containing `text` (tests and keyboard users)."""
        for i in range(self.results.count()):
            if text in self.results.item(i).text():
                self.results.setCurrentRow(i)
                return True
        return False

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.results.currentItem() is not None)

    def chosen(self) -> Any:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
