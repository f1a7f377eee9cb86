"""event: partial index on the start of series masters (the agenda reads them for every window)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 18:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_series_start",
            ["start_utc"],
            unique=False,
            sqlite_where=sa.text("rrule IS NOT NULL"),
            postgresql_where=sa.text("rrule IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_event_series_start",
            sqlite_where=sa.text("rrule IS NOT NULL"),
            postgresql_where=sa.text("rrule IS NOT NULL"),
        )
