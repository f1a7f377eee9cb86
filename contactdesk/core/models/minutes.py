"""Results and tasks of an event for its Ergebnisprotokoll (revision 0009)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from contactdesk.core.models.base import Base

#: kinds of an entry: a result (what was decided or found) or a task (who does what by when)
TASK_KINDS = ("ergebnis", "aufgabe")


class EventTask(Base):
    """One line of an Ergebnisprotokoll: a result, or a task with its owner and due date."""

    __tablename__ = "event_task"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="aufgabe")
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
