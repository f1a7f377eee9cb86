"""Contact register use cases: create, read, update, delete/restore, list and search contacts.

Functions return plain dataclasses (never ORM objects), so callers can use them after the
session is closed. Validation errors are raised as ValidationError with German messages.

The package, a module per subject, with every public name re-exported here (callers write
`from contactdesk.core.services import contacts as cs`):

- validation.py  normalise e-mail, phone, website; `validate`, `validate_many`
- names.py       display name and folded sort name
- records.py     load a contact, write ContactData onto its rows, read it back; tags, roles
- summary.py     the list columns and search entry of a contact, refreshed after each write
- register.py    get, create (duplicate check), update, delete, restore, erase, members
- listing.py     the list rows, filters and the keystroke search; tags and organisations
- bulk.py        many contacts at once with Core inserts (imports)
"""

from __future__ import annotations

from contactdesk.core.contact_data import (
    AddressData,
    ConsentData,
    ContactData,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)
from contactdesk.core.services.contacts.bulk import bulk_create
from contactdesk.core.services.contacts.listing import (
    ContactFilter,
    ContactRow,
    count_contacts,
    iter_contacts,
    list_contacts,
    list_organisations,
    list_tags,
)
from contactdesk.core.services.contacts.names import display_name, person_display_name, sort_name
from contactdesk.core.services.contacts.register import (
    DeleteResult,
    DuplicateContactError,
    create_contact,
    delete_contact,
    delete_impact,
    erase_contact,
    find_by_uid,
    find_duplicates,
    get_contact,
    has_consent,
    members,
    restore_contact,
    update_contact,
)
from contactdesk.core.services.contacts.summary import refresh_contact
from contactdesk.core.services.contacts.validation import (
    DEFAULT_REGION,
    format_phone,
    normalise_email,
    normalise_phone,
    normalise_phones,
    shallow_copy,
    validate,
    validate_many,
)

__all__ = [
    "DEFAULT_REGION",
    "AddressData",
    "ConsentData",
    "ContactData",
    "ContactFilter",
    "ContactRow",
    "DeleteResult",
    "DuplicateContactError",
    "EmailData",
    "InteractionData",
    "PhoneData",
    "RoleData",
    "bulk_create",
    "count_contacts",
    "create_contact",
    "delete_contact",
    "delete_impact",
    "display_name",
    "erase_contact",
    "find_by_uid",
    "find_duplicates",
    "format_phone",
    "get_contact",
    "has_consent",
    "iter_contacts",
    "list_contacts",
    "list_organisations",
    "list_tags",
    "members",
    "normalise_email",
    "normalise_phone",
    "normalise_phones",
    "person_display_name",
    "refresh_contact",
    "restore_contact",
    "shallow_copy",
    "sort_name",
    "update_contact",
    "validate",
    "validate_many",
]
