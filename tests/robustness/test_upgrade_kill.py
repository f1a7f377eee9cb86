"""Finding 4 of issue 18: a kill during a migration left the new column while alembic_version
stayed old (pysqlite ran the DDL outside the transaction), every later start failed with
"duplicate column" and wrote another `vor-update` copy; a kill during the very first
migration left a file refused for ever as "fremde Tabellen".

A real process upgrades a real file and is killed (SIGKILL) after its N-th SQL statement, for
many N; each time the file is opened again and must be whole, at the new revision, with every
contact. Files half upgraded by older releases are repaired from the copy made before."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from contactdesk.core import db as dbmod
from contactdesk.core.db import open_database
from contactdesk.core.errors import DatabaseError
from contactdesk.core.migrations import HEAD
from contactdesk.core.services import contacts as cs

ROOT = Path(__file__).resolve().parents[2]
OLD = "0005"
PEOPLE = 300

#: opens (and so upgrades) the database; SIGKILL to itself at the N-th SQL statement
KILLER = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

limit, seen = int(sys.argv[2]), 0

@event.listens_for(Engine, "before_cursor_execute")
def count(*_args):
    global seen
    seen += 1
    if seen == limit:
        os.kill(os.getpid(), signal.SIGKILL)

from contactdesk.core.db import open_database
open_database(sys.argv[1]).dispose()
print("statements", seen)
"""


def kill_at(database: Path, limit: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", KILLER, str(database), str(limit)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def revision(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.OperationalError:
        return None
    finally:
        con.close()


def downgrade(path: Path, to: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = dbmod.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, to)
    engine.dispose()


@pytest.fixture(scope="module")
def old_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at revision 0005 (one revision behind) with PEOPLE contacts."""
    path = tmp_path_factory.mktemp("upgrade") / "alt.sqlite"
    db = open_database(path)
    with db.session() as session:
        cs.bulk_create(session, [cs.ContactData(last_name=f"Alt{i:04d}") for i in range(PEOPLE)])
    db.dispose()
    downgrade(path, OLD)
    assert revision(path) == OLD
    return path


def statements(database: Path) -> int:
    done = kill_at(database, 10**9)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def people(db: dbmod.Database) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM person").scalar_one()


def test_killed_upgrade_opens_whole_at_every_point(old_file: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe.sqlite"
    shutil.copy(old_file, probe)
    total = statements(probe)
    assert revision(probe) == HEAD
    points = sorted({*range(2, total, max(total // 12, 1)), total - 2, total - 1})
    for n in points:
        database = tmp_path / f"k{n}" / "contactdesk.sqlite"
        database.parent.mkdir()
        shutil.copy(old_file, database)
        result = kill_at(database, n)
        assert result.returncode == -signal.SIGKILL, (n, result.stdout, result.stderr)
        assert revision(database) in (OLD, HEAD), n  # never in between
        db = open_database(database)  # the next start: opens, upgraded, every contact
        try:
            assert revision(database) == HEAD
            assert people(db) == PEOPLE, n
        finally:
            db.dispose()
        # a second start does not write another copy
        copies = list(database.parent.glob("*.vor-update-*"))
        open_database(database).dispose()
        assert list(database.parent.glob("*.vor-update-*")) == copies


def test_killed_first_migration_opens_as_a_new_database(tmp_path: Path) -> None:
    total = statements(tmp_path / "probe.sqlite")
    for n in sorted({*range(3, total, max(total // 10, 1)), total - 1}):
        database = tmp_path / f"k{n}" / "contactdesk.sqlite"
        database.parent.mkdir()
        result = kill_at(database, n)
        assert result.returncode == -signal.SIGKILL, (n, result.stderr)
        db = open_database(database)
        try:
            assert revision(database) == HEAD and people(db) == 0
        finally:
            db.dispose()


def half_upgraded_by_an_older_release(old_file: Path, database: Path) -> None:
    """What an older release left: its copy before the upgrade, then the first DDL of 0006
    without the version stamp (non-transactional DDL, killed), then one more copy per start."""
    shutil.copy(old_file, database)
    before = database.with_name(f"{database.stem}.vor-update-20240301-100000{database.suffix}")
    shutil.copy(old_file, before)
    os.utime(before, (1_700_000_000, 1_700_000_000))
    con = sqlite3.connect(database)
    con.execute("ALTER TABLE contact ADD COLUMN sort_key VARCHAR(400)")
    con.commit()
    con.close()
    for stamp, when in (("20240301-100500", 1_700_000_100), ("20240302-080000", 1_700_000_200)):
        later = database.with_name(f"{database.stem}.vor-update-{stamp}{database.suffix}")
        shutil.copy(database, later)  # copies of the broken file (the newest one, too)
        os.utime(later, (when, when))


def test_half_upgraded_file_of_an_older_release_is_repaired(old_file: Path, tmp_path: Path) -> None:
    database = tmp_path / "contactdesk.sqlite"
    half_upgraded_by_an_older_release(old_file, database)
    db = open_database(database)
    try:
        assert revision(database) == HEAD and people(db) == PEOPLE
    finally:
        db.dispose()
    kept = list(tmp_path.glob("contactdesk.halb-aktualisiert-*.sqlite"))
    assert len(kept) == 1 and revision(kept[0]) == OLD  # the broken file is not deleted


def test_failed_upgrade_writes_one_copy_not_one_per_start(old_file: Path, tmp_path: Path) -> None:
    database = tmp_path / "contactdesk.sqlite"
    shutil.copy(old_file, database)
    con = sqlite3.connect(database)  # half upgraded, and no copy from before to repair from
    con.execute("ALTER TABLE contact ADD COLUMN sort_key VARCHAR(400)")
    con.commit()
    con.close()
    for _start in range(3):
        with pytest.raises(DatabaseError, match="unverändert auf dem bisherigen Stand"):
            open_database(database)
    assert len(list(tmp_path.glob("*.vor-update-*"))) == 1
    assert revision(database) == OLD
