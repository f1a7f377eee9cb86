"""Bulk inserts on PostgreSQL through COPY (an import of thousands of contacts in seconds)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def copy_rows(
    conn: Any, table_name: str, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """COPY rows into a table on the connection's current transaction (psycopg 3).

    Values are Python objects as for an INSERT; psycopg turns them into COPY's text form.
    Aware datetimes go into `timestamp without time zone` columns as their UTC wall time
    (the app stores UTC; PostgreSQL drops the +00:00 of such a value).
    """
    raw = conn.connection.driver_connection
    columns = ", ".join(f'"{name}"' for name in names)
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table_name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


__all__ = ["copy_rows"]
