"""Finding 2 of issue 18 (window part): nothing checked the database's integrity, so a damaged
page was read and imported into without a word. Now `PRAGMA quick_check` runs in the
background on the first start of each day and a damage is reported in German with the way to
restore (pytest-qt, offscreen; a real file with a page overwritten by garbage)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from contactdesk.core import backup as bk
from contactdesk.core import healthcheck
from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.gui import prompts
from contactdesk.gui.mainwindow import MainWindow


def fill(db: Database, n: int = 600) -> None:
    with db.session() as session:
        cs.bulk_create(
            session, [cs.ContactData(last_name=f"Name{i:04d}", notes="n" * 300) for i in range(n)]
        )


def damage_page(path: Path, page: int | None = None) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = con.execute("PRAGMA page_size").fetchone()[0]
    count = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    with path.open("r+b") as fh:
        fh.seek(((page or count // 2) - 1) * size)
        fh.write(bytes((i * 53 + 7) % 256 for i in range(size)))


def test_quick_check_finds_a_damaged_page(db: Database) -> None:
    fill(db)
    assert db.path is not None
    assert healthcheck.quick_check(db.path).ok
    damage_page(db.path)
    result = healthcheck.quick_check(db.path)
    assert not result.ok and result.problems


def test_daily_check_reports_a_damage_with_the_way_to_restore(
    db: Database, window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db)
    assert db.path is not None
    good = bk.create_backup(db.path, bk.default_backup_folder(db.path) / "gut.sqlite")
    shown: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda _p, text, title=None: shown.append((text, title))
    )
    damage_page(db.path)
    assert window.data_safety.start_daily_check()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    text, title = shown[0]
    assert title == "Datenbank beschädigt"
    assert "tägliche Prüfung hat Schäden" in text and "Datei › Wiederherstellen" in text
    assert str(good) in text  # names the newest valid backup
    assert healthcheck.due_today(db.path)  # a damaged file is checked again at the next start


def test_daily_check_runs_once_a_day_on_a_healthy_file(
    db: Database, window: MainWindow, qtbot: Any
) -> None:
    fill(db, 50)
    assert db.path is not None
    assert window.data_safety.start_daily_check()
    check = window.data_safety.daily_check
    assert check is not None and check.check_thread is not None
    qtbot.waitUntil(lambda: not healthcheck.due_today(db.path), timeout=20000)  # type: ignore[arg-type]
    assert not window.data_safety.start_daily_check()  # not again today
    assert healthcheck.due_today(db.path, date.today() + timedelta(days=1))
