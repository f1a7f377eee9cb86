"""A multi-line plain text field as the editors' forms use it: named for screen readers, Tab
moves on to the next field (instead of typing a tab), an optional height limit and a hint."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from contactdesk.gui.views.widgets import named


def plain_text_edit(
    name: str, placeholder: str = "", *, max_height: int = 0, tip: str = ""
) -> QPlainTextEdit:
    """`max_height` 0: as high as the layout allows."""
    edit = named(QPlainTextEdit(), name, tip)
    edit.setTabChangesFocus(True)
    if max_height:
        edit.setMaximumHeight(max_height)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit
