"""A database with data upgrades through every revision (batch mode copies tables that others
point at: with foreign keys enforced inside the one upgrade transaction this failed on any
real database – "FOREIGN KEY constraint failed" – and the user could not start any more)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event, text
from sqlalchemy.pool import NullPool

from contactdesk.core.db import alembic_config, open_database
from contactdesk.core.demo import load_demo
from contactdesk.core.migrations import HEAD


def counts(path: Path) -> dict[str, int]:
    db = open_database(path)
    try:
        with db.session() as s:
            return {
                t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("contact", "event", "participant", "agreement", "paper", "consultation")
            }
    finally:
        db.dispose()


def test_the_demo_data_upgrades_from_0006_to_head(tmp_path: Path) -> None:
    path = tmp_path / "alt.sqlite"
    db = open_database(path)
    with db.session() as s:
        load_demo(s)
    db.dispose()
    before = counts(path)
    assert before["participant"] > 0 and before["consultation"] > 0

    # back to the revision of the last release, data and all (foreign keys off by hand:
    # this step is only the test's set-up)
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    event.listen(engine, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=OFF"))
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
    finally:
        engine.dispose()

    db = open_database(path)  # upgrades in one transaction
    try:
        with db.session() as s:
            assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            assert s.execute(text("PRAGMA foreign_key_check")).fetchall() == []
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again for the app
    finally:
        db.dispose()
    assert counts(path) == before
