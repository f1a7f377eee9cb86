"""The main window over a PostgreSQL database (team mode): list, edit, save, conflict."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from contactdesk.core import audit
from contactdesk.core.db import Database, open_database
from contactdesk.core.services import contacts as cs
from contactdesk.gui.dialogs.conflict import ConflictChoice
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person, get
from tests.gui.test_conflict import answer_conflict


@pytest.fixture
def db(pg_url: str) -> Iterator[Database]:
    """The window's database is a fresh one on the throwaway PostgreSQL server."""
    database = open_database(pg_url)
    yield database
    database.dispose()


def test_window_edits_and_saves_on_the_server(window: MainWindow, db: Database) -> None:
    person = add_person(db, "Jörg", "Müller", "j.mueller@example.de")
    window.contacts.model.refresh()
    assert window.contacts.model.rowCount() == 1
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    editor.notes.setPlainText("Rückruf am Montag")
    assert editor.save() is True
    assert get(db, person.id or 0).notes == "Rückruf am Montag"
    with db.session() as s:
        last = audit.list_entries(s)[-1]
    assert (last.user_name, last.action, last.fields) == ("postgres", audit.CHANGED, ["notes"])


def test_window_on_the_server_refuses_to_overwrite(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = add_person(db, "Anna", "Schulze")
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    editor.notes.setPlainText("mein Text")
    with db.session() as s:
        s.info["audit_user"] = "referent"
        data = cs.get_contact(s, person.id or 0)
        cs.update_contact(s, person.id or 0, dataclasses.replace(data, notes="ihr Text"))
    asked = answer_conflict(monkeypatch, ConflictChoice.RELOAD)
    assert editor.save() is False
    assert "von referent geändert" in asked[0].message.text()
    assert editor.notes.toPlainText() == "ihr Text"
    assert editor._own_input is not None
    assert "mein Text" in editor._own_input.text.toPlainText()
    editor._own_input.close()
