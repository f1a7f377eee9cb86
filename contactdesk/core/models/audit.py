"""Who changed what and when: one row per saved change of a contact, agreement, event or paper.

Written by core/audit.py from the session's flush (never by hand), read by `main.py audit`, by the
conflict message (core/team/versions.py) and by the window's change poll (the newest id).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contactdesk.core.models.base import Base, UTCDateTime, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_record", "record_type", "record_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: database login in team mode, the OS user name on a single desk
    user_name: Mapped[str] = mapped_column(String(200))
    #: "angelegt", "geändert" or "gelöscht"
    action: Mapped[str] = mapped_column(String(20))
    #: "contact", "agreement", "event", "paper"
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    #: the record's name when it was changed (a deleted record cannot be looked up later)
    record_label: Mapped[str] = mapped_column(String(500), default="")
    #: the changed fields, comma-separated attribute names
    fields: Mapped[str] = mapped_column(Text, default="")
    #: the record's row_version after the change
    row_version: Mapped[int | None] = mapped_column(Integer)
