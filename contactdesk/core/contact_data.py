"""What a contact is made of, as plain data: the editor, the services and the file formats
(vCard, Outlook CSV) exchange these objects. No database and no services here, so that
`core.formats` can build them without importing the services that store them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from contactdesk.core.enums import ContactKind, NetworkRole, OrgKind
from contactdesk.core.jsonable import JsonRecord


@dataclass
class EmailData:
    address: str
    label: str = ""


@dataclass
class PhoneData:
    number: str
    label: str = ""


@dataclass
class AddressData:
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "Deutschland"
    label: str = ""


@dataclass
class RoleData:
    organisation_id: int
    function: str = ""
    is_contact_person: bool = False
    start_date: date | None = None
    end_date: date | None = None
    # Filled in by the service when reading; ignored when writing.
    organisation_name: str = ""
    person_id: int | None = None
    person_name: str = ""


@dataclass
class ConsentData:
    purpose: str
    given_on: date
    method: str
    valid_until: date | None = None
    withdrawn_on: date | None = None
    note: str = ""
    #: where it was given: a form, an event, an e-mail
    source: str = ""

    def is_valid_on(self, day: date) -> bool:
        if self.given_on > day:
            return False
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        return self.valid_until is None or self.valid_until >= day


@dataclass
class InteractionData:
    kind: str
    occurred_at: datetime
    summary: str
    by: str = ""


@dataclass
class ContactData(JsonRecord):
    """Everything the editor shows of a person or an organisation."""

    kind: str = ContactKind.PERSON.value
    id: int | None = None
    uid: str | None = None
    # person
    salutation: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    is_public_office_holder: bool = False
    # organisation
    name: str = ""
    org_kind: str = OrgKind.SONSTIGE.value
    network_role: str = NetworkRole.KEINE.value
    # both
    website: str = ""
    notes: str = ""
    is_example: bool = False
    emails: list[EmailData] = field(default_factory=list)
    phones: list[PhoneData] = field(default_factory=list)
    addresses: list[AddressData] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    roles: list[RoleData] = field(default_factory=list)
    consents: list[ConsentData] = field(default_factory=list)
    interactions: list[InteractionData] = field(default_factory=list)
    # read-only
    display_name: str = ""
    deleted: bool = False
    #: read-only: the stored version the editor read (optimistic locking, core/team/versions.py)
    row_version: int | None = None

    @property
    def is_person(self) -> bool:
        return self.kind == ContactKind.PERSON.value
