"""agreements register: agreements, parties, status history, documents

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 15:51:43.952199
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signed_for_town_by_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("renewal_months", sa.Integer(), nullable=True),
        sa.Column("notice_months", sa.Integer(), nullable=True),
        sa.Column("notice_to", sa.String(length=20), nullable=True),
        sa.Column("amount_once", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("amount_yearly", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signed_for_town_by_id"],
            ["person.id"],
            name=op.f("fk_agreement_signed_for_town_by_id_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
        sa.UniqueConstraint("uid", name=op.f("uq_agreement_uid")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "agreement_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_agreement_party_agreement_id_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_agreement_party_contact_id_contact"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_party")),
    )
    with op.batch_alter_table("agreement_party", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_party_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agreement_party_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "agreement_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("filled_signed_on", sa.Boolean(), nullable=False),
        sa.Column("filled_valid_from", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_agreement_status_change_agreement_id_agreement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_status_change")),
    )
    with op.batch_alter_table("agreement_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_status_change_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_document_agreement_id_agreement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_agreement_id"), ["agreement_id"], unique=False
        )

    op.create_table(
        "document_blob",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_blob_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_blob")),
    )


def downgrade() -> None:
    op.drop_table("document_blob")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_agreement_id"))

    op.drop_table("document")
    with op.batch_alter_table("agreement_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_status_change_agreement_id"))

    op.drop_table("agreement_status_change")
    with op.batch_alter_table("agreement_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_party_contact_id"))
        batch_op.drop_index(batch_op.f("ix_agreement_party_agreement_id"))

    op.drop_table("agreement_party")
    op.drop_table("agreement")
