"""Team mode: Alembic on a real PostgreSQL server, from empty and from every older revision."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from contactdesk.core import db as dbmod
from contactdesk.core.db import open_database
from tests.pg import PgServer


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(dbmod.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _tables(url: str) -> set[str]:
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(inspect(conn).get_table_names())
    finally:
        engine.dispose()


def test_empty_server_database_is_migrated_to_head(pg_empty_url: str) -> None:
    database = open_database(pg_empty_url)
    try:
        with database.engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        assert version == dbmod.head_revision()
        assert {"contact", "person", "organisation", "contact_fts", "paper"} <= _tables(
            pg_empty_url
        )
    finally:
        database.dispose()


def test_migrations_build_exactly_the_models_schema_on_postgresql(pg_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from contactdesk.core.models import Base

    database = open_database(pg_url)
    try:
        with database.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "include_name": lambda name, type_, _parent: (
                        not (type_ == "table" and name in {"contact_fts", "alembic_version"})
                    ),
                    "compare_type": True,
                },
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        database.dispose()
    assert diff == []


def test_revision_chain_walks_down_and_up_on_postgresql(pg_url: str) -> None:
    database = open_database(pg_url)
    cfg = dbmod.alembic_config()
    try:
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert _tables(pg_url) <= {"alembic_version"}
        with database.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        database.dispose()
    open_database(pg_url).dispose()


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrade_from_each_older_revision_on_postgresql(
    pg_server: PgServer, pg_empty_url: str, start: str
) -> None:
    """A team database left at an older revision, with data in it, reaches head."""
    from contactdesk.core.demo import load_demo

    database = open_database(pg_empty_url, upgrade=False)
    cfg = dbmod.alembic_config()
    with database.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, start)
    database.dispose()
    reopened = open_database(pg_empty_url)
    try:
        with reopened.session() as session:
            load_demo(session)
        with reopened.engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            people = conn.exec_driver_sql("SELECT count(*) FROM person").scalar()
        assert version == dbmod.head_revision()
        assert people and people > 0
    finally:
        reopened.dispose()
