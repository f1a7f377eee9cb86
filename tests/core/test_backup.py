"""Backups, validation, restore, the database lock, the network-drive journal mode and the
command line for them (core only, no Qt)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from contactdesk.cli import main
from contactdesk.core import backup as bk
from contactdesk.core import db as dbmod
from contactdesk.core.db import BackupCancelled, Database, open_database
from contactdesk.core.services import contacts as cs


def add(db: Database, *names: str) -> None:
    with db.session() as session:
        for name in names:
            cs.create_contact(session, cs.ContactData(last_name=name))


def names_in(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in con.execute("SELECT last_name FROM person"))
    finally:
        con.close()


def test_backup_while_the_app_writes_is_consistent(sqlite_db: Database, tmp_path: Path) -> None:
    add(sqlite_db, "Urban", "Zimmermann")
    target = tmp_path / "sicherung" / "s.sqlite"
    # an open write transaction of "the app" that is not committed yet
    with sqlite_db.session() as session:
        cs.create_contact(session, cs.ContactData(last_name="Halbfertig"))
        session.flush()
        bk.create_backup(sqlite_db.path, target)  # type: ignore[arg-type]
    info = bk.validate_backup(target)
    assert info.contacts == 2 and info.revision == dbmod.head_revision()
    assert names_in(target) == ["Urban", "Zimmermann"]
    assert not list(target.parent.glob("*.tmp"))


def test_backup_includes_agreement_documents(sqlite_db: Database, tmp_path: Path) -> None:
    con = sqlite3.connect(sqlite_db.path)  # type: ignore[arg-type]
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert any("document" in t for t in tables)  # the files live inside the database


def test_backup_can_be_cancelled_and_leaves_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    add(sqlite_db, *[f"Person{i}" for i in range(300)])
    target = tmp_path / "s.sqlite"
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        calls.append((done, total))
        return False

    with pytest.raises(BackupCancelled):
        dbmod.backup_sqlite_file(sqlite_db.path, target, progress, pages_per_step=1)  # type: ignore[arg-type]
    assert calls and not target.exists() and not list(tmp_path.glob("s.sqlite*"))


def test_backup_progress_reaches_the_total(sqlite_db: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    bk.create_backup(
        sqlite_db.path, tmp_path / "s.sqlite", lambda d, t: seen.append((d, t)) or True
    )  # type: ignore[arg-type]
    assert seen and seen[-1][0] == seen[-1][1]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"just text", "keine gültige contactdesk-Datensicherung"),
        (b"SQLite format 3\x00" + b"\xff" * 5000, "beschädigt"),
    ],
)
def test_validation_refuses_what_is_not_a_usable_backup(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    with pytest.raises(bk.BackupError, match=expected):
        bk.validate_backup(bad)


def test_validation_refuses_foreign_and_newer_databases(
    sqlite_db: Database, tmp_path: Path
) -> None:
    foreign = tmp_path / "foreign.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes(x)")
    con.commit()
    con.close()
    with pytest.raises(bk.BackupError):
        bk.validate_backup(foreign)
    newer = tmp_path / "newer.sqlite"
    bk.create_backup(sqlite_db.path, newer)  # type: ignore[arg-type]
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(bk.BackupError, match="neueren contactdesk-Version"):
        bk.validate_backup(newer)


def test_validation_finds_damaged_pages(sqlite_db: Database, tmp_path: Path) -> None:
    add(sqlite_db, *[f"Person{i}" for i in range(400)])
    copy = tmp_path / "copy.sqlite"
    bk.create_backup(sqlite_db.path, copy)  # type: ignore[arg-type]
    data = bytearray(copy.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 5 * page):  # scribble over some pages
        data[offset + 100 : offset + 400] = b"\x07" * 300
    copy.write_bytes(bytes(data))
    with pytest.raises(bk.BackupError, match="beschädigt"):
        bk.validate_backup(copy)


def test_restore_replaces_and_keeps_the_old_database(sqlite_db: Database, tmp_path: Path) -> None:
    add(sqlite_db, "Vorher")
    saved = tmp_path / "s.sqlite"
    bk.create_backup(sqlite_db.path, saved)  # type: ignore[arg-type]
    add(sqlite_db, "Nachher")
    sqlite_db.dispose()
    result = bk.restore_backup(saved, sqlite_db.path)  # type: ignore[arg-type]
    assert result.kept is not None and result.kept.parent == sqlite_db.path.parent  # type: ignore[union-attr]
    assert names_in(sqlite_db.path) == ["Vorher"]  # type: ignore[arg-type]
    assert names_in(result.kept) == ["Nachher", "Vorher"]
    reopened = open_database(sqlite_db.path)
    assert reopened.engine.connect().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    reopened.dispose()


def test_restore_of_an_invalid_backup_changes_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    add(sqlite_db, "Bleibt")
    sqlite_db.dispose()
    before = sqlite_db.path.read_bytes()  # type: ignore[union-attr]
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"nope")
    with pytest.raises(bk.BackupError):
        bk.restore_backup(bad, sqlite_db.path)  # type: ignore[arg-type]
    assert sqlite_db.path.read_bytes() == before  # type: ignore[union-attr]
    assert not list(sqlite_db.path.parent.glob("*vor-wiederherstellung*"))  # type: ignore[union-attr]


def test_restore_refuses_while_a_window_holds_the_lock(sqlite_db: Database, tmp_path: Path) -> None:
    saved = tmp_path / "s.sqlite"
    bk.create_backup(sqlite_db.path, saved)  # type: ignore[arg-type]
    # what a window holds: its own lock exclusively and the writer lock shared
    with bk.WindowLock(sqlite_db.path) as window, bk.DatabaseLock(sqlite_db.path) as lock:  # type: ignore[arg-type]
        assert window.acquire() and lock.acquire(shared=True)
        assert bk.is_in_use(sqlite_db.path) and bk.window_is_open(sqlite_db.path)  # type: ignore[arg-type]
        with pytest.raises(bk.DatabaseInUseError, match="gerade geöffnet"):
            bk.restore_backup(saved, sqlite_db.path, wait=5)  # type: ignore[arg-type]
    assert not bk.is_in_use(sqlite_db.path)  # type: ignore[arg-type]


def test_restore_waits_for_a_running_command_then_gives_up_in_german(
    sqlite_db: Database, tmp_path: Path
) -> None:
    saved = tmp_path / "s.sqlite"
    bk.create_backup(sqlite_db.path, saved)  # type: ignore[arg-type]
    before = sqlite_db.path.read_bytes()  # type: ignore[union-attr]
    with bk.DatabaseLock(sqlite_db.path) as command:  # type: ignore[arg-type]
        assert command.acquire(shared=True)  # a command-line import is running
        with pytest.raises(bk.DatabaseInUseError, match="Import über die Kommandozeile"):
            bk.restore_backup(saved, sqlite_db.path, wait=0.3)  # type: ignore[arg-type]
        assert sqlite_db.path.read_bytes() == before  # type: ignore[union-attr]
        # a second command shares the lock with the first
        with bk.DatabaseLock(sqlite_db.path) as other:  # type: ignore[arg-type]
            assert other.acquire(shared=True)
    # the command ended: the restore goes through
    assert bk.restore_backup(saved, sqlite_db.path, wait=0.3).kept is not None  # type: ignore[arg-type]


def test_writers_wait_while_a_restore_holds_the_lock(sqlite_db: Database) -> None:
    with bk.DatabaseLock(sqlite_db.path) as restore:  # type: ignore[arg-type]
        assert restore.acquire(shared=False)
        writer = bk.DatabaseLock(sqlite_db.path)  # type: ignore[arg-type]
        assert not writer.acquire(shared=True, timeout=0.2)
    assert writer.acquire(shared=True)
    # the window changes its shared lock to exclusive for its own restore and back
    assert writer.acquire(shared=False) and not writer.shared
    assert writer.acquire(shared=True) and writer.shared
    writer.release()


def test_restore_over_a_damaged_database_keeps_the_damaged_file(
    sqlite_db: Database, tmp_path: Path
) -> None:
    add(sqlite_db, "Gut")
    saved = tmp_path / "s.sqlite"
    bk.create_backup(sqlite_db.path, saved)  # type: ignore[arg-type]
    sqlite_db.dispose()
    damaged = b"SQLite format 3\x00" + b"\x13" * 8000
    sqlite_db.path.write_bytes(damaged)  # type: ignore[union-attr]
    result = bk.restore_backup(saved, sqlite_db.path)  # type: ignore[arg-type]
    assert result.kept is not None and result.kept.read_bytes() == damaged
    assert names_in(sqlite_db.path) == ["Gut"]  # type: ignore[arg-type]


def test_daily_automatic_backups_keep_the_newest_n(sqlite_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    path = sqlite_db.path
    assert path is not None
    for day in range(1, 6):
        assert bk.auto_backup(path, folder, keep=3, today=date(2024, 3, day)) is not None
    assert bk.auto_backup(path, folder, keep=3, today=date(2024, 3, 5)) is None  # once a day
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [f"contactdesk-auto-2024-03-0{d}.sqlite" for d in (3, 4, 5)]
    assert bk.auto_backup(path) is not None  # default folder next to the database
    assert (path.parent / "Datensicherungen").is_dir()


def test_newest_valid_backup_skips_damaged_ones(sqlite_db: Database, tmp_path: Path) -> None:
    path = sqlite_db.path
    assert path is not None
    good = bk.auto_backup(path, today=date(2024, 3, 1))
    assert good is not None
    broken = bk.default_backup_folder(path) / "kaputt.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    os.utime(broken, (good.stat().st_mtime + 60,) * 2)
    assert bk.list_backups(path)[0] == broken
    assert bk.newest_valid_backup(path) == good


# --------------------------------------------------------------------------- network drives


def test_database_on_a_network_drive_uses_the_rollback_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dbmod, "is_network_path", lambda path: True)
    for attempt in range(2):  # new file, then the migrated one (fast path)
        db = open_database(tmp_path / "netz.sqlite")
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert db.on_network_drive, attempt
        db.dispose()
    monkeypatch.setattr(dbmod, "is_network_path", lambda path: False)
    local = open_database(tmp_path / "netz.sqlite")
    with local.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert not local.on_network_drive
    local.dispose()


def test_network_detection_reads_the_mount_table(monkeypatch: pytest.MonkeyPatch) -> None:
    if os.name == "nt":
        pytest.skip("Linux mount table")
    mounts = {"/": "ext4", "/mnt/rathaus": "cifs", "/srv/nfs": "nfs4"}

    def fake(path: Path) -> str | None:
        best = max((m for m in mounts if str(path).startswith(m)), key=len)
        return mounts[best]

    monkeypatch.setattr(dbmod, "_linux_mount_type", fake)
    assert dbmod.is_network_path(Path("/mnt/rathaus/kontakte/contactdesk.sqlite"))
    assert dbmod.is_network_path(Path("/srv/nfs/x.sqlite"))
    assert not dbmod.is_network_path(Path("/home/anna/contactdesk.sqlite"))
    monkeypatch.undo()
    assert dbmod._linux_mount_type(Path("/")) is not None  # the real /proc/mounts is readable


def test_windows_unc_paths_count_as_network(monkeypatch: pytest.MonkeyPatch) -> None:
    assert dbmod._windows_is_remote(Path("\\\\server\\freigabe\\contactdesk.sqlite"))


# --------------------------------------------------------------------------- command line


def test_cli_backup_and_restore(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(sqlite_db, "Urban")
    sqlite_db.dispose()
    out = tmp_path / "sicherung.sqlite"
    assert main(["--database", str(sqlite_db.path), "backup", "--out", str(out)]) == 0
    assert "Datensicherung geschrieben" in capsys.readouterr().out
    add_db = open_database(sqlite_db.path)
    add(add_db, "Später")
    add_db.dispose()
    assert main(["--database", str(sqlite_db.path), "restore", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Wiederhergestellt" in text and "aufbewahrt" in text
    assert names_in(sqlite_db.path) == ["Urban"]  # type: ignore[arg-type]


def test_cli_restore_failures_are_german_and_non_zero(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("kein Backup")
    assert main(["--database", str(sqlite_db.path), "restore", str(bad)]) == 1
    assert "keine gültige contactdesk-Datensicherung" in capsys.readouterr().err
    good = tmp_path / "good.sqlite"
    bk.create_backup(sqlite_db.path, good)  # type: ignore[arg-type]
    with bk.WindowLock(sqlite_db.path) as lock:  # type: ignore[arg-type]
        assert lock.acquire()  # as a running window does
        assert main(["--database", str(sqlite_db.path), "restore", str(good)]) == 1
    assert "gerade geöffnet" in capsys.readouterr().err
    assert main(["--database", str(sqlite_db.path), "backup", "--out", str(tmp_path)]) == 1


def test_cli_names_the_newest_backup_of_a_damaged_database(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sqlite_db.path
    assert path is not None
    newest = bk.auto_backup(path)
    sqlite_db.dispose()
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 8000)
    assert main(["--database", str(path), "contacts", "list"]) == 1
    err = capsys.readouterr().err
    assert "beschädigt" in err and f"Neueste gültige Datensicherung: {newest}" in err
    assert f"contactdesk restore {newest}" in err
    assert path.read_bytes().startswith(b"SQLite format 3\x00\x13")  # kept, not overwritten


def test_self_test_core_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test-core-only"]) == 0
    out = capsys.readouterr().out
    assert "Selbsttest bestanden: 5 von 5" in out
    for step in ("Datenbank", "PDF", "iCalendar", "Datensicherung"):
        assert f"OK     {step}" in out


def test_commands_wait_for_a_restore_then_give_up_in_german(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from contactdesk.cli import common

    monkeypatch.setattr(common, "LOCK_WAIT", 0.3)
    with bk.DatabaseLock(sqlite_db.path) as restore:  # type: ignore[arg-type]
        assert restore.acquire(shared=False)  # a restore is replacing the file
        assert main(["--database", str(sqlite_db.path), "demo"]) == 1
        err = capsys.readouterr().err
        assert "wird gerade wiederhergestellt" in err and err.rstrip().endswith(
            "bitte versuchen Sie es später erneut."
        )
    assert main(["--database", str(sqlite_db.path), "demo"]) == 0
    assert not bk.is_in_use(sqlite_db.path)  # type: ignore[arg-type]  # released at the end
