"""The start of the window, handed over from the command line (cli: no subcommand): the
application, settings, translations, one window per database, the database locks, the crash
handler and the frame of the main window; the rest follows in the event loop
(second_step.py).

The start has two steps so that the window appears quickly. `run` does what needs no database
(application, settings, translations, single instance, database lock) and shows the frame of
the main window; once that frame is painted, `SecondStep` (inside the event loop) sets up the
log file, opens the database, shows the welcome dialog when due and lets the window build its
areas and load the first one. This package, like the frame, must not import SQLAlchemy, the
services or the views at module level (tests/gui/test_app.py checks it).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from contactdesk import __version__
from contactdesk.core import backup as bk
from contactdesk.core import gcpause, i18n
from contactdesk.core.db import APP_NAME, resolve_url, sqlite_path
from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.app.crash import CrashHandler
from contactdesk.gui.app.database import WRITER_LOCK_WAIT
from contactdesk.gui.app.logs import keep_early_records
from contactdesk.gui.app.second_step import SecondStep
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings

log = logging.getLogger(__name__)


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


def bring_to_front(window: QWidget) -> None:
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.showNormal()
    window.show()
    window.setWindowState(
        (window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
    )
    window.raise_()
    window.activateWindow()


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
    start: SecondStep | None = None
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
        instance.sig_activation_requested.connect(lambda: bring_to_front(window))
        start = SecondStep(
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
