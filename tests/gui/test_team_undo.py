"""Undo in the window over PostgreSQL: a step over a newer version saved by someone else is
refused with the conflict message, and nothing is overwritten."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from contactdesk.core.db import Database, open_database
from contactdesk.core.services import contacts as cs
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person, get


@pytest.fixture
def db(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.dispose()


def test_undo_in_the_window_does_not_overwrite_a_colleagues_save(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = add_person(db, "Anna", "Schulze")
    pid = person.id or 0
    editor = window.contacts.editor
    assert editor.open_contact(pid)
    editor.notes.setPlainText("mein Text")
    assert editor.save() is True
    assert window.ops.undo_stack.can_undo
    colleague = open_database(db.url)
    try:
        with colleague.session() as s:
            s.info["audit_user"] = "referent"
            data = cs.get_contact(s, pid)
            cs.update_contact(
                s,
                pid,
                dataclasses.replace(data, notes="ihr Text"),
                expected_version=data.row_version,
            )
    finally:
        colleague.dispose()
    errors: list[str] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda parent, message, title=None: errors.append(message)
    )
    window.action_registry[ActionId.UNDO].trigger()
    assert len(errors) == 1 and "von referent geändert" in errors[0]
    assert "Notizen" in errors[0]
    assert get(db, pid).notes == "ihr Text"
    assert window.ops.undo_stack.can_undo  # still there, nothing half done
