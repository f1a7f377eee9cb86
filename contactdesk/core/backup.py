"""Backups of the SQLite database: create, validate, restore, daily automatic copies, lock.

Documents of agreements live inside the database, so one file holds everything. Every copy goes
through SQLite's online backup API (consistent while the app writes). A restore validates the
backup first (a contactdesk database, not newer than this version, `PRAGMA integrity_check` ok)
and keeps the database it replaces next to it. Qt-free: the GUI and the command line share it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

from contactdesk.core import db as dbmod
from contactdesk.core.errors import ContactdeskError, DatabaseError, os_reason
from contactdesk.core.migrations import HEAD

log = logging.getLogger(__name__)

#: folder of the automatic backups when none is configured: next to the database file
DEFAULT_FOLDER_NAME = "Datensicherungen"
AUTO_PREFIX = "contactdesk-auto-"
SUFFIX = ".sqlite"

Progress = Callable[[int, int], bool]


class BackupError(ContactdeskError):
    """A backup could not be written, validated or restored (German message)."""


class DatabaseInUseError(BackupError):
    """Another contactdesk process has the database open."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str
    contacts: int
    size: int


# --------------------------------------------------------------------------- folders


def default_backup_folder(database: Path) -> Path:
    return Path(database).parent / DEFAULT_FOLDER_NAME


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def list_backups(database: Path, folder: Path | None = None) -> list[Path]:
    """Known backups of `database`, newest first: automatic and manual ones in the backup
    folder and the copies made before updates and restores next to the database."""
    database = Path(database)
    folder = folder or default_backup_folder(database)
    found: set[Path] = set()
    if folder.is_dir():
        found.update(p for p in folder.glob(f"*{SUFFIX}") if p.is_file())
    if database.parent.is_dir():
        for pattern in (
            f"{database.stem}.vor-update-*",
            f"{database.stem}.vor-wiederherstellung-*",
        ):
            found.update(p for p in database.parent.glob(pattern) if p.is_file())
    found.discard(database)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def newest_valid_backup(database: Path, folder: Path | None = None) -> Path | None:
    """The newest backup that passes validation, or None."""
    for candidate in list_backups(database, folder):
        try:
            validate_backup(candidate)
        except BackupError:
            continue
        return candidate
    return None


# --------------------------------------------------------------------------- lock


class DatabaseLock:
    """An OS file lock `<database>.lock` held while a contactdesk window uses the database.

    The operating system releases it when the process ends, even after a crash or kill, so a
    stale lock file never blocks. A restore from the command line refuses while it is held.
    """

    def __init__(self, database: Path) -> None:
        self.path = Path(database).with_name(Path(database).name + ".lock")
        self._fh: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Try to take the lock without waiting; False when another process holds it."""
        if self._fh is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")  # noqa: SIM115 (kept open while locked)
        try:
            _lock_file(fh)
        except OSError:
            fh.close()
            return False
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
            fh.write(str(os.getpid()).encode())
            fh.flush()
        self._fh = fh
        return True

    def release(self) -> None:
        if self._fh is None:
            return
        with contextlib.suppress(OSError):
            _unlock_file(self._fh)
        self._fh.close()
        self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock_file(fh: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_file(fh: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def is_in_use(database: Path) -> bool:
    """True when another process holds the database's lock (a running contactdesk window)."""
    lock = DatabaseLock(database)
    if lock.acquire():
        lock.release()
        return False
    return True


# --------------------------------------------------------------------------- create


def create_backup(database: Path, target: Path, progress: Progress | None = None) -> Path:
    """Write a consistent copy of `database` to `target` (atomic; cancellable via progress)."""
    database, target = Path(database), Path(target)
    if not database.is_file():
        raise BackupError(f"Die Datenbank {database} existiert nicht.")
    if target.resolve() == database.resolve():
        raise BackupError("Die Sicherung darf nicht die Datenbank selbst überschreiben.")
    try:
        dbmod.backup_sqlite_file(database, target, progress)
    except dbmod.BackupCancelled:
        raise
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"Die Datenbank {database} kann nicht gesichert werden: Sie ist beschädigt "
            "oder nicht lesbar.",
            detail=repr(exc),
        ) from exc
    except OSError as exc:
        raise BackupError(
            f"Die Sicherung {target} konnte nicht geschrieben werden ({os_reason(exc)}). "
            "Bitte wählen Sie einen anderen Ort (genug freier Speicher?).",
            detail=repr(exc),
        ) from exc
    log.info("backup of %s written to %s", database, target)
    return target


def auto_backup(
    database: Path,
    folder: Path | None = None,
    *,
    keep: int = 7,
    today: date | None = None,
) -> Path | None:
    """The daily automatic backup: one per day (the first start of the day), keeping the newest
    `keep` automatic ones. Returns the new file, or None when today's exists or there is
    nothing to back up."""
    database = Path(database)
    if not database.is_file() or database.stat().st_size == 0:
        return None
    folder = Path(folder) if folder else default_backup_folder(database)
    day = (today or date.today()).isoformat()
    target = folder / f"{AUTO_PREFIX}{day}{SUFFIX}"
    created: Path | None = None
    if not target.exists():
        created = create_backup(database, target)
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*{SUFFIX}"), reverse=True)  # ISO dates sort
    for old in autos[max(keep, 1) :]:
        with contextlib.suppress(OSError):
            old.unlink()
            log.info("removed old automatic backup %s", old)
    return created


# --------------------------------------------------------------------------- validate


def validate_backup(path: Path) -> BackupInfo:
    """Check that `path` is a complete contactdesk database this version can open."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Die Sicherung {path} existiert nicht.")
    try:
        dbmod._check_sqlite_file(path)
    except DatabaseError as exc:
        raise BackupError(
            f"{path.name} ist keine gültige contactdesk-Datensicherung: {exc.message}",
            detail=exc.detail,
        ) from exc
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        check = [row[0] for row in con.execute("PRAGMA integrity_check").fetchall()]
        try:
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            contacts = con.execute("SELECT count(*) FROM contact").fetchone()[0]
        except (sqlite3.DatabaseError, TypeError):
            revision, contacts = "", -1
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"Die Sicherung {path.name} ist beschädigt und kann nicht verwendet werden.",
            detail=repr(exc),
        ) from exc
    finally:
        con.close()
    if app_id != dbmod.APPLICATION_ID or not revision:
        raise BackupError(f"{path.name} ist keine contactdesk-Datensicherung.")
    if check != ["ok"]:
        raise BackupError(
            f"Die Sicherung {path.name} ist beschädigt (Integritätsprüfung: "
            f"{'; '.join(check[:3])}).",
        )
    try:
        if revision != HEAD:  # Alembic only for older (or unknown) revisions
            from alembic.script import ScriptDirectory

            ScriptDirectory.from_config(dbmod._alembic_config()).get_revision(revision)
    except Exception:
        raise BackupError(
            f"Die Sicherung {path.name} stammt von einer neueren contactdesk-Version. "
            "Bitte installieren Sie zuerst die aktuelle Version."
        ) from None
    return BackupInfo(path=path, revision=revision, contacts=contacts, size=path.stat().st_size)


# --------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    database: Path
    #: where the replaced database was kept (None when there was none)
    kept: Path | None


def _keep_current(database: Path, stamp: str) -> Path | None:
    """Keep the database that is about to be replaced, next to it; never delete it."""
    if not database.exists():
        return None
    kept = database.with_name(f"{database.stem}.vor-wiederherstellung-{stamp}{database.suffix}")
    try:
        dbmod.backup_sqlite_file(database, kept)
        for sidecar in _sidecars(database):
            with contextlib.suppress(FileNotFoundError):
                sidecar.unlink()
        database.unlink()
    except (sqlite3.DatabaseError, OSError):
        # damaged or unreadable: move the files as they are (the journal with its file)
        log.warning("cannot copy %s; moving it aside unchanged", database)
        with contextlib.suppress(FileNotFoundError):
            kept.with_name(kept.name + ".tmp").unlink()
        os.replace(database, kept)
        for sidecar, suffix in zip(_sidecars(database), ("-wal", "-shm", "-journal"), strict=True):
            if sidecar.exists():
                os.replace(sidecar, kept.with_name(kept.name + suffix))
    return kept


def restore_backup(
    backup: Path,
    database: Path,
    progress: Progress | None = None,
    *,
    check_lock: bool = True,
) -> RestoreResult:
    """Replace `database` by a validated copy of `backup`; the old one is kept next to it.

    Callers close their own connections first (the GUI disposes its engine and passes
    check_lock=False because it holds the lock itself).
    """
    backup, database = Path(backup), Path(database)
    validate_backup(backup)
    if backup.resolve() == database.resolve():
        raise BackupError("Die Sicherung ist die Datenbank selbst.")
    if check_lock and is_in_use(database):
        raise DatabaseInUseError(
            "contactdesk hat diese Datenbank gerade geöffnet. Bitte schließen Sie das Programm "
            "und versuchen Sie es dann erneut; es wurde nichts verändert."
        )
    database.parent.mkdir(parents=True, exist_ok=True)
    incoming = database.with_name(f".{database.name}.wiederherstellung.tmp")
    try:
        dbmod.backup_sqlite_file(backup, incoming, progress)
    except dbmod.BackupCancelled:
        raise
    except (sqlite3.DatabaseError, OSError) as exc:
        with contextlib.suppress(OSError):
            incoming.unlink()
        raise BackupError(
            "Die Sicherung konnte nicht kopiert werden; die Datenbank wurde nicht verändert.",
            detail=repr(exc),
        ) from exc
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        kept = _keep_current(database, stamp)
        os.replace(incoming, database)
    except OSError as exc:
        raise BackupError(
            f"Die Datenbank konnte nicht ersetzt werden ({os_reason(exc)}).", detail=repr(exc)
        ) from exc
    log.info("restored %s from %s (kept %s)", database, backup, kept)
    # --- privacy: people erased since the backup was taken are erased again (Art. 17 DSGVO)
    from contactdesk.core.services.privacy_restore import after_restore

    after_restore(database, kept)
    # --- end privacy
    return RestoreResult(restored_from=backup, database=database, kept=kept)
