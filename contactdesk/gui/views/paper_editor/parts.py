"""What the sections of the paper editor share: `Section` (a part of the form that knows its
editor), a group box with a column (or around one text field), a named push button wired to a slot, a row of buttons that
ends in a stretch, a line edit with a tool button beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.plain_text import plain_text_edit

if TYPE_CHECKING:
    from contactdesk.gui.views.paper_editor.editor import PaperEditor


class Section:
    """A part of the paper form: builds its boxes, fills and reads its fields, and asks its
    editor for the shared state (the runner, the paper shown, whether it may be changed)."""

    def __init__(self, editor: PaperEditor) -> None:
        self._editor = editor


def column_box(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    """A titled group box and the column inside it."""
    box = QGroupBox(title)
    return box, QVBoxLayout(box)


def text_box(
    title: str, placeholder: str, max_height: int
) -> tuple[QGroupBox, QVBoxLayout, QPlainTextEdit]:
    """A titled box around one multi-line field named like the box; its column takes more."""
    box, column = column_box(title)
    edit = plain_text_edit(title, placeholder, max_height=max_height)
    column.addWidget(edit)
    return box, column, edit


def action_button(text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    """A push button with its accessible name and tool tip; a click calls `slot()`."""
    button = named(QPushButton(text), name, tip)
    button.clicked.connect(lambda _c=False: slot())
    return button


def button_row(*widgets: QWidget) -> QHBoxLayout:
    """The buttons side by side, left-aligned (a stretch takes the rest of the width)."""
    bar = QHBoxLayout()
    for widget in widgets:
        bar.addWidget(widget)
    bar.addStretch(1)
    return bar


def with_button(edit: QLineEdit, button: QToolButton) -> QWidget:
    """`edit` taking the width, `button` after it, as one form field."""
    box = QWidget()
    h = QHBoxLayout(box)
    h.setContentsMargins(0, 0, 0, 0)
    h.addWidget(edit, 1)
    h.addWidget(button)
    return box
