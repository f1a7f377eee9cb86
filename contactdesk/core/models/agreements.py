"""Agreements register: agreements, their parties, status history and attached documents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from contactdesk.core.enums import (  # noqa: F401 (re-exported)
    AgreementKind,
    AgreementStatus,
    NoticeTo,
    PartyRole,
)
from contactdesk.core.models.base import Base, TimestampMixin, UidMixin, UTCDateTime


class Agreement(UidMixin, TimestampMixin, Base):
    __tablename__ = "agreement"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=AgreementStatus.ENTWURF.value)
    signed_on: Mapped[date | None] = mapped_column(Date)
    signed_for_town_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL")
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    renewal_months: Mapped[int | None] = mapped_column(Integer)
    notice_months: Mapped[int | None] = mapped_column(Integer)
    notice_to: Mapped[str | None] = mapped_column(String(20))
    amount_once: Mapped[Decimal | None] = mapped_column(Numeric(12, 2, asdecimal=True))
    amount_yearly: Mapped[Decimal | None] = mapped_column(Numeric(12, 2, asdecimal=True))
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: optimistic locking (core/team/versions.py): raised by every UPDATE, checked in its WHERE
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}

    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="AgreementParty.position"
    )
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="StatusChange.id"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by="Document.id"
    )


class AgreementParty(Base):
    __tablename__ = "agreement_party"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    # RESTRICT: a contact named in an agreement cannot be erased for good.
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)

    agreement: Mapped[Agreement] = relationship(back_populates="parties")


class StatusChange(Base):
    """One step of the status workflow, with the date it happened and a note."""

    __tablename__ = "agreement_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    on_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Which empty dates this step filled in, so that undoing it empties them again.
    filled_signed_on: Mapped[bool] = mapped_column(Boolean, default=False)
    filled_valid_from: Mapped[bool] = mapped_column(Boolean, default=False)

    agreement: Mapped[Agreement] = relationship(back_populates="history")


class Document(Base):
    """An attached file; its bytes live in DocumentBlob, checked against the SHA-256."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreement.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    agreement: Mapped[Agreement] = relationship(back_populates="documents")
    blob: Mapped[DocumentBlob] = relationship(cascade="all, delete-orphan", single_parent=True)


class DocumentBlob(Base):
    __tablename__ = "document_blob"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
