"""Schedule use cases: events, series, participants, conflicts and the agenda (the start page's
numbers are core/services/dashboard.py).

Times in EventData are naive wall-clock times in the event's zone (`tz`). An all-day event
runs from `start` (midnight of its first day) to `end` (midnight after its last day, exclusive,
like iCalendar's DTEND;VALUE=DATE). Stored are UTC instants plus the zone.

The package splits these subjects into one module each (data, validation, reading, agenda,
checks, writing, series, participants, bulk); this module re-exports every public name, so
`from contactdesk.core.services import schedule as sc; sc.create_event(...)` keeps working.
"""

from __future__ import annotations

from contactdesk.core.services.schedule.agenda import event_ids, occurrences, stored_span
from contactdesk.core.services.schedule.bulk import bulk_create_events, set_exdates, set_sequence
from contactdesk.core.services.schedule.checks import SEATED
from contactdesk.core.services.schedule.data import (
    Conflict,
    EventData,
    EventFilter,
    Occurrence,
    OpenResponse,
    ParticipantData,
    SaveResult,
)
from contactdesk.core.services.schedule.participants import (
    event_ids_for_contact,
    invite,
    mark_invited,
    participant_by_email,
    record_attendance,
    record_response,
)
from contactdesk.core.services.schedule.reading import (
    find_by_uid,
    get_event,
    get_events,
    list_committees,
)
from contactdesk.core.services.schedule.series import (
    cancel_occurrence,
    edit_occurrence,
    occurrence_data,
    override_id,
    overrides_of,
    series_overrides,
)
from contactdesk.core.services.schedule.validation import validate
from contactdesk.core.services.schedule.writing import (
    MOVED,
    SIGNIFICANT,
    cancel_event,
    create_event,
    delete_event,
    restore_event,
    restore_snapshot,
    update_event,
)

__all__ = [
    "MOVED",
    "SEATED",
    "SIGNIFICANT",
    "Conflict",
    "EventData",
    "EventFilter",
    "Occurrence",
    "OpenResponse",
    "ParticipantData",
    "SaveResult",
    "bulk_create_events",
    "cancel_event",
    "cancel_occurrence",
    "create_event",
    "delete_event",
    "edit_occurrence",
    "event_ids",
    "event_ids_for_contact",
    "find_by_uid",
    "get_event",
    "get_events",
    "invite",
    "list_committees",
    "mark_invited",
    "occurrence_data",
    "occurrences",
    "override_id",
    "overrides_of",
    "participant_by_email",
    "record_attendance",
    "record_response",
    "restore_event",
    "restore_snapshot",
    "series_overrides",
    "set_exdates",
    "set_sequence",
    "stored_span",
    "update_event",
    "validate",
]
