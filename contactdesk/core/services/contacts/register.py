"""Contact register use cases: get, create, update, delete (wastebasket), restore, erase.

Functions return plain dataclasses (never ORM objects), so callers can use them after the
session is closed. A new contact that is probably one already there raises
DuplicateContactError (services/duplicates.py decides) unless the caller allows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import search
from contactdesk.core.contact_data import ContactData, RoleData
from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.models import (
    Agreement,
    AgreementParty,
    Contact,
    Organisation,
    Person,
    Role,
    utcnow,
)
from contactdesk.core.services.contacts.listing import ContactRow, contact_row, row_select
from contactdesk.core.services.contacts.records import (
    apply_data,
    check_organisations,
    load_contact,
    to_data,
)
from contactdesk.core.services.contacts.summary import refresh_people_of, refresh_summary
from contactdesk.core.services.contacts.validation import validate
from contactdesk.core.team import versions


class DuplicateContactError(ConflictError):
    """A contact that is probably the same person or organisation exists (services.duplicates)."""

    def __init__(self, existing: list[ContactRow], reasons: dict[int, str] | None = None) -> None:
        names = ", ".join(row.display_name for row in existing)
        #: contact id -> why it looks like the same contact (German)
        self.reasons = reasons or {}
        super().__init__(
            f"Es gibt bereits einen Kontakt, der wahrscheinlich derselbe ist: {names}. "
            "Möchten Sie den vorhandenen Kontakt öffnen?"
        )
        self.existing = existing


def get_contact(session: Session, contact_id: int) -> ContactData:
    return to_data(session, load_contact(session, contact_id))


def members(session: Session, organisation_id: int) -> list[RoleData]:
    """The roles people hold in an organisation (for its detail page)."""
    rows = session.execute(
        select(Role, Contact.display_name)
        .join(Contact, Contact.id == Role.person_id)
        .where(Role.organisation_id == organisation_id, Contact.deleted_at.is_(None))
        .order_by(Role.is_contact_person.desc(), Contact.sort_name)
    ).all()
    return [
        RoleData(
            organisation_id=organisation_id,
            function=role.function,
            is_contact_person=role.is_contact_person,
            start_date=role.start_date,
            end_date=role.end_date,
            person_id=role.person_id,
            person_name=name,
        )
        for role, name in rows
    ]


def find_duplicates(session: Session, data: ContactData) -> list[ContactRow]:
    """Live contacts that are probably this one (services/duplicates.py decides)."""
    return _duplicates(session, validate(data))[0]


def _duplicates(session: Session, clean: ContactData) -> tuple[list[ContactRow], dict[int, str]]:
    from contactdesk.core.services import duplicates

    pairs = duplicates.similar_to(session, clean)
    if not pairs:
        return [], {}
    order = {p.keep_id: i for i, p in enumerate(pairs)}
    stmt = row_select().where(Contact.id.in_(list(order)))
    rows = sorted((contact_row(r) for r in session.execute(stmt)), key=lambda r: order[r.id])
    return rows, {p.keep_id: p.reason for p in pairs}


def create_contact(
    session: Session, data: ContactData, *, allow_duplicate: bool = False
) -> ContactData:
    clean = validate(data)
    clean.id = None
    check_organisations(session, clean.roles)
    if not allow_duplicate:
        duplicates, reasons = _duplicates(session, clean)
        if duplicates:
            raise DuplicateContactError(duplicates, reasons)
    contact: Contact = Person() if clean.is_person else Organisation()
    if clean.uid:
        contact.uid = clean.uid
    apply_data(session, contact, clean)
    session.add(contact)
    session.flush()
    refresh_summary(session, contact)
    return to_data(session, contact)


def update_contact(
    session: Session, contact_id: int, data: ContactData, *, expected_version: int | None = None
) -> ContactData:
    """Save the editor's data; `expected_version` (the row_version it read) refuses the save
    with VersionConflictError when someone else saved the contact meanwhile."""
    clean = validate(data)
    contact = load_contact(session, contact_id)
    versions.check(session, contact, expected_version)
    if contact.kind != clean.kind:
        raise ValidationError({"kind": "Die Art eines Kontakts kann nicht geändert werden."})
    had = {r.organisation_id for r in contact.roles} if isinstance(contact, Person) else set()
    check_organisations(session, clean.roles, had)
    old_name = contact.display_name
    apply_data(session, contact, clean)
    refresh_summary(session, contact)
    if isinstance(contact, Organisation) and old_name != contact.display_name:
        refresh_people_of(session, contact.id)
    return to_data(session, contact)


@dataclass(frozen=True)
class DeleteResult:
    contact_id: int
    display_name: str
    #: people whose role in this organisation is kept but hidden while it is deleted
    affected_people: list[str]


def delete_impact(session: Session, contact_id: int) -> list[str]:
    """Names of people holding roles in the organisation (nobody for a person)."""
    return (
        [r.person_name for r in members(session, contact_id)]
        if session.get(Organisation, contact_id)
        else []
    )


def delete_contact(session: Session, contact_id: int) -> DeleteResult:
    """Move a contact to the wastebasket. People of a deleted organisation stay untouched."""
    contact = load_contact(session, contact_id, include_deleted=False)
    affected = delete_impact(session, contact_id)
    contact.deleted_at = utcnow()
    if isinstance(contact, Organisation):
        refresh_people_of(session, contact.id)
    return DeleteResult(contact.id, contact.display_name, affected)


def restore_contact(session: Session, contact_id: int) -> ContactData:
    contact = load_contact(session, contact_id)
    contact.deleted_at = None
    if isinstance(contact, Organisation):
        refresh_people_of(session, contact.id)
    return to_data(session, contact)


def erase_contact(session: Session, contact_id: int) -> DeleteResult:
    """Erase for good (DSGVO). An organisation's roles go; the people themselves stay."""
    contact = load_contact(session, contact_id)
    named_in = session.scalars(
        select(Agreement.title)
        .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .where(AgreementParty.contact_id == contact_id)
        .distinct()
    ).all()
    if named_in:
        raise ConflictError(
            f"„{contact.display_name}“ wird in Vereinbarungen genannt "
            f"({', '.join(named_in)}) und kann deshalb nicht endgültig gelöscht werden. "
            "Entfernen Sie den Kontakt zuerst aus diesen Vereinbarungen."
        )
    affected = delete_impact(session, contact_id)
    if isinstance(contact, Organisation):
        person_ids = session.scalars(
            select(Role.person_id).where(Role.organisation_id == contact_id)
        ).all()
        for role in session.scalars(select(Role).where(Role.organisation_id == contact_id)):
            session.delete(role)
        session.flush()
        for pid in set(person_ids):
            refresh_summary(session, load_contact(session, pid))
    result = DeleteResult(contact.id, contact.display_name, affected)
    if contact.sort_key is not None:
        search.remove_entries(session, [contact.sort_key])
    session.delete(contact)
    session.flush()
    return result


def has_consent(session: Session, person_id: int, purpose: str, day: date | None = None) -> bool:
    day = day or date.today()
    data = get_contact(session, person_id)
    return any(c.purpose == purpose and c.is_valid_on(day) for c in data.consents)


def find_by_uid(session: Session, uid: str) -> int | None:
    return session.scalar(select(Contact.id).where(Contact.uid == uid))
