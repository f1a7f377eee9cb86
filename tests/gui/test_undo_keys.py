"""Ctrl+Z in a text field: the field's own typing first, then the application's stack."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from contactdesk.core.db import Database
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person

CTRL = Qt.KeyboardModifier.ControlModifier


def last_name(db: Database, contact_id: int) -> str:
    from contactdesk.core.services import contacts as cs

    with db.session() as s:
        return cs.get_contact(s, contact_id).last_name


def test_ctrl_z_in_a_field_after_saving_undoes_the_save(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    person = add_person(db, "Lena", "Müller", "lena@example.org")
    assert person.id is not None
    window.contacts.reload()
    window.contacts.select_row(0)
    editor = window.contacts.editor
    editor.last_name.setFocus()
    qtbot.keyClick(editor.last_name, Qt.Key.Key_End)
    qtbot.keyClicks(editor.last_name, "-Schulze")
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.keyClick(editor.last_name, Qt.Key.Key_S, CTRL)
    assert last_name(db, person.id) == "Müller-Schulze"
    assert editor.last_name.hasFocus()  # the cursor is still in the field

    qtbot.keyClick(editor.last_name, Qt.Key.Key_Z, CTRL)
    assert last_name(db, person.id) == "Müller"
    assert editor.last_name.text() == "Müller"
    qtbot.keyClick(editor.last_name, Qt.Key.Key_Y, CTRL)
    assert last_name(db, person.id) == "Müller-Schulze"


def test_the_fields_own_typing_is_undone_first(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    person = add_person(db, "Lena", "Müller", "lena@example.org")
    assert person.id is not None
    window.contacts.reload()
    window.contacts.select_row(0)
    editor = window.contacts.editor
    editor.last_name.setText("Müller-Schulze")
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    editor.first_name.setFocus()
    qtbot.keyClick(editor.first_name, Qt.Key.Key_End)
    qtbot.keyClicks(editor.first_name, "x")
    assert editor.first_name.text() == "Lenax"

    qtbot.keyClick(editor.first_name, Qt.Key.Key_Z, CTRL)  # the typing
    assert editor.first_name.text() == "Lena"
    assert last_name(db, person.id) == "Müller-Schulze"
    qtbot.keyClick(editor.first_name, Qt.Key.Key_Z, CTRL)  # then the save
    assert last_name(db, person.id) == "Müller"


def test_an_ampersand_in_a_title_stays_in_the_undo_label(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    add_person(db, "Lena", "Müller", "lena@example.org")
    window.contacts.reload()
    window.contacts.select_row(0)
    editor = window.contacts.editor
    editor.last_name.setText("Müller & Co")
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    action = window.action_registry[ActionId.UNDO]
    assert "Müller && Co" in action.text()  # shown as "Müller & Co", not "Müller  Co"


def test_delete_is_off_on_the_overview(window: MainWindow) -> None:
    window.show_area("dashboard")
    assert not window.action_registry[ActionId.DELETE].isEnabled()
    window.show_area("contacts")
    assert window.action_registry[ActionId.DELETE].isEnabled()


def test_saving_keeps_the_place_and_selects_nothing(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    """After Speichern the form stayed on top with the e-mail text selected: the next key
    replaced it."""
    person = add_person(db, "Lena", "Müller", "lena@example.org")
    window.resize(1000, 600)
    window.contacts.reload()
    window.contacts.select_row(0)
    editor = window.contacts.editor
    field = editor.emails.rows[0].address
    editor.scroll_area.ensureWidgetVisible(field)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClicks(field, "x")
    scrolled = editor.scroll_area.verticalScrollBar().value()
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.keyClick(field, Qt.Key.Key_S, CTRL)
    assert person.id is not None
    field = editor.emails.rows[0].address
    assert field.text() == "xlena@example.org"
    assert field.hasFocus() and field.selectedText() == ""
    assert field.cursorPosition() == 1
    assert editor.scroll_area.verticalScrollBar().value() == scrolled
