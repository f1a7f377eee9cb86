"""Connection problems with a real server give German messages with the cause, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from contactdesk.core.db import open_database
from contactdesk.core.errors import DatabaseError, DatabaseTooNewError
from contactdesk.core.services import contacts as cs
from tests.pg import PASSWORD, TLS_ONLY, PgServer, free_port

ROOT = Path(__file__).resolve().parents[3]


def _message(url: str) -> str:
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    return caught.value.message


def test_server_down(pg_server: PgServer) -> None:
    url = f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:{free_port()}/contactdesk"
    assert "ist nicht erreichbar" in _message(url)


def test_wrong_password(pg_server: PgServer) -> None:
    message = _message(pg_server.url("postgres", password="falsch"))
    assert "Anmeldung am Datenbankserver" in message
    assert "falsch" not in message  # never show the password


def test_database_missing(pg_server: PgServer) -> None:
    message = _message(pg_server.url("gibtsnicht"))
    assert "Die Datenbank „gibtsnicht“ gibt es auf dem Server" in message


def test_tls_required(pg_server: PgServer) -> None:
    pg_server.admin(f"CREATE DATABASE {TLS_ONLY}")
    try:
        assert "nur verschlüsselte Verbindungen (TLS)" in _message(pg_server.url(TLS_ONLY))
    finally:
        pg_server.admin(f"DROP DATABASE {TLS_ONLY}")


def test_schema_of_a_newer_version_is_refused_untouched(pg_url: str) -> None:
    database = open_database(pg_url)
    with database.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    database.dispose()
    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(pg_url)
    assert "neueren Version von contactdesk" in caught.value.message


def test_connection_dropped_during_an_action(pg_url: str, pg_server: PgServer) -> None:
    database = open_database(pg_url)
    try:
        with pytest.raises(DatabaseError) as caught, database.session() as s:
            pid = s.execute(text("SELECT pg_backend_pid()")).scalar()
            pg_server.admin(f"SELECT pg_terminate_backend({pid})")
            cs.create_contact(s, cs.ContactData(first_name="Anna", last_name="Schulze"))
        assert "Verbindung zum Datenbankserver" in caught.value.message
        assert "Ihre Eingaben sind noch da" in caught.value.message
        # the pool replaces the dead connection: the next action works
        with database.session() as s:
            cs.create_contact(s, cs.ContactData(first_name="Anna", last_name="Schulze"))
    finally:
        database.dispose()


def test_cli_prints_the_cause_without_traceback(pg_server: PgServer) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--database",
            pg_server.url("postgres", password="falsch"),
            "contacts",
            "search",
            "x",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Fehler: Die Anmeldung am Datenbankserver")
    assert "Traceback" not in result.stderr


def test_unusable_address_does_not_show_the_password() -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database("postgresql+nodriver://urban:geheim@db.stadt.local/contactdesk")
    assert "geheim" not in caught.value.message
    assert "urban:***@db.stadt.local" in caught.value.message
