"""An unexpected error while the window runs: logged, the unsaved input of the editors kept in
a recovery file (gui/recovery.py), and a German dialog saying what to do and where the log is,
instead of vanishing.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.app.logs import write_crash_log

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)


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
        path = write_crash_log(text)
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
