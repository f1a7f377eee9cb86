"""The lean read path of the command line: `contacts search|list`, `events list` and
`agreements due` on a SQLite file with plain sqlite3, read-only, without SQLAlchemy.

Why: an administrator's script runs these commands many times; importing SQLAlchemy and the
models alone takes longer than the 0.35 s such a command may take (issue 17). The services stay
the one definition of what the commands mean; this module asks the same questions in plain SQL
and a test (tests/cli/test_readpath_equivalence.py) runs every command with many options
through both paths and requires identical output.

It answers only a database in the usual state: an existing contactdesk SQLite file at the
current schema version (HEAD), readable without errors. Everything else - a server URL, a
missing or empty file (the normal open creates it), a foreign or damaged file, an upgrade that
is due, a file that is locked or unreadable - gets None from `open_readonly`, and the caller
takes the normal path, which opens, upgrades and words every error as it always did.
The environment variable CONTACTDESK_READPATH=normal switches the lean path off.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from contactdesk.core.db import APPLICATION_ID, SQLITE_HEADER, resolve_url, sqlite_file
from contactdesk.core.enums import OrgKind
from contactdesk.core.jsonable import jsonable
from contactdesk.core.migrations import HEAD

log = logging.getLogger(__name__)

ENV_SWITCH = "CONTACTDESK_READPATH"


class ReadPathFailed(Exception):
    """A query on the lean path failed before anything was handed out: take the normal path."""


@dataclass
class ReadOnlyDatabase:
    """A read-only sqlite3 connection to a contactdesk file at HEAD."""

    connection: sqlite3.Connection
    path: Path

    def close(self) -> None:
        self.connection.close()


def open_readonly(database: str | os.PathLike[str] | None) -> ReadOnlyDatabase | None:
    """The file opened read-only when the lean path may answer, else None (see module doc)."""
    if os.environ.get(ENV_SWITCH, "").strip().lower() == "normal":
        return None
    try:
        path = sqlite_file(resolve_url(database))
    except (OSError, ValueError):
        return None
    if path is None:
        return None
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
    except OSError:
        return None
    try:
        # timeout: the busy_timeout of the normal open (a writer's commit in progress)
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return None
    try:
        con.execute("PRAGMA query_only = ON")
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return None
        version = con.execute("SELECT version_num FROM alembic_version").fetchall()
        if version != [(HEAD,)]:
            return None  # an upgrade is due (or the file is odd): the normal open decides
    except sqlite3.Error as exc:
        log.debug("lean read path not taken for %s: %r", path, exc)
        con.close()
        return None
    except BaseException:
        con.close()
        raise
    return ReadOnlyDatabase(con, path)


def _stamp(value: datetime) -> str:
    """An aware datetime as the UTC text SQLAlchemy stores in a DateTime column on SQLite."""
    u = value.astimezone(UTC)
    return (
        f"{u.year:04d}-{u.month:02d}-{u.day:02d} "
        f"{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}"
    )


_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def _utc(text: str | None) -> datetime | None:
    """Stored DateTime text -> aware UTC datetime, as models.base.UTCDateTime returns it."""
    if text is None:
        return None
    return _EPOCH_UTC + (datetime.fromisoformat(text) - _EPOCH)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


# --------------------------------------------------------------------------- contacts


class ContactLine(NamedTuple):
    """A row of the contact list: the fields and to_dict() of services.contacts.ContactRow."""

    id: int
    kind: str
    display_name: str
    affiliation: str
    email: str
    phone: str
    city: str
    tags: str
    network_role: str
    org_kind: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


_CONTACT_COLUMNS = """c.id, c.kind, c.display_name, c.affiliation, c.primary_email,
       c.primary_phone, c.city, c.tags_text, o.network_role, o.org_kind"""

#: the keystroke search of services.contacts (FTS5 hits in rowid = name order)
_SEARCH_SQL = f"""
SELECT {_CONTACT_COLUMNS}
FROM contact_fts AS f
JOIN contact AS c ON c.sort_key = f.rowid
LEFT OUTER JOIN organisation AS o ON o.id = c.id
WHERE contact_fts MATCH ? AND c.deleted_at IS NULL
ORDER BY f.rowid
LIMIT ? OFFSET 0
"""


def contact_lines(
    db: ReadOnlyDatabase,
    *,
    match: str | None,
    kind: str | None,
    tag: str | None,
    limit: int | None,
) -> Iterator[ContactLine]:
    """Live contacts in name order, as services.contacts.iter_contacts lists them; `match` is
    the FTS5 expression of the query (core/searchtext.py), None for all contacts.

    Raises ReadPathFailed when the query fails before its first row (take the normal path);
    a failure later, after rows were handed out, raises the sqlite3 error."""
    size = -1 if limit is None else limit
    if match is not None and not (kind or tag):
        sql, params = _SEARCH_SQL, [match, size]
    else:
        where = ["c.deleted_at IS NULL"]
        params = []
        if kind:
            where.append("c.kind = ?")
            params.append(kind)
        if tag:
            where.append(
                "c.id IN (SELECT ct.contact_id FROM contact_tag AS ct "
                "JOIN tag AS t ON t.id = ct.tag_id WHERE t.name = ?)"
            )
            params.append(tag)
        if match is not None:
            where.append("c.sort_key IN (SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?)")
            params.append(match)
        params.append(size)
        sql = (
            f"SELECT {_CONTACT_COLUMNS}\nFROM contact AS c\n"
            "LEFT OUTER JOIN organisation AS o ON o.id = c.id\n"
            f"WHERE {' AND '.join(where)}\nORDER BY c.sort_name, c.id\nLIMIT ? OFFSET 0"
        )
    try:
        cursor = db.connection.execute(sql, params)
        batch = cursor.fetchmany(500)
    except sqlite3.Error as exc:
        raise ReadPathFailed(repr(exc)) from exc
    return _contact_rows(cursor, batch)


def _contact_rows(cursor: sqlite3.Cursor, batch: list[Any]) -> Iterator[ContactLine]:
    while batch:
        for r in batch:
            yield ContactLine(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "", r[9] or ""
            )
        batch = cursor.fetchmany(500)


# --------------------------------------------------------------------------- events


class AgendaItem(NamedTuple):
    """One occurrence in the agenda: the fields and to_dict() of services.schedule.Occurrence."""

    event_id: int
    series_id: int | None
    recurrence_id: datetime | None
    title: str
    kind: str
    start: datetime
    end: datetime
    all_day: bool | None
    location: str
    room: str
    status: str
    committee: str
    is_public: bool | None
    participants: int
    is_series: bool

    def to_dict(self) -> dict[str, Any]:
        return jsonable(self._asdict())


_OCCURRENCE_SQL = """
SELECT e.id, e.series_id, e.recurrence_id_utc, e.title, e.kind, e.start_utc, e.end_utc, e.tz,
       e.all_day, e.location, e.room, e.status,
       (SELECT c.display_name FROM contact AS c JOIN organisation AS o ON o.id = c.id
        WHERE c.id = e.committee_id AND o.org_kind = ? AND c.deleted_at IS NULL),
       e.is_public,
       (SELECT count(p.id) FROM participant AS p WHERE p.event_id = e.id AND p.waiting_list IS 0),
       e.rrule
FROM event AS e
WHERE e.deleted_at IS NULL {kind} AND {which}
"""


def occurrences(
    db: ReadOnlyDatabase, start: datetime, end: datetime, kind: str | None
) -> list[AgendaItem]:
    """Every event and series occurrence overlapping [start, end), by start: what
    services.schedule.occurrences gives with EventFilter(kind=kind)."""
    from contactdesk.core import timezones as tzs
    from contactdesk.core.errors import ValidationError

    limit = tzs.MAX_OCCURRENCES
    kind_sql = "AND e.kind = ?" if kind else ""
    head: list[Any] = [OrgKind.GREMIUM.value] + ([kind] if kind else [])
    con = db.connection
    try:
        singles = con.execute(
            _OCCURRENCE_SQL.format(
                kind=kind_sql, which="e.rrule IS NULL AND e.start_utc < ? AND e.end_utc > ?"
            ),
            [*head, _stamp(end), _stamp(start)],
        ).fetchall()
        masters = con.execute(
            _OCCURRENCE_SQL.format(kind=kind_sql, which="e.rrule IS NOT NULL AND e.start_utc < ?"),
            [*head, _stamp(end)],
        ).fetchall()
    except sqlite3.Error as exc:
        raise ReadPathFailed(repr(exc)) from exc
    zones: dict[str, ZoneInfo] = {}
    result: list[AgendaItem] = []
    for r in singles:
        zi = zones.get(r[7]) or zones.setdefault(r[7], tzs.zone(r[7]))
        s_utc, e_utc = _utc(r[5]), _utc(r[6])
        assert s_utc is not None and e_utc is not None  # NOT NULL columns
        result.append(
            AgendaItem(
                r[0],
                r[1],
                _utc(r[2]),
                r[3],
                r[4],
                s_utc.astimezone(zi),
                e_utc.astimezone(zi),
                _bool(r[8]),
                r[9],
                r[10],
                r[11],
                r[12] or "",
                _bool(r[13]),
                r[14],
                r[1] is not None,
            )
        )
    expanded: list[tuple[Any, timedelta, list[tuple[datetime, datetime]]]] = []
    first, last = start.astimezone(UTC), end.astimezone(UTC)
    for r in masters:
        zi = zones.get(r[7]) or zones.setdefault(r[7], tzs.zone(r[7]))
        s_utc, e_utc = _utc(r[5]), _utc(r[6])
        assert s_utc is not None and e_utc is not None
        begin_local = s_utc.astimezone(zi)
        try:
            starts = list(
                tzs.expand_with_utc(begin_local, r[15], first, last, e_utc - s_utc, limit=limit)
            )
        except ValidationError:
            # a rule contactdesk does not expand: shown once, at its start (as the service does)
            starts = [(begin_local, s_utc)] if s_utc < last and e_utc > first else []
        if starts:
            expanded.append((r, e_utc.astimezone(zi) - begin_local, starts))
    skipped = _skipped_starts(con, [r[0] for r, _, _ in expanded])
    for r, length, starts in expanded:
        gone = skipped.get(r[0], set())
        for occ, occ_utc in starts:
            if occ_utc in gone:
                continue
            result.append(
                AgendaItem(
                    r[0],
                    r[0],
                    occ_utc,
                    r[3],
                    r[4],
                    occ,
                    occ + length,
                    _bool(r[8]),
                    r[9],
                    r[10],
                    r[11],
                    r[12] or "",
                    _bool(r[13]),
                    r[14],
                    True,
                )
            )
    result.sort(key=lambda o: (o.start, o.title))
    return result[:limit]


def _skipped_starts(
    con: sqlite3.Connection, series_ids: list[int]
) -> dict[int, set[datetime | None]]:
    """Per series: occurrences cancelled (EXDATE) or replaced by an event of their own."""
    skipped: dict[int, set[datetime | None]] = {}
    try:
        for at in range(0, len(series_ids), 500):
            chunk = series_ids[at : at + 500]
            marks = ",".join("?" * len(chunk))
            for series_id, when in con.execute(
                f"SELECT event_id, original_start_utc FROM event_exdate WHERE event_id IN ({marks})",
                chunk,
            ):
                skipped.setdefault(series_id, set()).add(_utc(when))
            for series_id, when in con.execute(
                f"SELECT series_id, recurrence_id_utc FROM event "
                f"WHERE series_id IN ({marks}) AND deleted_at IS NULL",
                chunk,
            ):
                skipped.setdefault(series_id, set()).add(_utc(when))
    except sqlite3.Error as exc:
        raise ReadPathFailed(repr(exc)) from exc
    return skipped


# --------------------------------------------------------------------------- agreements


def due_items(db: ReadOnlyDatabase, *, days: int, today: date | None = None) -> list[Any]:
    """What services.agreements.due_items gives: the same core/due.py over the same rows."""
    from contactdesk.core import due

    today = today or date.today()
    horizon = date.fromordinal(today.toordinal() + days)
    marks = ",".join("?" * len(due.RUNNING))
    try:
        rows = db.connection.execute(
            "SELECT id, uid, title, status, valid_from, valid_until, renewal_months, "
            "notice_months, notice_to FROM agreement "
            f"WHERE deleted_at IS NULL AND status IN ({marks})",
            due.RUNNING,
        ).fetchall()
    except sqlite3.Error as exc:
        raise ReadPathFailed(repr(exc)) from exc
    items: list[due.DueItem] = []
    for r in rows:
        terms = due.AgreementTerms(r[0], r[1], r[2], r[3], _day(r[4]), _day(r[5]), r[6], r[7], r[8])
        items += due.items_of(terms, today, horizon)
    return due.sort_items(items)


def database_error(exc: BaseException, path: Path) -> Exception:
    """A sqlite3 error met after rows were handed out, worded as the normal open words it."""
    from contactdesk.core.dberrors import Failure, classify, database_message
    from contactdesk.core.errors import DamagedDatabaseError, DatabaseError

    message = database_message(exc, path)
    if classify(exc, path) is Failure.DAMAGED:
        return DamagedDatabaseError(message, detail=repr(exc))
    return DatabaseError(message, detail=repr(exc))
