"""The erasure list after a restore: a backup still holds people erased since it was taken;
restoring it applies their erasure again (called from core/backup.py `restore_backup`)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.models import Contact, Erasure, Person, utcnow
from contactdesk.core.services.privacy_erase import (
    anonymise_in_session,
    compact,
    erase_in_session,
)


def erasure_list(session: Session) -> list[tuple[int, str, str]]:
    """(contact id, uid, kind) of every recorded erasure ("person" or "anonymised")."""
    return [(r.contact_id, r.contact_uid, r.kind) for r in session.scalars(select(Erasure))]


Entry = tuple[int, str, datetime, str, str]


def reapply(db: Database, entries: list[Entry] | None = None) -> list[int]:
    """Erase (or anonymise) again every listed person that a restored database still holds;
    the list of the restored database is completed with `entries` (from the database it
    replaced)."""
    done: list[int] = []
    with db.session() as session:
        known = {uid for _cid, uid, _kind in erasure_list(session)}
        for cid, uid, at, by, kind in entries or []:
            if uid not in known:
                session.add(
                    Erasure(erased_at=at, erased_by=by, contact_id=cid, contact_uid=uid, kind=kind)
                )
        session.flush()
        targets = erasure_list(session)
    again = "erneut nach Wiederherstellung"  # stored: German
    for _cid, uid, kind in targets:
        with db.session() as session:
            row = session.scalar(select(Contact).where(Contact.uid == uid))
            if row is None or not isinstance(row, Person):
                continue
            if kind == "anonymised":
                if not (row.first_name or row.emails or row.phones or row.addresses or row.notes):
                    continue  # still anonymous in the restored copy
                anonymise_in_session(session, row.id, erased_by=again)
            else:
                erase_in_session(session, row.id, erased_by=again)
            done.append(row.id)
    if done:
        compact(db)
    return done


def read_entries(path: Path) -> list[Entry]:
    """The erasure list of a database file, read without migrating it (empty when the file
    has none: a database from before migration 0010)."""

    if not path.is_file():
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = con.execute(
            "SELECT contact_id, contact_uid, erased_at, erased_by, kind FROM erasure"
        ).fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()
    out = []
    for cid, uid, at, by, kind in rows:
        moment = datetime.fromisoformat(str(at)).replace(tzinfo=UTC) if at else utcnow()
        out.append((int(cid), str(uid), moment, str(by), str(kind)))
    return out


def after_restore(database: Path, replaced: Path | None) -> list[int]:
    """Called by core/backup.py after a restore: the erasures recorded in the database that was
    replaced (and in the restored one) are applied to the restored database again."""
    from contactdesk.core.db import open_database

    entries = read_entries(replaced) if replaced is not None else []
    db = open_database(database)
    try:
        return reapply(db, entries)
    finally:
        db.dispose()
