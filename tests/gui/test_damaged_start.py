"""Finding 2 of issue 18 (start): a database with a damaged page in the middle opened
without a word and the window crashed with a traceback while loading. Now the start notices
the damage (the daily backup's integrity check, or a read while loading) and offers the newest
valid backup; the damaged file is kept (pytest-qt, offscreen; a real page of garbage)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from contactdesk.core import backup as bk
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs
from contactdesk.gui import prompts
from tests.gui.test_safety import ini_settings, start_app


def damaged_database(folder: Path, table_root: bool = False) -> tuple[Path, Path, bytes]:
    """A database with a page of garbage: one in the middle, or the root page of the contact
    table (which the window reads while it loads)."""
    path = folder / "db.sqlite"
    db = open_database(path)
    with db.session() as session:
        cs.bulk_create(
            session, [cs.ContactData(last_name=f"N{i:04d}", notes="x" * 300) for i in range(800)]
        )
    db.dispose()
    backup = bk.auto_backup(path, today=date(2024, 3, 1))  # yesterday's good backup
    assert backup is not None
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    count = con.execute("PRAGMA page_count").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'contact'").fetchone()[0]
    con.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1 if table_root else count * 2 // 3) * size)
        fh.write(bytes((i * 53 + 7) % 256 for i in range(size)))
    return path, backup, path.read_bytes()


def test_damage_found_at_start_offers_the_newest_valid_backup(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, backup, damaged = damaged_database(tmp_path)
    offered: list[str] = []

    def answer(box: QMessageBox) -> object:
        offered.append(box.text() + box.informativeText())
        return next(b for b in box.buttons() if "wiederherstellen" in b.text())

    monkeypatch.setattr(prompts, "exec_box", answer)
    settings = ini_settings(tmp_path)
    settings.first_run_done = True
    code, shown = start_app(monkeypatch, path, settings, "--no-welcome")
    assert code == 0 and len(offered) == 1
    assert "beschädigt" in offered[0] and str(backup) in offered[0]
    qtbot.addWidget(shown[0])
    assert shown[0].ready and shown[0].ops.read(cs.count_contacts) == 800
    kept = list(tmp_path.glob("db.vor-wiederherstellung-*.sqlite"))
    assert len(kept) == 1 and len(kept[0].read_bytes()) == len(damaged)  # kept, not deleted
    with pytest.raises(bk.BackupError, match="beschädigt"):
        bk.validate_backup(kept[0])  # it is the damaged file, kept as it was


def test_damage_read_while_loading_gives_a_german_offer_not_a_traceback(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _backup, damaged = damaged_database(tmp_path, table_root=True)
    texts: list[str] = []
    monkeypatch.setattr(prompts, "exec_box", lambda box: texts.append(box.text()))  # "Beenden"
    settings = ini_settings(tmp_path)
    settings.first_run_done = True
    settings.auto_backup = False  # no daily copy: the damage shows while the areas load
    code, shown = start_app(monkeypatch, path, settings, "--no-welcome")
    qtbot.addWidget(shown[0])
    assert code == 1 and texts and "beschädigt" in texts[0]
    assert path.read_bytes() == damaged  # left as it was
