"""Two desks save the same contact: the editor refuses to overwrite, offers reload or keep."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.gui import prompts
from contactdesk.gui.dialogs.conflict import ConflictChoice, ConflictDialog
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person, get


def _other_desk_renames(db: Database, cid: int) -> None:
    """Someone else (another login) saves the contact while it is open here."""
    with db.session() as s:
        s.info["audit_user"] = "referent"
        data = cs.get_contact(s, cid)
        cs.update_contact(
            s,
            cid,
            dataclasses.replace(data, last_name="Schulze-Neu"),
            expected_version=data.row_version,
        )


def answer_conflict(
    monkeypatch: pytest.MonkeyPatch, choice: ConflictChoice
) -> list[ConflictDialog]:
    """Answer the conflict question with `choice` by clicking the dialog's button; returns the
    dialogs asked (also used by tests/gui/test_team_window.py)."""
    asked: list[ConflictDialog] = []

    def fake(dialog: QDialog) -> int:
        assert isinstance(dialog, ConflictDialog)
        asked.append(dialog)
        button = dialog.reload_button if choice is ConflictChoice.RELOAD else dialog.keep_button
        button.click()  # the dialog's own buttons decide
        return dialog.result()

    monkeypatch.setattr(prompts, "exec_dialog", fake)
    return asked


def test_reload_shows_their_version_and_keeps_mine_to_copy(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = add_person(db, "Anna", "Schulze")
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    editor.notes.setPlainText("Telefonat am Montag: Zusage fuer den Workshop")
    _other_desk_renames(db, person.id or 0)
    asked = answer_conflict(monkeypatch, ConflictChoice.RELOAD)

    assert editor.save() is False

    assert len(asked) == 1
    assert "Zusage fuer den Workshop" in asked[0].own_text.toPlainText()
    assert "Notizen:" in asked[0].own_text.toPlainText()
    stored = get(db, person.id or 0)
    assert (stored.last_name, stored.notes) == ("Schulze-Neu", "")
    assert editor.last_name.text() == "Schulze-Neu"  # their version is shown now
    kept: Any = editor._own_input
    assert kept is not None and "Zusage fuer den Workshop" in kept.text.toPlainText()
    kept.close()


def test_keep_leaves_my_input_in_the_editor_and_nothing_is_overwritten(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = add_person(db, "Anna", "Schulze")
    editor = window.contacts.editor
    assert editor.open_contact(person.id or 0)
    editor.notes.setPlainText("Mein Text")
    _other_desk_renames(db, person.id or 0)
    asked = answer_conflict(monkeypatch, ConflictChoice.KEEP)

    assert editor.save() is False

    assert "„Anna Schulze-Neu“ wurde inzwischen von referent geändert" in asked[0].message.text()
    assert "Nachname" in asked[0].message.text()
    assert editor.notes.toPlainText() == "Mein Text"
    assert editor.is_dirty()
    assert get(db, person.id or 0).last_name == "Schulze-Neu"
    assert get(db, person.id or 0).notes == ""
    editor.clear()  # the kept input is unsaved on purpose: no closing question in teardown
