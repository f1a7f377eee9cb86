"""Fixtures for core tests: a real SQLite file on disk, opened and migrated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from contactdesk.core.db import Database, open_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "contactdesk.sqlite"


@pytest.fixture
def core_db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()
