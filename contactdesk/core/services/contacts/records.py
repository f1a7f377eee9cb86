"""A contact's rows and its data: loading, writing ContactData onto the ORM objects, reading it back.

Tags are matched by their folded name (a tag that differs only in case or spelling variant is
the same tag); roles must name live organisations.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, with_polymorphic

from contactdesk.core import search
from contactdesk.core.contact_data import (
    AddressData,
    ConsentData,
    ContactData,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.models import (
    Address,
    Consent,
    Contact,
    ContactKind,
    Email,
    Interaction,
    Organisation,
    Person,
    Phone,
    Role,
    Tag,
)
from contactdesk.core.services.contacts.names import display_name, sort_name

# Plain tables for column queries: joining the ORM subclasses would drag in their base table.
_contact = Contact.__table__
_org = Organisation.__table__


def load_contact(session: Session, contact_id: int, *, include_deleted: bool = True) -> Contact:
    poly = with_polymorphic(Contact, [Person, Organisation])
    contact = session.scalars(
        select(poly)
        .where(poly.id == contact_id)
        .options(
            selectinload(poly.emails),
            selectinload(poly.phones),
            selectinload(poly.addresses),
            selectinload(poly.tags),
            selectinload(poly.interactions),
        )
    ).one_or_none()
    if contact is None or (contact.deleted_at is not None and not include_deleted):
        raise NotFoundError("Der Kontakt wurde nicht gefunden. Vielleicht wurde er gelöscht.")
    return contact


def tags_named(session: Session, names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    folded = {search.fold(n): t for n, t in existing.items()}
    result = []
    for name in names:
        tag = existing.get(name) or folded.get(search.fold(name))
        if tag is None:
            # A tag that differs only in case or spelling variant is the same tag.
            for candidate in session.scalars(select(Tag)):
                if search.fold(candidate.name) == search.fold(name):
                    tag = candidate
                    break
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        result.append(tag)
    return result


def check_organisations(
    session: Session, roles: list[RoleData], existing: set[int] | None = None
) -> None:
    """Roles must name live organisations; one the person already had may since be deleted."""
    existing = existing or set()
    ids = {r.organisation_id for r in roles}
    if not ids:
        return
    found = {
        row.id: row.deleted_at
        for row in session.execute(
            select(_contact.c.id, _contact.c.deleted_at).where(
                _contact.c.id.in_(ids), _contact.c.kind == ContactKind.ORGANISATION.value
            )
        )
    }
    missing = [i for i in ids if i not in found or (found[i] is not None and i not in existing)]
    if missing:
        raise ValidationError(
            {"roles": "Eine Organisation in den Rollen gibt es nicht mehr. Bitte wählen Sie neu."}
        )


def apply_data(session: Session, contact: Contact, data: ContactData) -> None:
    contact.display_name = display_name(data)
    contact.sort_name = sort_name(data)
    contact.website = data.website or None
    contact.notes = data.notes
    contact.is_example = data.is_example
    contact.emails = [
        Email(address=e.address, label=e.label, position=i) for i, e in enumerate(data.emails)
    ]
    contact.phones = [
        Phone(number=p.number, label=p.label, position=i) for i, p in enumerate(data.phones)
    ]
    contact.addresses = [
        Address(
            street=a.street,
            postal_code=a.postal_code,
            city=a.city,
            country=a.country,
            label=a.label,
            position=i,
        )
        for i, a in enumerate(data.addresses)
    ]
    contact.tags = tags_named(session, data.tags)
    contact.interactions = [
        Interaction(kind=i.kind, occurred_at=i.occurred_at, summary=i.summary, by=i.by)
        for i in data.interactions
    ]
    if isinstance(contact, Person):
        contact.salutation = data.salutation
        contact.title = data.title
        contact.first_name = data.first_name
        contact.last_name = data.last_name
        contact.is_public_office_holder = data.is_public_office_holder
        contact.roles = [
            Role(
                organisation_id=r.organisation_id,
                function=r.function,
                is_contact_person=r.is_contact_person,
                start_date=r.start_date,
                end_date=r.end_date,
            )
            for r in data.roles
        ]
        contact.consents = [
            Consent(
                purpose=c.purpose,
                given_on=c.given_on,
                method=c.method,
                valid_until=c.valid_until,
                withdrawn_on=c.withdrawn_on,
                note=c.note,
                source=c.source,
            )
            for c in data.consents
        ]
    elif isinstance(contact, Organisation):
        contact.name = data.name
        contact.org_kind = data.org_kind
        contact.network_role = data.network_role


def to_data(session: Session, contact: Contact) -> ContactData:
    data = ContactData(
        kind=contact.kind,
        id=contact.id,
        uid=contact.uid,
        website=contact.website or "",
        notes=contact.notes,
        is_example=contact.is_example,
        emails=[EmailData(address=e.address, label=e.label) for e in contact.emails],
        phones=[PhoneData(number=p.number, label=p.label) for p in contact.phones],
        addresses=[
            AddressData(
                street=a.street,
                postal_code=a.postal_code,
                city=a.city,
                country=a.country,
                label=a.label,
            )
            for a in contact.addresses
        ],
        tags=[t.name for t in contact.tags],
        interactions=[
            InteractionData(kind=i.kind, occurred_at=i.occurred_at, summary=i.summary, by=i.by)
            for i in contact.interactions
        ],
        display_name=contact.display_name,
        deleted=contact.deleted_at is not None,
    )
    if isinstance(contact, Person):
        data.salutation = contact.salutation
        data.title = contact.title
        data.first_name = contact.first_name
        data.last_name = contact.last_name
        data.is_public_office_holder = contact.is_public_office_holder
        rows = session.execute(
            select(Role, _org.c.name)
            .join(_org, _org.c.id == Role.organisation_id)
            .where(Role.person_id == contact.id)
            .order_by(Role.start_date, Role.id)
        ).all()
        data.roles = [
            RoleData(
                organisation_id=role.organisation_id,
                function=role.function,
                is_contact_person=role.is_contact_person,
                start_date=role.start_date,
                end_date=role.end_date,
                organisation_name=org_name,
                person_id=contact.id,
                person_name=contact.display_name,
            )
            for role, org_name in rows
        ]
        data.consents = [
            ConsentData(
                purpose=c.purpose,
                given_on=c.given_on,
                method=c.method,
                valid_until=c.valid_until,
                withdrawn_on=c.withdrawn_on,
                note=c.note,
                source=c.source,
            )
            for c in contact.consents
        ]
    elif isinstance(contact, Organisation):
        data.name = contact.name
        data.org_kind = contact.org_kind
        data.network_role = contact.network_role
    data.row_version = contact.row_version
    return data
