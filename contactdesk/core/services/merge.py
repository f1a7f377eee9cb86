"""Merging two records of one person (or organisation) into the older one, and undoing that.

`merge_contacts` takes the fields of either record (per field, the user's choice), joins their
lists (e-mails, phones, addresses, tags, roles, consents, contact log) and moves every other
reference to the removed record (participations, agreement parties and signatories, papers,
events, roles of people in an organisation, ...) to the kept one. Which tables refer to a
contact is read from the schema itself, so a table added later is moved too.

`snapshot` before and `restore` afterwards give the undo: the rows of both records and every row
that pointed at either, back exactly as they were (same ids).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Table, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contactdesk.core.contact_data import ContactData
from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.models import Base, Contact
from contactdesk.core.services import contacts as cs

#: Fields a user chooses between, per kind; everything else is joined.
PERSON_FIELDS = ("salutation", "title", "first_name", "last_name", "is_public_office_holder")
ORGANISATION_FIELDS = ("name", "org_kind", "network_role")
COMMON_FIELDS = ("website", "notes")
#: The lists of a record that are joined (their rows belong to the contact).
_OWN_LISTS = {
    ("email", "contact_id"),
    ("phone", "contact_id"),
    ("address", "contact_id"),
    ("contact_tag", "contact_id"),
    ("interaction", "contact_id"),
    ("consent", "person_id"),
    ("role", "person_id"),
}
_IDENTITY_TABLES = {"contact", "person", "organisation"}
#: What makes a moved row the same as one the kept record already has (default: the other
#: foreign-key columns of the row); such a row of the removed record is dropped.
_SAME = {
    "participant": ("event_id",),
    "agreement_party": ("agreement_id", "role"),
    "role": ("person_id", "function", "start_date", "end_date"),
}


def choice_fields(kind: str) -> tuple[str, ...]:
    return (PERSON_FIELDS if kind == "person" else ORGANISATION_FIELDS) + COMMON_FIELDS


@dataclass
class MergeResult:
    keep_id: int
    removed_id: int
    display_name: str
    #: table name -> rows moved from the removed record to the kept one
    moved: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


Snapshot = dict[str, list[dict[str, Any]]]


def _references() -> list[tuple[Table, Column[Any]]]:
    """Every (table, column) with a foreign key to a contact, person or organisation id."""
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name in _IDENTITY_TABLES:
            continue
        for col in table.columns:
            if any(fk.column.table.name in _IDENTITY_TABLES for fk in col.foreign_keys):
                found.append((table, col))
    return found


def _is_set(value: object) -> bool:
    return value not in (None, "", False)


def merged_data(
    keep: ContactData, other: ContactData, choices: dict[str, str] | None = None
) -> ContactData:
    """The kept record's data after the merge: per field the chosen side ("keep" or "other"),
    by default the kept one where it is set; lists joined without repeats."""
    choices = choices or {}
    result = dataclasses.replace(keep)
    for name in choice_fields(keep.kind):
        side = choices.get(name)
        if side not in (None, "keep", "other"):
            raise ValidationError(
                {name: _("Ungültige Auswahl für das Feld „{field}“.").format(field=name)}
            )
        mine, theirs = getattr(keep, name), getattr(other, name)
        if side == "other" or (side is None and not _is_set(mine) and _is_set(theirs)):
            setattr(result, name, theirs)
    if "notes" not in choices and keep.notes and other.notes and keep.notes != other.notes:
        result.notes = f"{keep.notes}\n\n{other.notes}"

    def join(items: list[Any], more: list[Any], key: Any) -> list[Any]:
        seen = {key(x) for x in items}
        out = list(items)
        for item in more:
            if key(item) not in seen:
                seen.add(key(item))
                out.append(item)
        return out

    result.emails = join(keep.emails, other.emails, lambda e: e.address.casefold())
    result.phones = join(keep.phones, other.phones, lambda p: p.number)
    result.addresses = join(
        keep.addresses, other.addresses, lambda a: (a.street, a.postal_code, a.city, a.country)
    )
    result.tags = join(keep.tags, other.tags, str.casefold)
    result.roles = join(
        keep.roles,
        other.roles,
        lambda r: (r.organisation_id, r.function, r.start_date, r.end_date),
    )
    result.consents = join(
        keep.consents, other.consents, lambda c: (c.purpose, c.given_on, c.method, c.withdrawn_on)
    )
    result.interactions = join(
        keep.interactions, other.interactions, lambda i: (i.kind, i.occurred_at, i.summary)
    )
    return result


def merge_contacts(
    session: Session, keep_id: int, other_id: int, choices: dict[str, str] | None = None
) -> MergeResult:
    """Merge two records into one. Fields of `keep_id` win where both are set (unless `choices`
    says "other" for a field); the older record (smaller id) is the one that stays."""
    if keep_id == other_id:
        raise ValidationError(
            {"other": _("Ein Kontakt kann nicht mit sich selbst zusammengeführt werden.")}
        )
    keep = cs.get_contact(session, keep_id)
    other = cs.get_contact(session, other_id)
    if keep.kind != other.kind:
        raise ConflictError(
            _("Eine Person und eine Organisation können nicht zusammengeführt werden.")
        )
    # The older record (smaller id) survives, whichever side's fields win.
    survivor, removed = (keep, other) if keep_id < other_id else (other, keep)
    data = merged_data(keep, other, choices)
    data.id, data.uid = survivor.id, survivor.uid
    keep_id, other_id = survivor.id or 0, removed.id or 0
    moved: dict[str, int] = {}
    # The removed record's own lists now belong to the kept one (in `data`); its roles in
    # other people's organisations and every other reference are moved below.
    affected_people: set[int] = set()
    for table, col in _references():
        if (table.name, col.name) in _OWN_LISTS:
            continue
        if table.name == "role":
            affected_people.update(
                session.scalars(select(table.c.person_id).where(col == other_id))
            )
        count = _move(session, table, col, other_id, keep_id)
        if count:
            moved[table.name] = moved.get(table.name, 0) + count
    session.flush()
    session.expire_all()
    cs.erase_contact(session, other_id)
    saved = cs.update_contact(session, keep_id, data)
    for pid in sorted(affected_people - {keep_id, other_id}):
        cs.refresh_contact(session, pid)
    return MergeResult(keep_id, other_id, saved.display_name, moved)


def _move(session: Session, table: Table, col: Column[Any], old: int, new: int) -> int:
    """Point rows at `new` instead of `old`; a row the kept record already has is dropped."""
    rows = session.execute(select(table).where(col == old)).mappings().all()
    if not rows:
        return 0
    pk = list(table.primary_key.columns)
    others = [c for c in table.columns if c is not col and c not in pk]
    if table.name in _SAME:
        same_cols = [table.c[name] for name in _SAME[table.name]]
    elif col in pk:  # a link table: its other key column
        same_cols = [c for c in pk if c is not col]
    else:
        same_cols = [c for c in others if c.foreign_keys]
    count = 0
    for row in rows:
        if col.nullable:  # a reference (signatory, submitter, organiser): just repoint
            count += 1
            continue
        if same_cols:
            clash = select(table).where(col == new, *[c == row[c.name] for c in same_cols])
            if session.execute(clash).first() is not None:
                session.execute(delete(table).where(and_(*[c == row[c.name] for c in pk])))
                continue
        count += 1
    session.execute(update(table).where(col == old).values({col.name: new}))
    return count


# --------------------------------------------------------------------------- undo


def merge_undoable(
    session: Session, keep_id: int, other_id: int, choices: dict[str, str] | None = None
) -> tuple[Snapshot, MergeResult]:
    """`merge_contacts` plus the snapshot its undo needs (core/undo.py `merged_contacts`)."""
    snap = snapshot(session, [keep_id, other_id])
    return snap, merge_contacts(session, keep_id, other_id, choices)


def snapshot(session: Session, ids: list[int]) -> Snapshot:
    """Every row of these contacts and every row that points at one of them."""
    session.flush()
    snap: Snapshot = {}
    for name in ("contact", "person", "organisation"):
        table = Base.metadata.tables[name]
        snap[name] = [
            dict(r) for r in session.execute(select(table).where(table.c.id.in_(ids))).mappings()
        ]
    for table, col in _references():
        rows = session.execute(select(table).where(col.in_(ids))).mappings().all()
        bucket = snap.setdefault(f"{table.name}.{col.name}", [])
        bucket += [dict(r) for r in rows]
    return snap


def restore(session: Session, snap: Snapshot, ids: list[int]) -> None:
    """Put the rows of `snapshot(session, ids)` back: the records exactly as they were."""
    session.flush()
    refs = _references()
    # 1. rows that belong to a contact (not-null key): removed now, inserted again below
    for table, col in refs:
        if not col.nullable:
            session.execute(delete(table).where(col.in_(ids)))
    # 2. the records themselves
    contact = Base.metadata.tables["contact"]
    present = set(session.scalars(select(contact.c.id).where(contact.c.id.in_(ids))))
    for name in ("contact", "person", "organisation"):
        table = Base.metadata.tables[name]
        for row in snap[name]:
            if row["id"] in present:
                session.execute(update(table).where(table.c.id == row["id"]).values(row))
            else:
                session.execute(insert(table).values(row))
    # 3. their lists and links, and the references of other records, as they were
    for table, col in refs:
        rows = snap.get(f"{table.name}.{col.name}", [])
        if not col.nullable:
            for row in rows:
                pk = [c for c in table.primary_key.columns]
                exists = select(table).where(*[c == row[c.name] for c in pk])
                if session.execute(exists).first() is None:
                    session.execute(insert(table).values(row))
        else:
            pk = list(table.primary_key.columns)
            for row in rows:
                session.execute(
                    update(table)
                    .where(*[c == row[c.name] for c in pk])
                    .values({col.name: row[col.name]})
                )
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            _(
                "Der frühere Zustand lässt sich nicht wiederherstellen, weil sich die Daten "
                "inzwischen geändert haben."
            ),
            detail=str(exc),
        ) from exc
    session.expire_all()
    people = set(ids)
    role = Base.metadata.tables["role"]
    people.update(session.scalars(select(role.c.person_id).where(role.c.organisation_id.in_(ids))))
    for cid in sorted(people):
        if session.get(Contact, cid) is not None:
            cs.refresh_contact(session, cid)


__all__ = [
    "MergeResult",
    "choice_fields",
    "merge_contacts",
    "merge_undoable",
    "merged_data",
    "restore",
    "snapshot",
]
