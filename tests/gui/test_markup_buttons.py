"""The Sachverhalt is formatted with buttons; the PDF reads what they write."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from contactdesk.core.formats.pdf import markup
from contactdesk.gui.widgets.markup_buttons import (
    BULLET,
    HEADING,
    insert_link,
    toggle_bold,
    toggle_line_prefix,
)


def edit_with(qtbot: Any, text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    return edit


def select(edit: QPlainTextEdit, start: int, end: int) -> None:
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def test_lines_become_a_list_and_back_in_one_undo(qtbot: Any) -> None:
    edit = edit_with(qtbot, "Warum?\nNetzwerk\nFörderung")
    select(edit, 8, len(edit.toPlainText()))
    toggle_line_prefix(edit, BULLET)
    assert edit.toPlainText() == "Warum?\n- Netzwerk\n- Förderung"
    toggle_line_prefix(edit, BULLET)
    assert edit.toPlainText() == "Warum?\nNetzwerk\nFörderung"
    toggle_line_prefix(edit, BULLET)
    edit.undo()
    assert edit.toPlainText() == "Warum?\nNetzwerk\nFörderung"


def test_heading_bold_and_link_are_what_the_pdf_reads(qtbot: Any) -> None:
    edit = edit_with(qtbot, "Warum Engagierte Stadt?\n\nKeine Beiträge.")
    select(edit, 0, 0)
    toggle_line_prefix(edit, HEADING)
    start = edit.toPlainText().index("Keine")
    select(edit, start, start + len("Keine"))
    toggle_bold(edit)
    edit.moveCursor(QTextCursor.MoveOperation.End)
    edit.insertPlainText(" ")
    insert_link(edit)
    assert edit.textCursor().selectedText() == "https://"
    edit.insertPlainText("https://www.engagiertestadt.de")  # pasted over the placeholder
    text = edit.toPlainText()
    assert text.startswith("## Warum Engagierte Stadt?")
    assert "**Keine** Beiträge." in text
    assert "(https://www.engagiertestadt.de)" in text
    blocks = markup.parse(text)
    assert (blocks[0].kind, blocks[0].text) == ("h", "Warum Engagierte Stadt?")
    assert blocks[1].kind == "p" and "Keine" in blocks[1].text


def test_a_list_line_made_a_heading_loses_its_dash(qtbot: Any) -> None:
    edit = edit_with(qtbot, "- Netzwerk")
    toggle_line_prefix(edit, HEADING)
    assert edit.toPlainText() == "## Netzwerk"
    assert markup.parse(edit.toPlainText())[0].kind == "h"
