"""What the contact exports (vCard, Outlook CSV) write of a contact, as plain tuples.

An export of 100,000 contacts spent most of its time building ContactData objects (with
consents, interactions and every role) that the writers then read a dozen fields of. The
export service reads exactly these fields with one query per table and hands them to the
writers as ExportContact tuples; from_contact_data() gives the same tuple for a ContactData
(the format tests and callers that hold ContactData use it), so both write the same bytes.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from contactdesk.core.contact_data import ContactData

#: (address, label)
EmailRow = tuple[str, str]
#: (number, label)
PhoneRow = tuple[str, str]
#: (street, postal_code, city, country, label)
AddressRow = tuple[str, str, str, str, str]
#: (organisation name, function, end date as ISO text); in the order of the contact's roles
RoleRow = tuple[str, str, str | None]


class ExportContact(NamedTuple):
    """One contact as the exports see it. `is_person` is the kind; `name` is an
    organisation's name (empty for a person)."""

    is_person: bool
    uid: str
    salutation: str
    title: str
    first_name: str
    last_name: str
    name: str
    display_name: str
    website: str
    notes: str
    emails: list[EmailRow]
    phones: list[PhoneRow]
    addresses: list[AddressRow]
    tags: list[str]
    roles: list[RoleRow]


def from_contact_data(contact: ContactData) -> ExportContact:
    """The export tuple of a ContactData (what the service reads from the database)."""
    return ExportContact(
        contact.is_person,
        contact.uid or "",
        contact.salutation,
        contact.title,
        contact.first_name,
        contact.last_name,
        contact.name,
        contact.display_name,
        contact.website or "",
        contact.notes,
        [(e.address, e.label) for e in contact.emails],
        [(p.number, p.label) for p in contact.phones],
        [(a.street, a.postal_code, a.city, a.country, a.label) for a in contact.addresses],
        list(contact.tags),
        [
            (r.organisation_name, r.function, None if r.end_date is None else str(r.end_date))
            for r in contact.roles
        ],
    )


def current_role(roles: list[RoleRow], today: str) -> RoleRow | None:
    """The first role without an end or ending today or later, else the first role.

    `today` and the end dates are ISO dates (YYYY-MM-DD), which compare as text."""
    for role in roles:
        end = role[2]
        if end is None or end >= today:
            return role
    return roles[0] if roles else None


def today_iso() -> str:
    return date.today().isoformat()
