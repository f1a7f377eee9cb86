"""The import preview: every card, row and event of an import and what will happen to it.

Contacts that match an existing one get a choice per row (Aktualisieren / Überspringen /
Trotzdem anlegen); new ones can be skipped; invalid ones are listed with file, place and reason
and are not imported. Events show what the core decided (neu, aktualisieren, absagen, Antwort,
unverändert, ungültig). "Importieren" accepts; the caller then commits everything in one
transaction. After the commit `ImportReportDialog` shows the German report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.gui import theme

Index = QModelIndex | QPersistentModelIndex

KIND_CONTACT = N_("Kontakt")
KIND_EVENT = N_("Termin")

COLUMNS = (
    N_("Art"),
    N_("Datei"),
    N_("Stelle"),
    N_("Name / Titel"),
    N_("Befund"),
    N_("Was geschieht"),
    N_("Grund / Hinweis"),
)
COL_ACTION = 5

CHOICE_TEXT = {
    cx.CREATE: N_("Anlegen"),
    cx.UPDATE: N_("Aktualisieren"),
    cx.SKIP: N_("Überspringen"),
}
CREATE_ANYWAY = N_("Trotzdem anlegen")

CONTACT_STATUS = {
    cx.NEW: N_("neu"),
    cx.MATCH: N_("schon vorhanden"),
    cx.DUPLICATE: N_("doppelt im Import"),
    cx.INVALID: N_("ungültig"),
}
EVENT_STATUS = {
    "neu": (N_("neu"), N_("Anlegen")),
    "aktualisieren": (N_("neuere Fassung"), N_("Aktualisieren")),
    "absagen": (N_("Absage"), N_("Als abgesagt markieren")),
    "antwort": (N_("Antwort"), N_("Antwort eintragen")),
    "unverändert": (N_("unverändert"), N_("Überspringen")),
    "ungültig": (N_("ungültig"), N_("wird nicht importiert")),
}

FILTER_ALL = "all"
FILTER_DECIDE = "decide"
FILTER_INVALID = "invalid"
FILTER_EVENTS = "events"


@dataclass
class PreviewRow:
    """One line of the preview table."""

    kind: str  # KIND_CONTACT or KIND_EVENT
    file: str
    place: str
    name: str
    status: str  # core status (contacts) or action (events)
    reason: str = ""
    #: contact entries: the index in ImportPreview.entries; None for events
    entry_index: int | None = None
    choices: list[str] = field(default_factory=list)  # cx.CREATE / UPDATE / SKIP
    decision: str = ""

    @property
    def status_text(self) -> str:
        if self.kind == KIND_CONTACT:
            return _(CONTACT_STATUS.get(self.status, self.status))
        return _(EVENT_STATUS.get(self.status, (self.status, ""))[0])

    @property
    def action_text(self) -> str:
        if self.kind == KIND_EVENT:
            return _(EVENT_STATUS.get(self.status, ("", self.status))[1])
        if self.status == cx.INVALID:
            return _("wird nicht importiert")
        return choice_text(self.decision, self.status)

    @property
    def invalid(self) -> bool:
        return self.status in (cx.INVALID, "ungültig")


def choice_text(code: str, status: str) -> str:
    if code == cx.CREATE and status != cx.NEW:
        return _(CREATE_ANYWAY)
    return _(CHOICE_TEXT[code])


def _without_place(reason: str, place: str) -> str:
    return reason.removeprefix(f"{place}: ")


def contact_rows(preview: cx.ImportPreview) -> list[PreviewRow]:
    rows = []
    for entry in preview.entries:
        row = PreviewRow(
            KIND_CONTACT,
            entry.file,
            entry.place,
            entry.display_name or _("(ohne Namen)"),
            entry.status,
            entry_index=entry.index,
        )
        notes = [_without_place(w, entry.place) for w in entry.warnings]
        if entry.status == cx.NEW:
            row.choices, row.decision = [cx.CREATE, cx.SKIP], cx.CREATE
        elif entry.status == cx.MATCH:
            row.choices, row.decision = [cx.UPDATE, cx.SKIP, cx.CREATE], cx.SKIP
            notes.insert(
                0,
                _("wie „{name}“ (Nr. {id}; {why})").format(
                    name=entry.match_name, id=entry.match_id, why=entry.match_reason
                ),
            )
        elif entry.status == cx.DUPLICATE:
            row.choices, row.decision = [cx.SKIP, cx.CREATE], cx.SKIP
            if entry.duplicate_of is not None:
                first = preview.entries[entry.duplicate_of]
                notes.insert(0, _("wie {where}").format(where=first.where))
        else:
            notes = [_without_place(r, entry.place) for r in entry.reasons] + notes
        row.reason = "; ".join(notes)
        rows.append(row)
    return rows


def event_rows(preview: calx.CalendarImportPreview) -> list[PreviewRow]:
    rows = []
    for entry in preview.entries:
        if entry.start is not None:
            when = (
                f"{entry.start:%d.%m.%Y}"
                if entry.event is not None and entry.event.all_day
                else f"{entry.start:%d.%m.%Y %H:%M}"
            )
            name = f"{when} · {entry.title}" if entry.title else when
        else:
            name = entry.title or _("(ohne Titel)")
        place = _("Termin {n}").format(n=entry.index) if entry.index else _("ganze Datei")
        rows.append(PreviewRow(KIND_EVENT, entry.file, place, name, entry.action, entry.reason))
    return rows


class PreviewModel(QAbstractTableModel):
    """The rows of the preview; the "Was geschieht" cell of a contact is editable."""

    sig_decisions_changed = Signal()
    """A decision of a row changed (counts must be redrawn)."""

    def __init__(self, rows: list[PreviewRow], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ACTION and len(self.rows[index.row()].choices) > 1:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (
                _(row.kind),
                row.file,
                row.place,
                row.name,
                row.status_text,
                row.action_text,
                row.reason,
            )
            text = values[col]
            if role == Qt.ItemDataRole.ToolTipRole and col == COL_ACTION and row.choices:
                return _("{text} – ändern mit F2 oder Doppelklick").format(text=text)
            return text
        if role == Qt.ItemDataRole.EditRole and col == COL_ACTION:
            return row.decision
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.invalid:
                return theme.brush("error_text")
            if col == COL_ACTION and row.choices and row.decision == cx.SKIP:
                return theme.brush("muted")
        if role == Qt.ItemDataRole.FontRole and col == COL_ACTION and row.choices:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(row.status == cx.MATCH)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_ACTION:
            return False
        return self.set_decision(index.row(), str(value))

    def set_decision(self, row: int, code: str) -> bool:
        return self.set_decisions([row], code) == 1

    def set_decisions(self, rows: list[int], code: str) -> int:
        """Set `code` on every row that offers it; one change signal for all of them.

        (Few emits on purpose: with PySide6 6.12 on Python 3.11 every Signal.emit() from Python
        drops a reference to True.)
        """
        changed = []
        for row in rows:
            item = self.rows[row]
            if code in item.choices and item.decision != code:
                item.decision = code
                changed.append(row)
        if changed:
            first = self.index(min(changed), COL_ACTION)
            last = self.index(max(changed), COL_ACTION)
            self.dataChanged.emit(first, last)
            self.sig_decisions_changed.emit()
        return len(changed)

    def decisions(self) -> dict[int, str]:
        return {
            r.entry_index: r.decision
            for r in self.rows
            if r.entry_index is not None and r.choices and r.decision
        }


class DecisionDelegate(QStyledItemDelegate):
    """A combo box with the choices of the row."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = _source_model(index)
        row = model.rows[_source_row(index)]
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Was geschieht mit {name}").format(name=row.name))
        for code in row.choices:
            combo.addItem(choice_text(code, row.status), code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _source_model(index: Index) -> PreviewModel:
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    assert isinstance(model, PreviewModel)
    return model


def _source_row(index: Index) -> int:
    model = index.model()
    while isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
        model = model.sourceModel()
    return index.row()


class _RowFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.mode = FILTER_ALL

    def set_mode(self, mode: str) -> None:
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        row = model.rows[source_row]
        if self.mode == FILTER_DECIDE:
            return row.status in (cx.MATCH, cx.DUPLICATE)
        if self.mode == FILTER_INVALID:
            return row.invalid
        if self.mode == FILTER_EVENTS:
            return row.kind == KIND_EVENT
        return True


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
        self.proxy = _RowFilter(self)
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


# ---------------------------------------------------------------------------------- the report


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
        self.setWindowTitle(_("Import abgeschlossen"))
        self.setObjectName("ImportReportDialog")
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(_("Ergebnis"))
        layout.addWidget(self.summary_label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(_("Einzelheiten"))
        self.details.setVisible(bool(details))
        layout.addWidget(self.details, 1)
        note = QLabel(
            _("Der Import kann nicht mit Rückgängig zurückgenommen werden."),
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Schließen"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420 if details else 160)
