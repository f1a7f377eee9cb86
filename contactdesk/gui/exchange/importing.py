"""Importing: Datei › Importieren …, files and Outlook items dropped on the window.

An import reads every file first (worker thread, own session, cancellable between files), shows
the preview (gui/dialogs/import_preview), then writes contacts and events in ONE session:
one transaction, all or nothing, as the command line does (cli/exchange.py): the import plan
of core/services/imports.py. Dropped files are taken only as a copy; what Outlook hands over
is written into a private folder, imported and removed again.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog

from contactdesk.core.changes import CONTACT_KINDS, Kind
from contactdesk.core.errors import os_reason
from contactdesk.core.i18n import _
from contactdesk.core.progress import Progress
from contactdesk.core.services import imports
from contactdesk.gui import outlook_bridge, outlook_drop, prompts
from contactdesk.gui.dialogs import import_preview
from contactdesk.gui.exchange.base import ExchangeBase, german_file_list
from contactdesk.gui.ops import Change

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # the type of what the runner passes to a service


def import_filter() -> str:
    """The file dialog's filters, from the import plan's table of readers."""
    readers = [r for r in imports.READERS if r.available()]
    every = " ".join(f"*{s}" for r in readers for s in r.suffixes)
    parts = [_("Kontakte und Termine ({patterns})").format(patterns=every)]
    parts += [f"{_(r.label)} ({' '.join(f'*{s}' for s in r.suffixes)})" for r in readers]
    parts.append(_("Alle Dateien (*)"))
    return ";;".join(parts)


#: what an import wrote (contacts, events): the core's report
ImportOutcome = imports.ImportReport


def import_change(outcome: imports.ImportReport, message: str) -> Change:
    """What an import changed: the contacts it created or updated (by id), the events and
    their participants it wrote."""
    ids: dict[Kind, list[int]] = {}
    kinds: set[Kind] = set()
    if outcome.contacts is not None:
        kinds |= CONTACT_KINDS
        ids[Kind.CONTACTS] = outcome.contacts.created_ids + outcome.contacts.updated_ids
    if outcome.events is not None:
        kinds |= {Kind.EVENTS, Kind.PARTICIPANTS}
    return Change.of(message, kinds, ids)


class ImportFlow(ExchangeBase):
    """Import with preview; dropping files and Outlook items on the window."""

    # ------------------------------------------------------------------ import
    def import_dialog(self) -> ImportOutcome | None:
        chosen = prompts.choose_open_files(
            self.widget, _("Importieren"), self._start_folder(), import_filter()
        )
        if not chosen:
            return None
        self._folder = str(Path(chosen[0]).parent)
        return self.import_files([Path(p) for p in chosen])

    def import_files(self, paths: Sequence[Path]) -> ImportOutcome | None:
        """Preview, ask, then commit contacts and events in one transaction: the import plan
        of core/services/imports.py, as the command line uses it."""
        paths = list(dict.fromkeys(Path(p) for p in paths))
        if not paths:
            return None
        if not self.areas.confirm_leave_all():
            return None

        def read(session: Session, progress: Progress) -> imports.ImportPlan:
            return imports.preview(session, paths, progress=progress)

        plan = self._run(
            _("Importieren"),
            _("Die Dateien werden geprüft: {files} …").format(files=german_file_list(paths)),
            read,
        )
        if plan is None:  # an error shown, or cancelled (the status bar says so)
            return None
        self.last_plan = plan
        readable = [f.path for f in plan.read_files]
        if plan.unsupported:
            skipped = [f.path for f in plan.unsupported]
            text = _("Diese Dateien können nicht importiert werden: {files}.").format(
                files=german_file_list(skipped)
            )
            info = "\n".join(f.reason for f in plan.unsupported)
            if readable or plan.errors:
                info += "\n\n" + _("Die übrigen Dateien werden geprüft: {files}.").format(
                    files=german_file_list([f.path for f in plan.files if f.state != "unsupported"])
                )
            self._inform(_("Importieren"), text, info)
        if plan.errors:
            prompts.show_error(
                self.widget,
                "\n\n".join(plan.errors)
                + "\n\n"
                + _(
                    "Es wurde nichts importiert. Bitte prüfen oder exportieren Sie die "
                    "Datei erneut; mit den übrigen Dateien können Sie den Import wiederholen."
                ),
                _("Import nicht möglich"),
            )
            return None
        if not readable:
            return None
        if plan.empty:
            self._inform(
                _("Importieren"),
                _("In {files} wurde nichts zum Importieren gefunden.").format(
                    files=german_file_list(readable)
                ),
            )
            return None

        dialog = import_preview.ImportPreviewDialog(
            [p.name for p in readable], plan.contacts, plan.calendar, self.widget
        )
        try:
            accepted = prompts.exec_dialog(dialog) == QDialog.DialogCode.Accepted
            decisions = dialog.decisions()
            create_organisations = dialog.create_organisations.isChecked()
        finally:
            dialog.deleteLater()
        if not accepted:
            self._status(_("Import abgebrochen; es wurde nichts geändert."))
            return None
        options = imports.ImportOptions(
            decisions=decisions, create_organisations=create_organisations
        )

        def commit(session: Session, progress: Progress) -> imports.ImportReport:
            return imports.commit(session, plan, options, progress=progress)

        contacts = plan.contacts
        warnings = [w for e in (contacts.entries if contacts else []) for w in e.warnings]
        texts: list[tuple[str, str]] = []

        def done(outcome: imports.ImportReport) -> Change:
            summary, details = import_preview.report_text(
                outcome.contacts, outcome.events, warnings
            )
            texts.append((summary, details))
            return import_change(
                outcome, _("Import: {summary}").format(summary=summary.replace("\n", " "))
            )

        outcome = self._run(_("Importieren"), _("Der Import wird gespeichert …"), commit, done)
        if outcome is None:
            return None
        summary, details = texts[0]
        report_dialog = import_preview.ImportReportDialog(summary, details, self.widget)
        try:
            prompts.exec_dialog(report_dialog)
        finally:
            report_dialog.deleteLater()
        return outcome

    # ------------------------------------------------------------------ drag and drop
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget:
            kind = event.type()
            # (PySide6 hands the filter the event's own class: QDragEnterEvent, QDropEvent ...)
            if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                # (QDragEnterEvent and QDragMoveEvent are QDropEvents)
                if isinstance(event, QDropEvent) and outlook_drop.accepts(event.mimeData()):
                    self._accept_as_copy(event)
                    return True
            elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
                mime = event.mimeData()
                if mime is not None and outlook_drop.descriptors(mime):
                    # items dragged out of Outlook: their bytes exist only during the drop
                    if self._accept_as_copy(event):
                        drop = outlook_drop.read_drop(mime)
                        if drop.outlook_items:  # from Outlook's list: Outlook saves them
                            names = drop.outlook_items
                            QTimer.singleShot(0, lambda: self._take_outlook_selection(names))
                        else:
                            self._take_outlook_drop(drop)
                    return True
                paths = self._dropped_paths(event)
                if paths:
                    if self._accept_as_copy(event):
                        # after the drop returns: the program the files came from is not blocked
                        QTimer.singleShot(0, lambda: self.import_files(paths))
                    return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _accept_as_copy(event: QDropEvent) -> bool:
        """Take a drag only as a copy: after a "move" (Shift held, or the source's default)
        Outlook would delete the mail from its folder and Explorer the file from the disk."""
        if not event.possibleActions() & Qt.DropAction.CopyAction:
            event.ignore()
            return False
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        return True

    def _take_outlook_drop(self, drop: outlook_drop.Drop) -> None:
        """Write what Outlook handed over into a private folder, import it, remove it again."""
        folder = Path(tempfile.mkdtemp(prefix="contactdesk-outlook-"))
        try:
            paths = outlook_drop.save_files(drop.files, folder)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            self._inform(_("Importieren"), os_reason(exc))
            return

        def run() -> None:
            try:
                if drop.problems:
                    self._inform(_("Importieren"), "\n\n".join(drop.problems))
                if paths:
                    self.import_files(paths)
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        QTimer.singleShot(0, run)  # after the drop returns: Outlook is not kept waiting

    def _take_outlook_selection(self, names: list[str]) -> None:
        """Items dragged out of Outlook's list: Outlook saves them as .msg into a private
        folder (outlook_bridge.py), then they are imported like dropped files."""
        title = _("Importieren")
        folder = Path(tempfile.mkdtemp(prefix="contactdesk-outlook-"))
        try:
            result = self.ops.run_in_background(
                lambda _session, p: outlook_bridge.fetch_selection(names, folder, progress=p),
                title=title,
                label=_(
                    "Outlook speichert die herübergezogenen Elemente …\n"
                    "Fragt Outlook, ob ein Programm zugreifen darf: bitte „Zulassen“."
                ),
                cancelled_message=_("Import abgebrochen; es wurde nichts geändert."),
                parent=self.widget,
                use_session=False,
            )
            fetched = result.value
            if fetched is None:  # cancelled (said in the status bar) or an error (shown)
                return
            if fetched.problems:
                self._inform(title, outlook_bridge.failure_text(fetched.problems))
            elif fetched.paths:
                self.import_files(fetched.paths)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def _dropped_paths(event: QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
