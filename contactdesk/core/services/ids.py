"""Choosing ids for bulk inserts that never reuse an id a deleted row once had."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session


def next_free_id(session: Session, table: Any) -> int:
    """The first id above every id the table ever had (SQLite AUTOINCREMENT's sqlite_sequence)."""
    highest = session.scalar(select(func.max(table.c.id))) or 0
    if session.get_bind().dialect.name == "sqlite":
        seq = session.scalar(
            text("SELECT seq FROM sqlite_sequence WHERE name = :name").bindparams(name=table.name)
        )
        highest = max(highest, seq or 0)
    return highest + 1
