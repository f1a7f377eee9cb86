"""Pieces every dialog is made of: its title and column, a wrapped text with a name for screen
readers, and the pair of answer buttons. Written once so the dialogs stay alike."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout


def begin_dialog(dialog: QDialog, title: str, object_name: str = "") -> QVBoxLayout:
    """Give the dialog its title (read aloud as its name too) and return its column."""
    dialog.setWindowTitle(title)
    if object_name:
        dialog.setObjectName(object_name)
    dialog.setAccessibleName(dialog.windowTitle())
    return QVBoxLayout(dialog)


def note_label(text: str, name: str = "") -> QLabel:
    """A text that wraps in a narrow dialog; `name` is what a screen reader calls it."""
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setAccessibleName(name)
    return label


def answer_buttons(
    dialog: QDialog, accept: str, reject: str, on_accept: Callable[[], object] | None = None
) -> tuple[QDialogButtonBox, QPushButton]:
    """The accept and reject buttons (accept runs `on_accept`, else closes with Accepted)."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(reject, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


__all__ = ["answer_buttons", "begin_dialog", "note_label"]
