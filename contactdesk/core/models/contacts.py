"""Contact register entities: people, organisations, roles, channels, tags, consent, interactions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contactdesk.core.enums import (  # noqa: F401 (re-exported)
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    InteractionKind,
    NetworkRole,
    OrgKind,
)
from contactdesk.core.models.base import Base, TimestampMixin, UidMixin, UTCDateTime

contact_tag = Table(
    "contact_tag",
    Base.metadata,
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Contact(UidMixin, TimestampMixin, Base):
    """Common identity of a person or an organisation (joined-table inheritance)."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    display_name: Mapped[str] = mapped_column(String(300))
    sort_name: Mapped[str] = mapped_column(String(300))
    #: Position in the name order (sort_name, id), with gaps; also the contact's rowid in the
    #: full-text index, so that a search reads its hits already sorted (core/sortkeys.py).
    sort_key: Mapped[int | None] = mapped_column(BigInteger)
    website: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str] = mapped_column(Text, default="")
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    # Denormalised summary for the paged list (kept current by services.contacts).
    primary_email: Mapped[str] = mapped_column(String(320), default="")
    primary_phone: Mapped[str] = mapped_column(String(40), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    affiliation: Mapped[str] = mapped_column(String(500), default="")
    tags_text: Mapped[str] = mapped_column(String(500), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: optimistic locking (core/team/versions.py): raised by every UPDATE, checked in its WHERE
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    emails: Mapped[list[Email]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Email.position"
    )
    phones: Mapped[list[Phone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Phone.position"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Address.position"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tag, order_by="Tag.name")
    interactions: Mapped[list[Interaction]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        order_by="Interaction.occurred_at.desc()",
    )

    __mapper_args__ = {
        "polymorphic_on": "kind",
        "polymorphic_identity": "contact",
        "version_id_col": row_version,
    }
    # AUTOINCREMENT: an erased contact's id is never given to a new one (undo, previews).
    __table_args__ = (
        Index("ix_contact_sort_key", "sort_key", unique=True),
        Index("ix_contact_sort_name_id", "sort_name", "id"),
        {"sqlite_autoincrement": True},
    )


class Person(Contact):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    salutation: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(80), default="")
    first_name: Mapped[str] = mapped_column(String(120), default="")
    last_name: Mapped[str] = mapped_column(String(120))
    is_public_office_holder: Mapped[bool] = mapped_column(Boolean, default=False)

    roles: Mapped[list[Role]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        foreign_keys="Role.person_id",
        order_by="Role.start_date",
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Consent.given_on"
    )

    __mapper_args__ = {"polymorphic_identity": ContactKind.PERSON.value}


class Organisation(Contact):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    org_kind: Mapped[str] = mapped_column(String(40), default=OrgKind.SONSTIGE.value)
    network_role: Mapped[str] = mapped_column(String(40), default=NetworkRole.KEINE.value)

    roles: Mapped[list[Role]] = relationship(
        back_populates="organisation", foreign_keys="Role.organisation_id"
    )

    __mapper_args__ = {"polymorphic_identity": ContactKind.ORGANISATION.value}


class Role(Base):
    """A person's function in an organisation over a period of time."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # RESTRICT: an organisation row can only be erased once no role points at it.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    function: Mapped[str] = mapped_column(String(200), default="")
    is_contact_person: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="roles", foreign_keys=[person_id])
    organisation: Mapped[Organisation] = relationship(
        back_populates="roles", foreign_keys=[organisation_id]
    )


class Email(Base):
    __tablename__ = "email"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(320), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="emails")


class Phone(Base):
    __tablename__ = "phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(40), default="")
    number: Mapped[str] = mapped_column(String(40), index=True)  # E.164
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="phones")


class Address(Base):
    __tablename__ = "address"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(40), default="")
    street: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(80), default="Deutschland")
    position: Mapped[int] = mapped_column(Integer, default=0)

    contact: Mapped[Contact] = relationship(back_populates="addresses")


class Interaction(Base):
    """A dated entry in a contact's log: call, meeting, e-mail, letter."""

    __tablename__ = "interaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    by: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text)

    contact: Mapped[Contact] = relationship(back_populates="interactions")


class Consent(Base):
    """What a person agreed to (DSGVO), when, how and until when."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    valid_until: Mapped[date | None] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    #: where it was given: a form, an event, an e-mail ("Anmeldung Netzwerktreffen 2024")
    source: Mapped[str] = mapped_column(String(200), default="", server_default="")

    person: Mapped[Person] = relationship(back_populates="consents")
