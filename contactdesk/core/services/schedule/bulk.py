"""Calendar imports: many events created with plain inserts, and the SEQUENCE and cancelled
occurrences of an imported event taken over as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from contactdesk.core.models import Event, ExDate, Participant, utcnow
from contactdesk.core.models.base import new_uid
from contactdesk.core.services.ids import next_free_id
from contactdesk.core.services.schedule.data import EventData
from contactdesk.core.services.schedule.reading import load_event
from contactdesk.core.services.schedule.validation import validate


def set_exdates(session: Session, series_id: int, exdates: list[datetime]) -> None:
    """Replace the cancelled occurrences of a series as they are (used by imports)."""
    event = load_event(session, series_id)
    event.exdates = [ExDate(original_start_utc=x.astimezone(UTC)) for x in dict.fromkeys(exdates)]
    session.flush()


def set_sequence(session: Session, event_id: int, sequence: int) -> None:
    """Take over the SEQUENCE of an imported event (it belongs to the file's organiser)."""
    event = load_event(session, event_id)
    event.sequence = max(sequence, 0)
    session.flush()


def bulk_create_events(
    session: Session, items: list[EventData], exdates: dict[int, list[datetime]] | None = None
) -> list[int]:
    """Create many events with plain inserts (calendar imports); all validated first.

    `exdates` maps an item's position to the UTC starts of its cancelled occurrences.
    Conflict checks are left out: an import reports what it read, not overlaps.
    """
    cleaned = [validate(item) for item in items]
    if not cleaned:
        return []
    exdates = exdates or {}
    first_id = next_free_id(session, Event.__table__, len(cleaned))
    now = utcnow()
    event_rows: list[dict[str, Any]] = []
    participant_rows = []
    exdate_rows = []
    for position, (cid, clean) in enumerate(enumerate(cleaned, start=first_id)):
        event_rows.append(
            {
                "id": cid,
                "uid": clean.uid or new_uid(),
                "kind": clean.kind,
                "title": clean.title,
                "description": clean.description,
                "start_utc": clean.start_utc,
                "end_utc": clean.end_utc,
                "tz": clean.tz,
                "all_day": clean.all_day,
                "location": clean.location.strip(),
                "room": clean.room.strip(),
                "online_url": clean.online_url.strip(),
                "organiser_id": clean.organiser_id,
                "committee_id": clean.committee_id,
                "is_public": clean.is_public,
                "status": clean.status,
                "capacity": clean.capacity,
                "outcome": clean.outcome,
                "sequence": clean.sequence,
                "last_modified": now,
                "rrule": clean.rrule,
                "series_id": None,
                "recurrence_id_utc": None,
                "is_example": clean.is_example,
                "transp": clean.transp,
                "ical_class": clean.ical_class,
                "priority": clean.priority,
                "reminder_minutes": clean.reminder_minutes,
                "deleted_at": None,
                "created_at": now,
                "updated_at": now,
            }
        )
        for p in clean.participants:
            participant_rows.append(
                {
                    "event_id": cid,
                    "contact_id": p.contact_id,
                    "role": p.role,
                    "invitation": p.invitation,
                    "response": p.response,
                    "responded_at": None,
                    "waiting_list": False,
                    "attended": p.attended,
                    "note": p.note,
                }
            )
        for x in exdates.get(position, []):
            exdate_rows.append({"event_id": cid, "original_start_utc": x.astimezone(UTC)})
    session.execute(insert(Event), event_rows)
    if participant_rows:
        session.execute(insert(Participant), participant_rows)
    if exdate_rows:
        session.execute(insert(ExDate), exdate_rows)
    return [row["id"] for row in event_rows]
