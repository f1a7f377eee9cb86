"""Many contacts at once with Core inserts: imports and data at scale.

No ORM objects, no identity map, no per-row SQL compilation: ids and sort keys follow the name
order, so every table, index and the search index grow in ascending order; PostgreSQL gets
COPY (core/team/bulk.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from contactdesk.core import search, sortkeys
from contactdesk.core.contact_data import ContactData
from contactdesk.core.errors import ValidationError
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.labels import NETWORK_ROLE, ORG_KIND, source_labels
from contactdesk.core.models import (
    Address,
    Contact,
    ContactKind,
    Email,
    Organisation,
    Person,
    Phone,
    Tag,
    utcnow,
)
from contactdesk.core.models.base import new_uids
from contactdesk.core.models.contacts import contact_tag
from contactdesk.core.services.contacts.names import person_display_name, sort_name
from contactdesk.core.services.contacts.records import tags_named
from contactdesk.core.services.contacts.summary import phone_index_parts
from contactdesk.core.services.contacts.validation import DEFAULT_REGION, validate_many
from contactdesk.core.services.ids import next_free_id

# Plain tables for column queries: joining the ORM subclasses would drag in their base table.
_contact = Contact.__table__
_org = Organisation.__table__
_person = Person.__table__
_PERSON = ContactKind.PERSON.value


@bulk_work
def bulk_create(
    session: Session,
    items: list[ContactData],
    *,
    validated: bool = False,
    region: str = DEFAULT_REGION,
) -> list[int]:
    """Create many people and organisations with Core inserts (imports, data at scale).

    Items are validated unless the caller passes `validated=True` for items that came out of
    `validate_many` (an import validates in its preview, then commits). Nothing is written when
    one item is invalid. Roles, consents and interactions are not handled here.
    """
    cleaned = items if validated else validate_many(items, region=region)
    for position, clean in enumerate(cleaned, start=1):
        if clean.roles or clean.consents or clean.interactions:
            raise ValidationError({f"{position}": f"Eintrag {position}: nur Stammdaten erlaubt."})
    if not cleaned:
        return []
    first_id = next_free_id(session, _contact, len(cleaned))
    conn = session.connection()
    now: Any = utcnow()
    if conn.dialect.name == "sqlite":
        now = _sqlite_value(now)
    tag_ids = {name: tag.id for name, tag in _bulk_tags(session, cleaned).items()}
    fresh_uids = iter(new_uids(sum(1 for data in cleaned if not data.uid)))
    # Ids follow the name order, and so do the sort keys: every table, index and the search
    # index then grow in ascending order, which B-trees and FTS5 take fastest.
    sort_names = [sort_name(d) for d in cleaned]
    order = sorted(range(len(cleaned)), key=sort_names.__getitem__)  # stable: ties by position
    ids = [0] * len(cleaned)
    for rank, i in enumerate(order):
        ids[i] = first_id + rank
    # The name order decides the keys, and the keys are the index rowids (core/sortkeys.py).
    keys = sortkeys.keys_for_new(session, [(ids[i], sort_names[i]) for i in order])
    contacts: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    orgs: list[tuple[Any, ...]] = []
    emails: list[tuple[Any, ...]] = []
    phones: list[tuple[Any, ...]] = []
    addresses: list[tuple[Any, ...]] = []
    tag_links: list[tuple[Any, ...]] = []
    fts: list[tuple[Any, ...]] = []
    index_text = search.index_text
    org_labels = source_labels(ORG_KIND)
    role_labels = source_labels(NETWORK_ROLE)
    for index in order:
        cid, data = ids[index], cleaned[index]
        key = keys[cid]
        # The same index words as summary.py indexes on the ORM path (no roles in bulk).
        if data.kind == _PERSON:
            display = person_display_name(data.first_name, data.last_name, data.title)
            affiliation = ""
            people.append(
                (
                    cid,
                    data.salutation,
                    data.title,
                    data.first_name,
                    data.last_name,
                    data.is_public_office_holder,
                )
            )
            parts: list[str | None] = [
                display,
                data.notes,
                data.website,
                data.salutation,
                data.title,
            ]
        else:
            display = data.name
            affiliation = org_labels.get(data.org_kind, data.org_kind)
            orgs.append((cid, data.name, data.org_kind, data.network_role))
            parts = [
                display,
                data.notes,
                data.website,
                affiliation,
                role_labels.get(data.network_role, data.network_role),
            ]
        data_emails, data_phones, data_addresses = data.emails, data.phones, data.addresses
        contacts.append(
            (
                cid,
                data.kind,
                data.uid or next(fresh_uids),
                display,
                sort_names[index],
                data.website or None,
                data.notes,
                data.is_example,
                None,
                now,
                now,
                data_emails[0].address if data_emails else "",
                data_phones[0].number if data_phones else "",
                data_addresses[0].city if data_addresses else "",
                affiliation,
                ", ".join(data.tags),
                key,
            )
        )
        for i, e in enumerate(data_emails):
            emails.append((cid, e.address, e.label, i))
            parts.append(e.address)
        for i, p in enumerate(data_phones):
            phones.append((cid, p.number, p.label, i))
            parts += phone_index_parts(p.number)
        for i, a in enumerate(data_addresses):
            addresses.append((cid, a.street, a.postal_code, a.city, a.country, a.label, i))
            parts.append(f"{a.street} {a.postal_code} {a.city}")
        for t in data.tags:
            tag_links.append((cid, tag_ids[t]))
            parts.append(t)
        # Ascending rowids (FTS5 flushes its pending index at every rowid that goes backwards).
        fts.append((key, index_text(parts)))
    # Plain executemany: no ORM objects, no identity map, no per-row SQL compilation.
    _insert_many(conn, _contact, _CONTACT_COLUMNS, contacts)
    _insert_many(conn, _person, _PERSON_COLUMNS, people)
    _insert_many(conn, _org, ("id", "name", "org_kind", "network_role"), orgs)
    _insert_many(conn, Email.__table__, ("contact_id", "address", "label", "position"), emails)
    _insert_many(conn, Phone.__table__, ("contact_id", "number", "label", "position"), phones)
    _insert_many(conn, Address.__table__, _ADDRESS_COLUMNS, addresses)
    _insert_many(conn, contact_tag, ("contact_id", "tag_id"), tag_links)
    _insert_many(conn, search.fts_table, ("rowid", "text"), fts)
    return ids


_CONTACT_COLUMNS = (
    "id",
    "kind",
    "uid",
    "display_name",
    "sort_name",
    "website",
    "notes",
    "is_example",
    "deleted_at",
    "created_at",
    "updated_at",
    "primary_email",
    "primary_phone",
    "city",
    "affiliation",
    "tags_text",
    "sort_key",
)
_PERSON_COLUMNS = (
    "id",
    "salutation",
    "title",
    "first_name",
    "last_name",
    "is_public_office_holder",
)
_ADDRESS_COLUMNS = ("contact_id", "street", "postal_code", "city", "country", "label", "position")


def _insert_many(
    conn: Any, table_: Any, names: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":  # team mode: COPY, about 10x an executemany
        from contactdesk.core.team.bulk import copy_rows

        copy_rows(conn, table_.name, names, rows)
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table_.insert(), [dict(zip(names, row, strict=True)) for row in rows])
        return
    sql = f"INSERT INTO {table_.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    conn.exec_driver_sql(sql, rows)


def _sqlite_value(value: datetime) -> str:
    # Same text form as SQLAlchemy's SQLite DateTime type (naive UTC).
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _bulk_tags(session: Session, items: list[ContactData]) -> dict[str, Tag]:
    names = sorted({t for item in items for t in item.tags})
    tags = tags_named(session, names)
    session.flush()
    return dict(zip(names, tags, strict=True))
