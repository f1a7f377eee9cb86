"""Opening, migrating, refusing and backing up databases (real files on disk)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from contactdesk.core import db as dbmod
from contactdesk.core.db import (
    APPLICATION_ID,
    open_database,
)
from contactdesk.core.errors import DatabaseError, DatabaseTooNewError, ForeignDatabaseError


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(dbmod.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_new_file_is_created_migrated_and_marked(db_path: Path) -> None:
    database = open_database(db_path)
    database.dispose()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert version == dbmod.head_revision()
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert {"contact", "person", "organisation", "role", "consent", "contact_fts"} <= tables
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()


def test_connections_enforce_foreign_keys_and_wal(sqlite_db: dbmod.Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_reopen_is_idempotent(db_path: Path) -> None:
    open_database(db_path).dispose()
    before = db_path.stat().st_mtime_ns
    open_database(db_path).dispose()
    assert list(db_path.parent.glob("*vor-update*")) == []
    assert db_path.stat().st_mtime_ns >= before


def test_revision_chain_walks_down_and_up(db_path: Path) -> None:
    database = open_database(db_path)
    cfg = dbmod.alembic_config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    with database.engine.connect() as conn:
        tables = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'").scalars()
        )
    assert tables <= {"alembic_version", "sqlite_sequence"}
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    database.dispose()
    open_database(db_path).dispose()


@pytest.mark.parametrize("start", _revisions()[:-1] or ["(only one revision)"])
def test_upgrade_from_each_older_revision_backs_up_first(db_path: Path, start: str) -> None:
    if start.startswith("("):
        pytest.skip("the chain has a single revision so far")
    database = open_database(db_path, upgrade=False)
    cfg = dbmod.alembic_config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, start)
    database.dispose()
    reopened = open_database(db_path)
    reopened.dispose()
    backups = list(db_path.parent.glob("contactdesk.vor-update-*.sqlite"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == start
    finally:
        con.close()


def test_text_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("Einkaufsliste\n")
    with pytest.raises(ForeignDatabaseError) as info:
        open_database(path)
    assert "keine contactdesk-Datenbank" in info.value.message
    assert path.read_text() == "Einkaufsliste\n"


def test_foreign_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE kunden (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO kunden (name) VALUES ('Fremd')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(ForeignDatabaseError):
        open_database(path)
    assert path.read_bytes() == before


def test_database_from_newer_version_is_refused(db_path: Path) -> None:
    open_database(db_path).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as info:
        open_database(db_path)
    assert "neueren Version" in info.value.message
    assert db_path.read_bytes() == before


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError):
        open_database(tmp_path)


def test_default_location_comes_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "env.sqlite"
    monkeypatch.setenv(dbmod.ENV_DATABASE, str(target))
    open_database().dispose()
    assert target.exists()


def test_default_path_is_in_user_data_dir() -> None:
    path = dbmod.default_database_path()
    assert path.name == "contactdesk.sqlite"
    assert "contactdesk" in str(path.parent)


def test_backup_is_consistent_copy(sqlite_db: dbmod.Database, tmp_path: Path) -> None:
    from contactdesk.core.services import contacts as cs

    with sqlite_db.session() as s:
        cs.create_contact(s, cs.ContactData(first_name="Jörg", last_name="Müller"))
    target = sqlite_db.backup(tmp_path / "sicherung" / "kopie.sqlite")
    copy = open_database(target)
    with copy.session() as s:
        assert [r.display_name for r in cs.list_contacts(s)] == ["Jörg Müller"]
    copy.dispose()


def test_head_constant_matches_the_migration_scripts() -> None:
    from contactdesk.core.migrations import HEAD

    assert dbmod.head_revision() == HEAD, (
        "a new migration was added: set contactdesk.core.migrations.HEAD to its revision"
    )


def test_opening_a_current_database_does_not_load_alembic(db_path: Path) -> None:
    import subprocess
    import sys

    open_database(db_path).dispose()
    code = (
        "import sys; from contactdesk.core.db import open_database; "
        f"open_database({str(db_path)!r}).dispose(); "
        "print(any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:////tmp/a b/kontakte.sqlite",
        "sqlite:///relativ.sqlite",
        "sqlite+pysqlite:////srv/x.db",
        "sqlite:////tmp/x.db?mode=ro",
        "sqlite:////tmp/%C3%A4.db",
        "postgresql://anna:geheim@rathaus:5432/contactdesk",
        "postgresql+psycopg://rathaus/contactdesk",
        "mysql://x@[::1]:3306/db",
    ],
)
def test_sqlite_path_reads_a_url_as_sqlalchemy_does(url: str) -> None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    expected = (
        None
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:")
        else Path(parsed.database)
    )
    assert dbmod.sqlite_path(url) == expected


def test_paths_and_locks_need_no_sqlalchemy(tmp_path: Path) -> None:
    """The window's first paint uses core.db and core.backup without the ORM (gui/app.py)."""
    import subprocess
    import sys

    code = (
        "import sys; from contactdesk.core import backup, db; "
        f"p = db.sqlite_path(db.resolve_url({str(tmp_path / 'x.sqlite')!r})); "
        "lock = backup.DatabaseLock(p); assert lock.acquire(); lock.release(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_migrations_build_exactly_the_models_schema(sqlite_db: dbmod.Database) -> None:
    """Every column and index of the models exists in a migrated database, and nothing else:
    a model change without its Alembic revision fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from contactdesk.core.models import Base

    ignored_tables = {"contact_fts", "alembic_version", "sqlite_sequence"}
    with sqlite_db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, _parent: (
                    not (
                        type_ == "table"
                        and (name in ignored_tables or name.startswith("contact_fts_"))
                    )
                ),
                "compare_type": True,
            },
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
