"""Datensicherung and Wiederherstellen of the window in team mode, against the real PostgreSQL
server of tests/pg.py: the same checked pg_dump file as `main.py backup`, a restore only into
another, empty database after checking the file, German notes when something is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QPushButton

from contactdesk.core import audit
from contactdesk.core.db import Database, open_database
from contactdesk.core.services import contacts as cs
from contactdesk.core.team import pgdump
from contactdesk.gui import app, prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings
from tests.pg import PASSWORD, PgServer


@pytest.fixture
def db(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    yield database
    database.dispose()


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda parent, message, title=None: shown.append(message)
    )
    return shown


def _add(window: MainWindow, first: str, last: str) -> None:
    window.ops.run(lambda s: cs.create_contact(s, cs.ContactData(first_name=first, last_name=last)))


def _backup(window: MainWindow, target: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    offered: list[str] = []

    def save(parent: Any, title: str, start: str, filters: str) -> str:
        offered.append(start)
        offered.append(filters)
        return str(target)

    monkeypatch.setattr(prompts, "choose_save_file", save)
    window.action_registry[ActionId.BACKUP].trigger()
    return offered


def test_backup_writes_a_checked_pg_dump(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[str]
) -> None:
    _add(window, "Jörg", "Müller")
    target = tmp_path / "team.dump"
    offered = _backup(window, target, monkeypatch)
    assert errors == []
    assert offered[0].endswith(".dump") and "*.dump" in offered[1]
    assert target.read_bytes()[:5] == b"PGDMP"
    info = pgdump.inspect_dump(target)  # pg_restore --list reads it back
    assert {"contact", "audit_entry", "alembic_version"} <= info.tables
    assert "pg_dump-Format" in window.statusBar().currentMessage()
    assert not list(tmp_path.glob("*.tmp"))


def test_restore_goes_into_an_empty_database_only(
    window: MainWindow,
    db: Database,
    pg_server: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[str],
) -> None:
    _add(window, "Jörg", "Müller")
    _add(window, "Ayşe", "Öztürk")
    target = tmp_path / "team.dump"
    _backup(window, target, monkeypatch)
    monkeypatch.setattr(prompts, "choose_open_file", lambda *a: str(target))
    answers: list[str] = []
    monkeypatch.setattr(prompts, "ask_text", lambda parent, title, label, ok: answers.pop(0))
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_message", lambda box: shown.append(box.text()))

    # into the open database: refused before anything runs
    answers.append(pgdump.database_name(db.url))
    assert not window.data_safety.restore()
    assert "gerade arbeiten" in errors.pop()
    # into another database that is not empty: refused, it stays as it was
    full = pg_server.new_database()
    answers.append(pgdump.database_name(full))
    assert not window.data_safety.restore()
    assert "nicht leer" in errors.pop()
    # into an empty database the IT created
    empty = pg_server.new_database(migrated=False)
    answers.append(pgdump.database_name(empty))
    assert window.data_safety.restore()
    assert errors == []
    assert PASSWORD not in shown[0] and "***" in shown[0]
    assert pgdump.database_name(empty) in shown[0]
    restored = open_database(empty)
    try:
        with restored.session() as s:
            names = [r.display_name for r in cs.list_contacts(s)]
            assert names == ["Jörg Müller", "Ayşe Öztürk"]  # in name order
            assert len(audit.list_entries(s)) == 2
    finally:
        restored.dispose()
    # the window still works on its own database
    assert window.ops.read(cs.count_contacts) == 2
    for url in (full, empty):
        pg_server.drop_database(url)


def test_restore_refuses_a_file_that_is_no_server_backup(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[str]
) -> None:
    sqlite_backup = tmp_path / "einzelplatz.sqlite"
    sqlite_backup.write_bytes(b"SQLite format 3\x00" + bytes(100))
    asked: list[tuple[Any, ...]] = []

    def ask(*args: Any) -> str:
        asked.append(args)
        return "leer"

    monkeypatch.setattr(prompts, "ask_text", ask)
    assert not window.data_safety.restore(sqlite_backup)
    assert "keine Sicherung eines Datenbankservers" in errors[0]
    assert asked == []  # nothing asked before the file is checked


def test_missing_pg_dump_is_said_in_german(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[str]
) -> None:
    monkeypatch.setattr(pgdump.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgdump.glob, "glob", lambda pattern: [])
    target = tmp_path / "team.dump"
    _backup(window, target, monkeypatch)
    assert "pg_dump wurde nicht gefunden" in errors[0]
    assert "postgresql-client" in errors[0]
    assert not target.exists()


def test_cancelled_backup_ends_pg_dump_and_writes_nothing(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contactdesk.core.db import BackupCancelled

    target = tmp_path / "team.dump"
    with pytest.raises(BackupCancelled):
        pgdump.backup(db.url, target, lambda done, total: False)
    assert not target.exists() and not list(tmp_path.glob("*.tmp"))


def test_daily_backup_in_team_mode_is_the_it_s(db: Database, settings: Settings) -> None:
    settings.auto_backup = True
    note = app.daily_backup(db, settings)
    assert "macht die IT auf dem Server" in note
    settings.auto_backup = False
    assert app.daily_backup(db, settings) == ""


def test_the_database_name_prompt_is_german_and_fits_the_screen(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def answer(dialog: Any) -> int:
        dialog.show()
        seen["width"] = dialog.width()
        seen["buttons"] = sorted(b.text() for b in dialog.findChildren(QPushButton))
        dialog.setTextValue("contactdesk_neu")
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(prompts, "exec_dialog", answer)
    long_label = "Die Sicherung ist geprüft. " * 12 + "Name der leeren Datenbank:"
    name = prompts.ask_text(window, "Wiederherstellen", long_label, "&Wiederherstellen")
    assert name == "contactdesk_neu"
    assert seen["width"] <= 1024
    assert seen["buttons"] == ["&Wiederherstellen", "Abbrechen"]
    monkeypatch.setattr(prompts, "exec_dialog", lambda d: 0)
    assert prompts.ask_text(window, "Wiederherstellen", long_label, "&Wiederherstellen") == ""
