"""The keys of a search field above a list: Down into the list, Enter to the first hit, Escape.

One behaviour for every area: Down (or Page Down) moves into the list with a row selected, Enter
runs the search at once and opens its first hit, Escape clears the field. Without it, the list
was four Tabs away and Enter or Down did nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit


class SearchKeys(QObject):
    """An event filter on one search field (see the module docstring)."""

    def __init__(
        self,
        search: QLineEdit,
        view: QAbstractItemView,
        *,
        apply: Callable[[], None],
        select_row: Callable[[int], None],
    ) -> None:
        super().__init__(search)
        self._search = search
        self._view = view
        self._apply = apply
        self._select_row = select_row
        search.installEventFilter(self)

    def _rows(self) -> int:
        model = self._view.model()
        return model.rowCount() if model is not None else 0

    def _current_row(self) -> int | None:
        selection = self._view.selectionModel()
        if selection is None:
            return None
        index = selection.currentIndex()
        if index.isValid() and selection.isRowSelected(index.row()):
            return index.row()
        return None

    def into_list(self, *, first: bool) -> bool:
        """Run the search now and move into the list; False when it found nothing."""
        self._apply()
        if not self._rows():
            return False
        row = self._current_row()
        if first or row is None:
            self._select_row(0)
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._search or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if not self._view.isVisible() and key != Qt.Key.Key_Escape:
            return False  # the list is not shown (a calendar view): the keys stay the field's
        if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.into_list(first=False)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.into_list(first=True)
            return True
        if key == Qt.Key.Key_Escape and self._search.text():
            self._search.clear()
            self._apply()
            return True
        return False
