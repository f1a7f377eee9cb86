"""Findings 2 and 7 of issue 18: a backup of a damaged database replaced the good backup of
the same name (and the daily ones rotated every good copy out); failures of the place were
called a damaged database, and foreign or newer files were written first and refused after.

Real damaged files (a page overwritten with garbage), a really read-only folder (`chattr +i`
as root, who ignores permissions; mode 0555 otherwise) and a really full disk (a small tmpfs
as root; a file size limit otherwise)."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from contactdesk.cli import main
from contactdesk.core import backup as bk
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

ROOT = Path(__file__).resolve().parents[2]


def make_db(path: Path, people: int = 400) -> Path:
    db = open_database(path)
    with db.session() as session:
        cs.bulk_create(
            session,
            [cs.ContactData(last_name=f"Person{i:04d}", notes="x" * 200) for i in range(people)],
        )
    db.dispose()
    return path


def damage(path: Path, page: int | None = None) -> None:
    """Overwrite one page in the middle of the file with garbage (the file stays SQLite)."""
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    count = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    page = page or count // 2
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(size)))


def integrity_ok(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


@pytest.fixture
def damaged_with_good_backup(tmp_path: Path) -> tuple[Path, Path, bytes]:
    database = make_db(tmp_path / "contactdesk.sqlite")
    nightly = bk.create_backup(database, tmp_path / "nightly.sqlite")
    good = nightly.read_bytes()
    damage(database)
    assert not integrity_ok(database)
    return database, nightly, good


def test_backup_of_a_damaged_database_keeps_the_good_backup(
    damaged_with_good_backup: tuple[Path, Path, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    database, nightly, good = damaged_with_good_backup
    assert main(["--database", str(database), "backup", "--out", str(nightly)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Die Datenbank") and "beschädigt" in err
    assert "keine Sicherung geschrieben" in err
    assert nightly.read_bytes() == good and integrity_ok(nightly)
    assert sorted(p.name for p in nightly.parent.iterdir() if p.name.startswith(".")) == []


def test_daily_backups_of_a_damaged_database_never_rotate_out_the_good_ones(
    damaged_with_good_backup: tuple[Path, Path, bytes], tmp_path: Path
) -> None:
    database, _nightly, _good = damaged_with_good_backup
    folder = tmp_path / "auto"
    healthy = make_db(tmp_path / "gesund.sqlite")
    for day in (1, 2, 3):
        assert bk.auto_backup(healthy, folder, keep=3, today=date(2024, 3, day))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for day in range(4, 20):  # two weeks on the damaged file
        with pytest.raises(bk.BackupError, match="beschädigt"):
            bk.auto_backup(database, folder, keep=3, today=date(2024, 3, day))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert all(integrity_ok(p) for p in folder.iterdir())


def test_rotation_does_not_count_invalid_backups_as_kept(tmp_path: Path) -> None:
    database = make_db(tmp_path / "contactdesk.sqlite", people=5)
    folder = tmp_path / "auto"
    assert bk.auto_backup(database, folder, keep=2, today=date(2024, 3, 1))
    for day in (2, 3, 4):  # written by an older version from a damaged file: cut off
        broken = folder / f"contactdesk-auto-2024-03-0{day}.sqlite"
        broken.write_bytes((folder / "contactdesk-auto-2024-03-01.sqlite").read_bytes()[:5000])
    assert bk.auto_backup(database, folder, keep=2, today=date(2024, 3, 5))
    names = sorted(p.name for p in folder.iterdir())
    assert "contactdesk-auto-2024-03-01.sqlite" in names  # the older valid one still counts
    assert bk.auto_backup(database, folder, keep=2, today=date(2024, 3, 6))
    assert sorted(p.name for p in folder.iterdir()) == [
        "contactdesk-auto-2024-03-05.sqlite",
        "contactdesk-auto-2024-03-06.sqlite",
    ]


def test_foreign_and_newer_files_are_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nightly.sqlite"
    target.write_bytes(b"the old backup")
    foreign = tmp_path / "fremd.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE kunden (id INTEGER)")
    con.commit()
    con.close()
    newer = make_db(tmp_path / "neuer.sqlite", people=1)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    for source, words in ((foreign, "anderen Programm"), (newer, "neueren contactdesk-Version")):
        assert main(["--database", str(source), "backup", "--out", str(target)]) == 1
        err = capsys.readouterr().err
        assert words in err and "keine Sicherung geschrieben" in err, err
        assert target.read_bytes() == b"the old backup"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --------------------------------------------------------------------------- the place


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make `folder` really read-only for this process (root ignores modes: chattr +i)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def cli(
    *args: str, env_extra: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def test_backup_into_a_read_only_folder_says_so(tmp_path: Path) -> None:
    database = make_db(tmp_path / "contactdesk.sqlite", people=5)
    target_dir = tmp_path / "nur-lesen"
    target_dir.mkdir()
    with read_only(target_dir):
        result = cli("--database", str(database), "backup", "--out", str(target_dir / "s.sqlite"))
    assert result.returncode == 1
    assert result.stderr.startswith("Fehler: Die Sicherung")
    assert "schreibgeschützt" in result.stderr and "Datenbank ist in Ordnung" in result.stderr
    assert "beschädigt" not in result.stderr and "Traceback" not in result.stderr


def test_database_in_a_read_only_folder_is_not_called_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "daten"
    folder.mkdir()
    database = make_db(folder / "contactdesk.sqlite", people=5)
    with read_only(folder):
        result = cli("--database", str(database), "contacts", "list")
    assert result.returncode == 1, result.stdout
    assert "schreibgeschützt" in result.stderr and "nicht beschädigt" in result.stderr
    assert "Datensicherung wieder" not in result.stderr and "Traceback" not in result.stderr
    assert integrity_ok(database)


@contextlib.contextmanager
def tiny_disk(folder: Path) -> Iterator[dict[str, object]]:
    """A folder on a disk that fills up after 200 KB: a tmpfs as root, otherwise a file size
    limit for the child process (its writes fail with EFBIG like on a full disk)."""
    folder.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=200k,mode=0700", "tmpfs", str(folder)],
            capture_output=True,
        )
        if mounted.returncode == 0:
            try:
                yield {}
            finally:
                subprocess.run(["umount", str(folder)], check=True)
            return

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    yield {"preexec_fn": limit}


def test_backup_onto_a_full_disk_keeps_the_old_backup_and_blames_the_disk(tmp_path: Path) -> None:
    database = make_db(tmp_path / "contactdesk.sqlite", people=3000)
    assert database.stat().st_size > 400_000
    small = tmp_path / "voll"
    with tiny_disk(small) as kw:
        old = small / "s.sqlite"
        old.write_bytes(b"old backup")
        result = cli("--database", str(database), "backup", "--out", str(old), **kw)
        assert result.returncode == 1
        assert result.stderr.startswith("Fehler: Die Sicherung"), result.stderr
        assert "Datenbank ist in Ordnung" in result.stderr
        assert "beschädigt" not in result.stderr and "Traceback" not in result.stderr
        assert old.read_bytes() == b"old backup"
        assert [p.name for p in small.iterdir()] == ["s.sqlite"]
    assert integrity_ok(database)
