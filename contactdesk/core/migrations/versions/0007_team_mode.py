"""Team mode: row versions for optimistic locking, the audit table, PostgreSQL full-text search

- contact, agreement, event, paper get `row_version` (SQLAlchemy's version_id_col): a save over
  a change someone else saved meanwhile is refused instead of silently overwriting it.
- audit_entry: who changed which record when, and which fields (core/audit.py).
- PostgreSQL only: contact_fts gets a generated tsvector column over its folded words and a GIN
  index (core/search.py), and its rowid becomes bigint like the sort keys it holds; SQLite keeps
  its FTS5 table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VERSIONED = ("contact", "agreement", "event", "paper")
TSV = (
    "ALTER TABLE contact_fts ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(string_to_array(text, ' '), ''))) STORED"
)


def upgrade() -> None:
    bind = op.get_bind()
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("row_version", sa.Integer(), server_default="1", nullable=False)
            )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("record_label", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_audit_entry_at", "audit_entry", ["at"], unique=False)
    op.create_index(
        "ix_audit_entry_record", "audit_entry", ["record_type", "record_id"], unique=False
    )
    if bind.dialect.name == "postgresql":
        # the index rowid is the contact's sort key (BigInteger since 0006): 2,048 contacts
        # already pass 2**31 with keys 2**20 apart
        op.execute("ALTER TABLE contact_fts ALTER COLUMN rowid TYPE bigint")
        op.execute(TSV)
        op.execute("CREATE INDEX ix_contact_fts_tsv ON contact_fts USING gin (tsv)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contact_fts_tsv")
        op.execute("ALTER TABLE contact_fts DROP COLUMN IF EXISTS tsv")
        # rowid stays bigint: sort keys above 2**31 would not fit back into integer
    op.drop_index("ix_audit_entry_record", table_name="audit_entry")
    op.drop_index("ix_audit_entry_at", table_name="audit_entry")
    op.drop_table("audit_entry")
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("row_version")
