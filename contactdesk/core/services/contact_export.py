"""What the contact exports write, read from the database in bulk and streamed.

An export of 100,000 contacts first read each contact on its own (several queries each), then
built a full ContactData per contact (with consents, interactions and every role); the writers
read a dozen fields of it. Here exactly those fields are read with SQLAlchemy Core, one query
for the contacts and one per child table (e-mails, phones, addresses, tags, roles), each in the
order of the contact list (sort name, id). The rows of the child queries are merged with the
contact rows in one pass, so contacts flow to the writer one by one and no table is held in
memory as a whole. The same Core statements run on both engines: on SQLite through the
driver's own cursor, on PostgreSQL through SQLAlchemy with a server-side cursor (_reader).

The result is formats.export_rows.ExportContact, what from_contact_data() gives for
get_contact(); tests/core/test_export_equivalence.py checks the exported bytes against the
former path (get_contact and the former writers) on both engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from contactdesk.core.enums import ContactKind
from contactdesk.core.errors import NotFoundError
from contactdesk.core.formats.export_rows import ExportContact
from contactdesk.core.models import Address, Contact, Email, Organisation, Person, Phone, Role, Tag
from contactdesk.core.models.contacts import contact_tag

# Plain table columns, not ORM attributes: rows come back as tuples, no objects are built.
_C = Contact.__table__.c
_E = Email.__table__.c
_P = Phone.__table__.c
_A = Address.__table__.c
_R = Role.__table__.c
_T = Tag.__table__.c
_PERSON = Person.__table__.c
_ORG = Organisation.__table__
_CT = contact_tag.c

#: ids per IN (...) list: below SQLite's old limit of 999 parameters
BLOCK = 900
#: rows fetched at a time (a server-side cursor on PostgreSQL)
FETCH = 2000
_IS_PERSON = ContactKind.PERSON.value


def export_contacts(session: Session, ids: Sequence[int] | None = None) -> Iterator[ExportContact]:
    """All live contacts in name order (ids None), or the given ones in the given order;
    NotFoundError when one of them does not exist (raised before anything is yielded for
    the block of ids it is in)."""
    session.flush()  # what the caller changed in this session is exported too
    if ids is None:
        for _cid, contact in _merged(session, _C.deleted_at.is_(None)):
            yield contact
        return
    for start in range(0, len(ids), BLOCK):
        block = list(ids[start : start + BLOCK])
        found = dict(_merged(session, _C.id.in_(list(dict.fromkeys(block)))))
        if len(found) < len(set(block)):
            raise NotFoundError("Der Kontakt wurde nicht gefunden. Vielleicht wurde er gelöscht.")
        for contact_id in block:
            yield found[contact_id]


def _reader(session: Session) -> Callable[[Select[Any]], Iterator[Any]]:
    """The function that runs a statement and gives its rows as tuples, fetched in batches.

    SQLite: the statement compiled for SQLite and run on the driver's own cursor (its rows are
    plain tuples; SQLAlchemy's row objects cost a sixth of the export's reading). The only
    values put into the SQL are the integer ids of a selection. PostgreSQL (and any other
    engine): SQLAlchemy with yield_per, i.e. a server-side cursor, so that the rows stream
    there too. tests/core/test_export_equivalence.py runs both."""
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        return lambda stmt: iter(session.execute(stmt, execution_options={"yield_per": FETCH}))
    driver = connection.connection.dbapi_connection
    assert driver is not None

    def rows(stmt: Select[Any]) -> Iterator[Any]:
        sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        cursor: Any = driver.cursor()
        cursor.arraysize = FETCH
        cursor.execute(sql)
        return iter(cursor)

    return rows


def _merged(session: Session, which: ColumnElement[bool]) -> Iterator[tuple[int, ExportContact]]:
    """(id, contact) of the contacts `which` selects, in the order of the contact list."""
    order = (_C.sort_name, _C.id)

    rows = _reader(session)

    def children(stmt: Select[Any], contact_id: Any, *then: Any) -> Iterator[Any]:
        """Rows (contact id first) of the contacts `which` selects, in list order."""
        stmt = stmt.join(Contact.__table__, _C.id == contact_id).where(which)
        return rows(stmt.order_by(*order, *then))

    emails = children(
        select(_E.contact_id, _E.address, _E.label), _E.contact_id, _E.position, _E.id
    )
    phones = children(select(_P.contact_id, _P.number, _P.label), _P.contact_id, _P.position, _P.id)
    addresses = children(
        select(_A.contact_id, _A.street, _A.postal_code, _A.city, _A.country, _A.label),
        _A.contact_id,
        _A.position,
        _A.id,
    )
    tags = children(
        select(_CT.contact_id, _T.name).join(Tag.__table__, _T.id == _CT.tag_id),
        _CT.contact_id,
        _T.name,
    )
    roles = children(
        select(_R.person_id, _ORG.c.name, _R.function, _R.end_date).join(
            _ORG, _ORG.c.id == _R.organisation_id
        ),
        _R.person_id,
        _R.start_date,
        _R.id,
    )
    contacts = (
        select(
            _C.id,
            _C.kind,
            _C.uid,
            _PERSON.salutation,
            _PERSON.title,
            _PERSON.first_name,
            _PERSON.last_name,
            _ORG.c.name,
            _C.display_name,
            _C.website,
            _C.notes,
        )
        .select_from(Contact.__table__)
        .outerjoin(Person.__table__, _PERSON.id == _C.id)
        .outerjoin(_ORG, and_(_ORG.c.id == _C.id))
        .where(which)
        .order_by(*order)
    )
    end: Any = (None,)
    email, phone, address, tag, role = (
        next(emails, end),
        next(phones, end),
        next(addresses, end),
        next(tags, end),
        next(roles, end),
    )
    # each child query runs in the order of the contacts: its rows of a contact are the next
    # ones (a lock-step merge, one pass, nothing held but the current contact)
    for cid, kind, uid, salutation, title, first, last, name, display, website, notes in rows(
        contacts
    ):
        contact_emails: list[Any] = []
        while email[0] == cid:
            contact_emails.append(email[1:])
            email = next(emails, end)
        contact_phones: list[Any] = []
        while phone[0] == cid:
            contact_phones.append(phone[1:])
            phone = next(phones, end)
        contact_addresses: list[Any] = []
        while address[0] == cid:
            contact_addresses.append(address[1:])
            address = next(addresses, end)
        contact_tags: list[str] = []
        while tag[0] == cid:
            contact_tags.append(tag[1])
            tag = next(tags, end)
        contact_roles: list[Any] = []
        while role[0] == cid:
            # the end date as ISO text: SQLite's driver gives text, PostgreSQL's a date
            until = role[3]
            contact_roles.append((role[1], role[2], None if until is None else str(until)))
            role = next(roles, end)
        yield (
            cid,
            ExportContact(
                kind == _IS_PERSON,
                uid or "",
                salutation or "",
                title or "",
                first or "",
                last or "",
                name or "",
                display,
                website or "",
                notes or "",
                contact_emails,
                contact_phones,
                contact_addresses,
                contact_tags,
                contact_roles,
            ),
        )
