"""The contact list: rows, filters, the keystroke search and the lists for choosers.

One indexed query per page; the search reads its hits from the full-text index in name order
(core/sortkeys.py). The lean read path of the command line (core/readpath.py) gives the same
rows without SQLAlchemy; tests/core/test_readpath.py proves them equal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from contactdesk.core import search
from contactdesk.core.models import Contact, ContactKind, Organisation, Tag
from contactdesk.core.models.contacts import contact_tag

# Plain tables for column queries: joining the ORM subclasses would drag in their base table.
_org = Organisation.__table__


@dataclass(frozen=True)
class ContactRow:
    """One line of the contact list."""

    id: int
    kind: str
    display_name: str
    affiliation: str
    email: str
    phone: str  # E.164; show it with format_phone()
    city: str
    tags: str
    network_role: str
    org_kind: str

    def to_dict(self) -> dict[str, Any]:
        # what dataclasses.asdict() gives, without its deep copies (100,000 rows at a time)
        return {
            "id": self.id,
            "kind": self.kind,
            "display_name": self.display_name,
            "affiliation": self.affiliation,
            "email": self.email,
            "phone": self.phone,
            "city": self.city,
            "tags": self.tags,
            "network_role": self.network_role,
            "org_kind": self.org_kind,
        }


@dataclass(frozen=True)
class ContactFilter:
    query: str = ""
    kind: str | None = None
    tag: str | None = None
    network_role: str | None = None
    include_deleted: bool = False


def row_select() -> Select[Any]:
    return select(
        Contact.id,
        Contact.kind,
        Contact.display_name,
        Contact.affiliation,
        Contact.primary_email,
        Contact.primary_phone,
        Contact.city,
        Contact.tags_text,
        _org.c.network_role,
        _org.c.org_kind,
    ).outerjoin(_org, _org.c.id == Contact.id)


def contact_row(r: Any) -> ContactRow:
    return ContactRow(
        id=r.id,
        kind=r.kind,
        display_name=r.display_name,
        affiliation=r.affiliation,
        email=r.primary_email,
        phone=r.primary_phone,
        city=r.city,
        tags=r.tags_text,
        network_role=r.network_role or "",
        org_kind=r.org_kind or "",
    )


def list_contacts(
    session: Session,
    flt: ContactFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ContactRow]:
    """Contacts sorted by name, filtered and searched; one indexed query per call.

    A search reads its hits from the full-text index in rowid order, which is the name order
    (core/sortkeys.py), and stops after the page: a common prefix costs no more than a rare
    one. With a kind, tag or network-role filter a hit may be far from the next one that
    passes; then a search with many hits walks the name index and keeps the matching rows,
    one with few hits sorts just its matches. A bounded probe tells the two apart.
    """
    return list(iter_contacts(session, flt, limit=limit, offset=offset))


def iter_contacts(
    session: Session,
    flt: ContactFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Iterator[ContactRow]:
    """list_contacts() row by row as the database hands them out: the command line prints
    100,000 contacts without holding them all (the session must stay open meanwhile)."""
    flt = flt or ContactFilter()
    query = flt.query.strip()
    dialect = session.get_bind().dialect.name
    if query and dialect == "sqlite" and not (flt.kind or flt.tag or flt.network_role):
        expr = search.match_expression(query)
        if expr is not None:
            yield from _search_in_name_order(session, expr, flt.include_deleted, limit, offset)
            return
    if query and dialect == "postgresql" and not (flt.kind or flt.tag or flt.network_role):
        tsq = search.tsquery_expression(query)
        if tsq is not None and limit is not None:  # a keystroke's page: core/search.py
            rows = search.pg_search_rows(session, tsq, flt.include_deleted, limit, offset)
            yield from map(_row_of, rows)
            return
        if tsq is not None:  # every hit (command line): hits in rowid (= name) order
            page = search.pg_search_page(tsq, flt.include_deleted, limit, offset)
            yield from map(_row_of, session.execute(page))
            return
    stmt = row_select()
    if query and not search.has_many_hits(session, query):
        keys = search.matching_keys(session, query)
        if keys is not None:
            hits = keys.subquery()
            stmt = stmt.join(hits, hits.c.rowid == Contact.sort_key)
            flt = dataclasses.replace(flt, query="")
    stmt = _filtered(stmt, session, flt)
    stmt = stmt.order_by(Contact.sort_name, Contact.id).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    # tuples, not attribute access: this runs for every contact of a long list
    for cid, kind, name, affiliation, email, phone, city, tags, role, org_kind in session.execute(
        stmt
    ):
        yield ContactRow(
            cid, kind, name, affiliation, email, phone, city, tags, role or "", org_kind or ""
        )


# The search of every keystroke, as plain SQL: FTS5 hands out its hits in rowid (= name) order,
# each hit finds its contact through the unique sort-key index, and the page ends the scan.
_SEARCH_SQL = """
SELECT c.id, c.kind, c.display_name, c.affiliation, c.primary_email, c.primary_phone,
       c.city, c.tags_text, o.network_role, o.org_kind
FROM contact_fts AS f
JOIN contact AS c ON c.sort_key = f.rowid
LEFT OUTER JOIN organisation AS o ON o.id = c.id
WHERE contact_fts MATCH ? {deleted}
ORDER BY f.rowid
LIMIT ? OFFSET ?
"""
_SEARCH_LIVE = _SEARCH_SQL.format(deleted="AND c.deleted_at IS NULL")
_SEARCH_ALL = _SEARCH_SQL.format(deleted="")


def _search_in_name_order(
    session: Session, expr: str, include_deleted: bool, limit: int | None, offset: int
) -> list[ContactRow]:
    sql = _SEARCH_ALL if include_deleted else _SEARCH_LIVE
    # Straight to sqlite3: this runs at every keystroke, and the rows need no conversion.
    raw = session.connection().connection.driver_connection
    assert raw is not None
    rows = raw.execute(sql, (expr, -1 if limit is None else limit, offset)).fetchall()
    return [_row_of(r) for r in rows]


def _row_of(r: Sequence[Any]) -> ContactRow:
    """A list row from (id, kind, name, affiliation, e-mail, phone, city, tags, network role,
    organisation kind): the column order of both search pages and of `row_select`."""
    return ContactRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "", r[9] or "")


def _filtered(stmt: Select[Any], session: Session, flt: ContactFilter | None) -> Select[Any]:
    """Apply a filter to a select over Contact (joined to organisation for network roles)."""
    flt = flt or ContactFilter()
    if flt.network_role:
        stmt = stmt.where(
            Contact.id.in_(select(_org.c.id).where(_org.c.network_role == flt.network_role))
        )
    if not flt.include_deleted:
        stmt = stmt.where(Contact.deleted_at.is_(None))
    if flt.kind:
        stmt = stmt.where(Contact.kind == flt.kind)
    if flt.tag:
        stmt = stmt.where(
            Contact.id.in_(
                select(contact_tag.c.contact_id)
                .join(Tag, Tag.id == contact_tag.c.tag_id)
                .where(Tag.name == flt.tag)
            )
        )
    if flt.query.strip():
        keys = search.matching_keys(session, flt.query)
        if keys is not None:
            stmt = stmt.where(Contact.sort_key.in_(keys))
    return stmt


def list_tags(session: Session) -> list[str]:
    return list(session.scalars(select(Tag.name).order_by(Tag.name)))


def list_organisations(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every live organisation, for choosing one in a role."""
    return [
        (r.id, r.display_name)
        for r in session.execute(
            select(Contact.id, Contact.display_name)
            .where(Contact.kind == ContactKind.ORGANISATION.value, Contact.deleted_at.is_(None))
            .order_by(Contact.sort_name)
        )
    ]


def count_contacts(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Contact).where(Contact.deleted_at.is_(None))
        )
        or 0
    )
