"""The second step of the window's start, inside the event loop once the frame is painted:
the log file, the database (with the offer of a backup when it is damaged), the daily backup,
the welcome dialog when due, then the window's areas; afterwards the status notes, the demo
data and the offer of the input a crash left.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from contactdesk.core import backup as bk
from contactdesk.core import gcpause
from contactdesk.core.db import Database
from contactdesk.core.errors import DamagedDatabaseError
from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.app.database import (
    daily_backup,
    offer_backup,
    open_or_restore,
    restore_and_open,
)
from contactdesk.gui.app.logs import setup_logging
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings

log = logging.getLogger(__name__)

#: the second step starts when the frame is painted, at the latest after this many ms (a window
#: that is never painted, e.g. on a hidden desktop, must not keep the database closed)
SECOND_STEP_LATEST_MS = 500


class SecondStep(QObject):
    """The second step of the start, inside the event loop once the frame has been painted:
    open the database (offering a backup when it is damaged), the daily backup, the welcome
    dialog when due, then the window's areas; afterwards the status notes, the demo data and
    the recovery offer. On failure the frame closes and the event loop ends with 1; an
    unexpected error is kept and raised again by `run` after the event loop."""

    def __init__(
        self,
        app: QApplication,
        window: MainWindow,
        database: str | None,
        settings: Settings,
        *,
        welcome: bool,
        verbose: bool,
    ) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.database = database
        self.settings = settings
        self.welcome = welcome
        self.verbose = verbose
        self.db: Database | None = None
        #: set when the start failed: the code `run` returns
        self.exit_code: int | None = None
        self.error: BaseException | None = None
        self._queued = False
        self._begun = False

    def schedule(self) -> None:
        """Run once the frame's page has been painted (and flushed to the screen)."""
        self.window.opening_page.sig_painted.connect(self._painted)
        QTimer.singleShot(SECOND_STEP_LATEST_MS, self.begin)

    def _painted(self) -> None:
        if not self._queued:
            self._queued = True
            QTimer.singleShot(0, self.begin)  # after this paint is flushed to the screen

    def begin(self) -> None:
        if self._begun:
            return
        self._begun = True
        if not self.window.isVisible():  # closed before the database was opened
            return
        try:
            ok = self._open_and_attach()
        except BaseException as exc:  # raised again by run() after the event loop
            self.error = exc
            ok = False
        if not ok:
            self.exit_code = 1
            # Closing the last window ends the event loop. (No quit() here: it leaves the
            # application "closing", which blocks window activation for a later event loop.)
            self.window.close()
            if not self.app.quitOnLastWindowClosed():
                self.app.exit(1)

    def _open_and_attach(self) -> bool:
        window, settings = self.window, self.settings
        window.log_path = setup_logging(self.verbose)
        lock = window.database_lock if isinstance(window.database_lock, bk.DatabaseLock) else None
        db = open_or_restore(self.database, settings, window, lock)
        if db is None:
            return False
        self.db = db
        try:
            backup_note = daily_backup(db, settings)
        except bk.DamagedSourceError as exc:  # the copy's integrity check found a damage
            db = self._restore_damaged(db, exc.message, lock)
            if db is None:
                return False
            self.db, backup_note = db, ""
        load_demo = False
        if self.welcome and not settings.first_run_done:
            from contactdesk.gui.dialogs.welcome import WelcomeDialog

            welcome = WelcomeDialog(settings, window)
            welcome.exec()
            load_demo = welcome.wants_demo
            welcome.deleteLater()
        try:
            # The areas, menus and imported modules live as long as the window and hold no
            # garbage worth collecting meanwhile: no cyclic collection while they are built,
            # and afterwards they are left out of later collections (gc.freeze).
            with gcpause.paused():
                window.attach(db)
            gc.freeze()
        except Exception as exc:  # a damaged page read while the areas load
            from contactdesk.core.dberrors import Failure, classify, database_message

            from_db = type(exc).__module__.startswith(("sqlalchemy", "sqlite3"))
            if not from_db or classify(exc, db.path) is not Failure.DAMAGED:
                raise
            log.error("database damaged while loading the window: %r", exc)
            if self._restore_damaged(db, database_message(exc, db.path), lock) is not None:
                prompts.inform(
                    window,
                    _("contactdesk – Datenbank"),
                    _("Die Sicherung wurde wiederhergestellt. Bitte starten Sie contactdesk neu."),
                )
            return False
        window.data_safety.start_daily_check()  # quick_check in the background, once a day
        if db.on_network_drive:
            window.warn_network_drive()
        elif backup_note:
            window.statusBar().showMessage(backup_note, 15000)
        if notes := [n for n in (*settings.store.warnings, settings.store_error) if n]:
            # settings.json damaged or not writable: the defaults are in use, say so
            window.statusBar().showMessage(" ".join(notes), 30000)
        if load_demo:
            window.load_demo()
        if self.welcome:
            window.offer_recovery()
        return True

    def _restore_damaged(
        self, db: Database, message: str, lock: bk.DatabaseLock | None
    ) -> Database | None:
        """A damage found after opening: offer the newest valid backup (the damaged file is
        kept). Returns the database opened again from the backup, or None (quit)."""

        db.dispose()
        self.db = None
        path = db.path
        assert path is not None
        chosen = offer_backup(DamagedDatabaseError(message), path, self.settings, self.window)
        if chosen is None:
            return None
        return restore_and_open(chosen, path, self.database, lock, self.window)
