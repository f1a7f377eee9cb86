"""Kontakte › Dubletten suchen: the pairs are listed, the merge dialog merges with a per-field
choice, and the merge is undone and redone through the window; after undo both records equal
the originals."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from contactdesk.core.db import Database
from contactdesk.core.errors import NotFoundError
from contactdesk.gui.dialogs import duplicates as dd
from contactdesk.gui.mainwindow import MainWindow

from .helpers import add_org, add_person, get, role


def test_merge_undo_redo(qtbot: Any, window: MainWindow, db: Database, monkeypatch: Any) -> None:
    org = add_org(db, "Verein Obstwiese")
    first = add_person(db, "Bärbel", "Schößler", "b@example.de", roles=[role(org, "Kassenwartin")])
    second = add_person(db, "Baerbel", "Schössler", "", tags=["Presse"], title="Dr.")
    add_person(db, "Paul", "Kurz")
    before = [get(db, first.id or 0).to_dict(), get(db, second.id or 0).to_dict()]

    opened: list[dd.DuplicatesDialog] = []
    monkeypatch.setattr(dd.DuplicatesDialog, "exec", lambda self: opened.append(self) or 0)
    menu_entry = window.privacy.find_duplicates
    assert menu_entry in window.privacy.menu.actions()
    menu_entry.trigger()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert len(dialog.pairs) == 1
    assert dialog.table.item(0, 0).text() == f"Bärbel Schößler (Nr. {first.id})"
    assert "anderer Schreibweise" in dialog.table.item(0, 3).text()
    assert dialog.merge_button.isEnabled()

    merges: list[dd.MergeDialog] = []

    def run_merge(self: dd.MergeDialog) -> int:
        merges.append(self)
        self.choose("last_name", "other")
        self.do_merge()
        return self.result()

    monkeypatch.setattr(dd.MergeDialog, "exec", run_merge)
    dialog.merge_button.click()
    merge_dialog = merges[0]
    qtbot.addWidget(merge_dialog)
    assert merge_dialog.result() == QDialog.DialogCode.Accepted
    assert merge_dialog.choices["title"][1].isChecked()  # only the other record has a title
    assert dialog.pairs == [] and "Keine" in dialog.summary.text()

    merged = get(db, first.id or 0)
    assert merged.last_name == "Schössler" and merged.first_name == "Bärbel"
    assert merged.title == "Dr." and merged.tags == ["Presse"]
    assert [r.function for r in merged.roles] == ["Kassenwartin"]
    with pytest.raises(NotFoundError):
        get(db, second.id or 0)

    assert window.ops.undo_stack.undo_text.startswith("Zusammenführen")
    window.undo()
    assert [get(db, first.id or 0).to_dict(), get(db, second.id or 0).to_dict()] == before
    window.redo()
    assert get(db, first.id or 0).last_name == "Schössler"
    window.undo()
    assert [get(db, first.id or 0).to_dict(), get(db, second.id or 0).to_dict()] == before


def test_warning_while_typing_a_new_contact(qtbot: Any, window: MainWindow, db: Database) -> None:
    from contactdesk.gui.actions import ActionId

    add_person(db, "Bärbel", "Schößler", "b@example.de")
    add_person(db, "Paul", "Kurz")
    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    qtbot.keyClicks(editor.first_name, "Baerbel")
    editor.last_name.setText("Schössler")  # no e-mail typed
    qtbot.waitUntil(editor.duplicate_hint.isVisible, timeout=3000)
    assert "Bärbel Schößler" in editor.duplicate_hint.text()
    assert "anderer Schreibweise" in editor.duplicate_hint.text()
    editor.last_name.setText("Kurzweil")
    assert editor.check_duplicates() == []
    assert not editor.duplicate_hint.isVisible()
    editor.discard()
