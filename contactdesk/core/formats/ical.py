"""iCalendar (RFC 5545) and iTIP (RFC 5546) for Outlook: the only module that uses icalendar.

Out: invitations (METHOD:REQUEST), cancellations (METHOD:CANCEL) and calendars
(METHOD:PUBLISH) built from schedule.EventData. Every TZID gets a VTIMEZONE with one STANDARD
and one DAYLIGHT block and yearly RRULEs (the form Outlook reads reliably; icalendar's
add_missing_timezones() writes RDATE lists instead). All-day events use VALUE=DATE with an
exclusive DTEND. A series becomes RRULE/EXDATE plus RECURRENCE-ID overrides when Outlook's
recurrence patterns can express its rule, otherwise single events.

In: calendars and invitations from Outlook, Thunderbird and others, including Windows time zone
names ("W. Europe Standard Time") and custom VTIMEZONEs, and replies (METHOD:REPLY). What real
files do beyond the letter of RFC 5545 is taken as meant: an EXDATE or RECURRENCE-ID of an
all-day series written as a date-time (Exchange: "EXDATE;TZID=...:20240715T000000") means that
day; an EXDATE that hits no occurrence of a timed series (Outlook's published calendars write
midnight) means the one occurrence on that day; an event without UID (old or home-made
exporters) gets one derived from its content, so that importing the file again finds it;
Google's HTML descriptions become plain text.

The work is split by direction: `ical_types` (what both share), `ical_write`, `ical_read` with
`ical_props` (descriptions, kept properties, reminders, meeting links);
this module is the one name the rest of the program uses.
"""

from __future__ import annotations

from contactdesk.core.formats.ical_props import plain_description
from contactdesk.core.formats.ical_read import (
    InCalendar,
    InEvent,
    SeriesOccurrences,
    parse,
)
from contactdesk.core.formats.ical_types import (
    MAX_SINGLE_EXPANSION,
    PARTSTAT_TO_RESPONSE,
    PRODID,
    RESPONSE_TO_PARTSTAT,
    ROLE_TO_ICAL,
    OutEvent,
    Person,
)
from contactdesk.core.formats.ical_write import (
    calendar,
    clean_text,
    fold,
    invitation,
    outlook_can_express,
    to_ical,
    vtimezone,
)

__all__ = [
    "MAX_SINGLE_EXPANSION",
    "PARTSTAT_TO_RESPONSE",
    "PRODID",
    "RESPONSE_TO_PARTSTAT",
    "ROLE_TO_ICAL",
    "InCalendar",
    "InEvent",
    "OutEvent",
    "Person",
    "SeriesOccurrences",
    "calendar",
    "clean_text",
    "fold",
    "invitation",
    "outlook_can_express",
    "parse",
    "plain_description",
    "to_ical",
    "vtimezone",
]
