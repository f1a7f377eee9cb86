"""The database at the start of the window: opened (and upgraded) by the core; a damaged file
leads to the offer of the newest valid backup, which replaces it while the damaged file is kept
beside it; the daily backup.

Only a damaged file is helped by a backup: a foreign or newer file, a read-only folder, a full
disk or a failed upgrade (the file is unchanged) get their own German message and nothing is
restored. A restore while the window holds the shared database lock waits for running
commands (`WRITER_LOCK_WAIT`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QWidget

from contactdesk.core import backup as bk
from contactdesk.core.db import Database, open_database, resolve_url, sqlite_path
from contactdesk.core.errors import (
    ContactdeskError,
    DamagedDatabaseError,
    DatabaseError,
    DatabaseTooNewError,
    ForeignDatabaseError,
)
from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.settings import Settings

log = logging.getLogger(__name__)

#: how long a starting window waits for a restore from the command line (seconds)
WRITER_LOCK_WAIT = 30.0


def offer_backup(
    exc: DatabaseError, database: Path, settings: Settings, parent: QWidget | None = None
) -> Path | None:
    """A damaged database: say so and offer the newest valid backup. Returns the chosen one."""
    from PySide6.QtWidgets import QMessageBox

    newest = bk.newest_valid_backup(database, settings.backup_folder_for(database))
    box = QMessageBox(
        QMessageBox.Icon.Critical, _("contactdesk – Datenbank"), exc.message, parent=parent
    )
    box.setObjectName("DamagedDatabaseDialog")
    box.setAccessibleName(_("Datenbank beschädigt"))
    if newest is None:
        box.setInformativeText(
            _(
                "Es wurde keine gültige Datensicherung gefunden. Die Datei {path} bleibt "
                "unverändert; bitte wenden Sie sich an Ihre IT-Betreuung."
            ).format(path=database)
        )
        box.addButton(_("Beenden"), QMessageBox.ButtonRole.RejectRole)
        prompts.exec_box(box)
        return None
    stamp = datetime.fromtimestamp(newest.stat().st_mtime).strftime("%d.%m.%Y %H:%M")
    box.setInformativeText(
        _(
            "Die neueste gültige Datensicherung ist vom {stamp}:\n{path}\n\n"
            "Soll sie wiederhergestellt werden? Die beschädigte Datei wird nicht gelöscht, "
            "sondern daneben aufbewahrt."
        ).format(stamp=stamp, path=newest)
    )
    restore = box.addButton(_("Sicherung &wiederherstellen"), QMessageBox.ButtonRole.AcceptRole)
    quit_ = box.addButton(_("Beenden"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(quit_)
    return newest if prompts.exec_box(box) is restore else None


def open_or_restore(
    database: str | None,
    settings: Settings,
    parent: QWidget | None = None,
    lock: bk.DatabaseLock | None = None,
) -> Database | None:
    """Open the database; a damaged one leads to the offer of the latest backup."""

    try:
        return open_database(database)
    except (ForeignDatabaseError, DatabaseTooNewError) as exc:
        log.error("cannot open database: %s (%s)", exc.message, exc.detail)
        prompts.show_error(parent, exc.message, _("contactdesk – Datenbank"))
        return None
    except DatabaseError as exc:
        log.error("cannot open database: %s (%s)", exc.message, exc.detail)
        path = sqlite_path(resolve_url(database))
        # only a damaged file is helped by a backup; a read-only folder, a full disk or a
        # failed upgrade (the file is unchanged) get their own message
        if path is None or not path.exists() or not isinstance(exc, DamagedDatabaseError):
            prompts.show_error(parent, exc.message, _("contactdesk – Datenbank"))
            return None
        chosen = offer_backup(exc, path, settings, parent)
        if chosen is None:
            return None
    return restore_and_open(chosen, path, database, lock, parent)


def restore_and_open(
    chosen: Path,
    path: Path,
    database: str | None,
    lock: bk.DatabaseLock | None,
    parent: QWidget | None = None,
) -> Database | None:
    """Restore the backup `chosen` over the damaged file `path` (kept beside it) and open the
    database again; a German error and None when that fails."""
    try:
        if lock is not None and lock.held:
            result = bk.restore_backup(chosen, path, lock=lock, wait=WRITER_LOCK_WAIT)
        else:
            result = bk.restore_backup(chosen, path, check_lock=False)
        log.warning("restored %s from %s; damaged file kept as %s", path, chosen, result.kept)
        return open_database(database)
    except ContactdeskError as exc:
        prompts.show_error(parent, exc.message, _("contactdesk – Datenbank"))
        return None


def daily_backup(db: Database, settings: Settings) -> str:
    """The daily backup at start; returns a German status text ("" when nothing happened)."""
    path = db.path
    if not settings.auto_backup:
        return ""
    if path is None:  # team mode: the IT backs up the server (core/team/pgdump.py)
        from contactdesk.core.team.pgdump import TEAM_DAILY_NOTE

        return _(TEAM_DAILY_NOTE)
    try:
        made = bk.auto_backup(path, settings.backup_folder_for(path), keep=settings.backup_keep)
    except bk.DamagedSourceError:
        raise  # the start offers the newest valid backup
    except ContactdeskError as exc:
        log.warning("automatic backup failed: %s", exc.message)
        return _("Automatische Datensicherung fehlgeschlagen: {message}").format(
            message=exc.message
        )
    return _("Tägliche Datensicherung erstellt: {path}").format(path=made) if made else ""
