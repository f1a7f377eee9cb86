"""Application start: QApplication, translations, logging, one window per database, database
(with the offer of the latest backup when it is damaged), daily backup, welcome dialog, crash
dialog with a recovery file, main window.

The start has two steps so that the window appears quickly. `run` does what needs no database
(application, settings, translations, single instance, database lock) and shows the frame of
the main window; once that frame is painted, `_Start` (inside the event loop) sets up the log
file, opens the database, shows the welcome dialog when due and lets the window build its areas
and load the first one. This module, like the frame, must not import SQLAlchemy, the services
or the views at module level (tests/gui/test_app.py checks it).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from contactdesk import __version__
from contactdesk.core import backup as bk
from contactdesk.core import gcpause, i18n
from contactdesk.core.db import (
    APP_NAME,
    Database,
    open_database,
    resolve_url,
    sqlite_path,
)
from contactdesk.core.errors import (
    ContactdeskError,
    DamagedDatabaseError,
    DatabaseError,
    DatabaseTooNewError,
    ForeignDatabaseError,
)
from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)

LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5


def log_folder() -> Path:
    from platformdirs import user_log_path

    override = os.environ.get("CONTACTDESK_LOG_DIR")
    return Path(override) if override else user_log_path(APP_NAME, appauthor=False)


def log_file_path() -> Path:
    return log_folder() / "contactdesk.log"


def crash_log_path() -> Path:
    """Crashes go to the same rotating log as everything else."""
    return log_file_path()


class _EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file is open (the first phase of the start, which
    does not import logging.handlers); setup_logging writes it into the file."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < 1000:
            self.records.append(record)


def _lower_root_level(level: int) -> None:
    """Let records of `level` reach the handlers; the console keeps showing what it showed."""
    root = logging.getLogger()
    previous = root.level
    for other in root.handlers:
        if other.level == logging.NOTSET:
            other.setLevel(previous)
    if previous > level or previous == logging.NOTSET:
        root.setLevel(level)


def keep_early_records(verbose: bool = False) -> None:
    """From here until setup_logging, log records are kept for the log file."""
    root = logging.getLogger()
    if not any(isinstance(h, _EarlyRecords) for h in root.handlers):
        _lower_root_level(logging.DEBUG if verbose else logging.INFO)
        root.addHandler(_EarlyRecords())


def setup_logging(verbose: bool = False) -> Path | None:
    """A rotating log file (1 MB × 5) in the user log folder; None when it cannot be written."""
    import logging.handlers  # here: socket, pickle & co. would delay the window's first paint

    path = log_file_path()
    root = logging.getLogger()
    early = [h for h in root.handlers if isinstance(h, _EarlyRecords)]
    for buffer in early:
        root.removeHandler(buffer)
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == path.resolve()
        ):
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.DEBUG if verbose else logging.INFO)
    _lower_root_level(handler.level)
    root.addHandler(handler)
    logging.getLogger("contactdesk").info("contactdesk %s started", __version__)
    for buffer in early:  # what the start logged before the file was open
        for record in buffer.records:
            if record.levelno >= handler.level:
                handler.handle(record)
    return path


def _write_crash_log(text: str) -> Path | None:
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(
                f"--- {datetime.now().isoformat(timespec='seconds')} contactdesk {__version__} "
                f"CRASH\n"
            )
            fh.write(text)
    except OSError:
        return None
    return path


def crash_dialog(text: str, log_path: Path | None, recovery_path: Path | None) -> QMessageBox:
    """The German crash dialog: what happened, what to do, where the log and the input are."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, _("Unerwarteter Fehler"), "")
    box.setObjectName("CrashDialog")
    box.setAccessibleName(_("Unerwarteter Fehler"))
    box.setText(
        _(
            "Ein unerwarteter Fehler ist aufgetreten. Bereits gespeicherte Daten sind sicher "
            "in der Datenbank."
        )
    )
    parts = []
    if recovery_path is not None:
        parts.append(
            _(
                "Ihre noch nicht gespeicherten Eingaben wurden gesichert in:\n{path}\n"
                "Sie werden beim nächsten Start angeboten."
            ).format(path=recovery_path)
        )
    else:
        parts.append(_("Prüfen Sie bitte Ihre letzte Eingabe und speichern Sie sie (Strg+S)."))
    parts.append(
        _(
            "Wenn der Fehler wieder auftritt: Beenden Sie contactdesk, starten Sie es neu und "
            "geben Sie das Protokoll an Ihre IT-Betreuung weiter."
        )
    )
    if log_path is not None:
        parts.append(_("Protokoll: {path}").format(path=log_path))
    box.setInformativeText("\n\n".join(parts))
    box.setDetailedText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


class CrashHandler:
    """sys.excepthook while the GUI runs: log, keep unsaved input, show the German dialog."""

    def __init__(self, window: Callable[[], Any] | None = None) -> None:
        self._window = window or (lambda: None)
        self.last_recovery: Path | None = None
        self._busy = False

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", text)
        path = _write_crash_log(text)
        if self._busy:  # an error inside the dialog: logged, no second dialog
            return
        self._busy = True
        try:
            self.last_recovery = self._save_input(f"{exc_type.__name__}: {exc}")
            if QApplication.instance() is None:
                return
            prompts.exec_box(crash_dialog(text, path, self.last_recovery))
        finally:
            self._busy = False

    def _save_input(self, error: str) -> Path | None:
        try:
            window = self._window()
            areas = window.unsaved_input() if window is not None else []
            from contactdesk.gui import recovery

            return recovery.write_recovery(areas, error)
        except Exception:
            log.exception("collecting unsaved input failed")
            return None


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected error and tell the user, instead of vanishing (no window known)."""
    CrashHandler()(exc_type, exc, tb)


def install_translations(app: QApplication, language: str = "de") -> None:
    """Texts of Qt's own dialogs and buttons in the chosen language; German number and date
    formats in every language (the app serves German towns)."""
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    for old in app.findChildren(QTranslator, "contactdesk_qt"):
        app.removeTranslator(old)
        old.deleteLater()
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    translator.setObjectName("contactdesk_qt")
    if translator.load(f"qtbase_{language}", path):
        app.installTranslator(translator)
    else:
        log.debug("no qtbase_%s translation in %s", language, path)
    i18n.set_language(language)


def _offer_backup(
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


def _open(
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
        chosen = _offer_backup(exc, path, settings, parent)
        if chosen is None:
            return None
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


def _auto_backup(db: Database, settings: Settings) -> str:
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


def _bring_to_front(window: QWidget) -> None:
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.showNormal()
    window.show()
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.raise_()
    window.activateWindow()


#: how long a starting window waits for a restore from the command line (seconds)
WRITER_LOCK_WAIT = 30.0

#: the second step starts when the frame is painted, at the latest after this many ms (a window
#: that is never painted, e.g. on a hidden desktop, must not keep the database closed)
SECOND_STEP_LATEST_MS = 500


class _Start(QObject):
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
        db = _open(self.database, settings, window, lock)
        if db is None:
            return False
        self.db = db
        try:
            backup_note = _auto_backup(db, settings)
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
        chosen = _offer_backup(DamagedDatabaseError(message), path, self.settings, self.window)
        if chosen is None:
            return None
        try:
            if lock is not None and lock.held:
                result = bk.restore_backup(chosen, path, lock=lock, wait=WRITER_LOCK_WAIT)
            else:
                result = bk.restore_backup(chosen, path, check_lock=False)
            log.warning("restored %s from %s; damaged file kept as %s", path, chosen, result.kept)
            return open_database(self.database)
        except ContactdeskError as exc:
            prompts.show_error(self.window, exc.message, _("contactdesk – Datenbank"))
            return None


def run(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from contactdesk.gui.instance import SingleInstance, activate_running, server_name

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("contactdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    settings = settings or Settings.default()
    install_translations(app, settings.language)
    from contactdesk.gui import theme

    theme.install(
        app, settings.appearance
    )  # Fusion, our light or dark palette, following the system
    keep_early_records(bool(getattr(args, "verbose", False)))

    database = getattr(args, "database", None)
    if database is None and not os.environ.get("CONTACTDESK_DATABASE") and settings.database_path:
        database = settings.database_path
    url = resolve_url(database)
    try:
        name = server_name(url)
    except OSError as exc:  # no private folder for the socket: the window lock still guards
        log.warning("single instance channel not available: %r", exc)
        name = ""
    if name and activate_running(name):
        print(
            _(
                "contactdesk hat diese Datenbank bereits geöffnet; das Fenster wurde nach vorne "
                "geholt."
            ),
            file=sys.stderr,
        )
        return 0
    instance = SingleInstance(name, app)
    if name:
        instance.listen()
    path = sqlite_path(url)
    window_lock = bk.WindowLock(path) if path is not None else None
    lock = bk.DatabaseLock(path) if path is not None else None
    # (a short wait: a command-line restore tests this lock for a moment)
    if window_lock is not None and not window_lock.acquire(timeout=1.0):
        prompts.show_error(
            None,
            _(
                "Die Datenbank {path} ist bereits in einem anderen contactdesk-Fenster "
                "(vielleicht unter einem anderen Benutzer) geöffnet. Bitte schließen Sie es "
                "zuerst."
            ).format(path=path),
            _("contactdesk – Datenbank"),
        )
        return 1
    # shared with command-line commands; a running restore (exclusive) is waited for
    if lock is not None and not lock.acquire(shared=True, timeout=WRITER_LOCK_WAIT):
        assert window_lock is not None
        window_lock.release()
        prompts.show_error(
            None,
            _(
                "Die Datenbank {path} wird gerade über die Kommandozeile wiederhergestellt. "
                "Bitte starten Sie contactdesk erneut, wenn das fertig ist."
            ).format(path=path),
            _("contactdesk – Datenbank"),
        )
        return 1
    no_welcome = bool(getattr(args, "no_welcome", False))
    previous_hook = sys.excepthook
    holder: dict[str, MainWindow] = {}
    handler = CrashHandler(lambda: holder.get("window"))
    sys.excepthook = handler
    start: _Start | None = None
    try:
        # the frame: shown and painted before the database and the areas are loaded
        with gcpause.paused():
            window = MainWindow(
                None,
                settings,
                show_welcome=not no_welcome,
                start_area=getattr(args, "area", None),
            )
        holder["window"] = window
        window.database_lock = lock
        instance.sig_activation_requested.connect(lambda: _bring_to_front(window))
        start = _Start(
            app,
            window,
            database,
            settings,
            welcome=not no_welcome,
            verbose=bool(getattr(args, "verbose", False)),
        )
        start.schedule()
        window.show()
        code = app.exec()
        if start.error is not None:
            raise start.error
        return start.exit_code if start.exit_code is not None else code
    finally:
        sys.excepthook = previous_hook
        if start is not None and start.db is not None:
            start.db.dispose()
        if lock is not None:
            lock.release()
        if window_lock is not None:
            window_lock.release()
