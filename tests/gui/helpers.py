"""Helpers for GUI tests: set up data through the core services, read it back the same way."""

from __future__ import annotations

from typing import Any

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactData, EmailData, RoleData


def add_person(db: Database, first: str, last: str, email: str = "", **kw: Any) -> ContactData:
    data = ContactData(
        first_name=first,
        last_name=last,
        emails=[EmailData(email)] if email else [],
        **kw,
    )
    with db.session() as session:
        return cs.create_contact(session, data, allow_duplicate=True)


def add_org(db: Database, name: str, **kw: Any) -> ContactData:
    with db.session() as session:
        return cs.create_contact(session, ContactData(kind="organisation", name=name, **kw))


def role(org: ContactData, function: str) -> RoleData:
    assert org.id is not None
    return RoleData(organisation_id=org.id, function=function)


def get(db: Database, contact_id: int) -> ContactData:
    with db.session() as session:
        return cs.get_contact(session, contact_id)


def names(db: Database, query: str = "") -> list[str]:
    with db.session() as session:
        rows = cs.list_contacts(session, cs.ContactFilter(query=query))
    return [r.display_name for r in rows]
