"""The audit trail: every saved change of a contact, agreement, event or paper, with who and when.

Recorded from the session's flush (an `after_flush` hook installed by core/db.py on every session
of a Database), so no service has to remember it and no path around the services is missed except
Core bulk inserts, which call `record_bulk`. The user is the database login in team mode and the
OS user name on a single desk (`user_name_for`). Read by `main.py audit`, the conflict message
(core/team/versions.py) and the window's change poll (`latest_id`).
"""

from __future__ import annotations

import getpass
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from contactdesk.core.models import Agreement, AuditEntry, Contact, Event, Paper
from contactdesk.core.models.base import utcnow

log = logging.getLogger(__name__)

CREATED = "angelegt"
CHANGED = "geändert"
DELETED = "gelöscht"
RESTORED = "wiederhergestellt"
#: a contact created by an import; its label names the file ("Import aus „x.vcf“")
IMPORTED = "importiert"

#: the audited records and their type names in the table
RECORD_TYPES: dict[type, str] = {
    Contact: "contact",
    Agreement: "agreement",
    Event: "event",
    Paper: "paper",
}
#: the relationship through which a child row (e-mail, party, participant …) names its record
_PARENT_ATTRS = ("contact", "person", "agreement", "event", "paper")
#: columns kept by the program itself: a change of only these is no change of the user's
_DERIVED = frozenset(
    {
        "created_at",
        "updated_at",
        "row_version",
        "sort_key",
        "sort_name",
        "display_name",
        "primary_email",
        "primary_phone",
        "city",
        "affiliation",
        "tags_text",
        "kind",
        "uid",
    }
)


def user_name_for(url_username: str | None, dialect: str) -> str:
    """Who is working: the database login on a server, the OS user name on a single desk."""
    if dialect != "sqlite" and url_username:
        return url_username
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account without one)
        return "unbekannt"


def record_type_of(obj: object) -> str | None:
    for cls, name in RECORD_TYPES.items():
        if isinstance(obj, cls):
            return name
    return None


def record_label(obj: Any) -> str:
    """The name a user knows the record by."""
    if isinstance(obj, Contact):
        return obj.display_name or ""
    if isinstance(obj, Paper):
        return f"{obj.reference} {obj.subject}".strip()
    return str(getattr(obj, "title", "") or "")


def _signature(obj: Any) -> str:
    """A child row's content without its keys: an e-mail deleted and inserted again with the
    same address (editors write whole lists) is no change."""
    if not hasattr(obj, "__mapper__"):
        return repr(obj)
    state = inspect(obj)
    loaded = state.dict  # only what is in memory: a deleted row cannot be loaded any more
    values = []
    for column in state.mapper.columns:
        if column.primary_key or column.foreign_keys:
            continue
        prop = state.mapper.get_property_by_column(column)
        values.append((prop.key, repr(loaded.get(prop.key, "<nicht geladen>"))))
    return repr(sorted(values))


def _same_content(added: Any, deleted: Any) -> bool:
    return Counter(map(_signature, added)) == Counter(map(_signature, deleted))


def _changed_fields(obj: Any) -> list[str]:
    state = inspect(obj)
    changed = []
    for attr in state.mapper.attrs:
        if attr.key in _DERIVED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if attr.key in state.mapper.relationships and _same_content(
            history.added or (), history.deleted or ()
        ):
            continue
        changed.append(attr.key)
    return changed


def _parent_of(obj: Any) -> Any | None:
    if record_type_of(obj) is not None:
        return None
    state = inspect(obj)
    for name in _PARENT_ATTRS:
        if name in state.mapper.relationships:
            parent = getattr(obj, name, None)
            if parent is not None and record_type_of(parent) is not None:
                return parent
    return None


def _former_parent(obj: Any) -> Any | None:
    """The record a child row was just taken away from (its parent reference now empty)."""
    if record_type_of(obj) is not None:
        return None
    state = inspect(obj)
    for name in _PARENT_ATTRS:
        if name in state.mapper.relationships and getattr(obj, name, None) is None:
            for old in state.attrs[name].history.deleted or ():
                if old is not None and record_type_of(old) is not None:
                    return old
    return None


def _child_field(obj: Any) -> str:
    return str(inspect(obj).mapper.local_table.name)


def _collect(session: Session) -> list[dict[str, Any]]:
    """The audit rows of what this flush wrote (called while history is still pre-flush)."""
    entries: dict[int, dict[str, Any]] = {}

    def entry(obj: Any, action: str) -> dict[str, Any]:
        key = id(obj)
        if key not in entries:
            entries[key] = {
                "obj": obj,
                "action": action,
                "fields": [],
            }
        return entries[key]

    for obj in session.new:
        if record_type_of(obj) is not None:
            entry(obj, CREATED)
    for obj in session.deleted:
        if record_type_of(obj) is not None:
            entry(obj, DELETED)
    for obj in session.dirty:
        if record_type_of(obj) is None or not session.is_modified(obj):
            continue
        fields = _changed_fields(obj)
        action = CHANGED
        if "deleted_at" in fields:
            action = DELETED if obj.deleted_at is not None else RESTORED
        e = entry(obj, action)
        e["fields"] += [f for f in fields if f not in e["fields"]]
    # child rows (e-mails, parties, participants …): a change of their parent's field when
    # their content differs, not when a list was written again with the same rows
    children: dict[tuple[int, str], dict[str, Any]] = {}
    for name, group in (("new", session.new), ("deleted", session.deleted)):
        for obj in group:
            parent = _parent_of(obj)
            if parent is None or parent in session.deleted:
                continue
            slot = children.setdefault(
                (id(parent), _child_field(obj)), {"parent": parent, "new": [], "deleted": []}
            )
            slot[name].append(obj)
    for obj in session.dirty:
        orphaned_from = _former_parent(obj)
        if orphaned_from is not None:  # removed from its list: deleted by the orphan cascade
            slot = children.setdefault(
                (id(orphaned_from), _child_field(obj)),
                {"parent": orphaned_from, "new": [], "deleted": []},
            )
            slot["deleted"].append(obj)
            continue
        parent = _parent_of(obj)
        if parent is None or parent in session.deleted or not session.is_modified(obj):
            continue
        if [f for f in _changed_fields(obj) if f not in _PARENT_ATTRS]:
            slot = children.setdefault(
                (id(parent), _child_field(obj)), {"parent": parent, "new": [], "deleted": []}
            )
            slot["dirty"] = True
    for (_pid, field), slot in children.items():
        if not slot.get("dirty") and _same_content(slot["new"], slot["deleted"]):
            continue
        e = entries.get(id(slot["parent"])) or entry(slot["parent"], CHANGED)
        if e["action"] != CREATED and field not in e["fields"]:
            e["fields"].append(field)
    return [e for e in entries.values() if e["action"] != CHANGED or e["fields"]]


def install(sessions: sessionmaker[Session], user_name: str) -> None:
    """Record every flush of sessions from this factory in the audit table."""

    @event.listens_for(sessions, "after_flush")
    def _after_flush(session: Session, _ctx: object) -> None:
        try:
            collected = _collect(session)
        except Exception:  # never lose a save over its audit detail: record it without fields
            log.exception("audit: could not work out the changed fields")
            collected = [
                {"obj": obj, "action": action, "fields": []}
                for action, group in (
                    (CREATED, session.new),
                    (CHANGED, session.dirty),
                    (DELETED, session.deleted),
                )
                for obj in group
                if record_type_of(obj) is not None
            ]
        if not collected:
            return
        now = utcnow()
        rows = [
            {
                "at": now,
                "user_name": session.info.get("audit_user", user_name),
                "action": e["action"],
                "record_type": record_type_of(e["obj"]),
                "record_id": e["obj"].id,
                "record_label": record_label(e["obj"])[:500],
                "fields": ",".join(e["fields"]),
                "row_version": getattr(e["obj"], "row_version", None),
            }
            for e in collected
            if e["obj"].id is not None
        ]
        if rows:
            session.connection().execute(insert(AuditEntry), rows)

    sessions.kw.setdefault("info", {})
    sessions.kw["info"] = {**sessions.kw["info"], "audit_user": user_name}


def record_bulk(
    session: Session, record_type: str, items: Iterable[tuple[int, str]], action: str = CREATED
) -> None:
    """Audit rows for records written by Core bulk inserts (imports), which skip the ORM flush."""
    user = session.info.get("audit_user") or user_name_for(None, "sqlite")
    now = utcnow()
    rows = [
        {
            "at": now,
            "user_name": user,
            "action": action,
            "record_type": record_type,
            "record_id": rid,
            "record_label": label[:500],
            "fields": "",
            "row_version": 1,
        }
        for rid, label in items
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(AuditEntry), rows[start : start + 5000])


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user_name: str
    action: str
    record_type: str
    record_id: int
    record_label: str
    fields: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "user": self.user_name,
            "action": self.action,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "record": self.record_label,
            "fields": self.fields,
        }


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        id=entry.id,
        at=entry.at,
        user_name=entry.user_name,
        action=entry.action,
        record_type=entry.record_type,
        record_id=entry.record_id,
        record_label=entry.record_label,
        fields=[f for f in entry.fields.split(",") if f],
    )


def list_entries(
    session: Session, *, since: datetime | None = None, limit: int | None = None
) -> list[AuditRow]:
    """Audit rows, oldest first, from `since` on."""
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= since)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_row(e) for e in session.scalars(stmt)]


def last_change(session: Session, record_type: str, record_id: int) -> AuditRow | None:
    """The newest audit row of one record."""
    entry = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.record_type == record_type, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    return None if entry is None else _row(entry)


def latest_id(session: Session) -> int:
    """The newest audit id: a change counter that the window polls to notice others' saves."""
    return int(session.scalar(select(func.max(AuditEntry.id))) or 0)


def changes_after(session: Session, after_id: int, *, exclude_user: str | None = None) -> list[str]:
    """The record types changed after audit id `after_id` (by others when `exclude_user`)."""
    stmt = select(AuditEntry.record_type).where(AuditEntry.id > after_id).distinct()
    if exclude_user is not None:
        stmt = stmt.where(AuditEntry.user_name != exclude_user)
    return sorted(session.scalars(stmt))


__all__: Sequence[str] = [
    "CHANGED",
    "CREATED",
    "DELETED",
    "RESTORED",
    "AuditRow",
    "changes_after",
    "install",
    "last_change",
    "latest_id",
    "list_entries",
    "record_bulk",
    "record_label",
    "user_name_for",
]
