"""Fixtures for core tests: a real SQLite file on disk, or a real PostgreSQL database, migrated.

`core_db` runs a test on both engines (team mode): an empty SQLite file and a fresh database
on the throwaway PostgreSQL cluster of tests/pg.py. Modules whose subject is the SQLite file
itself (backups of the file, pragmas, locks) use `sqlite_db` instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from contactdesk.core.db import Database, open_database
from tests.pg import PgServer


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "contactdesk.sqlite"


@pytest.fixture
def sqlite_db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def core_db(request: pytest.FixtureRequest, db_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = open_database(db_path)
    else:
        database = open_database(request.getfixturevalue("pg_url"))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def demo_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data (contacts, committees, papers, sessions) in a SQLite file, made once."""
    from contactdesk.core.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path)
    with database.session() as session:
        load_demo(session)
    database.dispose()
    return path


@pytest.fixture(scope="session")
def demo_pg_template(pg_server: PgServer) -> str:
    """The same demo data in a database on the throwaway server, copied for each test."""
    from contactdesk.core.demo import load_demo

    url = pg_server.new_database()
    database = open_database(url)
    with database.session() as session:
        load_demo(session)
    database.dispose()  # CREATE DATABASE … TEMPLATE needs the template without connections
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the demo database for one test, on both engines (team mode). On SQLite
    the copy is `tmp_path / "contactdesk.sqlite"`; on both `Database.url` is its address for
    the command line."""
    from contactdesk.core.db import backup_sqlite_file

    if request.param == "sqlite":
        demo = request.getfixturevalue("demo_sqlite_file")
        database = open_database(backup_sqlite_file(demo, tmp_path / "contactdesk.sqlite"))
        yield database
        database.dispose()
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.new_database(template=request.getfixturevalue("demo_pg_template"))
    database = open_database(url)
    yield database
    database.dispose()
    server.drop_database(url)
