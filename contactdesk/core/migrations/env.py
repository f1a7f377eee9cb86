"""Alembic environment: runs on the connection that contactdesk.core.db hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from contactdesk.core.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    # Full-text tables (FTS5 and its shadow tables) are managed by hand in the migrations.
    return not (type_ == "table" and name and name.endswith(_FTS_SUFFIXES))


_FTS_SUFFIXES = ("_fts", "_fts_data", "_fts_idx", "_fts_content", "_fts_docsize", "_fts_config")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # developer use: `alembic -x url=sqlite:///x.sqlite revision --autogenerate`
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.sqlite")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
