"""How a contact is named: the display name and the folded sort name the register orders by."""

from __future__ import annotations

from contactdesk.core import search
from contactdesk.core.contact_data import ContactData
from contactdesk.core.models import ContactKind

_PERSON = ContactKind.PERSON.value


def person_display_name(first_name: str, last_name: str, title: str = "") -> str:
    return " ".join([part for part in (title, first_name, last_name) if part])


def sort_name(data: ContactData) -> str:
    """The folded name the register sorts and matches by ("mueller anna", "stadt weisswasser")."""
    if data.kind == _PERSON:
        return search.fold_cached(f"{data.last_name} {data.first_name}")
    return search.fold_cached(data.name)


def display_name(data: ContactData) -> str:
    if data.is_person:
        return person_display_name(data.first_name, data.last_name, data.title)
    return data.name
