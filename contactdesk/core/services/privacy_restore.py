"""The erasure list after a restore: a backup still holds people erased since it was taken;
restoring it applies their erasure again (called from core/backup.py `restore_backup`)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.i18n import _
from contactdesk.core.models import Contact, Erasure, Person, utcnow
from contactdesk.core.services.privacy_erase import compact, erase_in_session


def erasure_list(session: Session) -> list[tuple[int, str]]:
    """(contact id, uid) of every recorded erasure."""
    return [(r.contact_id, r.contact_uid) for r in session.scalars(select(Erasure))]


def reapply(db: Database, entries: list[tuple[int, str, datetime, str]] | None = None) -> list[int]:
    """Erase again every listed person that a restored database still holds; the list of the
    restored database is completed with `entries` (from the database it replaced)."""
    erased: list[int] = []
    with db.session() as session:
        known = {uid for _cid, uid in erasure_list(session)}
        for cid, uid, at, by in entries or []:
            if uid not in known:
                session.add(
                    Erasure(
                        erased_at=at, erased_by=by, contact_id=cid, contact_uid=uid, kind="person"
                    )
                )
        session.flush()
        targets = erasure_list(session)
    for _cid, uid in targets:
        with db.session() as session:
            row = session.scalar(select(Contact).where(Contact.uid == uid))
            if row is None or not isinstance(row, Person):
                continue
            erase_in_session(session, row.id, erased_by=_("erneut nach Wiederherstellung"))
            erased.append(row.id)
    if erased:
        compact(db)
    return erased


def read_entries(path: Path) -> list[tuple[int, str, datetime, str]]:
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
            "SELECT contact_id, contact_uid, erased_at, erased_by FROM erasure"
        ).fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()
    out = []
    for cid, uid, at, by in rows:
        moment = datetime.fromisoformat(str(at)).replace(tzinfo=UTC) if at else utcnow()
        out.append((int(cid), str(uid), moment, str(by)))
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
