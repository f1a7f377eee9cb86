"""The main window's data-safety and help commands: backup, restore, settings, guide, about,
the network-drive warning and the crash recovery offer. Kept apart from mainwindow.py, which
only creates one `DataSafety` and wires its menu entries. DataSafety holds only what it needs:
the runner (backup and restore run through `Ops.run_in_background`), a parent widget, the
window's areas (unsaved edits) and settings."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import backup as bk
from contactdesk.core import healthcheck
from contactdesk.core.changes import ALL_KINDS, Kind
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_, _
from contactdesk.gui import prompts, recovery
from contactdesk.gui.ops import Change
from contactdesk.gui.widgets.dialog_parts import answer_buttons

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from contactdesk.core.progress import Progress
    from contactdesk.gui.area import AreaDirectory
    from contactdesk.gui.ops import Ops

log = logging.getLogger(__name__)


#: how long the window's restore waits for a running command-line import (seconds)
RESTORE_WAIT = 20.0

BACKUP_FILTER = N_("contactdesk-Datensicherung (*.sqlite);;Alle Dateien (*)")


class RecoveryDialog(QDialog):
    """Shows the input saved at a crash so the user can copy it back."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nicht gespeicherte Eingaben"))
        self.setObjectName("RecoveryDialog")
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(
            _(
                "Bei einem unerwarteten Fehler hat contactdesk diese noch nicht gespeicherten "
                "Eingaben gesichert. Kopieren Sie, was Sie brauchen, und tragen Sie es erneut "
                "ein. Mit „Erledigt“ wird die Datei abgelegt."
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(text)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Gesicherte Eingaben"))
        buttons, self.done_button = answer_buttons(self, _("&Erledigt"), _("&Später erinnern"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(620, 420)


class DailyCheck(QObject):
    """`PRAGMA quick_check` of the database in a background thread (its own read-only
    connection); the result arrives in the GUI thread through `sig_finished`."""

    sig_finished = Signal(object)
    """The check ended: a core.healthcheck.CheckResult."""

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.check_thread: threading.Thread | None = None

    def start(self) -> None:
        self.check_thread = threading.Thread(
            target=self._run, name="contactdesk-pruefung", daemon=True
        )
        self.check_thread.start()

    def _run(self) -> None:
        try:
            result = healthcheck.quick_check(self.database)
        except Exception:  # never crash the window from a background check
            log.exception("daily check failed")
            return
        self.sig_finished.emit(result)


class DataSafety:
    def __init__(
        self,
        ops: Ops,
        parent: QWidget,
        areas: AreaDirectory,
        settings: Any,
        status: Callable[[str, int], None] | None = None,
        *,
        lock: Callable[[], object] = lambda: None,
        log_path: Callable[[], object] = lambda: None,
    ) -> None:
        self.ops = ops
        #: dialogs are shown over it
        self.widget = parent
        self.areas = areas
        #: the window's settings (gui/settings.py): backup folder, language
        self.settings = settings
        self._show_status = status
        #: the writer lock (core.backup.DatabaseLock) and the rotating log file, which
        #: gui/app.py sets up after the window exists
        self._lock = lock
        self._log_path = log_path
        self.daily_check: DailyCheck | None = None
        ops.on_storage_failure = self.keep_unsaved_input
        from contactdesk.gui.teamsafety import TeamSafety

        #: backup and restore of a database on a server (pg_dump; gui/teamsafety.py)
        self._team = TeamSafety(ops, parent, settings, self._status)

    def keep_unsaved_input(self, reason: str) -> Path | None:
        """A save failed for a reason of the file: write what is typed to a recovery file
        (offered again at the next start, like after a crash)."""
        areas = self.unsaved_input()
        return recovery.write_recovery(areas, reason) if areas else None

    # ------------------------------------------------------------------ helpers
    @property
    def db_path(self) -> Path | None:
        return self.ops.db.path

    def backup_folder(self) -> Path:
        path = self.db_path
        assert path is not None
        return self.settings.backup_folder_for(path)

    def _status(self, text: str) -> None:
        if self._show_status is not None:
            self._show_status(text, 15000)

    # ------------------------------------------------------------------ backup
    def create_backup(self, target: Path | None = None) -> Path | None:
        """Datei › Datensicherung erstellen: a consistent copy while the app runs."""
        if self.db_path is None:
            return self._team.create_backup(target)
        source = self.db_path
        assert source is not None
        if target is None:
            folder = self.backup_folder()
            folder.mkdir(parents=True, exist_ok=True)
            suggestion = folder / f"contactdesk-sicherung-{date.today().isoformat()}.sqlite"
            chosen = prompts.choose_save_file(
                self.widget, _("Datensicherung speichern"), str(suggestion), _(BACKUP_FILTER)
            )
            if not chosen:
                return None
            target = Path(chosen)
        title = _("Datensicherung")

        def work(_session: Session | None, progress: Progress) -> bk.BackupInfo:
            bk.create_backup(source, target, progress)
            return bk.validate_backup(target)

        result = self.ops.run_in_background(
            work,
            title=title,
            label=_("Die Datenbank wird gesichert …"),
            cancelled_message=_("Datensicherung abgebrochen; es wurde keine Datei geschrieben."),
            parent=self.widget,
            use_session=False,
        )
        if not result.ok or result.value is None:
            return None
        info = result.value
        self._status(
            _("Datensicherung gespeichert: {path} ({size:.1f} MB)").format(
                path=target, size=info.size / 1_048_576
            )
        )
        return target

    # ------------------------------------------------------------------ restore
    def restore(self, source: Path | None = None) -> bool:
        """Datei › Wiederherstellen: validate, ask, replace (keeping the old database)."""
        if self.db_path is None:
            return self._team.restore(source)
        if not self.areas.confirm_leave_all():
            return False
        database = self.db_path
        assert database is not None
        if source is None:
            chosen = prompts.choose_open_file(
                self.widget,
                _("Datensicherung wählen"),
                str(self.backup_folder()),
                _(BACKUP_FILTER),
            )
            if not chosen:
                return False
            source = Path(chosen)
        try:
            info = bk.validate_backup(source)
        except ContactdeskError as exc:
            prompts.show_error(self.widget, exc.message, _("Wiederherstellen"))
            return False
        if not prompts.confirm(
            self.widget,
            _("Wiederherstellen"),
            _("Die Datenbank durch die Sicherung „{name}“ ersetzen?").format(name=source.name),
            _("&Wiederherstellen"),
            _(
                "Die Sicherung ist geprüft und enthält {n} Kontakte. Die jetzige Datenbank wird "
                "nicht gelöscht, sondern als Kopie neben der Datenbankdatei aufbewahrt."
            ).format(n=info.contacts),
        ):
            return False
        self.ops.db.dispose()  # close every connection before the file is replaced

        def restored(result: bk.RestoreResult) -> Change:
            self.ops.clear_history()  # the old steps name rows of the replaced database
            return Change(
                _("Wiederhergestellt aus {name}. Die bisherige Datenbank liegt in {kept}.").format(
                    name=source.name, kept=result.kept
                ),
                ALL_KINDS,
            )

        outcome = self.ops.run_in_background(
            lambda _s, progress: self._restore(source, database, progress),
            title=_("Wiederherstellen"),
            label=_("Die Sicherung wird zurückgespielt …"),
            on_done=restored,
            cancelled_message=_("Wiederherstellen abgebrochen; die Datenbank ist unverändert."),
            parent=self.widget,
            use_session=False,
        )
        return outcome.ok

    def _restore(self, source: Path, database: Path, progress: Progress) -> bk.RestoreResult:
        """Through the window's writer lock, made exclusive for the restore: a running
        command-line import finishes first (or the restore is refused in German)."""
        lock = self._lock()
        if isinstance(lock, bk.DatabaseLock) and lock.held:
            return bk.restore_backup(source, database, progress, lock=lock, wait=RESTORE_WAIT)
        return bk.restore_backup(source, database, progress, check_lock=False)

    # ------------------------------------------------------------------ settings and help
    def open_settings(self) -> bool:
        from contactdesk.gui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.settings, self.widget, open_database=self.ops.db.display_location()
        )
        language = self.settings.language
        accepted = prompts.exec_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return False
        note = _("Einstellungen gespeichert.")
        if self.settings.language != language:
            from PySide6.QtWidgets import QApplication

            from contactdesk.gui.app import install_translations

            app = QApplication.instance()
            if isinstance(app, QApplication):
                install_translations(app, self.settings.language)
            note += " " + _("Die Sprache gilt vollständig ab dem nächsten Start.")
        self.ops.announce(Change.of(note, {Kind.SETTINGS}))
        return True

    def show_help(self, about: bool = False) -> None:
        from contactdesk.gui.dialogs.help import HelpDialog

        log_path = self._log_path()
        dialog = HelpDialog(
            str(self.ops.db.path or self.ops.db.engine.url),
            str(log_path) if log_path else _("(kein Protokoll)"),
            about=about,
            parent=self.widget,
        )
        prompts.exec_dialog(dialog)
        dialog.deleteLater()

    # ------------------------------------------------------------------ daily check
    def start_daily_check(self) -> bool:
        """On the first start of each day: check the file in the background. True if started."""
        path = self.db_path
        if path is None or not path.is_file() or not healthcheck.due_today(path):
            return False
        self.daily_check = DailyCheck(path, self.widget)
        self.daily_check.sig_finished.connect(self._daily_check_done)
        self.daily_check.start()
        return True

    def _daily_check_done(self, result: healthcheck.CheckResult) -> None:
        path = self.db_path
        if path is None:
            return
        if result.ok:
            if not result.skipped:
                healthcheck.mark_checked(path)
            return
        log.error("daily check: %s is damaged: %s", path, "; ".join(result.problems))
        newest = bk.newest_valid_backup(path, self.backup_folder())
        where = (
            _("Die neueste gültige Datensicherung: {path}").format(path=newest)
            if newest is not None
            else _("Es wurde keine gültige Datensicherung gefunden.")
        )
        text = _(
            "Die tägliche Prüfung hat Schäden in der Datenbank {path} gefunden. Bitte arbeiten "
            "Sie nicht weiter damit, sondern stellen Sie eine Datensicherung wieder her: "
            "Datei › Wiederherstellen. Die beschädigte Datei wird dabei nicht gelöscht, sondern "
            "daneben aufbewahrt.\n\n{where}\n\nEinzelheiten: {details}"
        ).format(path=path, where=where, details="; ".join(result.problems[:3]))
        if self._show_status is not None:
            self._show_status(_("Die Datenbank ist beschädigt."), 0)
        prompts.show_error(self.widget, text, _("Datenbank beschädigt"))

    # ------------------------------------------------------------------ robustness
    def warn_network_drive(self) -> str:
        """Say in the status bar that the database is on a network drive; returns the text
        (the window also shows it as a permanent label)."""
        text = _(
            "Achtung: Die Datenbank liegt auf einem Netzlaufwerk. contactdesk arbeitet dort im "
            "sicheren, aber langsameren Journalmodus. Bitte öffnen Sie sie nicht von mehreren "
            "Rechnern gleichzeitig und sichern Sie regelmäßig."
        )
        log.warning("network drive: %s", self.db_path)
        self._status(text)
        return text

    def unsaved_input(self) -> list[dict[str, Any]]:
        """For the crash handler: the typed input of every area with unsaved changes."""
        result = []
        for area in self.areas.areas:
            try:
                dirty = area.has_unsaved_changes()
            except Exception:
                dirty = True  # when in doubt, keep it
            if dirty:
                fields = recovery.snapshot_inputs(area)
                if fields:
                    title = self.areas.titles.get(area.key, area.key)
                    result.append({"bereich": title, "felder": fields})
        return result

    def offer_recovery(self) -> int:
        """At start: show input saved at a crash; returns how many files were shown."""
        shown = 0
        for path in recovery.pending_recoveries():
            dialog = RecoveryDialog(recovery.describe(path), self.widget)
            if prompts.exec_dialog(dialog) == QDialog.DialogCode.Accepted:
                recovery.mark_done(path)
            dialog.deleteLater()
            shown += 1
        return shown
