"""Fixtures of the sending tests."""

from __future__ import annotations

import pytest

from contactdesk.core.db import Database
from tests.core.mail.world import build_world


@pytest.fixture
def world(core_db: Database) -> dict[str, int]:
    return build_world(core_db)
