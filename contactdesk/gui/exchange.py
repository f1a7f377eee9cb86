"""Import and export with Outlook and other programs, for the main window.

`Exchange` owns the actions of Datei › Importieren … and Datei › Exportieren ▸, the context
menus of the contact list and the schedule, and dropping files on the window. mainwindow.py only
creates one `Exchange` and calls `install(file_menu)`.

An import reads every file first (worker thread, own session, cancellable between files), shows
the preview (gui/dialogs/import_preview.py), then writes contacts and events in ONE session:
one transaction, all or nothing, as the command line does (cli/exchange.py). Reading, writing
and exports all run through the one runner (`Ops.run_in_background`: worker thread, own
session, progress, cancel); the core writes files atomically. After an export
gui/dialogs/export_done.py offers to open the file. Exchange holds only what it needs: the
runner, a parent widget (also the drop target), the window's areas and settings.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QStyle, QWidget

from contactdesk.core.changes import CONTACT_KINDS, Kind
from contactdesk.core.errors import ContactdeskError, os_reason
from contactdesk.core.i18n import _
from contactdesk.core.progress import Progress
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import imports
from contactdesk.core.services import schedule as sc
from contactdesk.core.timezones import zone
from contactdesk.gui import outlook_bridge, outlook_drop, prompts
from contactdesk.gui.actions import icon
from contactdesk.gui.dialogs import export_done, import_preview
from contactdesk.gui.dialogs.export_options import (
    SCOPE_LIST,
    SCOPE_SELECTED,
    CalendarExportDialog,
    ContactScopeDialog,
    OrganiserDialog,
)
from contactdesk.gui.ops import Change

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # the type of what the runner passes to a service

    from contactdesk.gui.area import AreaDirectory
    from contactdesk.gui.ops import Ops

log = logging.getLogger(__name__)
T = TypeVar("T")


def import_filter() -> str:
    """The file dialog's filters, from the import plan's table of readers."""
    readers = [r for r in imports.READERS if r.available()]
    every = " ".join(f"*{s}" for r in readers for s in r.suffixes)
    parts = [_("Kontakte und Termine ({patterns})").format(patterns=every)]
    parts += [f"{_(r.label)} ({' '.join(f'*{s}' for s in r.suffixes)})" for r in readers]
    parts.append(_("Alle Dateien (*)"))
    return ";;".join(parts)


# action keys (also the objectName suffix: action_exchange_<key>)
IMPORT = "import"
VCARD = "vcard"
VCARD_ZIP = "vcard_zip"
CSV = "csv"
CALENDAR = "calendar"
INVITATION = "invitation"
EMAIL = "email"
CANCELLATION = "cancellation"
EVENT_ICS = "event_ics"
SEND = "send"
SEND_CANCEL = "send_cancel"


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


def _slug(text: str) -> str:
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f„“”‚‘’«»\']+', " ", text).strip()
    cleaned = re.sub(r"\s+", "-", cleaned)
    return cleaned[:60].strip("-.") or "termin"


def _german_files(paths: Sequence[Path], limit: int = 8) -> str:
    text = ", ".join(f"„{p.name}“" for p in paths[:limit])
    if len(paths) > limit:
        text += _(" und {n} weitere").format(n=len(paths) - limit)
    return text


class Exchange(QObject):
    """Import and export commands of one main window."""

    def __init__(
        self,
        ops: Ops,
        parent: QWidget,
        areas: AreaDirectory,
        settings: Any,
        status: Callable[[str, int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        #: dialogs are shown over it; files and Outlook items are dropped on it
        self.widget = parent
        self.areas = areas
        #: the window's settings (gui/settings.py): organiser, reminder
        self.settings = settings
        self._show_status = status
        self._folder = ""
        #: the plan of the last import that was read (for tests and the status of the window)
        self.last_plan: imports.ImportPlan | None = None
        self.actions: dict[str, QAction] = {}
        for key, text, theme, tip in (
            (
                IMPORT,
                _("&Importieren …"),
                "document-import",
                _("Kontakte (.vcf, .csv) und Termine (.ics, .eml) importieren, mit Vorschau"),
            ),
            (
                VCARD,
                _("Kontakte als &vCard (.vcf) …"),
                "document-export",
                _("Kontakte als vCard 3.0 in eine Datei schreiben"),
            ),
            (
                VCARD_ZIP,
                _("Kontakte für &Outlook (vCard je Kontakt, ZIP) …"),
                "document-export",
                _("Eine vCard-2.1-Datei je Kontakt in einer ZIP-Datei, für Outlook für Windows"),
            ),
            (
                CSV,
                _("Kontakte als Outlook-&CSV …"),
                "document-export",
                _("Kontakte im Aufbau des deutschen Outlook (CSV, Semikolon)"),
            ),
            (
                CALENDAR,
                _("&Kalender als iCalendar (.ics) …"),
                "x-office-calendar",
                _("Termine (und Fristen) für den eigenen Outlook-Kalender"),
            ),
            (
                EVENT_ICS,
                _("Gewählten &Termin für den eigenen Kalender (.ics) …"),
                "x-office-calendar",
                _("Nur den gewählten Termin als Kalendereintrag (ohne Einladung)"),
            ),
            (
                INVITATION,
                _("&Einladung für den gewählten Termin (.ics) …"),
                "mail-send",
                _("Einladung mit allen Teilnehmenden, die Outlook als Besprechung öffnet"),
            ),
            (
                EMAIL,
                _("Einladung als E-&Mail (.eml) …"),
                "mail-message-new",
                _("Ein E-Mail-Entwurf mit der Einladung, den Outlook zum Senden öffnet"),
            ),
            (
                CANCELLATION,
                _("&Absage für den gewählten Termin (.ics) …"),
                "mail-mark-junk",
                _("Den Termin absagen und die Absage für Outlook speichern"),
            ),
            (
                SEND,
                _("Einladung &senden …"),
                "mail-send",
                _(
                    "Die Einladung per E-Mail an alle mit Adresse und Einwilligung senden, mit Vorschau"
                ),
            ),
            (
                SEND_CANCEL,
                _("Absage sen&den …"),
                "mail-send",
                _("Den Termin absagen und die Absage per E-Mail senden, mit Vorschau"),
            ),
        ):
            action = QAction(icon(theme, QStyle.StandardPixmap.SP_DialogSaveButton), text, self)
            action.setObjectName(f"action_exchange_{key}")
            action.setToolTip(tip)
            action.setStatusTip(tip)
            self.actions[key] = action
        importer = self.actions[IMPORT]
        importer.setShortcut(QKeySequence("Ctrl+I"))
        importer.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        importer.setToolTip(_("{tip} (Strg+I)").format(tip=importer.toolTip()))
        importer.triggered.connect(lambda: self.import_dialog())
        self.actions[VCARD].triggered.connect(lambda: self.export_contacts(VCARD))
        self.actions[VCARD_ZIP].triggered.connect(lambda: self.export_contacts(VCARD_ZIP))
        self.actions[CSV].triggered.connect(lambda: self.export_contacts(CSV))
        self.actions[CALENDAR].triggered.connect(lambda: self.export_calendar())
        self.actions[EVENT_ICS].triggered.connect(lambda: self.export_event_calendar())
        self.actions[INVITATION].triggered.connect(lambda: self.export_invitation("REQUEST"))
        self.actions[EMAIL].triggered.connect(lambda: self.export_email())
        self.actions[CANCELLATION].triggered.connect(lambda: self.export_invitation("CANCEL"))
        self.actions[SEND].triggered.connect(lambda: self.send_invitation("REQUEST"))
        self.actions[SEND_CANCEL].triggered.connect(lambda: self.send_invitation("CANCEL"))
        self.export_menu: QMenu | None = None

    # ------------------------------------------------------------------ wiring
    def install(self, file_menu: QMenu) -> None:
        """Add Importieren / Exportieren to the file menu; context menus; dropping files."""
        file_menu.addAction(self.actions[IMPORT])
        menu = file_menu.addMenu(_("&Exportieren"))
        menu.setObjectName("menu_export")
        for key in (VCARD, VCARD_ZIP, CSV, None, CALENDAR, EVENT_ICS, None):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        for key in (INVITATION, EMAIL, CANCELLATION, None, SEND, SEND_CANCEL):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        menu.aboutToShow.connect(self.update_actions)
        self.export_menu = menu
        self.widget.addActions(list(self.actions.values()))
        self.widget.setAcceptDrops(True)
        self.widget.installEventFilter(self)

    def install_area_menus(self, key: str, area: object) -> None:
        """The export entries of one area's lists and calendars (once per area). The window
        calls it for each area it builds (areas are built when first shown)."""
        if key == "contacts":
            table = getattr(area, "table", None)
            if isinstance(table, QWidget) and (
                table.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
            ):
                table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                table.customContextMenuRequested.connect(
                    lambda pos, t=table: self._contact_menu(t, pos)
                )
        if key != "events":
            return
        for name in ("table", "month", "week"):
            widget = getattr(area, name, None)
            if isinstance(widget, QWidget) and (
                widget.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
            ):
                widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                widget.customContextMenuRequested.connect(
                    lambda pos, w=widget: self._event_menu(w, pos)
                )
        # the event editor's banner "Änderung noch nicht versendet – Aktualisierung senden"
        requested = getattr(getattr(area, "editor", None), "sig_send_update_requested", None)
        if requested is not None:
            requested.connect(lambda: self.send_invitation("REQUEST"))

    def _contact_menu(self, table: QWidget, pos: QPoint) -> None:
        menu = QMenu(table)
        menu.setAccessibleName(_("Kontakt exportieren"))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        contact_id = self._selected_contact()[0]
        for key, text in (
            (VCARD, _("Ausgewählten Kontakt als &vCard (.vcf) …")),
            (CSV, _("Ausgewählten Kontakt als Outlook-&CSV …")),
        ):
            action = menu.addAction(text)
            action.setEnabled(contact_id is not None)
            action.triggered.connect(
                lambda _c=False, k=key, cid=contact_id: self.export_contacts(k, [cid])
            )
        menu.addSeparator()
        menu.addAction(self.actions[IMPORT])
        menu.popup(table.mapToGlobal(pos))

    def _event_menu(self, widget: QWidget, pos: QPoint) -> None:
        self.update_actions()
        menu = QMenu(widget)
        menu.setAccessibleName(_("Termin exportieren"))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for key in (SEND, SEND_CANCEL):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        for key in (INVITATION, EMAIL, CANCELLATION, EVENT_ICS):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        menu.addAction(self.actions[CALENDAR])
        menu.popup(widget.mapToGlobal(pos))

    def update_actions(self) -> None:
        has_event = self.selected_event_id() is not None
        for key in (INVITATION, EMAIL, CANCELLATION, EVENT_ICS, SEND, SEND_CANCEL):
            self.actions[key].setEnabled(has_event)

    def _area(self, key: str) -> Any:
        return self.areas.get(key)

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

    # ------------------------------------------------------------------ helpers
    def _status(self, text: str) -> None:
        if self._show_status is not None:
            self._show_status(text, 10000)

    def _inform(self, title: str, text: str, informative: str = "") -> None:
        prompts.inform(self.widget, title, text, informative)

    def _start_folder(self) -> str:
        if self._folder:
            return self._folder
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _save_path(self, title: str, name: str, filters: str, suffix: str) -> Path | None:
        chosen = prompts.choose_save_file(
            self.widget, title, str(Path(self._start_folder()) / name), filters
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._folder = str(path.parent)
        return path

    def _run(
        self,
        title: str,
        label: str,
        fn: Callable[[Session, Progress], T],
        on_done: Callable[[T], Change | None] | None = None,
        cancelled_message: str = "",
    ) -> T | None:
        """fn(session, progress) through the one runner: worker thread, own session (committed
        on success), progress and cancel. German errors are shown and give None, and so does a
        cancel (the status bar says it was cancelled and nothing changed)."""
        result = self.ops.run_in_background(
            fn,
            title=title,
            label=label,
            on_done=on_done,
            cancelled_message=cancelled_message,
            parent=self.widget,
        )
        return result.value if result.ok else None

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
            _("Die Dateien werden geprüft: {files} …").format(files=_german_files(paths)),
            read,
        )
        if plan is None:  # an error shown, or cancelled (the status bar says so)
            return None
        self.last_plan = plan
        readable = [f.path for f in plan.read_files]
        if plan.unsupported:
            skipped = [f.path for f in plan.unsupported]
            text = _("Diese Dateien können nicht importiert werden: {files}.").format(
                files=_german_files(skipped)
            )
            info = "\n".join(f.reason for f in plan.unsupported)
            if readable or plan.errors:
                info += "\n\n" + _("Die übrigen Dateien werden geprüft: {files}.").format(
                    files=_german_files([f.path for f in plan.files if f.state != "unsupported"])
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
                    files=_german_files(readable)
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

    # ------------------------------------------------------------------ contact exports
    def _selected_contact(self) -> tuple[int | None, str]:
        view = self._area("contacts")
        if view is None:
            return None, ""
        contact_id = view.selected_contact_id()
        if contact_id is None:
            return None, ""
        row_index = view.model.row_of(contact_id)
        row = view.model.contact_row(row_index) if row_index is not None else None
        return contact_id, row.display_name if row is not None else ""

    def _ask_contacts(self, title: str) -> tuple[bool, list[int] | None]:
        """(go on?, contact ids or None for all). Asks only when there is a choice."""
        view = self._area("contacts")
        total = self.ops.read(cs.count_contacts)
        if total == 0:
            self._inform(title, _("Es gibt noch keine Kontakte zum Exportieren."))
            return False, None
        flt = view.current_filter() if view is not None else cs.ContactFilter()
        filtered = flt != cs.ContactFilter()
        selected_id, selected_name = self._selected_contact()
        on_contacts = self.areas.current_key() == "contacts"
        if not on_contacts or (not filtered and selected_id is None):
            return True, None
        listed_ids = (
            [r.id for r in self.ops.read(lambda s: cs.list_contacts(s, flt))] if filtered else None
        )
        dialog = ContactScopeDialog(
            title,
            total,
            len(listed_ids) if listed_ids is not None else None,
            selected_name if selected_id is not None else None,
            self.widget,
        )
        try:
            if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return False, None
            scope = dialog.scope()
        finally:
            dialog.deleteLater()
        if scope == SCOPE_SELECTED and selected_id is not None:
            return True, [selected_id]
        if scope == SCOPE_LIST and listed_ids is not None:
            if not listed_ids:
                self._inform(title, _("Die aktuelle Liste ist leer."))
                return False, None
            return True, listed_ids
        return True, None

    def export_contacts(self, fmt: str, contact_ids: list[int] | None = None) -> Path | None:
        title, name, filters, suffix = {
            VCARD: (_("Kontakte als vCard exportieren"), "kontakte.vcf", "vCard (*.vcf)", ".vcf"),
            VCARD_ZIP: (
                _("Kontakte für Outlook exportieren"),
                "kontakte-outlook.zip",
                _("ZIP-Datei (*.zip)"),
                ".zip",
            ),
            CSV: (
                _("Kontakte als Outlook-CSV exportieren"),
                "kontakte-outlook.csv",
                "CSV (*.csv)",
                ".csv",
            ),
        }[fmt]
        if contact_ids is None:
            go_on, contact_ids = self._ask_contacts(title)
            if not go_on:
                return None
        path = self._save_path(title, name, filters, suffix)
        if path is None:
            return None
        ids = contact_ids
        writer: Callable[[Session, Progress], cx.ExportResult] = {
            VCARD: lambda s, p: cx.export_vcards(s, path, ids, progress=p),
            VCARD_ZIP: lambda s, p: cx.export_vcard_zip(s, path, ids, progress=p),
            CSV: lambda s, p: cx.export_outlook_csv(s, path, ids, progress=p),
        }[fmt]
        result = self._run(
            title,
            _("Die Kontakte werden exportiert …"),
            writer,
            cancelled_message=_("Export abgebrochen; es wurde keine Datei geschrieben."),
        )
        if result is None:
            return None
        summary, hint = {
            VCARD: (
                _("{n} Kontakte als vCard 3.0 exportiert."),
                _(
                    "Outlook für Windows übernimmt aus einer .vcf-Datei nur den ersten Kontakt. "
                    "Für viele Kontakte: Exportieren › Kontakte für Outlook (vCard je Kontakt, ZIP)."
                ),
            ),
            VCARD_ZIP: (
                _("{n} Kontakte als einzelne vCard-Dateien (2.1) in einer ZIP-Datei exportiert."),
                _(
                    "In Outlook: die ZIP-Datei entpacken, alle .vcf-Dateien markieren und auf den "
                    "Ordner „Kontakte“ ziehen."
                ),
            ),
            CSV: (
                _("{n} Kontakte als Outlook-CSV exportiert."),
                _(
                    "In Outlook: Datei › Öffnen und exportieren › Importieren/Exportieren › Aus "
                    "anderer Anwendung oder Datei importieren › Kommagetrennte Werte."
                ),
            ),
        }[fmt]
        if result.count == 1:
            summary = summary.replace("{n} Kontakte", "1 Kontakt")
        summary = summary.format(n=result.count)
        self._status(summary)
        export_done.show_export_done(self.widget, result.path, summary, hint=hint)
        return result.path

    # ------------------------------------------------------------------ calendar exports
    def export_calendar(self) -> Path | None:
        today = datetime.now(UTC).astimezone(zone("Europe/Berlin")).date()
        dialog = CalendarExportDialog(today, self.widget)
        try:
            if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return None
            choice = dialog.choice()
        finally:
            dialog.deleteLater()
        title = _("Kalender exportieren")
        path = self._save_path(title, "kalender.ics", "iCalendar (*.ics)", ".ics")
        if path is None:
            return None
        berlin = zone("Europe/Berlin")
        start = (
            datetime.combine(choice.start, time(), berlin).astimezone(UTC) if choice.start else None
        )
        end = (
            datetime.combine(choice.end + timedelta(days=1), time(), berlin).astimezone(UTC)
            if choice.end
            else None
        )
        reminder = self._reminder()
        data = self._run(
            title,
            _("Die Termine werden exportiert …"),
            lambda s, _p: calx.write_calendar(
                s,
                path,
                start=start,
                end=end,
                flt=sc.EventFilter(kind=choice.kind) if choice.kind else None,
                include_deadlines=choice.deadlines,
                name=choice.name,
                reminder_minutes=reminder,
                organiser=self._configured_organiser(),
            ),
        )
        if data is None:
            return None
        count = data.count(b"BEGIN:VEVENT")
        summary = _("{n} Einträge in den Kalender „{name}“ exportiert.").format(
            n=count, name=choice.name
        )
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            hint=_(
                "Ein Doppelklick öffnet die Datei in Outlook als zusätzlichen Kalender; die "
                "Termine lassen sich von dort in den eigenen Kalender ziehen."
            ),
        )
        return path

    def _configured_organiser(self) -> calx.Organiser | None:
        """The sender set under Einstellungen (ORGANIZER of a PUBLISH calendar), or None."""
        known = getattr(self.settings, "organiser", None)
        return known() if callable(known) else None

    def _reminder(self) -> int | None:
        minutes = getattr(self.settings, "reminder_minutes", calx.DEFAULT_REMINDER_MINUTES)
        return int(minutes) or None

    def selected_event_id(self) -> int | None:
        """The event shown in the editor of Termine, else the one selected in its list;
        for an occurrence of a series, the series."""
        view = self._area("events")
        if view is None:
            return None
        editor = getattr(view, "editor", None)
        loaded = getattr(editor, "loaded", None)
        if loaded is not None and (loaded.series_id or loaded.id):
            return int(loaded.series_id or loaded.id)
        selected = getattr(view, "selected_occurrence", None)
        occ = selected() if callable(selected) else None
        if occ is not None:
            return int(occ.series_id or occ.event_id)
        return None

    def _event_for_export(self, title: str) -> sc.EventData | None:
        view = self._area("events")
        if view is not None and view.has_unsaved_changes() and not view.confirm_leave():
            return None
        event_id = self.selected_event_id()
        if event_id is None:
            self._inform(
                title,
                _("Bitte wählen Sie zuerst unter „Termine“ einen gespeicherten Termin aus."),
            )
            return None
        try:
            return self.ops.read(lambda s: sc.get_event(s, event_id))
        except ContactdeskError as exc:
            prompts.show_error(self.widget, exc.message, title)
            return None

    def _organiser(self, data: sc.EventData, title: str) -> tuple[bool, calx.Organiser | None]:
        """(go on?, organiser to pass): the event's own, else the settings', else asked."""
        if data.organiser_email:
            return True, None
        settings = self.settings
        from_settings = getattr(settings, "organiser", None)
        known = from_settings() if callable(from_settings) else None
        if known is not None and known.email:
            return True, known
        dialog = OrganiserDialog(
            getattr(settings, "organiser_name", "") or data.organiser_name,
            getattr(settings, "organiser_email", ""),
            self.widget,
        )
        dialog.setWindowTitle(f"{title}: {dialog.windowTitle()}")
        try:
            if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
                return False, None
            name, email = dialog.values()
            if dialog.remember.isChecked() and hasattr(settings, "organiser_email"):
                settings.organiser_name = name
                settings.organiser_email = email
        finally:
            dialog.deleteLater()
        return True, calx.Organiser(name, email)

    def export_invitation(self, method: str = "REQUEST") -> Path | None:
        cancel = method == "CANCEL"
        title = _("Absage exportieren") if cancel else _("Einladung exportieren")
        data = self._event_for_export(title)
        if data is None or data.id is None:
            return None
        if (
            cancel
            and data.status != "abgesagt"
            and not prompts.confirm(
                self.widget,
                title,
                _("Den Termin „{title}“ absagen?").format(title=data.title),
                _("Absagen und speichern …"),
                _(
                    "Der Termin wird dabei als abgesagt markiert. Das kann nicht mit Rückgängig "
                    "zurückgenommen werden; den Status können Sie im Termin wieder ändern."
                ),
            )
        ):
            return None
        go_on, organiser = self._organiser(data, title)
        if not go_on:
            return None
        prefix = "absage" if cancel else "einladung"
        path = self._save_path(
            title, f"{prefix}-{_slug(data.title)}.ics", "iCalendar (*.ics)", ".ics"
        )
        if path is None:
            return None
        event_id = data.id
        reminder = self._reminder()
        cancelled = Change.of(
            _("Termin abgesagt: {title}").format(title=data.title), ids={Kind.EVENTS: [event_id]}
        )
        result = self._run(
            title,
            _("Die Datei wird geschrieben …"),
            lambda s, _p: calx.write_invitation(
                s,
                event_id,
                path,
                method=method,
                organiser=organiser,
                reminder_minutes=reminder,
            ),
            on_done=lambda _r: cancelled if cancel else None,
        )
        if result is None:
            return None
        if cancel:
            summary = _("Absage für „{title}“ an {n} Empfänger gespeichert.")
        else:
            summary = _("Einladung für „{title}“ an {n} Empfänger gespeichert.")
        summary = summary.format(title=data.title, n=len(result.recipients))
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            left_out=result.left_out,
            hint=_(
                "Ein Doppelklick öffnet die Datei in Outlook als Besprechungsanfrage; von dort "
                "senden Sie sie an die Teilnehmenden."
            ),
        )
        return path

    def export_email(self) -> Path | None:
        title = _("Einladung als E-Mail")
        data = self._event_for_export(title)
        if data is None or data.id is None:
            return None
        go_on, organiser = self._organiser(data, title)
        if not go_on:
            return None
        path = self._save_path(
            title, f"einladung-{_slug(data.title)}.eml", _("E-Mail (*.eml)"), ".eml"
        )
        if path is None:
            return None
        event_id = data.id
        result = self._run(
            title,
            _("Die E-Mail wird geschrieben …"),
            lambda s, _p: calx.write_email(s, event_id, path, organiser=organiser),
        )
        if result is None:
            return None
        summary = _("E-Mail mit der Einladung zu „{title}“ an {n} Empfänger gespeichert.").format(
            title=data.title, n=len(result.recipients)
        )
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            left_out=result.left_out,
            hint=_(
                "So geht es weiter: „Öffnen“ öffnet die E-Mail in Outlook als neuen Entwurf – "
                "mit allen Empfängern, dem Text und der Einladung im Anhang. Prüfen Sie Betreff "
                "und Text und klicken Sie in Outlook auf „Senden“. Der Termin bleibt in "
                "contactdesk; die Zu- und Absagen, die zurückkommen, speichern Sie aus Outlook "
                "und importieren sie hier über Datei › Importieren."
            ),
        )
        return path

    def send_invitation(self, method: str = "REQUEST") -> Any:
        """Einladung senden …: preview, then send over SMTP (gui/dialogs/send_invitation.py);
        without a mail server the preview offers the Outlook draft instead."""
        from contactdesk.gui.dialogs import send_invitation

        event_id = self.selected_event_id()
        if event_id is None:
            return None
        editor = getattr(self._area("events"), "editor", None)
        if editor is not None and editor.is_dirty():
            prompts.show_error(
                self.widget,
                _(
                    "Bitte speichern Sie zuerst die Änderungen am Termin; gesendet wird, was "
                    "gespeichert ist."
                ),
                _("Einladung senden"),
            )
            return None
        return send_invitation.send_invitation(
            self.ops,
            self.widget,
            self.settings,
            event_id,
            method,
            draft=lambda: self.export_email(),
        )

    def export_event_calendar(self) -> Path | None:
        """The chosen event (with its series) as a PUBLISH calendar for one's own Outlook."""
        title = _("Termin exportieren")
        data = self._event_for_export(title)
        if data is None or data.id is None:
            return None
        path = self._save_path(
            title, f"termin-{_slug(data.title)}.ics", "iCalendar (*.ics)", ".ics"
        )
        if path is None:
            return None
        event_id = data.id
        reminder = self._reminder()
        written = self._run(
            title,
            _("Die Datei wird geschrieben …"),
            lambda s, _p: calx.write_calendar(
                s,
                path,
                event_ids=[event_id],
                name=data.title,
                reminder_minutes=reminder,
                organiser=self._configured_organiser(),
            ),
        )
        if written is None:
            return None
        summary = _("Termin „{title}“ für den eigenen Kalender gespeichert.").format(
            title=data.title
        )
        self._status(summary)
        export_done.show_export_done(
            self.widget,
            path,
            summary,
            hint=_("Ein Doppelklick übernimmt den Termin in den Outlook-Kalender."),
        )
        return path
