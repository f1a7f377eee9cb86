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
