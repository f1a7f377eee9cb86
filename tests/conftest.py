"""Shared fixtures. Qt runs offscreen: the variable must be set before any QApplication exists."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the app's rotating log and crash-recovery files never go to the real user folders in tests
os.environ.setdefault("CONTACTDESK_LOG_DIR", tempfile.mkdtemp(prefix="contactdesk-test-log-"))
os.environ.setdefault("CONTACTDESK_RECOVERY_DIR", tempfile.mkdtemp(prefix="contactdesk-test-rec-"))
# settings.json (core/settings.py): never the real one; each test gets its own (fixture below)
os.environ.setdefault("CONTACTDESK_CONFIG_DIR", tempfile.mkdtemp(prefix="contactdesk-test-cfg-"))

from contactdesk.core.db import Database, open_database


@pytest.fixture(autouse=True)
def settings_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty settings folder (core/settings.py): no test reads or
    writes the real user's settings.json, and no test sees another test's settings."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("CONTACTDESK_CONFIG_DIR", str(folder))
    monkeypatch.delenv("CONTACTDESK_SMTP_PASSWORD", raising=False)
    return folder


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A real, migrated SQLite file in the test's temporary folder."""
    database = open_database(tmp_path / "contactdesk.sqlite")
    try:
        yield database
    finally:
        database.dispose()
