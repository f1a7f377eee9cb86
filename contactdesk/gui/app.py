"""Application start: QApplication, German Qt translations, database, crash dialog, main window."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_path
from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from contactdesk import __version__
from contactdesk.core.db import APP_NAME, open_database
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings

log = logging.getLogger(__name__)


def crash_log_path() -> Path:
    return user_log_path(APP_NAME, appauthor=False) / "crash.log"


def _write_crash_log(text: str) -> Path | None:
    path = crash_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(
                f"--- {datetime.now().isoformat(timespec='seconds')} contactdesk {__version__}\n"
            )
            fh.write(text)
    except OSError:
        return None
    return path


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an unexpected error and tell the user, instead of vanishing."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error\n%s", text)
    path = _write_crash_log(text)
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Unerwarteter Fehler"), "")
    box.setText(
        _(
            "Ein unerwarteter Fehler ist aufgetreten. Ihre gespeicherten Daten sind nicht "
            "betroffen; nicht gespeicherte Eingaben sollten Sie bitte prüfen und speichern."
        )
    )
    if path is not None:
        box.setInformativeText(_("Die Einzelheiten stehen im Protokoll: {path}").format(path=path))
    box.setDetailedText(text)
    box.exec()


def install_translations(app: QApplication) -> None:
    """German texts for Qt's standard dialogs and buttons, where Qt ships them."""
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load("qtbase_de", path):
        app.installTranslator(translator)
    else:
        log.debug("no qtbase_de translation in %s", path)


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("contactdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    install_translations(app)
    try:
        db = open_database(getattr(args, "database", None))
    except ContactdeskError as exc:
        log.error("cannot open database: %s (%s)", exc.message, exc.detail)
        QMessageBox.critical(None, _("contactdesk – Datenbank"), exc.message)
        return 1
    previous_hook = sys.excepthook
    sys.excepthook = excepthook
    try:
        window = MainWindow(
            db,
            Settings.default(),
            show_welcome=not getattr(args, "no_welcome", False),
            start_area=getattr(args, "area", None),
        )
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        db.dispose()
