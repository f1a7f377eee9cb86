"""The window notices a contact saved by someone else and shows it without a restart."""

from __future__ import annotations

import dataclasses

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person


def test_others_save_refreshes_list_and_unedited_editor(window: MainWindow, db: Database) -> None:
    person = add_person(db, "Anna", "Schulze")
    watcher = window.change_watcher
    watcher.poll()  # the contact added above, as by another desk
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    assert watcher.poll() is False  # nothing new

    with db.session() as s:  # another desk renames her
        s.info["audit_user"] = "referent"
        data = cs.get_contact(s, person.id or 0)
        cs.update_contact(s, person.id or 0, dataclasses.replace(data, last_name="Schmidt"))

    kinds: list[list[str]] = []
    watcher.sig_others_changed.connect(kinds.append)
    assert watcher.poll() is True
    assert kinds == [["contact"]]
    assert editor.last_name.text() == "Schmidt"
    assert "Anna Schmidt" in [
        window.contacts.model.data(window.contacts.model.index(r, 0))
        for r in range(window.contacts.model.rowCount())
    ]
    assert "Änderungen anderer übernommen: Kontakte." in window.statusBar().currentMessage()


def test_own_saves_are_not_announced_again(window: MainWindow, db: Database) -> None:
    person = add_person(db, "Anna", "Schulze")
    watcher = window.change_watcher
    watcher.poll()
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    editor.last_name.setText("Schmidt")
    assert editor.save() is True
    assert watcher.poll() is False


def test_unsaved_input_survives_a_refresh(window: MainWindow, db: Database) -> None:
    person = add_person(db, "Anna", "Schulze")
    watcher = window.change_watcher
    watcher.poll()
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    editor.notes.setPlainText("mein Text")
    with db.session() as s:
        data = cs.get_contact(s, person.id or 0)
        cs.update_contact(s, person.id or 0, dataclasses.replace(data, first_name="Annette"))
    assert watcher.poll() is True
    assert editor.notes.toPlainText() == "mein Text"
    editor.clear()
