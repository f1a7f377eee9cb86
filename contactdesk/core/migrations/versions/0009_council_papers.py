"""Council-grade papers: Beschlussvorschlag, Anfrage/Antwort, Bearbeiter/in, Aktenzeichen,
gez.-line, structured financial effects; Ö/N and vote counts per consultation; the content hash
of a released version; results and tasks of an event (Ergebnisprotokoll).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PAPER_COLUMNS = (
    ("proposal", sa.Text(), "''"),
    ("answer", sa.Text(), "''"),
    ("clerk", sa.String(200), "''"),
    ("clerk_phone", sa.String(60), "''"),
    ("file_number", sa.String(100), "''"),
    ("signed_by", sa.String(200), "''"),
    ("signer_function", sa.String(200), "''"),
    ("finance_product", sa.String(100), "''"),
)


def upgrade() -> None:
    with op.batch_alter_table("paper") as batch:
        for name, type_, default in PAPER_COLUMNS:
            batch.add_column(
                sa.Column(name, type_, nullable=False, server_default=sa.text(default))
            )
        batch.add_column(sa.Column("finance_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("finance_amount", sa.Numeric(14, 2), nullable=True))
    with op.batch_alter_table("consultation") as batch:
        batch.add_column(sa.Column("is_public", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("votes_yes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("votes_no", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("votes_abstain", sa.Integer(), nullable=True))
    with op.batch_alter_table("paper_version") as batch:
        batch.add_column(
            sa.Column("content_sha256", sa.String(64), nullable=False, server_default=sa.text("''"))
        )
    bind = op.get_bind()
    if not bind.exec_driver_sql("SELECT 1 FROM paper_type WHERE code = 'A'").first():
        op.bulk_insert(
            sa.table(
                "paper_type",
                sa.column("code", sa.String()),
                sa.column("name", sa.String()),
                sa.column("position", sa.Integer()),
                sa.column("active", sa.Boolean()),
            ),
            [{"code": "A", "name": "Anfrage/Antwort", "position": 4, "active": True}],
        )
    op.create_table(
        "event_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_task_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_task")),
    )
    op.create_index(op.f("ix_event_task_event_id"), "event_task", ["event_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_event_task_event_id"), table_name="event_task")
    op.drop_table("event_task")
    bind = op.get_bind()
    used = bind.exec_driver_sql("SELECT 1 FROM paper WHERE type_code = 'A'").first()
    if not used:
        bind.exec_driver_sql("DELETE FROM paper_number_counter WHERE type_code = 'A'")
        bind.exec_driver_sql("DELETE FROM paper_type WHERE code = 'A'")
    with op.batch_alter_table("paper_version") as batch:
        batch.drop_column("content_sha256")
    with op.batch_alter_table("consultation") as batch:
        for name in ("votes_abstain", "votes_no", "votes_yes", "is_public"):
            batch.drop_column(name)
    with op.batch_alter_table("paper") as batch:
        for name in ("finance_amount", "finance_year"):
            batch.drop_column(name)
        for name, _type, _default in reversed(PAPER_COLUMNS):
            batch.drop_column(name)
