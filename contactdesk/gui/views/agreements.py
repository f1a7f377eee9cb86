"""AgreementsView: the "Vereinbarungen" area — filters, the list, the editor and the Fristen tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from contactdesk.core import undo
from contactdesk.core.changes import AGREEMENT_KINDS, Kind
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementFilter
from contactdesk.gui import prompts
from contactdesk.gui.models.agreements import AgreementFilterProxy, AgreementTableModel
from contactdesk.gui.ops import Change, OpResult
from contactdesk.gui.views.agreement_editor import AgreementEditor
from contactdesk.gui.views.base import master_detail as md
from contactdesk.gui.views.deadlines import DeadlinesView
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets import contact_picker

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the list (with the partners' names), deadlines and the editor
WATCHES = frozenset(
    {Kind.AGREEMENTS, Kind.DOCUMENTS, Kind.CONTACTS, Kind.ORGANISATIONS, Kind.SETTINGS}
)

COLUMN_WIDTHS = [260, 150, 120, 230, 115, 95, 105, 150]
#: the party filter's entry that opens the contact picker
PICK_PARTY = -1


class AgreementsView(md.MasterDetailArea[int]):
    """Everything of the agreements register; implements gui/area.py's Area protocol on
    MasterDetailArea (the list is sorted and searched through a proxy: rows are proxy rows)."""

    key = "agreements"
    title = N_("Vereinbarungen")
    watches = WATCHES
    pane_sizes = (700, 580)
    editor: AgreementEditor

    def setup(self) -> None:
        self._party_index = 0
        self.model = AgreementTableModel(self._ops, parent=self)
        self.proxy = AgreementFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.model.sig_loaded.connect(self._on_loaded)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.tabs = md.tab_column(self, _("Ansichten der Vereinbarungen"))

        page = QWidget()
        v = md.column(page, top=4)
        bar = QHBoxLayout()
        self.search = md.search_field(
            _("Vereinbarungen durchsuchen"),
            _("Suchen: Titel, Aktenzeichen, Vertragspartner …"),
            120,
        )
        self.search.textChanged.connect(self._on_search)
        bar.addWidget(self.search, 3)
        self.status_filter = named(QComboBox(), _("Status filtern"))
        self.status_filter.addItem(_("Alle Status"), None)
        for status in AGREEMENT_STATUS:
            self.status_filter.addItem(label(AGREEMENT_STATUS, status.value), status.value)
        self.kind_filter = named(QComboBox(), _("Art filtern"))
        self.kind_filter.addItem(_("Alle Arten"), None)
        for kind in AGREEMENT_KIND:
            self.kind_filter.addItem(label(AGREEMENT_KIND, kind.value), kind.value)
        self.party_filter = named(QComboBox(), _("Partei filtern"))
        self.party_filter.addItem(_("Alle Parteien"), None)
        self.party_filter.addItem(_("Partei wählen …"), PICK_PARTY)
        md.add_filters(
            bar, ((self.status_filter, 9), (self.kind_filter, 10), (self.party_filter, 10))
        )
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.party_filter.currentIndexChanged.connect(self._on_party_filter)
        v.addLayout(bar)

        self.table, self.fit_columns = md.record_table(
            _("Liste der Vereinbarungen"),
            self.proxy,
            COLUMN_WIDTHS,
            keep=(0,),
            sort=(0, Qt.SortOrder.AscendingOrder),
        )
        self.bind_delete(self.table)
        self.follow_list()

        self.editor = AgreementEditor(self._ops)
        self.editor.setMinimumWidth(340)
        self.follow_editor(self.editor.sig_saved, self.editor.sig_dirty_changed)
        self.open_key = self.editor.open_agreement
        self.shown_key = lambda: self.editor.agreement_id
        self.has_record = lambda: self.editor.has_agreement
        self.splitter = md.side_by_side(self.table, self.editor, (3, 2))
        v.addWidget(self.splitter, 1)
        self.tabs.addTab(page, _("&Alle Vereinbarungen"))

        self.deadlines = DeadlinesView(self._ops, self._settings)
        self.deadlines.sig_agreement_requested.connect(self.open_item)
        self.tabs.addTab(self.deadlines, _("&Fristen"))
        self.tabs.currentChanged.connect(lambda _i: self.emit_status())

        md.tab_chain(
            self.search, self.status_filter, self.kind_filter, self.party_filter, self.table
        )
        self.follow_search(lambda: self._on_search(self.search.text()))

    # ------------------------------------------------------------------ loading
    def start(self) -> None:
        """First load: the list, the deadlines, and the first agreement opened."""
        self.apply_filter()
        self.deadlines.reload()
        if self.proxy.rowCount() and not self.editor.has_agreement:
            self.select_row(0)

    def current_filter(self) -> AgreementFilter:
        party = self.party_filter.currentData()
        return AgreementFilter(
            status=self.status_filter.currentData(),
            kind=self.kind_filter.currentData(),
            party_id=party if party not in (None, PICK_PARTY) else None,
        )

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())

    def _on_search(self, text: str) -> None:
        self.proxy.set_text(text)
        self.sync_selection()
        self.emit_status()

    def _on_party_filter(self, index: int) -> None:
        if self.party_filter.itemData(index) != PICK_PARTY:
            self._party_index = index
            self.apply_filter()
            return
        chosen = contact_picker.pick_contact(
            self, self._ops, _("Nach Partei filtern: Kontakt wählen")
        )
        self.party_filter.blockSignals(True)
        try:
            if chosen is None:
                self.party_filter.setCurrentIndex(self._party_index)
                return
            self.set_party_filter(*chosen)
        finally:
            self.party_filter.blockSignals(False)
        self.apply_filter()

    def set_party_filter(self, contact_id: int, name: str) -> None:
        """Show only agreements that name this contact (as party or signatory)."""
        index = self.party_filter.findData(contact_id)
        if index < 0:
            index = self.party_filter.count() - 1  # before "Partei wählen …"
            self.party_filter.insertItem(index, name, contact_id)
        self._party_index = index
        self.party_filter.setCurrentIndex(index)

    def _on_loaded(self) -> None:
        self.sync_selection()
        self.emit_status()

    def status_text(self) -> str:
        if self.tabs.currentWidget() is self.deadlines:
            n = len(self.deadlines.items)
            return _("1 Frist") if n == 1 else _("{n} Fristen").format(n=n)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = _("1 Vereinbarung") if total == 1 else _("{n} Vereinbarungen").format(n=total)
        if shown != total:
            text += " · " + _("{n} Treffer").format(n=shown)
        return text

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        self.model.refresh()
        self.deadlines.reload()
        if self.editor.agreement_id is not None:
            self.editor.reload()
            self.sync_selection()
        self.emit_status()

    # ------------------------------------------------------------------ MasterDetailArea
    def key_at(self, row: int) -> int | None:
        return self.model.id_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())

    def row_of_key(self, key: int) -> int | None:
        return self.proxy_row_of(key)

    def show_list(self) -> None:
        self.tabs.setCurrentIndex(0)

    def selected_agreement_id(self) -> int | None:
        return self.selected_key()

    def proxy_row_of(self, agreement_id: int) -> int | None:
        source = self.model.row_of(agreement_id)
        if source is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        return index.row() if index.isValid() else None

    def open_item(self, agreement_id: int) -> bool:
        """Show an agreement in the editor (from the Fristen tab, a contact, the dashboard)."""
        return self.open_record(agreement_id)

    def show_everything(self) -> None:
        self.search.clear()
        md.reset_filters((self.status_filter, self.kind_filter, self.party_filter))
        self._party_index = 0
        self.apply_filter()

    # ------------------------------------------------------------------ commands
    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: an empty agreement (kind preselects the Art, e.g. "patenschaft")."""
        if not self.begin_new():
            return
        self.editor.new_agreement()
        if kind:
            index = self.editor.kind.findData(kind)
            if index >= 0:
                self.editor.kind.setCurrentIndex(index)

    def ask_delete(self, key: int) -> bool:
        data = self._ops.read(lambda s: ag.get_agreement(s, key))
        return prompts.confirm(
            self,
            _("Vereinbarung löschen"),
            _("Möchten Sie die Vereinbarung „{title}“ löschen?").format(title=data.title),
            _("Löschen"),
            _("Sie können das Löschen mit Bearbeiten › Rückgängig (Strg+Z) zurücknehmen."),
        )

    def run_delete(self, key: int) -> OpResult[Any]:
        return self._ops.run(
            lambda s: ag.delete_agreement(s, key),
            command=lambda d: undo.deleted_agreement(key, d.title),
            message=lambda d: _("„{title}“ gelöscht. Rückgängig mit Strg+Z.").format(title=d.title),
            kinds=AGREEMENT_KINDS,
        )
