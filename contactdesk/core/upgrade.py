"""Schema upgrades that are all or nothing, and the repair of files that older releases left
half upgraded.

pysqlite (Python's sqlite3) commits before DDL and never begins a transaction for it, so
Alembic's `ALTER TABLE`/`CREATE TABLE` ran outside any transaction ("Will assume
non-transactional DDL"): a kill in the middle left new columns while `alembic_version` stayed
old, and every later start failed with "duplicate column". Here the upgrade runs on its own
engine with SQLAlchemy's documented pysqlite recipe: the driver's transaction handling is
switched off (`isolation_level = None`) and SQLAlchemy's `begin` emits `BEGIN IMMEDIATE`
itself, so every statement of every revision and the version stamp are one SQLite
transaction: after a crash the file is at the old revision or the new one, whole. The
normal sessions of the app keep the driver's default handling (their engine is not touched).

Before an upgrade a copy `<name>.vor-update-<time>.sqlite` is written; when the upgrade fails,
a marker remembers it, and the next start reuses that copy instead of writing another one.
A file that an older release left half upgraded is repaired from the newest copy that upgrades
cleanly (the one made before that interrupted upgrade); the half-upgraded file is kept.
A file whose very first migration was interrupted (only empty contactdesk tables, no version)
is moved aside and created anew.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contactdesk.core.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

OnConnect = Callable[[Any, Any], None]


def migration_engine(url: str, on_connect: OnConnect | None) -> Engine:
    """An engine whose transactions include DDL (SQLite: the pysqlite BEGIN recipe)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name != "sqlite":
        return engine

    def connect(dbapi_connection: Any, record: Any) -> None:
        if on_connect is not None:
            on_connect(dbapi_connection, record)
        dbapi_connection.isolation_level = None  # pysqlite: no implicit BEGIN/COMMIT
        # SQLite's procedure for changing a table's definition (batch mode copies the table,
        # drops the old one and renames the new): foreign keys off outside the transaction,
        # checked with foreign_key_check before the commit (`migrate`). With them on, dropping
        # a table that others point at fails ("FOREIGN KEY constraint failed") on any
        # database with data, and the upgrade could never finish.
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    def begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", begin)
    return engine


def migrate(url: str, on_connect: OnConnect | None) -> None:
    """Upgrade to head in one transaction."""
    from alembic import command

    from contactdesk.core.db import alembic_config

    engine = migration_engine(url, on_connect)
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if engine.dialect.name == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:  # rolled back with everything else: the file stays as it was
                    raise DatabaseError(
                        "Die Aktualisierung hätte Verweise zwischen Tabellen zerstört und wurde "
                        "zurückgenommen.",
                        detail=repr(broken[:10]),
                    )
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- copies


def _marker(path: Path) -> Path:
    return path.with_name(f".{path.name}.update-fehlgeschlagen.json")


def _fingerprint(path: Path) -> dict[str, int]:
    st = path.stat()
    wal = path.with_name(path.name + "-wal")
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "wal": wal.stat().st_size if wal.exists() else 0,
    }


def pre_update_copy(path: Path, current: str) -> Path:
    """The copy of the database before an upgrade from `current`: reused when an earlier start
    failed to upgrade the unchanged file, otherwise written now."""
    from contactdesk.core.db import backup_sqlite_file

    marker = _marker(path)
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(marker.read_text(encoding="utf-8"))
        copy = path.with_name(data["copy"])
        if data["revision"] == current and copy.is_file() and data["db"] == _fingerprint(path):
            log.info("reusing %s from the failed upgrade before", copy)
            return copy
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}.vor-update-{stamp}{path.suffix}")
    try:
        backup_sqlite_file(path, copy)
    except (OSError, sqlite3.Error) as exc:
        from contactdesk.core.dberrors import database_message

        raise DatabaseError(
            "Vor der Aktualisierung der Datenbank konnte keine Sicherung geschrieben werden; "
            f"die Datenbank wurde nicht verändert. {database_message(exc, path)}",
            detail=repr(exc),
        ) from exc
    log.info("backed up %s to %s before migrating", path, copy)
    return copy


def remember_failure(path: Path, current: str, copy: Path) -> None:
    with contextlib.suppress(OSError):
        _marker(path).write_text(
            json.dumps({"revision": current, "copy": copy.name, "db": _fingerprint(path)}),
            encoding="utf-8",
        )


def forget_failure(path: Path) -> None:
    with contextlib.suppress(OSError):
        _marker(path).unlink()


def _revision_of(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def repair_from_copies(path: Path, current: str, on_connect: OnConnect | None) -> Path | None:
    """The file did not upgrade although the revisions do (an older release was interrupted in
    the middle of this upgrade). Try the copies made before upgrades from `current`, newest
    first, each upgraded in a temporary file; the first that upgrades replaces the database
    (which is kept as `….halb-aktualisiert-<time>`). Returns the copy used, or None."""
    from contactdesk.core.db import backup_sqlite_file

    candidates = sorted(
        (p for p in path.parent.glob(f"{path.stem}.vor-update-*") if p.is_file()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for copy in candidates:
        if copy.name.endswith((".tmp", "-wal", "-shm", "-journal")):
            continue
        if _revision_of(copy) != current:
            continue
        trial = path.with_name(f".{path.name}.reparatur.tmp")
        try:
            backup_sqlite_file(copy, trial)
            migrate("sqlite:///" + str(trial), on_connect)
        except Exception as exc:
            log.info("copy %s does not upgrade either: %r", copy, exc)
            for leftover in (trial, *(trial.with_name(trial.name + s) for s in ("-wal", "-shm"))):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            continue
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = path.with_name(f"{path.stem}.halb-aktualisiert-{stamp}{path.suffix}")
        os.replace(path, kept)
        for suffix in ("-wal", "-shm", "-journal"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        os.replace(trial, path)
        log.warning(
            "repaired half-upgraded %s from %s; the broken file is kept as %s", path, copy, kept
        )
        return copy
    return None


def interrupted_first_migration(path: Path, table_names: set[str]) -> bool:
    """True when the file holds only empty contactdesk tables and no version: the first
    migration of a new database was interrupted (by an older release). Nothing of the user's
    can be in it."""
    from contactdesk.core.models import Base

    known = set(Base.metadata.tables) | {"sqlite_sequence"}
    fts = ("_fts", "_fts_data", "_fts_idx", "_fts_content", "_fts_docsize", "_fts_config")
    if not table_names or any(t not in known and not t.endswith(fts) for t in table_names):
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for table in table_names:
                if table.endswith(fts) or table == "sqlite_sequence":
                    continue
                if con.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None:
                    return False
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return True


def set_aside(path: Path) -> Path:
    """Move an unusable file (and its journal files) aside; returns the new name."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.unvollstaendig-{stamp}{path.suffix}")
    os.replace(path, kept)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    return kept
