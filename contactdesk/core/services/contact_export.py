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

# Plain table columns, not ORM attributes: their rows skip the ORM's loading (a third of the
# time for 100,000 contacts).
_C = Contact.__table__.c
_E = Email.__table__.c
_P = Phone.__table__.c
_A = Address.__table__.c
_I = Interaction.__table__.c
_S = Consent.__table__.c
_R = Role.__table__.c
_T = Tag.__table__.c

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
        # the order of contacts list (sort_name, id), from the name index alone
        order = session.scalars(
            select(_C.id).where(_C.deleted_at.is_(None)).order_by(_C.sort_name, _C.id)
        ).all()
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
        _C.id,
        _C.kind,
        _C.uid,
        _C.website,
        _C.notes,
        _C.is_example,
        _C.display_name,
        _C.deleted_at,
        _C.row_version,
    )
    if ids is None:
        contacts = contacts.where(_C.deleted_at.is_(None))
    else:
        contacts = contacts.where(_C.id.in_(list(dict.fromkeys(ids))))
    for row in session.execute(contacts):
        cid, kind, uid, website, notes, example, display, deleted_at, version = row
        result[cid] = ContactData(
            kind=kind,
            id=cid,
            uid=uid,
            website=website or "",
            notes=notes,
            is_example=example,
            display_name=display,
            deleted=deleted_at is not None,
            row_version=version,
        )
    if not result:
        return result
    keys = list(result)
    for cid, address, label in execute(
        select(_E.contact_id, _E.address, _E.label).order_by(_E.contact_id, _E.position, _E.id),
        _E.contact_id,
    ):
        result[cid].emails.append(EmailData(address=address, label=label))
    for cid, number, label in execute(
        select(_P.contact_id, _P.number, _P.label).order_by(_P.contact_id, _P.position, _P.id),
        _P.contact_id,
    ):
        result[cid].phones.append(PhoneData(number=number, label=label))
    for cid, street, postal_code, city, country, label in execute(
        select(
            _A.contact_id,
            _A.street,
            _A.postal_code,
            _A.city,
            _A.country,
            _A.label,
        ).order_by(_A.contact_id, _A.position, _A.id),
        _A.contact_id,
    ):
        result[cid].addresses.append(
            AddressData(
                street=street, postal_code=postal_code, city=city, country=country, label=label
            )
        )
    for cid, name in execute(
        select(contact_tag.c.contact_id, _T.name)
        .join(Tag, _T.id == contact_tag.c.tag_id)
        .order_by(contact_tag.c.contact_id, _T.name),
        contact_tag.c.contact_id,
    ):
        result[cid].tags.append(name)
    for cid, kind, occurred_at, summary, by in execute(
        select(
            _I.contact_id,
            _I.kind,
            _I.occurred_at,
            _I.summary,
            _I.by,
        ).order_by(_I.contact_id, _I.occurred_at.desc(), _I.id),
        _I.contact_id,
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
            _R.person_id,
            _R.organisation_id,
            _R.function,
            _R.is_contact_person,
            _R.start_date,
            _R.end_date,
            orgs.c.name,
        )
        .join(orgs, orgs.c.id == _R.organisation_id)
        .order_by(_R.person_id, _R.start_date, _R.id),
        _R.person_id,
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
            _S.person_id,
            _S.purpose,
            _S.given_on,
            _S.method,
            _S.valid_until,
            _S.withdrawn_on,
            _S.note,
        ).order_by(_S.person_id, _S.given_on, _S.id),
        _S.person_id,
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
