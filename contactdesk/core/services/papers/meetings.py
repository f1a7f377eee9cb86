"""Who took part in an event: names, organisations, attendance and photo consent, as printed
on the session summary, the Ergebnisprotokoll and the Teilnehmerliste.

Attendance in words: recorded as present -> "anwesend"; declined beforehand (Absage) ->
"entschuldigt"; recorded as absent without an Absage -> "nicht erschienen"; nothing recorded
and no Absage -> not listed as attendance (only on the list to sign).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from contactdesk.core.models import (
    Consent,
    ConsentPurpose,
    Contact,
    Event,
    Organisation,
    Participant,
    Response,
    Role,
)

PRESENT = "anwesend"
EXCUSED = "entschuldigt"
ABSENT = "nicht erschienen"


@dataclass(frozen=True)
class PersonLine:
    contact_id: int
    name: str
    organisation: str
    #: PRESENT, EXCUSED, ABSENT or "" (not recorded)
    attendance: str
    #: a valid consent to publication (photos) is on record
    photo_consent: bool


def attendance_word(attended: bool | None, response: str) -> str:
    if attended:
        return PRESENT
    if response == Response.ABSAGE.value:
        return EXCUSED
    if attended is False:
        return ABSENT
    return ""


def people_of_event(session: Session, event_id: int, *, on: date) -> list[PersonLine]:
    """The event's participants (waiting list excluded) in name order."""
    rows = session.execute(
        select(Participant, Contact)
        .join(Contact, Contact.id == Participant.contact_id)
        .where(Participant.event_id == event_id, Participant.waiting_list.is_(False))
        .order_by(Contact.sort_name, Contact.id)
    ).all()
    ids = [c.id for _p, c in rows]
    organisations: dict[int, str] = {}
    if ids:
        for person_id, name in session.execute(
            select(Role.person_id, Organisation.display_name)
            .join(Organisation, Organisation.id == Role.organisation_id)
            .where(
                Role.person_id.in_(ids),
                or_(Role.end_date.is_(None), Role.end_date >= on),
                or_(Role.start_date.is_(None), Role.start_date <= on),
            )
            .order_by(Role.is_contact_person.desc(), Role.id)
        ):
            organisations.setdefault(person_id, name)
    consenting: set[int] = set()
    if ids:
        consenting = set(
            session.scalars(
                select(Consent.person_id).where(
                    Consent.person_id.in_(ids),
                    Consent.purpose == ConsentPurpose.VEROEFFENTLICHUNG.value,
                    Consent.given_on <= on,
                    or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on),
                    or_(Consent.valid_until.is_(None), Consent.valid_until >= on),
                )
            )
        )
    return [
        PersonLine(
            contact_id=c.id,
            name=c.display_name,
            organisation=organisations.get(c.id, ""),
            attendance=attendance_word(p.attended, p.response),
            photo_consent=c.id in consenting,
        )
        for p, c in rows
    ]


def event_or_none(session: Session, event_id: int) -> Event | None:
    ev = session.get(Event, event_id)
    if ev is None or ev.deleted_at is not None:
        return None
    return ev
