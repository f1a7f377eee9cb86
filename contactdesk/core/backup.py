"""Backups of the SQLite database: create, validate, restore, daily automatic copies.

Documents of agreements live inside the database, so one file holds everything. Every copy goes
through SQLite's online backup API (consistent while the app writes). A restore validates the
backup first (a contactdesk database, not newer than this version, `PRAGMA integrity_check` ok)
and keeps the database it replaces next to it; it holds the writer lock exclusively
(core/locking.py), so no window or command writes into the file while it is replaced. A new
backup is checked before it replaces an older one. Qt-free: the GUI and the command line share it.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from contactdesk.core import db as dbmod
from contactdesk.core import dberrors
from contactdesk.core.errors import ContactdeskError, DatabaseError, os_reason
from contactdesk.core.locking import DatabaseLock, WindowLock, is_in_use, window_is_open
from contactdesk.core.migrations import HEAD
from contactdesk.core.progress import Progress, advance

__all__ = ["DatabaseLock", "WindowLock", "is_in_use", "window_is_open"]  # re-exported

log = logging.getLogger(__name__)

#: folder of the automatic backups when none is configured: next to the database file
DEFAULT_FOLDER_NAME = "Datensicherungen"
AUTO_PREFIX = "contactdesk-auto-"
SUFFIX = ".sqlite"


class BackupError(ContactdeskError):
    """A backup could not be written, validated or restored (German message)."""


class DamagedSourceError(BackupError):
    """The database to be backed up is damaged (nothing was written)."""


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
    found = {p for p in found if not p.name.endswith(("-wal", "-shm", "-journal", ".tmp"))}
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


# --------------------------------------------------------------------------- create


def check_source(database: Path) -> str:
    """Refuse to back up what is not a contactdesk database this version knows, before anything
    is written; returns its revision. Cheap: header, application id, revision."""
    database = Path(database)
    if not database.is_file():
        raise BackupError(f"Die Datenbank {database} existiert nicht.")
    try:
        dbmod.check_sqlite_file(database)
    except DatabaseError as exc:
        raise BackupError(
            f"{exc.message} Es wurde keine Sicherung geschrieben.", detail=exc.detail
        ) from exc
    try:
        con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        if dberrors.classify(exc, database) is dberrors.Failure.DAMAGED:
            raise DamagedSourceError(
                f"{dberrors.database_message(exc, database)} Es wurde keine Sicherung geschrieben.",
                detail=repr(exc),
            ) from exc
        row = None
    revision = row[0] if row else ""
    if not revision:
        raise BackupError(
            f"Die Datei {database} ist keine vollständige contactdesk-Datenbank. Es wurde keine "
            "Sicherung geschrieben."
        )
    if not _known_revision(revision):
        raise BackupError(
            f"Die Datenbank {database} stammt von einer neueren contactdesk-Version (Stand "
            f"{revision}). Es wurde keine Sicherung geschrieben."
        )
    return revision


@functools.lru_cache(maxsize=32)
def _known_revision(revision: str) -> bool:
    if revision == HEAD:
        return True
    try:  # Alembic only for older (or unknown) revisions
        from alembic.script import ScriptDirectory

        ScriptDirectory.from_config(dbmod.alembic_config()).get_revision(revision)
    except Exception:
        return False
    return True


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_backup(database: Path, target: Path, progress: Progress | None = None) -> Path:
    """Write a checked, consistent copy of `database` to `target`.

    Order: the source is checked (a contactdesk database this version knows) before anything
    is written; the copy goes to a private temporary file next to `target`; the copy is
    checked (`PRAGMA integrity_check`, application id, revision); only then it replaces
    `target`. On any failure `target` (perhaps the last good backup) is left as it was.
    """
    database, target = Path(database), Path(target)
    if not database.is_file():
        raise BackupError(f"Die Datenbank {database} existiert nicht.")
    if target.exists() and target.resolve() == database.resolve():
        raise BackupError("Die Sicherung darf nicht die Datenbank selbst überschreiben.")
    if target.is_dir():
        raise BackupError(f"{target} ist ein Ordner; bitte geben Sie einen Dateinamen an.")
    check_source(database)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)  # mkstemp: 0600, a name nobody else can have taken
    except OSError as exc:
        raise BackupError(dberrors.target_message(exc, target), detail=repr(exc)) from exc
    tmp = Path(tmp_name)
    try:
        _copy(database, tmp, progress, target)
        _check_copy(tmp, database, target)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        for sidecar in _sidecars(tmp):
            with contextlib.suppress(OSError):
                sidecar.unlink()
        if isinstance(exc, OSError):
            raise BackupError(dberrors.target_message(exc, target), detail=repr(exc)) from exc
        raise
    _fsync_folder(target.parent)
    log.info("backup of %s written to %s", database, target)
    return target


def _copy(source: Path, dest: Path, progress: Progress | None, target: Path) -> None:
    """SQLite's online backup API from `source` into the (empty) file `dest`."""
    cancelled = False

    def step(_status: int, remaining: int, total: int) -> None:
        nonlocal cancelled
        try:
            advance(progress, total - remaining, total, error=dbmod.BackupCancelled)
        except dbmod.BackupCancelled:
            cancelled = True
            raise

    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(dberrors.database_message(exc, source), detail=repr(exc)) from exc
    try:
        dst = sqlite3.connect(dest)
        try:
            if progress is None:
                src.backup(dst)
            else:
                src.backup(dst, pages=256, progress=step)
            # a self-contained file: no -wal/-shm beside it when it is read (read-only) later
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        if cancelled:
            raise dbmod.BackupCancelled from None
        kind = dberrors.classify(exc, dest)
        if kind is dberrors.Failure.DAMAGED:
            raise DamagedSourceError(_damaged(source, target, str(exc)), detail=repr(exc)) from exc
        if kind in (dberrors.Failure.FULL, dberrors.Failure.READ_ONLY):
            raise BackupError(dberrors.target_message(exc, target), detail=repr(exc)) from exc
        raise BackupError(
            f"Die Sicherung {target} konnte nicht geschrieben werden ({exc}). Eine vorhandene "
            "Datei dieses Namens ist unverändert.",
            detail=repr(exc),
        ) from exc
    except dbmod.BackupCancelled:
        raise
    finally:
        src.close()


def _damaged(database: Path, target: Path, what: str) -> str:
    kept = f" Die vorhandene Datei {target} ist unverändert." if target.exists() else ""
    return (
        f"Die Datenbank {database} ist beschädigt ({what}); es wurde keine Sicherung "
        f"geschrieben.{kept} Stellen Sie bitte die neueste gültige Datensicherung wieder her."
    )


def _check_copy(copy: Path, database: Path, target: Path) -> None:
    """The fresh copy (page for page what the database holds) must pass the full check."""
    try:
        con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            check = [row[0] for row in con.execute("PRAGMA integrity_check(20)").fetchall()]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise DamagedSourceError(_damaged(database, target, str(exc)), detail=repr(exc)) from exc
    if check != ["ok"]:
        raise DamagedSourceError(
            _damaged(database, target, "; ".join(check[:3])), detail=repr(check)
        )
    if app_id != dbmod.APPLICATION_ID:
        raise BackupError(
            f"Die Datei {database} ist keine contactdesk-Datenbank; es wurde keine Sicherung "
            "geschrieben."
        )


def _looks_valid(path: Path) -> bool:
    """The cheap check used when rotating: a readable contactdesk database of a known
    revision whose file is as long as its pages say (a cut-off copy is not counted)."""
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        if len(header) < 100 or header[:16] != dbmod.SQLITE_HEADER:
            return False
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        if pages and path.stat().st_size < pages * page_size:
            return False
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            con.close()
    except (OSError, sqlite3.Error, TypeError):
        return False
    return app_id == dbmod.APPLICATION_ID and _known_revision(revision)


def auto_backup(
    database: Path,
    folder: Path | None = None,
    *,
    keep: int = 7,
    today: date | None = None,
) -> Path | None:
    """The daily automatic backup: one per day (the first start of the day), keeping the newest
    `keep` valid automatic ones. Returns the new file, or None when today's exists or there is
    nothing to back up.

    A backup that fails (damaged database, full disk) raises BackupError and removes nothing:
    old backups are only rotated out after a new one was written and checked, and only
    backups that pass a check count as kept, so the newest valid backup is never removed.
    """
    database = Path(database)
    if not database.is_file() or database.stat().st_size == 0:
        return None
    folder = Path(folder) if folder else default_backup_folder(database)
    day = (today or date.today()).isoformat()
    target = folder / f"{AUTO_PREFIX}{day}{SUFFIX}"
    if target.exists() and _looks_valid(target):
        return None
    created = create_backup(database, target)
    autos = sorted(folder.glob(f"{AUTO_PREFIX}*{SUFFIX}"), reverse=True)  # ISO dates sort
    valid = 0
    for old in autos:
        if valid < max(keep, 1):
            if old == created or _looks_valid(old):
                valid += 1
            continue  # newer than the kept ones: an invalid one stays until it is older
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
        dbmod.check_sqlite_file(path)
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
    if not _known_revision(revision):
        raise BackupError(
            f"Die Sicherung {path.name} stammt von einer neueren contactdesk-Version. "
            "Bitte installieren Sie zuerst die aktuelle Version."
        )
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
    lock: DatabaseLock | None = None,
    wait: float = 0.0,
) -> RestoreResult:
    """Replace `database` by a validated copy of `backup`; the old one is kept next to it.

    The writer lock is held exclusively while the file is replaced: a running command-line
    import finishes first (waiting up to `wait` seconds, then refusing), and a command started
    meanwhile waits for the restore. A running window refuses the restore at once. The window
    restores through its own lock (`lock`, held shared, changed to exclusive for the restore)
    after closing its connections. `check_lock=False` skips all locking (the window's start
    before anything else uses the file).
    """
    backup, database = Path(backup), Path(database)
    validate_backup(backup)
    if backup.resolve() == database.resolve():
        raise BackupError("Die Sicherung ist die Datenbank selbst.")
    if lock is not None:
        if not lock.acquire(shared=False, timeout=wait):
            raise DatabaseInUseError(_BUSY_MESSAGE.format(seconds=round(wait)))
        try:
            return _restore(backup, database, progress)
        finally:
            lock.acquire(shared=True, timeout=30.0)
    if not check_lock:
        return _restore(backup, database, progress)
    if window_is_open(database):
        raise DatabaseInUseError(
            "contactdesk hat diese Datenbank gerade geöffnet. Bitte schließen Sie das Programm "
            "und versuchen Sie es dann erneut; es wurde nichts verändert."
        )
    own = DatabaseLock(database)
    if not own.acquire(shared=False, timeout=wait):
        if window_is_open(database):
            raise DatabaseInUseError(
                "contactdesk hat diese Datenbank gerade geöffnet. Bitte schließen Sie das "
                "Programm und versuchen Sie es dann erneut; es wurde nichts verändert."
            )
        raise DatabaseInUseError(_BUSY_MESSAGE.format(seconds=round(wait)))
    try:
        return _restore(backup, database, progress)
    finally:
        own.release()


_BUSY_MESSAGE = (
    "Ein anderer contactdesk-Vorgang (z. B. ein Import über die Kommandozeile) arbeitet noch "
    "mit der Datenbank; nach {seconds} s Warten wurde abgebrochen. Es wurde nichts verändert; "
    "bitte versuchen Sie es erneut, wenn er fertig ist."
)


def _restore(backup: Path, database: Path, progress: Progress | None) -> RestoreResult:
    database.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    incoming = database.with_name(f".{database.name}.wiederherstellung.tmp")
    try:
        dbmod.backup_sqlite_file(backup, incoming, progress)
    except dbmod.BackupCancelled:
        raise
    except (sqlite3.DatabaseError, OSError) as exc:
        with contextlib.suppress(OSError):
            incoming.unlink()
        raise BackupError(
            "Die Sicherung konnte nicht kopiert werden; die Datenbank wurde nicht verändert. "
            f"({dberrors.target_message(exc, database)})",
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
    _fsync_folder(database.parent)
    log.info("restored %s from %s (kept %s)", database, backup, kept)
    # --- privacy: people erased since the backup was taken are erased again (Art. 17 DSGVO)
    from contactdesk.core.services.privacy_restore import after_restore

    after_restore(database, kept)
    # --- end privacy
    return RestoreResult(restored_from=backup, database=database, kept=kept)
