"""Buttons that format the text of a paper (Sachverhalt) without typing markup by hand.

The PDF reads a few plain-text signs (core/formats/pdf/markup.py): a blank line starts a new
paragraph, "## " a line a heading, "- " a list item, **…** bold text and [Text](https://…) a
link. People should not have to know them: these buttons set and remove them on the selected
lines or words, and the caption below says in words what the signs mean.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QToolButton, QWidget

from contactdesk.core.i18n import _

HEADING, BULLET = "## ", "- "


def _line_block(edit: QPlainTextEdit) -> tuple[int, int]:
    cursor = edit.textCursor()
    document = edit.document()
    first = document.findBlock(cursor.selectionStart()).blockNumber()
    last = document.findBlock(cursor.selectionEnd()).blockNumber()
    return first, last


def toggle_line_prefix(edit: QPlainTextEdit, prefix: str) -> None:
    """Put `prefix` before every selected line, or take it away when all have it (one undo)."""
    first, last = _line_block(edit)
    document = edit.document()
    blocks = [document.findBlockByNumber(n) for n in range(first, last + 1)]
    remove = all(b.text().startswith(prefix) for b in blocks)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for block in blocks:
        cursor.setPosition(block.position())
        if remove:
            cursor.setPosition(block.position() + len(prefix), QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
        else:
            other = HEADING if prefix == BULLET else BULLET
            if block.text().startswith(other):  # a heading is no list item and vice versa
                cursor.setPosition(block.position() + len(other), QTextCursor.MoveMode.KeepAnchor)
                cursor.removeSelectedText()
            cursor.insertText(prefix)
    cursor.endEditBlock()
    edit.setFocus()


def toggle_bold(edit: QPlainTextEdit) -> None:
    """**…** around the selection (or remove it); without a selection the cursor lands between."""
    cursor = edit.textCursor()
    text = cursor.selectedText()
    cursor.beginEditBlock()
    if text.startswith("**") and text.endswith("**") and len(text) >= 4:
        cursor.insertText(text[2:-2])
    elif text:
        cursor.insertText(f"**{text}**")
    else:
        cursor.insertText("****")
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.MoveAnchor, 2)
    cursor.endEditBlock()
    edit.setTextCursor(cursor)
    edit.setFocus()


def insert_link(edit: QPlainTextEdit) -> None:
    """[selection](https://) with the address part selected, ready to be typed over."""
    cursor = edit.textCursor()
    label = cursor.selectedText() or _("Linktext")
    cursor.beginEditBlock()
    cursor.insertText(f"[{label}](https://)")
    cursor.endEditBlock()
    end = cursor.position() - 1
    cursor.setPosition(end - len("https://"))
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    edit.setFocus()


def markup_bar(edit: QPlainTextEdit) -> QWidget:
    """The four buttons for an edit field."""
    bar = QWidget()
    row = QHBoxLayout(bar)
    row.setContentsMargins(0, 0, 0, 0)
    for text, name, tip, action in (
        (
            _("Zwischenüberschrift"),
            _("Zeile als Zwischenüberschrift"),
            _("Die gewählten Zeilen werden im PDF Zwischenüberschriften (Zeichen „## “)"),
            lambda: toggle_line_prefix(edit, HEADING),
        ),
        (
            _("Aufzählung"),
            _("Zeilen als Aufzählung"),
            _("Die gewählten Zeilen werden im PDF Aufzählungspunkte (Zeichen „- “)"),
            lambda: toggle_line_prefix(edit, BULLET),
        ),
        (
            _("Fett"),
            _("Fettdruck"),
            _("Die gewählten Wörter erscheinen im PDF fett (Zeichen „**“)"),
            lambda: toggle_bold(edit),
        ),
        (
            _("Link …"),
            _("Link einfügen"),
            _("Ein anklickbarer Verweis; danach die Adresse eintippen"),
            lambda: insert_link(edit),
        ),
    ):
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.clicked.connect(lambda _c=False, act=action: act())
        row.addWidget(button)
    row.addStretch(1)
    return bar
