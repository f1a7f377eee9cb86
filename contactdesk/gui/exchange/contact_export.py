"""Exporting contacts: vCard 3.0, one vCard 2.1 per contact in a ZIP (for Outlook for
Windows), Outlook CSV; all contacts, the current list or the selected one.

Written through the one runner (cancellable; the core writes the file atomically); afterwards
gui/dialogs/export_done.py offers to open the file, with a hint for Outlook.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from contactdesk.core.i18n import _
from contactdesk.core.progress import Progress
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import contacts as cs
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import export_done
from contactdesk.gui.dialogs.export_options import SCOPE_LIST, SCOPE_SELECTED, ContactScopeDialog
from contactdesk.gui.exchange.base import CSV, VCARD, VCARD_ZIP, ExchangeBase

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # the type of what the runner passes to a service


class ContactExports(ExchangeBase):
    """The contact exports of Datei › Exportieren and the contact list's context menu."""

    # ------------------------------------------------------------------ contact exports
    def selected_contact(self) -> tuple[int | None, str]:
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
        selected_id, selected_name = self.selected_contact()
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
