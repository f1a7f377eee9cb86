"""The list columns and the search entry of a contact, kept in step with its rows.

Every write of a contact ends in `refresh_summary`: primary e-mail, phone and city, tags and
affiliation on the contact row (what the list shows without joins), its place in the name order
(core/sortkeys.py) and its words in the full-text index (core/search.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import search, sortkeys
from contactdesk.core.labels import NETWORK_ROLE, ORG_KIND, source_label
from contactdesk.core.models import Contact, Organisation, Person, Role
from contactdesk.core.services.contacts.records import load_contact

# Plain tables for column queries: joining the ORM subclasses would drag in their base table.
_contact = Contact.__table__
_org = Organisation.__table__
_person = Person.__table__


def _national_form(e164: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_index_parts(e164: str) -> list[str]:
    """What the search index holds of a number: its E.164 digits and its national digits.

    A query written with separators ("0340 / 12 34 56", "+49 340 123456") is collapsed to
    digits by `search.match_expression`, so no formatted form needs indexing.
    """
    return [e164.lstrip("+"), _national_digits(e164)]


def _national_digits(e164: str) -> str:
    if e164.startswith("+49"):  # fast path for the common case, same result
        return "0" + e164[3:]
    return "".join(ch for ch in _national_form(e164) if ch.isdigit())


def _affiliation(session: Session, person_id: int) -> str:
    """'Function, Organisation' of the person's current roles, contact-person roles first."""
    today = date.today()
    rows = session.execute(
        select(Role.function, _org.c.name, Role.is_contact_person, Role.end_date)
        .join(_org, _org.c.id == Role.organisation_id)
        .join(_contact, _contact.c.id == _org.c.id)
        .where(Role.person_id == person_id, _contact.c.deleted_at.is_(None))
        .order_by(Role.is_contact_person.desc(), Role.start_date.desc())
    ).all()
    current = [r for r in rows if r.end_date is None or r.end_date >= today] or rows
    parts = [", ".join(p for p in (r.function, r.name) if p) for r in current[:2]]
    return "; ".join(parts)


def _index_parts(session: Session, contact: Contact) -> list[str | None]:
    parts: list[str | None] = [contact.display_name, contact.notes, contact.website]
    parts += [e.address for e in contact.emails]
    for phone in contact.phones:
        parts += phone_index_parts(phone.number)
    parts += [f"{a.street} {a.postal_code} {a.city}" for a in contact.addresses]
    parts += [t.name for t in contact.tags]
    if isinstance(contact, Person):
        parts += [contact.salutation, contact.title]
        for function, org_name in session.execute(
            select(Role.function, _org.c.name)
            .join(_org, _org.c.id == Role.organisation_id)
            .where(Role.person_id == contact.id)
        ):
            parts += [function, org_name]
    else:
        assert isinstance(contact, Organisation)
        parts += [
            source_label(ORG_KIND, contact.org_kind),
            source_label(NETWORK_ROLE, contact.network_role),
        ]
        for function, first, last in session.execute(
            select(Role.function, _person.c.first_name, _person.c.last_name)
            .join(_person, _person.c.id == Role.person_id)
            .where(Role.organisation_id == contact.id)
        ):
            parts += [function, first, last]
    return parts


def refresh_summary(session: Session, contact: Contact) -> None:
    """Recompute the list columns and the search entry of one contact."""
    session.flush()
    contact.primary_email = contact.emails[0].address if contact.emails else ""
    contact.primary_phone = contact.phones[0].number if contact.phones else ""
    contact.city = contact.addresses[0].city if contact.addresses else ""
    contact.tags_text = ", ".join(t.name for t in contact.tags)
    if isinstance(contact, Person):
        contact.affiliation = _affiliation(session, contact.id)
    else:
        assert isinstance(contact, Organisation)
        contact.affiliation = source_label(ORG_KIND, contact.org_kind)
    session.flush()
    old_key = sortkeys.place(session, contact)
    key = contact.sort_key
    assert key is not None
    search.replace_entries(
        session,
        [(key, search.index_text(_index_parts(session, contact)))],
        old_keys=[old_key] if old_key is not None and old_key != key else [],
    )


def refresh_people_of(session: Session, organisation_id: int) -> None:
    person_ids = session.scalars(
        select(Role.person_id).where(Role.organisation_id == organisation_id).distinct()
    ).all()
    for pid in person_ids:
        refresh_summary(session, load_contact(session, pid))


def refresh_contact(session: Session, contact_id: int) -> None:
    """Recompute the list columns and the search entry of a contact whose rows were changed
    outside this module (a merge, an undo of a merge, an erasure)."""
    refresh_summary(session, load_contact(session, contact_id))
