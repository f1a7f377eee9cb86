"""What a SQLite failure really means, in German words for the user.

SQLite reports very different situations with similar English texts: a damaged file
("database disk image is malformed", "file is not a database"), a full disk ("database or
disk is full"), a read-only file or folder ("attempt to write a readonly database", "unable to
open database file" when the -wal/-shm files cannot be created), another program holding a
lock ("database is locked"). Only the first one is repaired by restoring a backup; telling a
user whose folder is read-only that the database is damaged sends them the wrong way.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import Enum
from pathlib import Path


def storage_error_types() -> tuple[type[BaseException], ...]:
    """The exceptions through which SQLite (directly or via SQLAlchemy) reports a failing file,
    for callers that must catch them without importing the database libraries themselves."""
    import sqlite3

    from sqlalchemy.exc import DatabaseError

    return (DatabaseError, sqlite3.Error)


class Failure(Enum):
    DAMAGED = "damaged"
    FULL = "full"
    READ_ONLY = "read_only"
    LOCKED = "locked"
    UNREADABLE = "unreadable"
    OTHER = "other"


_DAMAGED = ("malformed", "not a database", "corrupt", "file is encrypted")
_FULL = ("disk is full", "database or disk is full", "no space", "file too large")
_READ_ONLY = ("readonly", "read-only", "read only")
_LOCKED = ("database is locked", "database table is locked", "busy")
_UNREADABLE = ("unable to open", "disk i/o error", "permission denied", "access denied")


def classify(exc: BaseException, path: Path | None = None) -> Failure:
    """Sort a SQLite (or SQLAlchemy-wrapped) error or an OSError into what it means."""
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return Failure.FULL
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return Failure.READ_ONLY
        return Failure.OTHER
    text = str(getattr(exc, "orig", None) or exc).lower()
    if any(word in text for word in _DAMAGED):
        return Failure.DAMAGED
    if any(word in text for word in _FULL):
        return Failure.FULL
    if any(word in text for word in _READ_ONLY):
        return Failure.READ_ONLY
    if any(word in text for word in _LOCKED):
        return Failure.LOCKED
    if any(word in text for word in _UNREADABLE):
        if path is not None and not writable_place(path):
            return Failure.READ_ONLY
        return Failure.UNREADABLE
    return Failure.OTHER


def writable_place(path: Path) -> bool:
    """Whether the file (if it exists) and its folder can be written by this process (SQLite
    creates -wal, -shm and -journal files next to the database)."""
    path = Path(path)
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not (path.exists() and not os.access(path, os.W_OK))


def database_message(exc: BaseException, path: Path | None) -> str:
    """A German sentence for a failure of the database itself (opening, reading, writing)."""
    where = str(path) if path is not None else "die Datenbank"
    kind = classify(exc, path)
    if kind is Failure.DAMAGED:
        return (
            f"Die Datenbank {where} ist beschädigt. Sie wurde nicht verändert. Stellen Sie bitte "
            "eine Datensicherung wieder her (Datei › Wiederherstellen oder „contactdesk restore "
            "DATEI“)."
        )
    if kind is Failure.FULL:
        return (
            f"Der Datenträger der Datenbank {where} ist voll. Die Daten sind unverändert; bitte "
            "schaffen Sie Platz und versuchen Sie es erneut."
        )
    if kind is Failure.READ_ONLY:
        return (
            f"Die Datenbank {where} oder ihr Ordner ist schreibgeschützt (contactdesk legt dort "
            "Hilfsdateien an). Die Datenbank ist nicht beschädigt; bitte geben Sie Schreibrechte "
            "oder wählen Sie einen anderen Ort."
        )
    if kind is Failure.LOCKED:
        return (
            f"Die Datenbank {where} ist gerade von einem anderen Programm gesperrt. Bitte warten "
            "Sie einen Moment und versuchen Sie es erneut."
        )
    if kind is Failure.UNREADABLE:
        return (
            f"Die Datenbank {where} kann nicht gelesen werden. Bitte prüfen Sie, ob die Datei "
            "erreichbar ist und Sie sie lesen dürfen."
        )
    return f"Die Datenbank {where} kann nicht geöffnet werden. Bitte prüfen Sie Pfad und Rechte."


def target_message(exc: BaseException, target: Path) -> str:
    """A German sentence for a failure to write a copy (backup) to `target`."""
    kind = classify(exc, target)
    if kind is Failure.FULL:
        return (
            f"Die Sicherung {target} konnte nicht geschrieben werden: Der Datenträger ist voll. "
            "Die Datenbank ist in Ordnung; bitte wählen Sie einen Ort mit genug Platz."
        )
    if kind in (Failure.READ_ONLY, Failure.UNREADABLE) or not writable_place(target):
        return (
            f"Die Sicherung {target} konnte nicht geschrieben werden: Der Ordner ist "
            "schreibgeschützt oder nicht erreichbar. Die Datenbank ist in Ordnung; bitte wählen "
            "Sie einen anderen Ort."
        )
    return (
        f"Die Sicherung {target} konnte nicht geschrieben werden. Die Datenbank ist in Ordnung; "
        "bitte wählen Sie einen anderen Ort."
    )
