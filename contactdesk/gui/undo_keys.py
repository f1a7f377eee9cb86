"""Ctrl+Z and Ctrl+Y from every widget: a text field's own typing first, then the app's stack.

Qt's text fields take Undo and Redo for themselves even when they have nothing to undo, so the
window's Rückgängig never fired while the cursor stood in a field (and after Speichern it always
does). This filter lets a field keep the keys only while it has typing of its own to take back —
as Outlook does — and hands them to the window's actions otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_UNDO = (QKeySequence.StandardKey.Undo,)
_REDO = (QKeySequence.StandardKey.Redo,)
#: besides the platform's Redo keys the window also offers these
_EXTRA_REDO = ("Ctrl+Y", "Ctrl+Shift+Z")


def _own_history(widget: QObject, redo: bool) -> bool | None:
    """Whether a text widget has its own undo (redo) step; None for other widgets."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit) or widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit() or widget
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None


def _is_redo(event: QKeyEvent) -> bool:
    if any(event.matches(k) for k in _REDO):
        return True
    pressed = QKeySequence(event.keyCombination())
    return any(
        pressed.matches(QKeySequence(k)) == QKeySequence.SequenceMatch.ExactMatch
        for k in _EXTRA_REDO
    )


class FieldUndoFirst(QObject):
    """An application event filter for one window (see the module docstring)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QWidget):
            return False
        key_event = event if isinstance(event, QKeyEvent) else None
        if key_event is None or watched.window() is not self._window:
            return False
        if any(key_event.matches(k) for k in _UNDO):
            redo = False
        elif _is_redo(key_event):
            redo = True
        else:
            return False
        own = _own_history(watched, redo)
        if own is None or own:
            return False  # not a text field, or it has typing of its own to take back
        key_event.ignore()  # the field does not claim the key: the window's shortcut fires
        return True
