"""contact.sort_key: name order as a number, and the rowid of the contact in the search index

A search then reads its hits from the full-text index already in name order and stops after
the first page, instead of collecting every hit of a common prefix and sorting them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STEP = 1 << 20  # frozen copy of core.sortkeys.STEP at the time of this revision
FTS_DDL = (
    'CREATE VIRTUAL TABLE contact_fts USING fts5(text, tokenize = "unicode61 remove_diacritics 2")'
)


def _rekey_index(bind: sa.Connection, mapping: dict[int, int]) -> None:
    """Move every search entry from its old rowid to mapping[old]; entries without one go."""
    rows = bind.exec_driver_sql("SELECT rowid, text FROM contact_fts").fetchall()
    moved = [(mapping[rowid], text) for rowid, text in rows if rowid in mapping]
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("DROP TABLE contact_fts")
        bind.exec_driver_sql(FTS_DDL)
    else:
        bind.exec_driver_sql("DELETE FROM contact_fts")
        if bind.dialect.name == "postgresql":  # sort keys pass 2**31 from 2,048 contacts on
            bind.exec_driver_sql("ALTER TABLE contact_fts ALTER COLUMN rowid TYPE bigint")
    fts = sa.table("contact_fts", sa.column("rowid"), sa.column("text"))
    for start in range(0, len(moved), 5000):
        chunk = moved[start : start + 5000]
        bind.execute(fts.insert(), [{"rowid": key, "text": text} for key, text in chunk])


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("contact", sa.Column("sort_key", sa.BigInteger(), nullable=True))
    ids = [row[0] for row in bind.exec_driver_sql("SELECT id FROM contact ORDER BY sort_name, id")]
    keys = {cid: (position + 1) * STEP for position, cid in enumerate(ids)}
    contact = sa.table("contact", sa.column("id"), sa.column("sort_key"))
    stmt = (
        contact.update()
        .where(contact.c.id == sa.bindparam("cid"))
        .values(sort_key=sa.bindparam("key"))
    )
    items = [{"cid": cid, "key": key} for cid, key in keys.items()]
    for start in range(0, len(items), 5000):
        bind.execute(stmt, items[start : start + 5000])
    op.create_index("ix_contact_sort_key", "contact", ["sort_key"], unique=True)
    op.create_index("ix_contact_sort_name_id", "contact", ["sort_name", "id"], unique=False)
    # (sort_name, id) serves the list, the duplicate check and the key neighbours alike; one
    # index fewer to maintain on every insert.
    op.drop_index("ix_contact_deleted_sort", table_name="contact")
    _rekey_index(bind, keys)


def downgrade() -> None:
    bind = op.get_bind()
    back = {
        key: cid
        for cid, key in bind.exec_driver_sql("SELECT id, sort_key FROM contact").fetchall()
        if key is not None
    }
    _rekey_index(bind, back)
    op.create_index("ix_contact_deleted_sort", "contact", ["deleted_at", "sort_name"], unique=False)
    op.drop_index("ix_contact_sort_name_id", table_name="contact")
    op.drop_index("ix_contact_sort_key", table_name="contact")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("sort_key")
