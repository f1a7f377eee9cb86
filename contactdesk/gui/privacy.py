"""The main window's *Kontakte* menu for one record per person and for data protection:
duplicates and merging, Auskunft (Art. 15), erasure (Art. 17) and the retention review.
Kept apart from mainwindow.py, which only creates one `PrivacyMenu` and installs its menu."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMenuBar

from contactdesk.core.i18n import _

if TYPE_CHECKING:
    from contactdesk.gui.mainwindow import MainWindow


class PrivacyMenu:
    """Creates the menu entries and opens the dialogs; the work is done in the core."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.menu: QMenu | None = None
        self.find_duplicates = QAction(_("&Dubletten suchen …"), window)
        self.find_duplicates.setObjectName("action_find_duplicates")
        self.find_duplicates.setStatusTip(
            _("Kontakte finden, die wahrscheinlich dieselbe Person sind, und zusammenführen")
        )
        self.find_duplicates.triggered.connect(self.show_duplicates)
        self.report = QAction(_("&Auskunft erstellen …"), window)
        self.report.setObjectName("action_privacy_report")
        self.report.setStatusTip(
            _("Auskunft nach Art. 15 DSGVO über den gewählten Kontakt als PDF-Brief oder JSON")
        )
        self.report.triggered.connect(lambda: self.write_report())
        self.erase = QAction(_("Nach DSGVO &löschen …"), window)
        self.erase.setObjectName("action_privacy_erase")
        self.erase.setStatusTip(
            _("Den gewählten Kontakt nach Art. 17 DSGVO spurlos löschen (mit Probelauf)")
        )
        self.erase.triggered.connect(lambda: self.erase_current())
        self.review = QAction(_("Datenschutz-Über&prüfung …"), window)
        self.review.setObjectName("action_privacy_review")
        self.review.setStatusTip(
            _("Kontakte mit abgelaufener Einwilligung oder lange ohne Aktivität prüfen")
        )
        self.review.triggered.connect(lambda: self.show_review())

    def install(self, bar: QMenuBar, before: QMenu) -> QMenu:
        menu = QMenu(_("&Kontakte"), bar)
        menu.setObjectName("menu_contacts")
        menu.addAction(self.find_duplicates)
        menu.addSeparator()
        menu.addAction(self.report)
        menu.addAction(self.erase)
        menu.addAction(self.review)
        bar.insertMenu(before.menuAction(), menu)
        self.menu = menu
        return menu

    def show_duplicates(self) -> None:
        from contactdesk.gui.dialogs.duplicates import DuplicatesDialog

        if not self.window.contacts.confirm_leave():  # unsaved input first: a merge reloads
            return
        DuplicatesDialog(self.window.ops, self.window).exec()

    def current_contact_id(self) -> int | None:
        """The contact chosen in the Kontakte area (which is brought to the front, so the
        user sees whom the command is about)."""
        if self.window.current_spec().key != "contacts" and not self.window.show_area("contacts"):
            return None
        view = self.window.contacts
        cid = view.selected_contact_id()
        return cid if cid is not None else view.editor.contact_id

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 15000)

    def write_report(self, target: Path | None = None) -> Path | None:
        """Kontakte › Auskunft erstellen: the letter (.pdf) or the data (.json) of a person."""
        from contactdesk.core.errors import ContactdeskError
        from contactdesk.core.fileio import atomic_write
        from contactdesk.core.formats.pdf import privacy_letter
        from contactdesk.core.formats.pdf.settings import PdfSettings
        from contactdesk.core.i18n import source_language
        from contactdesk.core.services import privacy
        from contactdesk.gui import prompts

        cid = self.current_contact_id()
        if cid is None:
            prompts.show_error(self.window, _("Bitte wählen Sie zuerst einen Kontakt."))
            return None
        try:
            with source_language():
                report = self.window.ops.read(lambda s: privacy.report(s, cid))
        except ContactdeskError as exc:
            prompts.show_error(self.window, exc.message)
            return None
        if report["possible_duplicates"]:
            names = ", ".join(d["display_name"] for d in report["possible_duplicates"])
            if not prompts.confirm(
                self.window,
                _("Auskunft erstellen"),
                _(
                    "Wahrscheinlich gehören auch diese Einträge zu der Person: {names}. "
                    "Führen Sie sie zuerst zusammen (Kontakte › Dubletten suchen), damit die "
                    "Auskunft vollständig ist."
                ).format(names=names),
                _("Trotzdem erstellen"),
            ):
                return None
        if target is None:
            suggestion = f"Auskunft-{report['contact']['display_name']}.pdf".replace(" ", "-")
            chosen = prompts.choose_save_file(
                self.window,
                _("Auskunft speichern"),
                suggestion,
                _("PDF-Brief (*.pdf);;Maschinenlesbar, Art. 20 DSGVO (*.json)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        try:
            if target.suffix.lower() == ".json":
                payload = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
            else:
                if target.suffix.lower() != ".pdf":
                    target = target.with_suffix(".pdf")
                town = report["controller"]["name"]
                settings = PdfSettings(town_name=town) if town else PdfSettings()
                payload = privacy_letter.build(report, settings).data
            atomic_write(target, payload)
        except ContactdeskError as exc:
            prompts.show_error(self.window, exc.message)
            return None
        self._status(_("Auskunft gespeichert: {path}").format(path=target))
        return target

    def erase_dialog(self, contact_id: int) -> QDialog:
        from contactdesk.gui.dialogs.privacy import ErasureDialog

        return ErasureDialog(self.window.db, contact_id, self.window)

    def erase_current(self) -> bool:
        """Kontakte › Nach DSGVO löschen: dry run shown, then the erasure; the undo history
        (which holds earlier states of the person) is emptied."""
        from contactdesk.core.changes import ALL_KINDS, Kind
        from contactdesk.gui import prompts
        from contactdesk.gui.ops import Change

        cid = self.current_contact_id()
        if cid is None:
            prompts.show_error(self.window, _("Bitte wählen Sie zuerst einen Kontakt."))
            return False
        view = self.window.contacts
        if not view.confirm_leave():
            return False
        dialog = self.erase_dialog(cid)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        if view.editor.contact_id == cid:
            view.editor.clear()
        self.window.ops.clear_history()
        # the person leaves every list: parties, participants, paper links
        self.window.ops.announce(
            Change.of(
                _(
                    "Kontakt Nr. {id} wurde nach Art. 17 DSGVO gelöscht; der Verlauf zum "
                    "Rückgängigmachen wurde geleert."
                ).format(id=cid),
                ALL_KINDS,
                {Kind.CONTACTS: {cid}},
            )
        )
        return True

    def review_dialog(self) -> QDialog:
        from contactdesk.gui.dialogs.privacy import RetentionDialog

        return RetentionDialog(self.window.ops, self.window)

    def show_review(self) -> None:
        """Kontakte › Datenschutz-Überprüfung."""
        if not self.window.contacts.confirm_leave():
            return
        self.review_dialog().exec()
