"""Contacts for an export, read in bulk: what get_contact() gives for each, in a few queries.

An export of 100,000 contacts read each contact on its own (get_contact: one query per
contact and one per related table); here every table is read once per block of ids, as plain
column tuples, and ContactData is built from those. tests/robustness/test_bulk_export.py
checks that the result equals get_contact() for every contact.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from contactdesk.core.contact_data import (
    AddressData,
    ConsentData,
    ContactData,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)
from contactdesk.core.errors import NotFoundError
from contactdesk.core.models import (
    Address,
    Consent,
    Contact,
    Email,
    Interaction,
    Organisation,
    Person,
    Phone,
    Role,
    Tag,
)
from contactdesk.core.models.contacts import contact_tag
from contactdesk.core.services.contacts import ContactFilter, iter_contacts

#: ids per IN (...) list: below SQLite's old limit of 999 parameters
BLOCK = 900


def contacts_for_export(session: Session, ids: Sequence[int] | None = None) -> list[ContactData]:
    """All live contacts in name order (ids None), or the given ones in the given order;
    NotFoundError when one of them does not exist."""
    return list(iter_contacts_for_export(session, ids))


def iter_contacts_for_export(
    session: Session, ids: Sequence[int] | None = None
) -> Iterator[ContactData]:
    if ids is None:
        # every live contact: each table read whole, once, without lists of ids
        order = [row.id for row in iter_contacts(session, ContactFilter())]
        everything = _block(session, None)
        for contact_id in order:
            yield everything[contact_id]
        return
    for start in range(0, len(ids), BLOCK):
        block = list(ids[start : start + BLOCK])
        found = _block(session, block)
        for contact_id in block:
            data = found.get(contact_id)
            if data is None:
                raise NotFoundError(
                    "Der Kontakt wurde nicht gefunden. Vielleicht wurde er gelöscht."
                )
            yield data


def _block(session: Session, ids: list[int] | None) -> dict[int, ContactData]:
    """ContactData of the given contacts, or of every live one (ids None)."""
    result: dict[int, ContactData] = {}

    def execute(stmt: Select[Any], column: Any) -> Any:
        """Rows of the given contacts only (all rows when every contact is read)."""
        if ids is not None:
            stmt = stmt.where(column.in_(keys))
        return (row for row in session.execute(stmt) if row[0] in result)

    contacts = select(
        Contact.id,
        Contact.kind,
        Contact.uid,
        Contact.website,
        Contact.notes,
        Contact.is_example,
        Contact.display_name,
        Contact.deleted_at,
    )
    if ids is None:
        contacts = contacts.where(Contact.deleted_at.is_(None))
    else:
        contacts = contacts.where(Contact.id.in_(list(dict.fromkeys(ids))))
    for row in session.execute(contacts):
        cid, kind, uid, website, notes, example, display, deleted_at = row
        result[cid] = ContactData(
            kind=kind,
            id=cid,
            uid=uid,
            website=website or "",
            notes=notes,
            is_example=example,
            display_name=display,
            deleted=deleted_at is not None,
        )
    if not result:
        return result
    keys = list(result)
    for cid, address, label in execute(
        select(Email.contact_id, Email.address, Email.label).order_by(
            Email.contact_id, Email.position, Email.id
        ),
        Email.contact_id,
    ):
        result[cid].emails.append(EmailData(address=address, label=label))
    for cid, number, label in execute(
        select(Phone.contact_id, Phone.number, Phone.label).order_by(
            Phone.contact_id, Phone.position, Phone.id
        ),
        Phone.contact_id,
    ):
        result[cid].phones.append(PhoneData(number=number, label=label))
    for cid, street, postal_code, city, country, label in execute(
        select(
            Address.contact_id,
            Address.street,
            Address.postal_code,
            Address.city,
            Address.country,
            Address.label,
        ).order_by(Address.contact_id, Address.position, Address.id),
        Address.contact_id,
    ):
        result[cid].addresses.append(
            AddressData(
                street=street, postal_code=postal_code, city=city, country=country, label=label
            )
        )
    for cid, name in execute(
        select(contact_tag.c.contact_id, Tag.name)
        .join(Tag, Tag.id == contact_tag.c.tag_id)
        .order_by(contact_tag.c.contact_id, Tag.name),
        contact_tag.c.contact_id,
    ):
        result[cid].tags.append(name)
    for cid, kind, occurred_at, summary, by in execute(
        select(
            Interaction.contact_id,
            Interaction.kind,
            Interaction.occurred_at,
            Interaction.summary,
            Interaction.by,
        ).order_by(Interaction.contact_id, Interaction.occurred_at.desc(), Interaction.id),
        Interaction.contact_id,
    ):
        result[cid].interactions.append(
            InteractionData(kind=kind, occurred_at=occurred_at, summary=summary, by=by)
        )
    _people(execute, result)
    _organisations(execute, result)
    return result


def _people(execute: Any, result: dict[int, ContactData]) -> None:
    people = Person.__table__
    for cid, salutation, title, first, last, office in execute(
        select(
            people.c.id,
            people.c.salutation,
            people.c.title,
            people.c.first_name,
            people.c.last_name,
            people.c.is_public_office_holder,
        ),
        people.c.id,
    ):
        data = result[cid]
        data.salutation, data.title, data.first_name, data.last_name = (
            salutation,
            title,
            first,
            last,
        )
        data.is_public_office_holder = office
    orgs = Organisation.__table__
    for pid, org_id, function, contact_person, start, end, org_name in execute(
        select(
            Role.person_id,
            Role.organisation_id,
            Role.function,
            Role.is_contact_person,
            Role.start_date,
            Role.end_date,
            orgs.c.name,
        )
        .join(orgs, orgs.c.id == Role.organisation_id)
        .order_by(Role.person_id, Role.start_date, Role.id),
        Role.person_id,
    ):
        data = result[pid]
        data.roles.append(
            RoleData(
                organisation_id=org_id,
                function=function,
                is_contact_person=contact_person,
                start_date=start,
                end_date=end,
                organisation_name=org_name,
                person_id=pid,
                person_name=data.display_name,
            )
        )
    for pid, purpose, given_on, method, valid_until, withdrawn_on, note in execute(
        select(
            Consent.person_id,
            Consent.purpose,
            Consent.given_on,
            Consent.method,
            Consent.valid_until,
            Consent.withdrawn_on,
            Consent.note,
        ).order_by(Consent.person_id, Consent.given_on, Consent.id),
        Consent.person_id,
    ):
        result[pid].consents.append(
            ConsentData(
                purpose=purpose,
                given_on=given_on,
                method=method,
                valid_until=valid_until,
                withdrawn_on=withdrawn_on,
                note=note,
            )
        )


def _organisations(execute: Any, result: dict[int, ContactData]) -> None:
    orgs = Organisation.__table__
    for cid, name, org_kind, network_role in execute(
        select(orgs.c.id, orgs.c.name, orgs.c.org_kind, orgs.c.network_role), orgs.c.id
    ):
        data = result[cid]
        data.name, data.org_kind, data.network_role = name, org_kind, network_role
