"""iMIP (RFC 6047): one message per invitation, as Outlook sends its own meeting requests.

multipart/mixed [ multipart/alternative [ text/plain, text/html,
text/calendar; method=REQUEST|CANCEL; charset=UTF-8 ], the .ics as attachment ]; the sender is
the configured organiser, who is also the ORGANIZER of the calendar data. The message itself is
built by formats/eml.py (the one place that writes e-mail); this module decides its addresses
and identity.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

from contactdesk.core.formats import eml

METHODS = ("REQUEST", "CANCEL")


def message_id_for(sender_email: str) -> str:
    """A new Message-ID in the sender's domain."""
    return make_msgid(domain=sender_email.partition("@")[2] or "contactdesk.local")


def imip_message(
    *,
    sender: eml.Mailbox,
    recipients: Sequence[eml.Mailbox],
    subject: str,
    text: str,
    ics: bytes,
    method: str,
    date: datetime,
    message_id: str | None = None,
) -> EmailMessage:
    """The message to submit; `ics` is the iTIP calendar built by formats/ical.py."""
    method = method.upper()
    if method not in METHODS:
        raise ValueError(method)
    return eml.meeting_message(
        sender=sender,
        recipients=list(recipients),
        subject=subject,
        text=text,
        ics=ics,
        method=method,
        filename="absage.ics" if method == "CANCEL" else "einladung.ics",
        date=date,
        message_id=message_id or message_id_for(sender.email),
    )
