"""Committee papers (Vorlagen): types, per-year numbering, Beratungsfolge, attachments, versions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from contactdesk.core.enums import ConsultationRole, PaperStatus
from contactdesk.core.models.base import Base, TimestampMixin, UidMixin, UTCDateTime


class PaperType(Base):
    """A kind of paper with its letter in the number ("M" in M006-2021).

    The three types of the town are created by migration 0004; more can be added as rows
    (services.papers.add_paper_type), no code change needed.
    """

    __tablename__ = "paper_type"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PaperNumberCounter(Base):
    """The last number handed out per type and year; numbers are never handed out twice."""

    __tablename__ = "paper_number_counter"

    type_code: Mapped[str] = mapped_column(
        ForeignKey("paper_type.code", ondelete="RESTRICT"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


paper_contact = Table(
    "paper_contact",
    Base.metadata,
    Column("paper_id", ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
)

paper_agreement = Table(
    "paper_agreement",
    Base.metadata,
    Column("paper_id", ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True),
    Column("agreement_id", ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True),
)

paper_event = Table(
    "paper_event",
    Base.metadata,
    Column("paper_id", ForeignKey("paper.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
)


class Paper(UidMixin, TimestampMixin, Base):
    """A Vorlage; `reference` ("M006-2021") is built from type, number and year."""

    __tablename__ = "paper"

    id: Mapped[int] = mapped_column(primary_key=True)
    type_code: Mapped[str] = mapped_column(ForeignKey("paper_type.code", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    paper_date: Mapped[date] = mapped_column(Date)
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    submitter: Mapped[str] = mapped_column(String(200), default="")
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    lead_office: Mapped[str] = mapped_column(String(200), default="")
    lead_office_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL")
    )
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    financial_effects: Mapped[str] = mapped_column(Text, default="keine")
    #: Beschlussvorschlag of a Beschlussvorlage; the answer of an Anfrage (revision 0009)
    proposal: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    #: Bearbeiter/in with phone, Aktenzeichen, and the "gez." line under the signature
    clerk: Mapped[str] = mapped_column(String(200), default="")
    clerk_phone: Mapped[str] = mapped_column(String(60), default="")
    file_number: Mapped[str] = mapped_column(String(100), default="")
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    signer_function: Mapped[str] = mapped_column(String(200), default="")
    #: structured financial effects (Produkt/Sachkonto, Haushaltsjahr, Betrag in Euro)
    finance_product: Mapped[str] = mapped_column(String(100), default="")
    finance_year: Mapped[int | None] = mapped_column(Integer)
    finance_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(30), default=PaperStatus.ENTWURF.value)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: optimistic locking (core/team/versions.py): raised by every UPDATE, checked in its WHERE
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}

    consultations: Mapped[list[Consultation]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="Consultation.position"
    )
    attachments: Mapped[list[PaperAttachment]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="PaperAttachment.position"
    )
    versions: Mapped[list[PaperVersion]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="PaperVersion.version"
    )
    history: Mapped[list[PaperStatusChange]] = relationship(
        back_populates="paper", cascade="all, delete-orphan", order_by="PaperStatusChange.id"
    )

    __table_args__ = (UniqueConstraint("type_code", "year", "number", name="uq_paper_number"),)


class Consultation(UidMixin, Base):
    """One step of the Beratungsfolge: the paper on a committee session with a role."""

    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    # RESTRICT: a session with papers on it is cancelled or moved, never erased silently.
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(30), default=ConsultationRole.KENNTNISNAHME.value)
    agenda_item: Mapped[str] = mapped_column(String(20), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    #: Ö/N of this consultation; None: as the paper (revision 0009)
    is_public: Mapped[bool | None] = mapped_column(Boolean)
    votes_yes: Mapped[int | None] = mapped_column(Integer)
    votes_no: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)

    paper: Mapped[Paper] = relationship(back_populates="consultations")


class PaperAttachment(UidMixin, Base):
    """An Anlage: a document of the agreements register, or a file stored with the paper."""

    __tablename__ = "paper_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    filename: Mapped[str] = mapped_column(String(255), default="")
    mime_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())

    paper: Mapped[Paper] = relationship(back_populates="attachments")


class PaperVersion(UidMixin, Base):
    """The PDF of a paper exactly as it was released; never changed after it is written."""

    __tablename__ = "paper_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    released_on: Mapped[date] = mapped_column(Date)
    released_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reference: Mapped[str] = mapped_column(String(30))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of what was printed (not of the PDF bytes): the footer stamp of the copy; a
    #: paper whose current content hashes differently has changed since (revision 0009)
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))

    paper: Mapped[Paper] = relationship(back_populates="versions")

    __table_args__ = (UniqueConstraint("paper_id", "version", name="uq_paper_version"),)


class PaperStatusChange(Base):
    __tablename__ = "paper_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("paper.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    on_date: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    paper: Mapped[Paper] = relationship(back_populates="history")
