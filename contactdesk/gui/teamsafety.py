"""Datensicherung and Wiederherstellen of the window when the database lies on a server.

The work is core/team/pgdump.py's (the same as `main.py backup/restore` with a server URL):
a checked pg_dump file, and a restore only into another, EMPTY database on the same server
after checking the file; the database the window works on is never written. Called by
gui/datasafety.py; the long work runs through the window's runner (gui/ops.py), the questions
through gui/prompts.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_, _
from contactdesk.core.team import pgdump
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops

TEAM_BACKUP_FILTER = N_("Sicherung des Datenbankservers (*.dump);;Alle Dateien (*)")


class TeamSafety:
    def __init__(
        self, ops: Ops, parent: QWidget, settings: Any, status: Callable[[str], None]
    ) -> None:
        self.ops = ops
        self.widget = parent
        self.settings = settings
        self._status = status

    def _folder(self) -> Path:
        chosen = self.settings.backup_folder
        return Path(chosen) if chosen else Path.home()

    def create_backup(self, target: Path | None = None) -> Path | None:
        """A checked pg_dump file of the team database (pg_dump must be installed)."""
        url = self.ops.db.url
        if target is None:
            suggestion = self._folder() / pgdump.suggested_name(date.today())
            chosen = prompts.choose_save_file(
                self.widget,
                _("Datensicherung speichern"),
                str(suggestion),
                _(TEAM_BACKUP_FILTER),
            )
            if not chosen:
                return None
            target = Path(chosen)
        out = target
        result = self.ops.run_in_background(
            lambda _session, progress: pgdump.backup(url, out, progress),
            title=_("Datensicherung"),
            label=_("Die Datenbank auf dem Server wird mit pg_dump gesichert …"),
            cancelled_message=_("Datensicherung abgebrochen; es wurde keine Datei geschrieben."),
            parent=self.widget,
            use_session=False,
        )
        info = result.value
        if info is None:  # cancelled (said in the status bar) or an error (shown)
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
        url = self.ops.db.url
        if source is None:
            chosen = prompts.choose_open_file(
                self.widget,
                _("Datensicherung wählen"),
                str(self._folder()),
                _(TEAM_BACKUP_FILTER),
            )
            if not chosen:
                return False
            source = Path(chosen)
        title = _("Wiederherstellen")
        try:
            info = pgdump.inspect_dump(source)
        except ContactdeskError as exc:
            prompts.show_error(self.widget, exc.message, title)
            return False
        name = prompts.ask_text(
            self.widget,
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
        except ContactdeskError as exc:  # no database name, or the open one
            prompts.show_error(self.widget, exc.message, title)
            return False
        restored = self.ops.run_in_background(
            lambda _session, progress: pgdump.restore(info.path, target, progress),
            title=title,
            label=_("Die Sicherung wird zurückgespielt …"),
            cancelled_message=_("Wiederherstellen abgebrochen; die Zieldatenbank blieb leer."),
            parent=self.widget,
            use_session=False,
        )
        if not restored.ok or restored.cancelled:
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
        box = prompts.message_box(self.widget, QMessageBox.Icon.Information, title, text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        prompts.show_message(box)
        box.deleteLater()
        return True
