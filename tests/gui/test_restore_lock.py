"""Finding 1 of issue 18 (window part): the window restores through its writer lock, changed
from shared to exclusive for the restore, so a command-line import that is writing finishes
first or the restore is refused in German with nothing changed (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from contactdesk.core import backup as bk
from contactdesk.core.services import contacts as cs
from contactdesk.gui import datasafety, prompts
from contactdesk.gui.mainwindow import MainWindow


def add(window: MainWindow, name: str) -> None:
    window.ops.run(lambda s: cs.create_contact(s, cs.ContactData(last_name=name)))


def test_window_restore_waits_for_a_command_then_refuses_and_later_works(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = window.db.path
    assert database is not None
    lock = bk.DatabaseLock(database)
    assert lock.acquire(shared=True)  # as gui/app.py does for a running window
    window.database_lock = lock
    add(window, "Gesichert")
    saved = bk.create_backup(database, tmp_path / "s.sqlite")
    add(window, "Danach")
    monkeypatch.setattr(datasafety, "RESTORE_WAIT", 0.3)
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    errors: list[str] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda _p, message, title=None: errors.append(message)
    )
    command: Any = bk.DatabaseLock(database)
    assert command.acquire(shared=True)  # a command-line import is running
    try:
        assert not window.data_safety.restore(saved)
    finally:
        command.release()
    assert "Import über die Kommandozeile" in errors[0] and "nichts verändert" in errors[0]
    assert lock.held and lock.shared  # the window keeps its shared lock
    assert not list(database.parent.glob("*.vor-wiederherstellung-*"))
    # the command ended: the same restore goes through, and the window is shared again
    assert window.data_safety.restore(saved)
    assert window.ops.read(cs.count_contacts) == 1
    assert lock.held and lock.shared
    lock.release()
