"""What the iCalendar reader and writer share: the product id, the role and answer mappings,
and the events and people they write (see `ical` for the whole story)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contactdesk import __version__

PRODID = f"-//contactdesk//contactdesk {__version__}//DE"
MAX_SINGLE_EXPANSION = 500  # occurrences written when a rule must become single events

ROLE_TO_ICAL = {
    "teilnehmer": "REQ-PARTICIPANT",
    "referent": "REQ-PARTICIPANT",
    "moderation": "CHAIR",
    "optional": "OPT-PARTICIPANT",
}
RESPONSE_TO_PARTSTAT = {
    "offen": "NEEDS-ACTION",
    "zusage": "ACCEPTED",
    "absage": "DECLINED",
    "vorbehalt": "TENTATIVE",
}
PARTSTAT_TO_RESPONSE = {v: k for k, v in RESPONSE_TO_PARTSTAT.items()} | {"DELEGATED": "absage"}


@dataclass(frozen=True)
class Person:
    """An organiser or attendee as it appears in a file."""

    email: str
    name: str = ""
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class OutEvent:
    """What the writer needs of one event (built by the calendar exchange service)."""

    uid: str
    title: str
    start: datetime  # naive local wall time, or midnight for all-day
    end: datetime  # exclusive for all-day
    tz: str
    all_day: bool = False
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE, CANCELLED
    sequence: int = 0
    last_modified: datetime | None = None
    rrule: str | None = None
    exdates: tuple[datetime, ...] = ()  # UTC instants of cancelled occurrences
    recurrence_id: datetime | None = None  # UTC; set on a changed occurrence
    categories: tuple[str, ...] = ()
    attendees: tuple[Person, ...] = ()
    organiser: Person | None = None
    alarm_minutes: int | None = 15
    transparent: bool = False
    #: contactdesk's own marker (X-CONTACTDESK-KIND): the event's kind, or "frist" for
    #: agreement deadlines
    marker: str = ""
    #: TRANSP as a file brought it ("" = decided here: all-day free, else busy)
    transp: str = ""
    ical_class: str = ""  # CLASS (PUBLIC, PRIVATE, CONFIDENTIAL) as imported
    priority: int | None = None  # PRIORITY 0-9 as imported
    #: what only contactdesk reads back (X-CONTACTDESK-STATUS/-ROOM/-COMMITTEE)
    cd_status: str = ""
    cd_room: str = ""
    cd_committee: str = ""
