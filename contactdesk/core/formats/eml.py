"""E-mail (RFC 5322) for meeting requests: the only module that builds or reads .eml files.

Outlook opens a message as a meeting request when it is multipart/alternative with a
text/calendar part whose `method` parameter matches the calendar's METHOD; the same .ics is
attached as a file for other programs. The message sent by SMTP is an iMIP message (RFC 6047)
with the organiser as sender. A *draft* is the same message for the user's own mail program:
classic Outlook opens a double-clicked .eml as a received message that cannot be sent, unless
it carries `X-Unsent: 1` and no `From` - then it opens as an editable draft that the user sends.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import limits


@dataclass(frozen=True)
class Mailbox:
    name: str
    email: str


def _address(box: Mailbox) -> Address:
    username, _, domain = box.email.partition("@")
    return Address(display_name=box.name, username=username, domain=domain)


def meeting_message(
    *,
    sender: Mailbox | None,
    recipients: list[Mailbox],
    subject: str,
    text: str,
    ics: bytes,
    method: str,
    filename: str = "einladung.ics",
    date: datetime,
    message_id: str | None = None,
) -> EmailMessage:
    """An iMIP message (RFC 6047): text/plain + text/html + text/calendar in
    multipart/alternative, the .ics once more as attachment. Without `sender` it is a draft
    (`X-Unsent: 1`, no `From`) that Outlook opens for editing and sending."""
    msg = EmailMessage(policy=policy.SMTP)
    if sender is not None:
        msg["From"] = _address(sender)
    else:
        msg["X-Unsent"] = "1"
    msg["To"] = [_address(r) for r in recipients]
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    if sender is not None:
        domain = sender.email.partition("@")[2] or "contactdesk.local"
        msg["Message-ID"] = message_id or make_msgid(domain=domain)
    msg["X-Mailer"] = "contactdesk"
    if sender is not None:  # as Outlook marks the meeting requests it sends
        msg["Content-Class"] = "urn:content-classes:calendarmessage"
    calendar_text = ics.decode("utf-8")
    body_html = "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n")
    )
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(
        f"<!DOCTYPE html><html><body>{body_html}</body></html>",
        subtype="html",
        charset="utf-8",
        cte="quoted-printable",
    )
    msg.add_alternative(
        calendar_text,
        subtype="calendar",
        charset="utf-8",
        cte="8bit",
        params={"method": method},
    )
    msg.make_mixed()
    msg.add_attachment(ics, maintype="application", subtype="ics", filename=filename)
    for part in msg.walk():  # the parts inherit MIME-Version from the message itself
        if part is not msg:
            del part["MIME-Version"]
    return msg


def meeting_request(
    *,
    sender: Mailbox | None,
    recipients: list[Mailbox],
    subject: str,
    text: str,
    ics: bytes,
    method: str,
    filename: str = "einladung.ics",
    date: datetime,
) -> bytes:
    """The bytes of an .eml file: a draft when `sender` is None (see meeting_message)."""
    return meeting_message(
        sender=sender,
        recipients=recipients,
        subject=subject,
        text=text,
        ics=ics,
        method=method,
        filename=filename,
        date=date,
    ).as_bytes()


def calendar_parts(data: bytes, filename: str) -> list[bytes]:
    """Every text/calendar part and .ics attachment of an e-mail (e.g. a reply from Outlook).

    Read with the plain compat32 policy: only Content-Type, Content-Disposition and
    Content-Transfer-Encoding are looked at, and the structured header parser of the default
    policy is slow (or recurses until it fails) on long hostile headers. The header limits
    are checked first."""
    limits.check_header_block(data, filename)
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(data)
        return _calendar_parts(message, filename)
    except ImportError_:
        raise
    except Exception as exc:
        raise ImportError_(
            "Die E-Mail kann nicht gelesen werden.", file=filename, detail=repr(exc)
        ) from exc


def _calendar_parts(message: Message, filename: str) -> list[bytes]:
    if not message.keys():
        raise ImportError_("Die Datei ist keine E-Mail (keine Kopfzeilen).", file=filename)
    parts: list[bytes] = []
    tnef = False
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = _filename(part).lower()
        if ctype in ("text/calendar", "application/ics") or name.endswith(".ics"):
            payload = part.get_payload(decode=True)  # bytes for a leaf part
            if isinstance(payload, bytes) and payload:
                parts.append(_utf8(payload, part.get_content_charset()))
        elif ctype in ("application/ms-tnef", "application/vnd.ms-tnef") or name == "winmail.dat":
            tnef = True
    if not parts and tnef:
        raise ImportError_(
            "Die E-Mail enthält die Einladung nur im Outlook-eigenen Format (winmail.dat), "
            "das contactdesk nicht lesen kann. Bitte die Einladung in Outlook als "
            "iCalendar-Datei (.ics) speichern und diese importieren.",
            file=filename,
        )
    if not parts:
        raise ImportError_("Die E-Mail enthält keine Kalenderdaten (.ics).", file=filename)
    # The same calendar often comes twice (inline and as attachment): keep it once.
    return list(dict.fromkeys(parts))


def _filename(part: Message) -> str:
    """The attachment's file name, RFC 2047 encoded words decoded ("=?utf-8?Q?...ics?=")."""
    raw = part.get_filename() or ""
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except (ValueError, LookupError, UnicodeError):
        return raw


def _utf8(payload: bytes, charset: str | None) -> bytes:
    """A calendar part in UTF-8: older Outlook and Exchange send windows-1252 or iso-8859-1."""
    if not charset or charset.lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii"):
        return payload
    try:
        return payload.decode(charset, errors="replace").encode("utf-8")
    except LookupError:  # an unknown charset: leave the bytes to the calendar reader
        return payload
