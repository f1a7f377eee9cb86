"""The contact editor (one person or organisation): `editor.py` coordinates, `sections.py` holds
the fields typed into, `rows.py` the rows of its lists, `linked.py` the linked records."""

from contactdesk.gui.views.contact_editor.editor import ContactEditor
from contactdesk.gui.views.contact_editor.rows import (
    AddressRow,
    ConsentRow,
    EmailRow,
    InteractionRow,
    PhoneRow,
    RoleRow,
)

__all__ = [
    "AddressRow",
    "ConsentRow",
    "ContactEditor",
    "EmailRow",
    "InteractionRow",
    "PhoneRow",
    "RoleRow",
]
