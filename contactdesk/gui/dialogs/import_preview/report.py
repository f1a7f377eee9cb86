"""The German report after a committed import: a summary and the details by section."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.gui.widgets.dialog_parts import begin_dialog, note_label


def report_text(
    contacts: cx.ImportReport | None,
    events: calx.CalendarImportReport | None,
    warnings: list[str] | None = None,
) -> tuple[str, str]:
    """(summary, details) of a finished import, in German."""
    summary: list[str] = []
    details: list[str] = []

    def section(title: str, lines: list[str]) -> None:
        if lines:
            details.append(f"{title} ({len(lines)}):")
            details.extend(f"  {line}" for line in lines)
            details.append("")

    if contacts is not None:
        summary.append(_("Kontakte: {summary}.").format(summary=contacts.summary()))
        section(_("Kontakte angelegt"), contacts.created)
        section(_("Kontakte aktualisiert"), contacts.updated)
        section(_("Kontakte übersprungen"), contacts.skipped)
        section(_("Kontakte ungültig (nicht importiert)"), contacts.invalid)
    if events is not None:
        counts = [
            (len(events.created), _("{n} angelegt")),
            (len(events.updated), _("{n} aktualisiert")),
            (len(events.cancelled), _("{n} abgesagt")),
            (len(events.responses), _("{n} Antworten eingetragen")),
            (len(events.skipped), _("{n} übersprungen")),
            (len(events.invalid), _("{n} ungültig")),
        ]
        shown = [text.format(n=n) for i, (n, text) in enumerate(counts) if n or i == 0]
        summary.append(_("Termine: {parts}.").format(parts=", ".join(shown)))
        section(_("Termine angelegt"), events.created)
        section(_("Termine aktualisiert"), events.updated)
        section(_("Termine abgesagt"), events.cancelled)
        section(_("Antworten eingetragen"), events.responses)
        section(_("Termine übersprungen"), events.skipped)
        section(_("Termine ungültig (nicht importiert)"), events.invalid)
    section(_("Hinweise"), list(warnings or []))
    return "\n".join(summary), "\n".join(details).rstrip()


class ImportReportDialog(QDialog):
    """The German report after a committed import."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = begin_dialog(self, _("Import abgeschlossen"), "ImportReportDialog")
        self.summary_label = note_label(summary, _("Ergebnis"))
        layout.addWidget(self.summary_label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Einzelheiten"))
        self.details.setVisible(bool(details))
        layout.addWidget(self.details, 1)
        layout.addWidget(
            note_label(_("Der Import kann nicht mit Rückgängig zurückgenommen werden."))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Schließen"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420 if details else 160)
