"""Calendar exchange with Outlook: invitations, cancellations, calendars, e-mails, imports.

Re-importing a UID follows SEQUENCE (RFC 5546): a higher SEQUENCE, or the same SEQUENCE with a
newer LAST-MODIFIED, updates the event; anything else is reported as unchanged and skipped.
The participants already recorded in contactdesk are kept on updates. A cancellation
(METHOD:CANCEL or STATUS:CANCELLED) marks the event as cancelled; the cancellation of a whole
series also cancels its changed occurrences, and the cancellation of one occurrence
(RECURRENCE-ID) of a known series takes that occurrence out of the series (EXDATE). A
RECURRENCE-ID that is no occurrence of its series means the one occurrence on that day, and
without one the changed occurrence stands on its own. A reply (METHOD:REPLY, as .ics or inside
an .eml) updates the response of the participant with the sender's address.

The work is split by direction: `calendar_export` and `calendar_import`; this module is the one
name the window and the command line use.
"""

from __future__ import annotations

from contactdesk.core.services.calendar_export import (
    DEADLINE_MARKER,
    DEADLINE_REMINDER_MINUTES,
    DEFAULT_REMINDER_MINUTES,
    InvitationResult,
    Organiser,
    calendar_for,
    deadline_events,
    email_for,
    invitation_for,
    mail_text,
    split_participants,
    write_calendar,
    write_email,
    write_invitation,
)
from contactdesk.core.services.calendar_import import (
    MATCHED_BY_SUBJECT,
    MAX_IMPORT_BYTES,
    REPLY_PREFIXES,
    UNKNOWN_REPLY,
    CalendarEntry,
    CalendarImportPreview,
    CalendarImportReport,
    calendars_in,
    commit_ics,
    match_replies_by_subject_and_start,
    preview_calendars,
    preview_ics,
    preview_ics_data,
    reply_subject,
)

__all__ = [
    "DEADLINE_MARKER",
    "DEADLINE_REMINDER_MINUTES",
    "DEFAULT_REMINDER_MINUTES",
    "MATCHED_BY_SUBJECT",
    "MAX_IMPORT_BYTES",
    "REPLY_PREFIXES",
    "UNKNOWN_REPLY",
    "CalendarEntry",
    "CalendarImportPreview",
    "CalendarImportReport",
    "InvitationResult",
    "Organiser",
    "calendar_for",
    "calendars_in",
    "commit_ics",
    "deadline_events",
    "email_for",
    "invitation_for",
    "mail_text",
    "match_replies_by_subject_and_start",
    "preview_calendars",
    "preview_ics",
    "preview_ics_data",
    "reply_subject",
    "split_participants",
    "write_calendar",
    "write_email",
    "write_invitation",
]
