"""Database access: engine from a URL or path, SQLite pragmas, migrations at open, backups."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from contactdesk.core.errors import DatabaseError, DatabaseTooNewError, ForeignDatabaseError

log = logging.getLogger(__name__)

APP_NAME = "contactdesk"
#: PRAGMA application_id of every contactdesk SQLite file ("CDSK").
APPLICATION_ID = 0x4344534B
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_DATABASE = "CONTACTDESK_DATABASE"


def default_database_path() -> Path:
    """The embedded default: a SQLite file in the user data directory."""
    return user_data_path(APP_NAME, appauthor=False) / "contactdesk.sqlite"


def resolve_url(database: str | os.PathLike[str] | None = None) -> str:
    """Turn a path, a URL or nothing (env var, then the default file) into a database URL."""
    if database is None:
        database = os.environ.get(ENV_DATABASE) or default_database_path()
    text = os.fspath(database)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA cache_size = -32768")  # 32 MiB
    finally:
        cursor.close()


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _check_sqlite_file(path: Path) -> None:
    """Refuse files that are not SQLite or belong to another program, before touching them."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(
            f"Die Datenbank {path} kann nicht gelesen werden: {exc.strerror}.", detail=repr(exc)
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
        raise DatabaseError(
            f"Die Datenbank {path} ist beschädigt oder nicht lesbar. Sie wurde nicht verändert. "
            "Stellen Sie bitte eine Datensicherung wieder her.",
            detail=repr(exc),
        ) from exc
    finally:
        con.close()
    if app_id != APPLICATION_ID and tables:
        raise ForeignDatabaseError(
            f"Die Datei {path} gehört zu einem anderen Programm und ist keine "
            "contactdesk-Datenbank. Sie wurde nicht verändert."
        )


class Database:
    """An opened, migrated database: the engine plus a session factory."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for an in-memory or server database."""
        return _sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One session per user action: commit on success, roll back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
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


def backup_sqlite_file(source: Path, target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, target)
    return target


def _schema_state(engine: Engine) -> tuple[str | None, bool]:
    """(current alembic revision, whether the database has other tables)."""
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
    return current, bool(tables)


def open_database(
    database: str | os.PathLike[str] | None = None, *, upgrade: bool = True
) -> Database:
    """Open (creating if needed) and migrate the database; refuse foreign or newer ones."""
    url = resolve_url(database)
    path = _sqlite_path(url)
    if path is not None:
        if path.is_dir():
            raise DatabaseError(f"{path} ist ein Ordner, keine Datenbankdatei.")
        _check_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                f"Der Ordner {path.parent} kann nicht angelegt werden: {exc.strerror}."
            ) from exc
    try:
        engine = create_engine(url)
    except Exception as exc:  # bad URL, missing driver
        raise DatabaseError(
            f"Die Datenbankadresse {url!r} kann nicht verwendet werden.", detail=repr(exc)
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    try:
        current, has_tables = _schema_state(engine)
    except Exception as exc:
        engine.dispose()
        raise DatabaseError(
            "Die Datenbank kann nicht geöffnet werden. Bitte prüfen Sie Pfad und Rechte.",
            detail=repr(exc),
        ) from exc
    script = ScriptDirectory.from_config(_alembic_config())
    head = script.get_current_head()
    if current is None and has_tables:
        engine.dispose()
        raise ForeignDatabaseError(
            "Die Datenbank enthält fremde Tabellen und ist keine contactdesk-Datenbank. "
            "Sie wurde nicht verändert."
        )
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
        if current is not None and path is not None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.stem}.vor-update-{stamp}{path.suffix}")
            backup_sqlite_file(path, backup)
            log.info("backed up %s to %s before migrating", path, backup)
        try:
            with engine.begin() as conn:
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except Exception as exc:
            engine.dispose()
            raise DatabaseError(
                "Die Datenbank konnte nicht aktualisiert werden. Eine Sicherung liegt neben "
                "der Datenbankdatei.",
                detail=repr(exc),
            ) from exc
    return Database(engine, url)
