"""The import preview dialog: what an import will do, with a choice per matching contact.

Contacts that match an existing one get a choice per row (Aktualisieren / Überspringen /
Trotzdem anlegen), also for many selected rows at once; new ones can be skipped; invalid ones
are listed with file, place and reason and are not imported. "Importieren" accepts; the caller
then commits everything in one transaction (gui/exchange/importing.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.gui.dialogs.import_preview.rows import (
    COL_ACTION,
    FILTER_ALL,
    FILTER_DECIDE,
    FILTER_EVENTS,
    FILTER_INVALID,
    KIND_EVENT,
    contact_rows,
    event_rows,
)
from contactdesk.gui.dialogs.import_preview.table import DecisionDelegate, PreviewModel, RowFilter


class ImportPreviewDialog(QDialog):
    """Shows what an import will do and collects the decisions for matching contacts."""

    def __init__(
        self,
        files: list[str],
        contacts: cx.ImportPreview | None,
        events: calx.CalendarImportPreview | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.contact_preview = contacts
        self.event_preview = events
        self.setWindowTitle(_("Import – Vorschau"))
        self.setObjectName("ImportPreviewDialog")
        self.setAccessibleName(self.windowTitle())
        rows = (contact_rows(contacts) if contacts else []) + (event_rows(events) if events else [])
        self.model = PreviewModel(rows, self)
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        shown = ", ".join(files[:6]) + (
            _(" und {n} weitere").format(n=len(files) - 6) if len(files) > 6 else ""
        )
        intro = QLabel(
            _(
                "<b>Es wurde noch nichts gespeichert.</b> Geprüft: {files}. Prüfen Sie, was "
                "geschehen soll; bei Kontakten, die es schon gibt, wählen Sie je Zeile "
                "Aktualisieren, Überspringen oder Trotzdem anlegen."
            ).format(files=_html(shown))
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(_("Erläuterung"))
        layout.addWidget(intro)

        bar = QHBoxLayout()
        filter_label = QLabel(_("&Zeigen:"))
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName(_("Zeilen zeigen"))
        for text, mode in (
            (_("Alle Einträge"), FILTER_ALL),
            (_("Nur schon vorhandene und doppelte"), FILTER_DECIDE),
            (_("Nur ungültige"), FILTER_INVALID),
            (_("Nur Termine"), FILTER_EVENTS),
        ):
            self.filter_combo.addItem(text, mode)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_mode(self.filter_combo.currentData())
        )
        filter_label.setBuddy(self.filter_combo)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_combo)
        bar.addStretch(1)
        bar.addWidget(QLabel(_("Für die ausgewählten Zeilen:")))
        self.choice_buttons: dict[str, QPushButton] = {}
        for code, text in (
            (cx.UPDATE, _("&Aktualisieren")),
            (cx.SKIP, _("Ü&berspringen")),
            (cx.CREATE, _("&Trotzdem anlegen")),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.setAccessibleName(
                _("Ausgewählte Zeilen: {text}").format(text=text.replace("&", ""))
            )
            button.clicked.connect(lambda _c=False, c=code: self.apply_to_selection(c))
            self.choice_buttons[code] = button
            bar.addWidget(button)
        layout.addLayout(bar)

        self.table = QTableView()
        self.table.setAccessibleName(_("Vorschau der Einträge"))
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(COL_ACTION, DecisionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((65, 150, 120, 240, 115, 140)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)

        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)
        self.counts_label.setAccessibleName(_("Zusammenfassung"))
        layout.addWidget(self.counts_label)
        new_orgs = list(contacts.new_organisations) if contacts else []
        self.create_organisations = QCheckBox(
            _("Unbekannte Firmen als Organisationen anlegen ({n}): {names}").format(
                n=len(new_orgs),
                names=", ".join(new_orgs[:5]) + (" …" if len(new_orgs) > 5 else ""),
            )
        )
        self.create_organisations.setObjectName("create_organisations")
        self.create_organisations.setToolTip(
            _(
                "Angelegt wird je Firma eine Organisation; Position und Abteilung werden zur "
                "Rolle der Person. Ohne Haken steht die Firma in den Notizen der Person."
            )
        )
        self.create_organisations.setChecked(True)
        self.create_organisations.setVisible(bool(new_orgs))
        layout.addWidget(self.create_organisations)
        note = QLabel(
            _(
                "Der Import wird in einem Schritt gespeichert: alles oder nichts. Er kann nicht "
                "mit Rückgängig zurückgenommen werden."
            )
        )
        note.setWordWrap(True)
        note.setAccessibleName(_("Hinweis"))
        layout.addWidget(note)

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            _("&Importieren"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(
            _("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.model.sig_decisions_changed.connect(self._update_counts)
        self._update_counts()
        self._update_buttons()
        self.resize(1200, 580)
        if self.model.rowCount():
            self.table.selectRow(0)
        self.table.setFocus()

    # ------------------------------------------------------------------ decisions
    def source_rows(self) -> list[int]:
        """Source rows of the selection (walked by ranges: fast for thousands of rows)."""
        rows: set[int] = set()
        selection = self.table.selectionModel().selection()
        for selected in (selection.at(i) for i in range(selection.count())):
            for proxy_row in range(selected.top(), selected.bottom() + 1):
                rows.add(self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())
        return sorted(rows)

    def apply_to_selection(self, code: str) -> int:
        """Set a decision on every selected row that offers it; returns how many changed."""
        return self.model.set_decisions(self.source_rows(), code)

    def row_of(self, name: str) -> int:
        """Source row of the first entry whose name contains `name` (for tests and search)."""
        return next(i for i, r in enumerate(self.model.rows) if name in r.name)

    def select_source_rows(self, rows: list[int]) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        proxy_rows = sorted(
            index.row()
            for index in (self.proxy.mapFromSource(self.model.index(r, 0)) for r in rows)
            if index.isValid()
        )
        selection = QItemSelection()
        last_column = self.proxy.columnCount() - 1
        start = 0
        for i in range(1, len(proxy_rows) + 1):  # one range per run of neighbouring rows
            if i == len(proxy_rows) or proxy_rows[i] != proxy_rows[i - 1] + 1:
                selection.select(
                    self.proxy.index(proxy_rows[start], 0),
                    self.proxy.index(proxy_rows[i - 1], last_column),
                )
                start = i
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def decisions(self) -> dict[int, str]:
        return self.model.decisions()

    def _update_buttons(self, *_args: object) -> None:
        rows = [self.model.rows[r] for r in self.source_rows()]
        for code, button in self.choice_buttons.items():
            button.setEnabled(any(code in r.choices for r in rows))

    def counts(self) -> dict[str, int]:
        """What the import will do: angelegt, aktualisiert, übersprungen, ungültig, Termine…"""
        result = dict.fromkeys(
            ("create", "update", "skip", "invalid", "events", "events_skip", "events_invalid"), 0
        )
        for row in self.model.rows:
            if row.kind == KIND_EVENT:
                if row.invalid:
                    result["events_invalid"] += 1
                elif row.status == "unverändert":
                    result["events_skip"] += 1
                else:
                    result["events"] += 1
            elif row.invalid:
                result["invalid"] += 1
            else:
                result[row.decision] += 1
        return result

    def _update_counts(self) -> None:
        c = self.counts()
        parts = []
        if self.contact_preview is not None:
            parts.append(
                _(
                    "Kontakte: {create} anlegen, {update} aktualisieren, {skip} überspringen, "
                    "{invalid} ungültig (werden nicht importiert)."
                ).format(**c)
            )
        if self.event_preview is not None:
            parts.append(
                _(
                    "Termine: {events} übernehmen, {events_skip} unverändert, "
                    "{events_invalid} ungültig."
                ).format(**c)
            )
        self.counts_label.setText("<br>".join(parts))
        nothing = not (c["create"] or c["update"] or c["events"])
        self.import_button.setEnabled(not nothing)
        self.import_button.setToolTip(
            _("Nichts zu importieren: alle Einträge werden übersprungen oder sind ungültig.")
            if nothing
            else _("Alles in einem Schritt speichern")
        )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
