"""Sending invitations, updates and cancellations by e-mail (iMIP over SMTP).

plan_sending() says, without changing anything, who gets the message (participants with an
address AND consent to receive invitations), who is left out and why, and the subject and text.
send() submits ONE message to everyone in the plan and marks only the people the server
accepted as invited ("eingeladen (gesendet am …)", with the time and the SEQUENCE sent).
Nobody left out is ever marked. When nothing could be sent (no connection, wrong password, every
address refused) send() raises SmtpError and changes nothing; the caller's session rolls back.

A change of time, date or place after invitations went out sets the answers of the invited
back to open (schedule.update_event) and the event waits for an update; sending that update
clears the mark. People who had accepted but lack consent now cannot get the update by mail:
the plan lists them apart, for another way of notice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.errors import ValidationError
from contactdesk.core.formats import eml
from contactdesk.core.mail import imip
from contactdesk.core.mail.smtp import SendOutcome
from contactdesk.core.models import Event, Invitation, Participant, Response
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import schedule as sc

METHODS = ("REQUEST", "CANCEL")


class Transport(Protocol):
    """What send() needs of a mail server (smtp.SmtpTransport; tests may pass their own)."""

    def send(self, message: EmailMessage, recipients: Sequence[str]) -> SendOutcome: ...


@dataclass
class Recipient:
    contact_id: int
    name: str
    email: str
    #: the answer before a change, when the change set it back to open
    answer_before_change: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"contact_id": self.contact_id, "name": self.name, "email": self.email}


@dataclass
class LeftOut:
    contact_id: int
    name: str
    reason: str
    #: had accepted (or was invited) but cannot get this message: tell them another way
    notify_otherwise: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "reason": self.reason,
            "notify_otherwise": self.notify_otherwise,
        }


@dataclass
class SendPlan:
    """What would be sent; subject and text may be edited before send()."""

    event_id: int
    method: str
    title: str
    sequence: int
    organiser: calx.Organiser
    subject: str
    text: str
    recipients: list[Recipient] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    is_update: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "event_id": self.event_id,
            "method": self.method,
            "title": self.title,
            "sequence": self.sequence,
            "organiser": {"name": self.organiser.name, "email": self.organiser.email},
            "subject": self.subject,
            "recipients": [r.to_dict() for r in self.recipients],
            "left_out": [p.to_dict() for p in self.left_out],
            "is_update": self.is_update,
        }


@dataclass
class Refused:
    recipient: Recipient
    answer: str  # the server's answer, e.g. "550 5.1.1 user unknown"

    def to_dict(self) -> dict[str, object]:
        return self.recipient.to_dict() | {"answer": self.answer}


@dataclass
class SendResult:
    message_id: str
    sent_at: datetime
    accepted: list[Recipient]
    refused: list[Refused]
    left_out: list[LeftOut]

    def to_dict(self) -> dict[str, object]:
        return {
            "message_id": self.message_id,
            "sent_at": self.sent_at.isoformat(),
            "recipients": [r.to_dict() for r in self.accepted],
            "refused": [r.to_dict() for r in self.refused],
            "left_out": [p.to_dict() for p in self.left_out],
        }


def _method(method: str) -> str:
    method = method.upper()
    if method not in METHODS:
        raise ValidationError(
            {"method": "Senden lässt sich eine Einladung (request) oder eine Absage (cancel)."}
        )
    return method


def _organiser(data: sc.EventData, organiser: calx.Organiser | None) -> calx.Organiser:
    if organiser is not None and organiser.email:
        return organiser
    if data.organiser_email:
        return calx.Organiser(data.organiser_name, data.organiser_email)
    raise ValidationError(
        {
            "organiser": "Es ist keine Absenderadresse eingerichtet. Bitte unter Einstellungen "
            "die einladende Person mit E-Mail-Adresse eintragen (organiser.email) oder im "
            "Termin eine Veranstalterin oder einen Veranstalter mit E-Mail-Adresse wählen."
        }
    )


def plan_sending(
    session: Session,
    event_id: int,
    method: str = "REQUEST",
    *,
    organiser: calx.Organiser | None = None,
) -> SendPlan:
    """Who would get the message and who not (with the German reason); changes nothing."""
    method = _method(method)
    data = sc.get_event(session, event_id)
    if data.deleted:
        raise ValidationError({"event": "Der Termin ist gelöscht."})
    if method == "REQUEST" and data.status == "abgesagt":
        raise ValidationError(
            {
                "event": "Der Termin ist abgesagt: Eine Einladung passt nicht mehr. Bitte eine "
                "Absage senden oder den Status im Termin wieder ändern."
            }
        )
    sender = _organiser(data, organiser)
    invited, left = calx.split_participants(data)
    recipients = [
        Recipient(p.contact_id, p.contact_name, p.email, p.response_before_change) for p in invited
    ]
    left_out = []
    for p, reason in left:
        had_accepted = Response.ZUSAGE.value in (p.response, p.response_before_change)
        notify = p.invitation == Invitation.EINGELADEN.value and (
            had_accepted or p.sent_at is not None
        )
        if notify and had_accepted:
            reason = f"{reason} – hatte zugesagt, bitte auf anderem Weg benachrichtigen"
        elif notify:
            reason = f"{reason} – war eingeladen, bitte auf anderem Weg benachrichtigen"
        left_out.append(LeftOut(p.contact_id, p.contact_name, reason, notify))
    # an update when invitations went out before (or a change waits to be sent), not merely
    # because the event was edited before anyone was invited
    sent_before = any(p.sent_at is not None for p in data.participants)
    is_update = method == "REQUEST" and (data.update_pending or sent_before)
    # the text names the organiser who sends it; "Aktualisiert:" only for an update
    shown = dataclasses.replace(data, organiser_name=sender.name, sequence=1 if is_update else 0)
    subject, text = calx.mail_text(shown, method)
    return SendPlan(
        event_id=event_id,
        method=method,
        title=data.title,
        sequence=data.sequence,
        organiser=sender,
        subject=subject,
        text=text,
        recipients=recipients,
        left_out=left_out,
        is_update=is_update,
    )


def nobody_message(plan: SendPlan) -> str:
    what = "eingeladen" if plan.method == "REQUEST" else "benachrichtigt"
    reasons = "; ".join(f"{p.name}: {p.reason}" for p in plan.left_out)
    text = f"Niemand kann per E-Mail {what} werden: Es fehlen E-Mail-Adressen oder Einwilligungen."
    if not plan.left_out:
        text = f"Niemand kann per E-Mail {what} werden: Der Termin hat keine Teilnehmenden."
    return f"{text} {reasons}".strip()


def send(
    session: Session,
    plan: SendPlan,
    transport: Transport,
    *,
    now: datetime | None = None,
) -> SendResult:
    """Submit the message of `plan` and mark the accepted recipients as invited.

    A cancellation marks the event as cancelled first (it raises SEQUENCE). Raises SmtpError
    when nothing was sent: the caller's session then rolls back and nothing is changed."""
    if not plan.recipients:
        raise ValidationError({"participants": nobody_message(plan)})
    now = now or datetime.now(UTC)
    invitation = calx.invitation_for(
        session,
        plan.event_id,
        method=plan.method,
        organiser=plan.organiser,
        reminder_minutes=None,
        now=now,
    )
    planned = {r.email.lower(): r for r in plan.recipients}
    # exactly the people of the plan: nobody who became unreachable since, nobody new
    people = [r for r in invitation.recipients if r.email.lower() in planned]
    if not people:
        raise ValidationError({"participants": nobody_message(plan)})
    message = imip.imip_message(
        sender=eml.Mailbox(plan.organiser.name, plan.organiser.email),
        recipients=[eml.Mailbox(p.name, p.email) for p in people],
        subject=plan.subject.strip() or plan.title,
        text=plan.text,
        ics=invitation.ics,
        method=plan.method,
        date=now,
    )
    outcome = transport.send(message, [p.email for p in people])
    refused_lower = {a.lower(): answer for a, answer in outcome.refused.items()}
    accepted = [planned[p.email.lower()] for p in people if p.email.lower() not in refused_lower]
    refused = [
        Refused(planned[p.email.lower()], refused_lower[p.email.lower()])
        for p in people
        if p.email.lower() in refused_lower
    ]
    _mark(session, plan.event_id, [r.contact_id for r in accepted], now)
    return SendResult(outcome.message_id, now, accepted, refused, list(plan.left_out))


def _mark(session: Session, event_id: int, contact_ids: list[int], now: datetime) -> None:
    """Accepted recipients: invited, with the time and the SEQUENCE that went out."""
    event = session.get(Event, event_id)
    assert event is not None
    rows = session.scalars(
        select(Participant).where(
            Participant.event_id == event_id, Participant.contact_id.in_(contact_ids)
        )
    )
    for row in rows:
        row.invitation = Invitation.EINGELADEN.value
        row.sent_at = now
        row.sent_sequence = event.sequence
    if contact_ids:
        event.update_pending = False
    session.flush()


def sent_label(invitation: str, sent_at: datetime | None, tz: str = "Europe/Berlin") -> str:
    """ "eingeladen (gesendet am 07.12.2026, 09:15)" for a sent invitation, else ""."""
    if invitation != Invitation.EINGELADEN.value or sent_at is None:
        return ""
    from contactdesk.core import timezones as tzs

    local = sent_at.astimezone(tzs.zone(tz))
    return f"eingeladen (gesendet am {local:%d.%m.%Y, %H:%M})"
