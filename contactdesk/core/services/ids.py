"""Choosing ids for bulk inserts that never reuse an id a deleted row once had."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session


def next_free_id(session: Session, table: Any, count: int = 1) -> int:
    """The first of `count` consecutive ids above every id the table ever had, reserved for a
    bulk insert that writes its ids itself.

    SQLite: above AUTOINCREMENT's sqlite_sequence, which the insert then raises. PostgreSQL: the
    id sequence is moved past the block, so rows the ORM inserts later (from its sequence) never
    collide with it; the table is locked against other inserts until the transaction ends, so
    no one else takes an id of the block meanwhile (team mode: imports of two people at once).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text(f'LOCK TABLE "{table.name}" IN EXCLUSIVE MODE'))
        seq = session.scalar(
            text("SELECT pg_get_serial_sequence(:t, 'id')").bindparams(t=table.name)
        )
        highest = session.scalar(select(func.max(table.c.id))) or 0
        if seq is not None:
            used = session.scalar(
                text(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {seq}")
            )
            first = max(highest, used or 0) + 1
            session.execute(
                text("SELECT setval(:s, :v, true)").bindparams(s=seq, v=first + max(count, 1) - 1)
            )
            return int(first)
        return int(highest) + 1
    highest = session.scalar(select(func.max(table.c.id))) or 0
    if dialect == "sqlite":
        seq = session.scalar(
            text("SELECT seq FROM sqlite_sequence WHERE name = :name").bindparams(name=table.name)
        )
        highest = max(highest, seq or 0)
    return highest + 1
