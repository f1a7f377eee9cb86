"""Schedule entities: events (workshops, meetings, committee sessions), series and participants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contactdesk.core.enums import (  # noqa: F401 (re-exported)
    EventKind,
    EventStatus,
    Invitation,
    ParticipantRole,
    Response,
)
from contactdesk.core.models.base import Base, TimestampMixin, UTCDateTime, new_uid

DEFAULT_TZ = "Europe/Berlin"


event_organisation = Table(
    "event_organisation",
    Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
)

event_agreement = Table(
    "event_agreement",
    Base.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("agreement_id", ForeignKey("agreement.id", ondelete="CASCADE"), primary_key=True),
)


class Event(TimestampMixin, Base):
    """A single event, a series master (rrule set) or a changed occurrence of a series.

    Times are stored as UTC plus the IANA zone the event is planned in; an all-day event keeps
    local midnight of its first day and of the day after its last day (exclusive end).
    """

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    # iCalendar UID: a changed occurrence of a series shares the UID of its series.
    uid: Mapped[str] = mapped_column(String(255), default=new_uid, index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    tz: Mapped[str] = mapped_column(String(64), default=DEFAULT_TZ)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str] = mapped_column(String(300), default="")
    room: Mapped[str] = mapped_column(String(120), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.GEPLANT.value)
    capacity: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(Text, default="")
    # iCalendar identity: SEQUENCE grows with every change that matters to invitees.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime())
    # Series: the master holds the RRULE; a changed occurrence points at its master.
    rrule: Mapped[str | None] = mapped_column(String(500))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    recurrence_id_utc: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: time, date or place changed after invitations went out, and no update was sent yet
    update_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    #: iCalendar TRANSP, CLASS and PRIORITY as imported ("" / None: not given), written back
    transp: Mapped[str] = mapped_column(String(20), default="")
    ical_class: Mapped[str] = mapped_column(String(20), default="")
    priority: Mapped[int | None] = mapped_column(Integer)
    #: the reminder (minutes before the start) the user set or a file brought; None: none
    reminder_minutes: Mapped[int | None] = mapped_column(Integer)

    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Participant.id"
    )
    exdates: Mapped[list[ExDate]] = relationship(
        cascade="all, delete-orphan", order_by="ExDate.original_start_utc"
    )

    #: optimistic locking (core/team/versions.py): raised by every UPDATE, checked in its WHERE
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}

    __table_args__ = (
        Index("ix_event_range", "start_utc", "end_utc"),
        # Series masters by start: the agenda reads every series that began before its window.
        Index(
            "ix_event_series_start",
            "start_utc",
            sqlite_where=text("rrule IS NOT NULL"),
            postgresql_where=text("rrule IS NOT NULL"),
        ),
        Index(
            "uq_event_uid_master",
            "uid",
            unique=True,
            sqlite_where=text("series_id IS NULL"),
            postgresql_where=text("series_id IS NULL"),
        ),
        {"sqlite_autoincrement": True},
    )


class AgendaItem(Base):
    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="agenda")


class ExDate(Base):
    """An occurrence of a series that does not take place (EXDATE)."""

    __tablename__ = "event_exdate"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    original_start_utc: Mapped[datetime] = mapped_column(UTCDateTime())


class Participant(Base):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # RESTRICT: a person who took part cannot be erased silently; deleting moves to the
    # wastebasket and the participant stays visible as deleted.
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default=ParticipantRole.TEILNEHMER.value)
    invitation: Mapped[str] = mapped_column(String(20), default=Invitation.NICHT_EINGELADEN.value)
    response: Mapped[str] = mapped_column(String(20), default=Response.OFFEN.value)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    waiting_list: Mapped[bool] = mapped_column(Boolean, default=False)
    attended: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    #: when the server accepted the invitation for this person, and the SEQUENCE it carried
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_sequence: Mapped[int | None] = mapped_column(Integer)
    #: the SEQUENCE of the event the recorded answer was given for (None: not known)
    response_sequence: Mapped[int | None] = mapped_column(Integer)
    #: the answer given before a change of time, date or place set it back to "offen"
    #: (shown as "offen (Termin geändert)"); None when the answer is current
    response_before_change: Mapped[str | None] = mapped_column(String(20))

    event: Mapped[Event] = relationship(back_populates="participants")
