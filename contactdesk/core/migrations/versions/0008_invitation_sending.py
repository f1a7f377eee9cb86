"""Sending invitations and what calendar files say

participant: sent_at / sent_sequence (the server accepted the invitation, with that SEQUENCE),
response_sequence (the SEQUENCE an answer was given for), response_before_change (the answer a
change of time, date or place set back to "offen"). event: update_pending (a change not yet
sent to the invited), transp, ical_class, priority and reminder_minutes (kept from imports,
written back on export).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 05:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("sent_sequence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("response_sequence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("response_before_change", sa.String(20), nullable=True))
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("update_pending", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("transp", sa.String(20), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("ical_class", sa.String(20), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminder_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        for name in ("reminder_minutes", "priority", "ical_class", "transp", "update_pending"):
            batch_op.drop_column(name)
    with op.batch_alter_table("participant", schema=None) as batch_op:
        for name in ("response_before_change", "response_sequence", "sent_sequence", "sent_at"):
            batch_op.drop_column(name)
