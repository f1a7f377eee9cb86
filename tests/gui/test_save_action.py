"""Bearbeiten › Speichern (Ctrl+S) follows the editor: it waits for a change, like the editor's
own button. Saving an unchanged record would raise its version (another desk's open edit then
conflicts) and leave an undo step that changes nothing (pytest-qt, offscreen, demo data)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtTest import QTest

from contactdesk.core.db import Database
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.exchange_support import demo


@pytest.mark.parametrize("key", ["contacts", "agreements"])
def test_save_waits_for_a_change_and_an_unchanged_record_is_not_written(
    window: MainWindow, db: Database, qtbot: Any, key: str
) -> None:
    demo(db)
    assert window.show_area(key)
    area = window.area(key)
    area.reload()  # F5: the demo was written beside the window
    area.select_row(0)
    editor = area.editor
    assert editor.has_record and not editor.is_dirty()
    save = window.action_registry[ActionId.SAVE]
    record = editor.record_id
    assert record is not None

    def version() -> int:
        with db.session() as session:
            data = (
                cs.get_contact(session, record)
                if key == "contacts"
                else ag.get_agreement(session, record)
            )
        return data.row_version

    before = version()
    undo = window.ops.undo_stack
    steps = undo.undo_text
    assert not save.isEnabled()  # nothing typed: nothing to save
    QTest.keySequence(window, "Ctrl+S")
    assert version() == before and undo.undo_text == steps  # nothing written

    field = editor.notes if key == "contacts" else editor.description
    field.setFocus()
    QTest.keyClicks(field, " Ergaenzt.")  # ASCII: QTest aborts on umlauts
    assert editor.is_dirty()
    qtbot.waitUntil(save.isEnabled)
    save.trigger()
    assert not editor.is_dirty() and version() > before
    assert undo.can_undo and undo.undo_text != steps
    assert not save.isEnabled()  # saved: nothing left to save
