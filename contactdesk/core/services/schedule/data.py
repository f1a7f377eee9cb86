"""What the schedule services take and give: events, participants, agenda occurrences, filters,
conflicts and the result of a save.

Times in EventData are naive wall-clock times in the event's zone (`tz`). An all-day event
runs from `start` (midnight of its first day) to `end` (midnight after its last day, exclusive,
like iCalendar's DTEND;VALUE=DATE). Stored are UTC instants plus the zone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from contactdesk.core import timezones as tzs
from contactdesk.core.jsonable import JsonRecord
from contactdesk.core.models import (
    DEFAULT_TZ,
    EventKind,
    EventStatus,
    Invitation,
    ParticipantRole,
    Response,
)


@dataclass
class ParticipantData:
    contact_id: int
    role: str = ParticipantRole.TEILNEHMER.value
    invitation: str = Invitation.NICHT_EINGELADEN.value
    response: str = Response.OFFEN.value
    attended: bool | None = None
    note: str = ""
    waiting_list: bool = False
    # read-only
    contact_name: str = ""
    contact_kind: str = ""
    email: str = ""
    consent_missing: bool = False
    contact_deleted: bool = False
    #: when the server accepted an invitation for this person (invitations service)
    sent_at: datetime | None = None
    #: the answer a change of time, date or place set back to "offen" ("offen (Termin geändert)")
    response_before_change: str | None = None


@dataclass
class EventData(JsonRecord):
    title: str = ""
    kind: str = EventKind.SONSTIGER_TERMIN.value
    start: datetime = field(default_factory=lambda: datetime.combine(date.today(), time(10)))
    end: datetime = field(default_factory=lambda: datetime.combine(date.today(), time(11)))
    tz: str = DEFAULT_TZ
    all_day: bool = False
    description: str = ""
    agenda: list[str] = field(default_factory=list)
    location: str = ""
    room: str = ""
    online_url: str = ""
    organiser_id: int | None = None
    committee_id: int | None = None
    is_public: bool = True
    status: str = EventStatus.GEPLANT.value
    capacity: int | None = None
    outcome: str = ""
    rrule: str | None = None
    organisation_ids: list[int] = field(default_factory=list)
    agreement_ids: list[int] = field(default_factory=list)
    participants: list[ParticipantData] = field(default_factory=list)
    #: for a wall time that occurs twice in autumn: "sommerzeit" or "winterzeit"
    ambiguous_choice: str | None = None
    is_example: bool = False
    #: from calendar files, written back on export ("" / None: not given)
    transp: str = ""
    ical_class: str = ""
    priority: int | None = None
    #: reminder in minutes before the start; None: no reminder
    reminder_minutes: int | None = None
    # read-only
    id: int | None = None
    uid: str | None = None
    sequence: int = 0
    last_modified: datetime | None = None
    series_id: int | None = None
    recurrence_id: datetime | None = None
    exdates: list[datetime] = field(default_factory=list)
    organiser_name: str = ""
    organiser_email: str = ""
    committee_name: str = ""
    deleted: bool = False
    #: read-only: the stored version the editor read (optimistic locking, core/team/versions.py)
    row_version: int | None = None
    #: time, date or place changed after invitations, no update sent yet (read-only)
    update_pending: bool = False

    @property
    def start_utc(self) -> datetime:
        return tzs.local_to_utc(self.start, self.tz, self.ambiguous_choice)

    @property
    def end_utc(self) -> datetime:
        return tzs.local_to_utc(self.end, self.tz, self.ambiguous_choice, field="end")


@dataclass(frozen=True)
class Conflict:
    """An overlap found when saving: the same participant or the same room at the same time."""

    kind: str  # "teilnehmer" or "raum"
    event_id: int
    title: str
    start: datetime  # aware local
    what: str  # the participant's name or the room

    @property
    def message(self) -> str:
        if self.kind == "raum":
            return (
                f"Der Raum „{self.what}“ ist am {self.start:%d.%m.%Y} um {self.start:%H:%M} Uhr "
                f"schon durch „{self.title}“ belegt."
            )
        return (
            f"{self.what} ist am {self.start:%d.%m.%Y} um {self.start:%H:%M} Uhr schon bei "
            f"„{self.title}“ eingeplant."
        )


@dataclass
class SaveResult:
    event: EventData
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Occurrence(JsonRecord):
    """One appearance of an event in the agenda (a series shows once per occurrence)."""

    event_id: int
    series_id: int | None
    recurrence_id: datetime | None  # UTC start of the occurrence within its series
    title: str
    kind: str
    start: datetime  # aware, in the event's zone
    end: datetime
    all_day: bool
    location: str
    room: str
    status: str
    committee: str
    is_public: bool
    participants: int
    is_series: bool


@dataclass(frozen=True)
class EventFilter:
    kind: str | None = None
    committee_id: int | None = None
    participant_id: int | None = None
    include_cancelled: bool = True


@dataclass(frozen=True)
class OpenResponse:
    event_id: int
    title: str
    start: datetime
    contact_id: int
    contact_name: str
    #: False: on the participant list, but no invitation has gone out yet
    invited: bool = True
    #: False: the event has begun already (it is still running)
    waiting: bool = True
