"""All ORM entities; importing this package registers every table on Base.metadata."""

from contactdesk.core.models.base import Base, utcnow
from contactdesk.core.models.contacts import (
    Address,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Contact,
    ContactKind,
    Email,
    Interaction,
    InteractionKind,
    NetworkRole,
    Organisation,
    OrgKind,
    Person,
    Phone,
    Role,
    Tag,
)

__all__ = [
    "Address",
    "Base",
    "Consent",
    "ConsentMethod",
    "ConsentPurpose",
    "Contact",
    "ContactKind",
    "Email",
    "Interaction",
    "InteractionKind",
    "NetworkRole",
    "OrgKind",
    "Organisation",
    "Person",
    "Phone",
    "Role",
    "Tag",
    "utcnow",
]
