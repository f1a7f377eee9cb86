"""Database access: engine from a URL or path, SQLite pragmas, migrations at open, backups.

SQLAlchemy is imported inside the functions that open a database, not at module level: the
window's first paint (gui/app.py), the command line's argument parser and core.backup use this
module's paths and constants without paying for the ORM (a test checks it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from contactdesk.core.errors import (
    DamagedDatabaseError,
    DatabaseError,
    DatabaseTooNewError,
    ForeignDatabaseError,
    os_reason,
)
from contactdesk.core.migrations import HEAD
from contactdesk.core.progress import Cancelled, Progress, advance

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

APP_NAME = "contactdesk"
#: PRAGMA application_id of every contactdesk SQLite file ("CDSK").
APPLICATION_ID = 0x4344534B
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_DATABASE = "CONTACTDESK_DATABASE"


def default_database_path() -> Path:
    """The embedded default: a SQLite file in the user data directory."""
    from platformdirs import user_data_path  # only here: it costs the window's start 15 ms

    return user_data_path(APP_NAME, appauthor=False) / "contactdesk.sqlite"


def resolve_url(database: str | os.PathLike[str] | None = None) -> str:
    """Turn a path, a URL or nothing (env var, then the default file) into a database URL."""
    if database is None:
        database = os.environ.get(ENV_DATABASE) or default_database_path()
    text = os.fspath(database)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


#: SQLAlchemy's URL syntax (sqlalchemy.engine.url._parse_url), for the parts we need
_URL = re.compile(
    r"""
        (?P<name>[\w\+]+)://
        (?:
            (?P<username>[^:/]*)
            (?::(?P<password>[^@]*))?
        @)?
        (?:
            (?:
                \[(?P<ipv6host>[^/\?]+)\] |
                (?P<ipv4host>[^/:\?]+)
            )?
            (?::(?P<port>[^/\?]*))?
        )?
        (?:/(?P<database>[^\?]*))?
        (?:\?(?P<query>.*))?
    """,
    re.X,
)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases, in-memory ones and unparsable URLs
    (read as SQLAlchemy's make_url reads it, without importing SQLAlchemy)."""
    match = _URL.match(url)
    if match is None or match["name"].split("+", 1)[0] != "sqlite":
        return None
    database = unquote(match["database"]) if match["database"] is not None else None
    if database in (None, "", ":memory:"):
        return None
    return Path(database)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for server and in-memory databases)."""
    return sqlite_path(url)


#: file system types of network shares in /proc/mounts (Linux)
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "sshfs"}
)


def _linux_mount_type(path: Path) -> str | None:
    """The file system type of the longest mount point that contains `path` (from /proc/mounts)."""
    try:
        lines = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, fstype = mount, parts[2]
    return fstype


def _windows_is_remote(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")) and not text.startswith("\\\\?\\"):
        return True  # UNC path \\server\share
    drive = os.path.splitdrive(text)[0]
    if not drive or sys.platform != "win32":  # a drive letter is Windows' own
        return False
    import ctypes

    DRIVE_REMOTE = 4
    kernel32 = ctypes.windll.kernel32
    return bool(kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)


def is_network_path(path: Path) -> bool:
    """True when the file lies on a network share (UNC, mapped drive, NFS/SMB mount)."""
    try:
        resolved = Path(path).resolve()
    except OSError:
        resolved = Path(path)
    if sys.platform == "win32":
        try:
            return _windows_is_remote(resolved)
        except (OSError, AttributeError):
            return False
    fstype = _linux_mount_type(resolved)
    if fstype is None:
        return False
    return fstype in NETWORK_FS_TYPES or fstype.startswith(("nfs", "cifs", "smb", "fuse.sshfs"))


def _pragmas(journal_mode: str) -> Callable[[sqlite3.Connection, object], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        _on_sqlite_connect(dbapi_connection, _record, journal_mode)

    return on_connect


def _on_sqlite_connect(
    dbapi_connection: sqlite3.Connection, _record: object, journal_mode: str = "WAL"
) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA cache_size = -32768")  # 32 MiB
    finally:
        cursor.close()


def alembic_config() -> Config:
    """The Alembic configuration of the shipped migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def check_sqlite_file(path: Path) -> None:
    """Refuse files that are not SQLite or belong to another program, before touching them."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(
            f"Die Datenbank {path} kann nicht gelesen werden: {os_reason(exc)}.", detail=repr(exc)
        ) from exc
    if header != SQLITE_HEADER:
        raise ForeignDatabaseError(
            f"Die Datei {path} ist keine contactdesk-Datenbank. Sie wurde nicht verändert. "
            "Bitte wählen Sie eine andere Datei."
        )
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise _database_error(exc, path) from exc
    finally:
        con.close()
    if app_id != APPLICATION_ID and tables:
        raise ForeignDatabaseError(
            f"Die Datei {path} gehört zu einem anderen Programm und ist keine "
            "contactdesk-Datenbank. Sie wurde nicht verändert."
        )


def _create_private(path: Path) -> None:
    """A new database file is created empty with mode 0600 in a folder created 0700; SQLite
    gives its -wal, -shm and -journal files the database file's mode."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _database_error(exc: BaseException, path: Path) -> DatabaseError:
    """What really went wrong with the file: damaged (restore a backup), or read-only, full,
    locked, unreadable (restoring would not help)."""
    from contactdesk.core.dberrors import Failure, classify, database_message

    message = database_message(exc, path)
    if classify(exc, path) is Failure.DAMAGED:
        return DamagedDatabaseError(message, detail=repr(exc))
    return DatabaseError(message, detail=repr(exc))


class Database:
    """An opened, migrated database: the engine plus a session factory."""

    def __init__(self, engine: Engine, url: str, *, on_network_drive: bool = False) -> None:
        self.engine = engine
        self.url = url
        #: the SQLite file lies on a network share: journal_mode=DELETE instead of WAL
        self.on_network_drive = on_network_drive
        from sqlalchemy.orm import sessionmaker

        self._sessions = sessionmaker(engine, expire_on_commit=False)
        from contactdesk.core import audit

        #: who is working: the database login on a server, the OS user on a single desk
        self.user_name = audit.user_name_for(engine.url.username, engine.dialect.name)
        audit.install(self._sessions, self.user_name)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory or server database."""
        return sqlite_path(self.url)

    def display_location(self) -> str:
        """Where the data lives, for people: the file, or the server address without password."""
        path = self.path
        if path is not None:
            return str(path)
        return re.sub(r":[^:/@]*@", ":***@", self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One session per user action: commit on success, roll back on any error."""
        from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError
        from sqlalchemy.orm.exc import StaleDataError

        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            # a save raced another one between reading the version and the UPDATE
            session.rollback()
            from contactdesk.core.team.versions import VersionConflictError

            raise VersionConflictError(_stale_label(exc), detail=repr(exc)) from exc
        except (OperationalError, InterfaceError, ProgrammingError) as exc:
            # a server database went away mid-action: a German message, nothing half-written
            with contextlib.suppress(Exception):
                session.rollback()
            from contactdesk.core.team.connection import describe

            message = describe(exc, self.url)
            if message is None:
                raise
            raise DatabaseError(message, detail=repr(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def backup(self, target: Path) -> Path:
        """Consistent copy of a SQLite database (online backup API), written atomically."""
        source = self.path
        if source is None:
            raise DatabaseError("Nur SQLite-Datenbanken können als Datei gesichert werden.")
        return backup_sqlite_file(source, target)

    def dispose(self) -> None:
        self.engine.dispose()


def _stale_label(exc: Exception) -> str:
    """A name for the record of a StaleDataError (its message names the mapped class)."""
    text = str(exc)
    for cls, label in (
        ("Contact", "Kontakt"),
        ("Person", "Kontakt"),
        ("Organisation", "Kontakt"),
        ("Agreement", "Vereinbarung"),
        ("Event", "Termin"),
        ("Paper", "Vorlage"),
    ):
        if f"'{cls}'" in text or f"{cls}(" in text or f"<{cls} " in text:
            return f"Dieser Eintrag ({label})"
    return "Dieser Eintrag"


class BackupCancelled(Cancelled):
    """The progress callback asked to stop; nothing was written."""


def backup_sqlite_file(
    source: Path,
    target: Path,
    progress: Progress | None = None,
    *,
    pages_per_step: int = 256,
) -> Path:
    """Copy with SQLite's online backup API (consistent while others write), then rename.

    `progress(done_pages, total_pages)` is called after each step; cancelling (Cancelled
    raised or False returned) raises (BackupCancelled is raised and the temporary file removed).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    cancelled = False

    def step(_status: int, remaining: int, total: int) -> None:
        nonlocal cancelled
        try:
            advance(progress, total - remaining, total, error=BackupCancelled)
        except BackupCancelled:
            cancelled = True
            raise

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            if progress is None:
                src.backup(dst)
            else:
                src.backup(dst, pages=pages_per_step, progress=step)
            # a self-contained file: reading it later (read-only) leaves no -wal/-shm beside it
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if cancelled:
            raise BackupCancelled from None
        raise
    finally:
        src.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o600)  # personal data: for this user only
    os.replace(tmp, target)
    return target


def _schema_state(engine: Engine) -> tuple[str | None, bool]:
    """(current alembic revision, whether the database has other tables)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        current = None
        if "alembic_version" in tables:
            current = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        tables -= {"alembic_version", "sqlite_sequence"}
    return current, bool(tables)


def open_database(
    database: str | os.PathLike[str] | None = None, *, upgrade: bool = True
) -> Database:
    """Open (creating if needed) and migrate the database; refuse foreign or newer ones."""
    from sqlalchemy import create_engine, event

    url = resolve_url(database)
    path = sqlite_path(url)
    if path is not None:
        if path.is_dir():
            raise DatabaseError(f"{path} ist ein Ordner, keine Datenbankdatei.")
        check_sqlite_file(path)
        try:
            _create_private(path)
        except OSError as exc:
            raise DatabaseError(
                f"Die Datenbank {path} kann nicht angelegt werden: {os_reason(exc)}."
            ) from exc
    try:
        from contactdesk.core.team.connection import engine_options

        engine = create_engine(url, **engine_options(url))
    except Exception as exc:  # bad URL, missing driver
        raise DatabaseError(
            f"Die Datenbankadresse {re.sub(r':[^:/@]*@', ':***@', url)!r} kann nicht "
            "verwendet werden.",
            detail=repr(exc),
        ) from exc
    on_network = path is not None and is_network_path(path)
    if on_network:
        # WAL needs shared memory between all users of the file; network file systems
        # (SMB, NFS) do not provide it reliably. The rollback journal works there.
        log.warning("database %s is on a network drive: journal_mode=DELETE", path)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _pragmas("DELETE" if on_network else "WAL"))
    try:
        current, has_tables = _schema_state(engine)
    except Exception as exc:
        engine.dispose()
        if path is not None:
            raise _database_error(exc, path) from exc
        from contactdesk.core.team.connection import describe

        raise DatabaseError(
            describe(exc, url)
            or "Die Datenbank kann nicht geöffnet werden. Bitte prüfen Sie Pfad und Rechte.",
            detail=repr(exc),
        ) from exc
    if current == HEAD:  # the usual case: nothing to check, Alembic stays unloaded
        return Database(engine, url, on_network_drive=on_network)
    from alembic.script import ScriptDirectory

    from contactdesk.core import upgrade as upg

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current is None and has_tables:
        tables = _table_names(engine)
        engine.dispose()
        if path is None or not upg.interrupted_first_migration(path, tables):
            raise ForeignDatabaseError(
                "Die Datenbank enthält fremde Tabellen und ist keine contactdesk-Datenbank. "
                "Sie wurde nicht verändert."
            )
        kept = upg.set_aside(path)
        _create_private(path)
        log.warning("first migration of %s was interrupted; set aside as %s", path, kept)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            engine.dispose()
            raise DatabaseTooNewError(
                "Diese Datenbank wurde mit einer neueren Version von contactdesk erstellt "
                f"(Stand {current}). Bitte installieren Sie die aktuelle Version; "
                "die Datenbank wurde nicht verändert."
            ) from None
    if current != head and upgrade:
        engine.dispose()  # the upgrade runs on its own connection (transactional DDL)
        on_connect = _pragmas("DELETE" if on_network else "WAL") if path is not None else None
        copy = upg.pre_update_copy(path, current) if current is not None and path else None
        try:
            upg.migrate(url, on_connect)
        except Exception as exc:
            repaired = None
            if copy is not None and path is not None and current is not None:
                upg.remember_failure(path, current, copy)
                repaired = upg.repair_from_copies(path, current, on_connect)
            if repaired is None:
                log.error("upgrade of %s failed: %r", url, exc)
                where = f" Die Sicherung von vorher: {copy}." if copy is not None else ""
                raise DatabaseError(
                    "Die Datenbank konnte nicht aktualisiert werden; sie ist unverändert auf "
                    f"dem bisherigen Stand.{where} Bitte wenden Sie sich an Ihre IT-Betreuung "
                    "und geben Sie das Protokoll weiter.",
                    detail=repr(exc),
                ) from exc
        if path is not None:
            upg.forget_failure(path)
    return Database(engine, url, on_network_drive=on_network)


def _table_names(engine: Engine) -> set[str]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return set(inspect(conn).get_table_names()) - {"alembic_version"}
