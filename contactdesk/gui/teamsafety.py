"""Datensicherung and Wiederherstellen of the window when the database lies on a server.

The work is core/team/pgdump.py's (the same as `main.py backup/restore` with a server URL):
a checked pg_dump file, and a restore only into another, EMPTY database on the same server
after checking the file; the database the window works on is never written. Called by
gui/datasafety.py, whose file dialogs and text prompt (replaced in tests) it uses.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from contactdesk.core.db import BackupCancelled
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import _
from contactdesk.core.team import pgdump
from contactdesk.gui.dialogs import prompts
from contactdesk.gui.dialogs.progress import run_with_progress

if TYPE_CHECKING:
    from contactdesk.gui.mainwindow import MainWindow


class TeamSafety:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)

    def _folder(self) -> Path:
        chosen = self.window.settings.backup_folder
        return Path(chosen) if chosen else Path.home()

    def create_backup(self, target: Path | None = None) -> Path | None:
        """A checked pg_dump file of the team database (pg_dump must be installed)."""
        from contactdesk.gui import datasafety

        url = self.window.db.url
        if target is None:
            suggestion = self._folder() / pgdump.suggested_name(date.today())
            chosen = datasafety.choose_save_file(
                self.window,
                _("Datensicherung speichern"),
                str(suggestion),
                _(datasafety.TEAM_BACKUP_FILTER),
            )
            if not chosen:
                return None
            target = Path(chosen)
        out = target
        try:
            info = run_with_progress(
                self.window,
                _("Datensicherung"),
                _("Die Datenbank auf dem Server wird mit pg_dump gesichert …"),
                lambda progress: pgdump.backup(url, out, progress),
            )
        except BackupCancelled:
            self._status(_("Datensicherung abgebrochen; es wurde keine Datei geschrieben."))
            return None
        except ContactdeskError as exc:
            prompts.show_error(self.window, exc.message, _("Datensicherung"))
            return None
        self._status(
            _("Datensicherung gespeichert: {path} ({size:.1f} MB, pg_dump-Format)").format(
                path=info.path, size=info.size / 1_048_576
            )
        )
        return info.path

    def restore(self, source: Path | None = None) -> bool:
        """Check a pg_dump file, ask for the empty database on the same server, restore into
        it; the open database stays as it is and the window keeps working on it."""
        from contactdesk.gui import datasafety

        url = self.window.db.url
        if source is None:
            chosen = datasafety.choose_open_file(
                self.window,
                _("Datensicherung wählen"),
                str(self._folder()),
                _(datasafety.TEAM_BACKUP_FILTER),
            )
            if not chosen:
                return False
            source = Path(chosen)
        title = _("Wiederherstellen")
        try:
            info = pgdump.inspect_dump(source)
        except ContactdeskError as exc:
            prompts.show_error(self.window, exc.message, title)
            return False
        name = datasafety.ask_text(
            self.window,
            title,
            _(
                "Die Sicherung „{file}“ ist geprüft. Sie wird nur in eine leere Datenbank auf "
                "demselben Server zurückgespielt; die geöffnete Datenbank „{current}“ bleibt "
                "unverändert.\n\nName der leeren Datenbank (von der IT angelegt):"
            ).format(file=source.name, current=pgdump.database_name(url)),
            _("&Wiederherstellen"),
        )
        if not name.strip():
            return False
        try:
            target = pgdump.sibling_url(url, name)
            run_with_progress(
                self.window,
                title,
                _("Die Sicherung wird zurückgespielt …"),
                lambda progress: pgdump.restore(info.path, target, progress),
            )
        except BackupCancelled:
            self._status(_("Wiederherstellen abgebrochen; die Zieldatenbank blieb leer."))
            return False
        except ContactdeskError as exc:
            prompts.show_error(self.window, exc.message, title)
            return False
        text = _(
            "Die Sicherung „{file}“ wurde in die Datenbank „{name}“ zurückgespielt. Sie arbeiten "
            "weiter mit „{current}“. Um mit der wiederhergestellten Datenbank zu arbeiten, "
            "starten Sie contactdesk mit der Adresse {address}"
        ).format(
            file=source.name,
            name=name.strip(),
            current=pgdump.database_name(url),
            address=pgdump.public_address(target),
        )
        self._status(text)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            title,
            text,
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setAccessibleName(title)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        datasafety.exec_dialog(box)
        box.deleteLater()
        return True
