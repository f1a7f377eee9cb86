"""Finding 2 of issue 18 (window part): when a save fails for a reason of the file (here: a
real lock held by another connection), the window says what is wrong in German, the typed
input stays in the editor and is also written to a recovery file (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from contactdesk.core.db import Database
from contactdesk.gui import prompts, recovery
from contactdesk.gui.mainwindow import MainWindow


@pytest.fixture(autouse=True)
def recovery_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "recovery"
    monkeypatch.setenv("CONTACTDESK_RECOVERY_DIR", str(folder))
    return folder


def test_a_failed_save_keeps_the_input_and_says_why(
    window: MainWindow, db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, text, title=None: shown.append(text))
    editor = window.contacts.editor
    window.contacts.new_contact()
    editor.first_name.setText("Jürgen")
    editor.last_name.setText("Nichtverloren")
    assert db.path is not None
    other = sqlite3.connect(db.path, isolation_level=None)  # another program writes
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert window.contacts.save() is False  # waits busy_timeout, then gives up
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(shown) == 1
    assert "gesperrt" in shown[0] and "Ihre Eingaben sind nicht verloren" in shown[0]
    assert "beschädigt" not in shown[0]
    # the input is still in the window ...
    assert editor.last_name.text() == "Nichtverloren" and editor.is_dirty()
    # ... and in a recovery file offered at the next start
    files = recovery.pending_recoveries()
    assert len(files) == 1 and str(files[0]) in shown[0]
    saved = json.loads(files[0].read_text(encoding="utf-8"))
    assert "Nichtverloren" in json.dumps(saved, ensure_ascii=False)
    # once the lock is gone, the same input saves
    assert window.contacts.save() is True
