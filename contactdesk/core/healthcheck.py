"""The daily check of the database file: `PRAGMA quick_check` once a day.

A damaged page is otherwise read (or imported into) without a word until something fails
much later (in the outside tests 378 of 436 single-page damages went unnoticed). The window
runs this in the background on the first start of each day; the command line checks before
a backup (core/backup.py checks every copy). Qt-free.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contactdesk.core import dberrors

log = logging.getLogger(__name__)

#: how many problems quick_check lists at most (the first ones say enough)
MAX_PROBLEMS = 10


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    #: SQLite's own words for the first problems (for the log and the details)
    problems: tuple[str, ...] = ()
    #: the check could not run (file unreadable, locked): German reason; not a damage
    skipped: str = ""


def quick_check(database: Path) -> CheckResult:
    """Run `PRAGMA quick_check` on a read-only connection of its own."""
    database = Path(database)
    try:
        con = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
        try:
            rows = [r[0] for r in con.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()]
        finally:
            con.close()
    except sqlite3.Error as exc:
        if dberrors.classify(exc, database) is dberrors.Failure.DAMAGED:
            return CheckResult(ok=False, problems=(str(exc),))
        log.info("quick_check of %s not possible: %r", database, exc)
        return CheckResult(ok=True, skipped=dberrors.database_message(exc, database))
    if rows == ["ok"]:
        return CheckResult(ok=True)
    log.error("quick_check of %s: %s", database, "; ".join(rows))
    return CheckResult(ok=False, problems=tuple(rows))


def _marker(database: Path) -> Path:
    return database.with_name(f".{database.name}.geprueft")


def due_today(database: Path, today: date | None = None) -> bool:
    """True when the database was not checked yet today."""
    day = (today or date.today()).isoformat()
    try:
        return _marker(Path(database)).read_text(encoding="utf-8").strip() != day
    except OSError:
        return True


def mark_checked(database: Path, today: date | None = None) -> None:
    day = (today or date.today()).isoformat()
    with contextlib.suppress(OSError):
        _marker(Path(database)).write_text(day, encoding="utf-8")
