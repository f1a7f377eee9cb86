"""Matching import entries against the register and against each other (first rule that fits):

1. the same UID (our own exports carry the contact's UID, so a re-import updates);
2. the same folded name (Müller = Mueller) and the same kind, plus a shared e-mail or phone;
3. the same e-mail address and the same kind;
4. the same folded name and kind, for an organisation (names of organisations are what
   identifies them, and many have neither e-mail nor phone) or for a person whose entry has no
   e-mail and no phone to compare.
Within the import, a later entry with the same UID, or the same folded name and a shared e-mail
or phone as an earlier entry, is a duplicate ("doppelt"). The register is read in a few chunked
queries per kind of key, never per entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core import search
from contactdesk.core.models import Contact, ContactKind, Email, Phone
from contactdesk.core.services.contact_exchange.entries import (
    DUPLICATE,
    INVALID,
    MATCH,
    ImportEntry,
)
from contactdesk.core.services.contacts import sort_name

_IN_CHUNK = 500  # parameters per IN (...) list, well below SQLite's limit
_ORGANISATION = ContactKind.ORGANISATION.value
_NOTHING: frozenset[int] = frozenset()


def chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def organisation_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Folded name -> id of live organisations with one of `names`."""
    folded = {search.fold_cached(n) for n in names if n}
    result: dict[str, int] = {}
    for chunk in chunks(folded):
        for row in session.execute(
            select(Contact.id, Contact.sort_name).where(
                Contact.sort_name.in_(chunk),
                Contact.kind == ContactKind.ORGANISATION.value,
                Contact.deleted_at.is_(None),
            )
        ):
            result.setdefault(row.sort_name, row.id)
    return result


def match_entries(session: Session, entries: list[ImportEntry]) -> None:
    valid = [e for e in entries if e.contact is not None]
    if not valid:
        return
    contacts = [e.contact for e in valid if e.contact is not None]
    keys = [(data.kind, sort_name(data)) for data in contacts]  # (kind, folded name)
    uids = {data.uid for data in contacts if data.uid}
    emails = {m.address.casefold() for data in contacts for m in data.emails}
    phones = {p.number for data in contacts for p in data.phones}
    sort_names = {name for _, name in keys}

    names: dict[int, str] = {}
    kinds: dict[int, str] = {}
    contact_uids: dict[int, str] = {}
    by_uid: dict[str, tuple[int, bool]] = {}
    for chunk in chunks(uids):
        for row in session.execute(
            select(
                Contact.id, Contact.uid, Contact.display_name, Contact.kind, Contact.deleted_at
            ).where(Contact.uid.in_(chunk))
        ):
            by_uid[row.uid] = (row.id, row.deleted_at is not None)
            names[row.id], kinds[row.id] = row.display_name, row.kind
            contact_uids[row.id] = row.uid
    by_email: dict[str, set[int]] = defaultdict(set)
    for chunk in chunks(emails):
        for mail_hit in session.execute(
            select(
                func.lower(Email.address),
                Contact.id,
                Contact.uid,
                Contact.display_name,
                Contact.kind,
            )
            .join(Contact, Contact.id == Email.contact_id)
            .where(func.lower(Email.address).in_(chunk), Contact.deleted_at.is_(None))
        ):
            by_email[mail_hit[0]].add(mail_hit.id)
            names[mail_hit.id], kinds[mail_hit.id] = mail_hit.display_name, mail_hit.kind
            contact_uids[mail_hit.id] = mail_hit.uid
    by_phone: dict[str, set[int]] = defaultdict(set)
    for chunk in chunks(phones):
        for phone_hit in session.execute(
            select(Phone.number, Contact.id)
            .join(Contact, Contact.id == Phone.contact_id)
            .where(Phone.number.in_(chunk), Contact.deleted_at.is_(None))
        ):
            by_phone[phone_hit.number].add(phone_hit.id)
    by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    for chunk in chunks(sort_names):
        for name_hit in session.execute(
            select(
                Contact.id, Contact.uid, Contact.kind, Contact.sort_name, Contact.display_name
            ).where(Contact.sort_name.in_(chunk), Contact.deleted_at.is_(None))
        ):
            by_name[(name_hit.kind, name_hit.sort_name)].add(name_hit.id)
            names[name_hit.id], kinds[name_hit.id] = name_hit.display_name, name_hit.kind
            contact_uids[name_hit.id] = name_hit.uid

    seen_uid: dict[str, int] = {}
    seen_channel: dict[tuple[str, str, str], int] = {}
    for entry, data, key in zip(valid, contacts, keys, strict=True):
        kind, name = key
        channels = [(kind, name, f"@{m.address.casefold()}") for m in data.emails]
        channels += [(kind, name, f"#{p.number}") for p in data.phones]
        earlier = seen_uid.get(data.uid) if data.uid else None
        if earlier is None:
            earlier = next((seen_channel[c] for c in channels if c in seen_channel), None)
        if data.uid:
            seen_uid.setdefault(data.uid, entry.index)
        for channel in channels:
            seen_channel.setdefault(channel, entry.index)
        if earlier is not None:
            entry.status, entry.duplicate_of = DUPLICATE, earlier
            continue
        found: int | None = None
        reason = ""
        if data.uid and data.uid in by_uid:
            contact_id, deleted = by_uid[data.uid]
            if deleted:
                data.uid = None  # the UID is taken by a contact in the wastebasket
                entry.warnings.append(
                    f"{entry.place}: Ein Kontakt mit derselben UID liegt im Papierkorb; "
                    "der Eintrag wird als neuer Kontakt angelegt."
                )
            elif kinds[contact_id] != data.kind:
                entry.status = INVALID
                entry.reasons.append(
                    f"{entry.place}: Die UID gehört zum Kontakt „{names[contact_id]}“, der eine "
                    "andere Art hat (Person/Organisation). Bitte prüfen Sie die Datei."
                )
                entry.contact = None
                continue
            else:
                found, reason = contact_id, "gleiche UID"
        if found is None:
            shared: set[int] = set()
            for m in data.emails:
                shared |= by_email.get(m.address.casefold(), _NOTHING)
            for p in data.phones:
                shared |= by_phone.get(p.number, _NOTHING)
            same_name = by_name.get(key, _NOTHING) & shared
            if same_name:
                found = min(same_name)
                reason = "gleicher Name und gleiche E-Mail-Adresse oder Telefonnummer"
        if found is None:
            for m in data.emails:
                same_mail = {
                    i
                    for i in by_email.get(m.address.casefold(), _NOTHING)
                    if kinds.get(i) == data.kind
                }
                if same_mail:
                    found, reason = min(same_mail), "gleiche E-Mail-Adresse"
                    break
        if found is None and by_name.get(key):
            if data.kind == _ORGANISATION:
                found, reason = min(by_name[key]), "gleicher Name"
            elif not channels:
                found, reason = min(by_name[key]), "gleicher Name, nichts weiter zum Vergleich"
        if found is not None:
            entry.status, entry.match_id = MATCH, found
            entry.match_name, entry.match_reason = names.get(found, ""), reason
            entry.match_uid = contact_uids.get(found, "")
