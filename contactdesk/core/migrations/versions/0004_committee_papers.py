"""committee papers: types, numbering, Beratungsfolge, attachments, released versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 16:05:19.288601
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_type",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_paper_type")),
    )
    # The town's paper types; more can be added as rows (services.papers.add_paper_type).
    op.bulk_insert(
        sa.table(
            "paper_type",
            sa.column("code", sa.String()),
            sa.column("name", sa.String()),
            sa.column("position", sa.Integer()),
            sa.column("active", sa.Boolean()),
        ),
        [
            {"code": "M", "name": "Mitteilungsvorlage", "position": 1, "active": True},
            {"code": "B", "name": "Beschlussvorlage", "position": 2, "active": True},
            {"code": "I", "name": "Informationsvorlage", "position": 3, "active": True},
        ],
    )
    op.create_table(
        "paper",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(length=5), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("paper_date", sa.Date(), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("submitter", sa.String(length=200), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=True),
        sa.Column("lead_office", sa.String(length=200), nullable=False),
        sa.Column("lead_office_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("financial_effects", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_office_id"],
            ["contact.id"],
            name=op.f("fk_paper_lead_office_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"],
            ["contact.id"],
            name=op.f("fk_paper_submitter_id_contact"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["type_code"],
            ["paper_type.code"],
            name=op.f("fk_paper_type_code_paper_type"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper")),
        sa.UniqueConstraint("reference", name=op.f("uq_paper_reference")),
        sa.UniqueConstraint("type_code", "year", "number", name="uq_paper_number"),
        sa.UniqueConstraint("uid", name=op.f("uq_paper_uid")),
    )
    op.create_table(
        "paper_number_counter",
        sa.Column("type_code", sa.String(length=5), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["type_code"],
            ["paper_type.code"],
            name=op.f("fk_paper_number_counter_type_code_paper_type"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("type_code", "year", name=op.f("pk_paper_number_counter")),
    )
    op.create_table(
        "paper_contact",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_paper_contact_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_paper_contact_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("paper_id", "contact_id", name=op.f("pk_paper_contact")),
    )
    op.create_table(
        "paper_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=True),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_paper_status_change_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_status_change")),
    )
    with op.batch_alter_table("paper_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paper_status_change_paper_id"), ["paper_id"], unique=False
        )

    op.create_table(
        "paper_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=False),
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_paper_version_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_version")),
        sa.UniqueConstraint("paper_id", "version", name="uq_paper_version"),
        sa.UniqueConstraint("uid", name=op.f("uq_paper_version_uid")),
    )
    with op.batch_alter_table("paper_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_version_paper_id"), ["paper_id"], unique=False)

    op.create_table(
        "consultation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("agenda_item", sa.String(length=20), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_consultation_event_id_event"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_consultation_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
        sa.UniqueConstraint("uid", name=op.f("uq_consultation_uid")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_paper_id"), ["paper_id"], unique=False)

    op.create_table(
        "paper_agreement",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_paper_agreement_agreement_id_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_paper_agreement_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("paper_id", "agreement_id", name=op.f("pk_paper_agreement")),
    )
    op.create_table(
        "paper_event",
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_paper_event_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_paper_event_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("paper_id", "event_id", name=op.f("pk_paper_event")),
    )
    op.create_table(
        "paper_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_paper_attachment_document_id_document"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["paper.id"],
            name=op.f("fk_paper_attachment_paper_id_paper"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_attachment")),
        sa.UniqueConstraint("uid", name=op.f("uq_paper_attachment_uid")),
    )
    with op.batch_alter_table("paper_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paper_attachment_paper_id"), ["paper_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("paper_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_attachment_paper_id"))

    op.drop_table("paper_attachment")
    op.drop_table("paper_event")
    op.drop_table("paper_agreement")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_paper_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_event_id"))

    op.drop_table("consultation")
    with op.batch_alter_table("paper_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_version_paper_id"))

    op.drop_table("paper_version")
    with op.batch_alter_table("paper_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_status_change_paper_id"))

    op.drop_table("paper_status_change")
    op.drop_table("paper_contact")
    op.drop_table("paper_number_counter")
    op.drop_table("paper")
    op.drop_table("paper_type")
