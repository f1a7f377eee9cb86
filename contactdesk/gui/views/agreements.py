"""AgreementsView: the "Vereinbarungen" area — filters, the list, the editor and the Fristen tab."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.changes import AGREEMENT_KINDS, Kind
from contactdesk.core.i18n import _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, label
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementFilter
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.models.agreements import AgreementFilterProxy, AgreementTableModel
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views import agreement_editor
from contactdesk.gui.views.agreement_editor import AgreementEditor
from contactdesk.gui.views.deadlines import DeadlinesView
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.fit_columns import FitColumns
from contactdesk.gui.widgets.search_keys import SearchKeys

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the list (with the partners' names), deadlines and the editor
WATCHES = frozenset(
    {Kind.AGREEMENTS, Kind.DOCUMENTS, Kind.CONTACTS, Kind.ORGANISATIONS, Kind.SETTINGS}
)

COLUMN_WIDTHS = [260, 150, 120, 230, 115, 95, 105, 150]
#: the party filter's entry that opens the contact picker
PICK_PARTY = -1


class AgreementsView(QWidget):
    """Everything of the agreements register; implements gui/area.py's Area protocol."""

    key = "agreements"

    sig_status_changed = Signal(str)
    """The count text for the status bar changed."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""

    def __init__(
        self,
        ops: Ops,
        actions: dict[ActionId, QAction],
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._actions = actions
        self._settings = settings
        self._syncing = False
        self._party_index = 0
        self.setAccessibleName(_("Vereinbarungen"))
        self.model = AgreementTableModel(ops, parent=self)
        self.proxy = AgreementFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        ops.subscribe(WATCHES, lambda change: self.refresh(change))
        self.model.sig_loaded.connect(self._on_loaded)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Ansichten der Vereinbarungen"))
        outer.addWidget(self.tabs)

        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        self.search = named(QLineEdit(), _("Vereinbarungen durchsuchen"))
        self.search.setPlaceholderText(_("Suchen: Titel, Aktenzeichen, Vertragspartner …"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)
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
        for combo, length in (
            (self.status_filter, 9),
            (self.kind_filter, 10),
            (self.party_filter, 10),
        ):
            combo.setMinimumContentsLength(length)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            bar.addWidget(combo)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.party_filter.currentIndexChanged.connect(self._on_party_filter)
        v.addLayout(bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.table = named(QTableView(), _("Liste der Vereinbarungen"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self.fit_columns = FitColumns(self.table, keep=(0,))  # never sideways scrolling
        # Delete acts on the list only, never while typing in the editor.
        self.table.addAction(self._actions[ActionId.DELETE])
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.splitter.addWidget(self.table)

        self.editor = AgreementEditor(self._ops)
        self.editor.setMinimumWidth(340)
        self.editor.sig_saved.connect(lambda _id: self._sync_selection())
        self.editor.sig_dirty_changed.connect(self.sig_dirty_changed.emit)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        v.addWidget(self.splitter, 1)
        self.tabs.addTab(page, _("&Alle Vereinbarungen"))

        self.deadlines = DeadlinesView(self._ops, self._settings)
        self.deadlines.sig_agreement_requested.connect(self.open_item)
        self.tabs.addTab(self.deadlines, _("&Fristen"))
        self.tabs.currentChanged.connect(lambda _i: self._emit_status())

        QWidget.setTabOrder(self.search, self.status_filter)
        self.search_keys = SearchKeys(
            self.search,
            self.table,
            apply=lambda: self._on_search(self.search.text()),
            select_row=self.select_row,
        )
        QWidget.setTabOrder(self.status_filter, self.kind_filter)
        QWidget.setTabOrder(self.kind_filter, self.party_filter)
        QWidget.setTabOrder(self.party_filter, self.table)

    def restore_state(self) -> None:
        if (state := self._settings.agreements_splitter) is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([700, 580])
        if (state := self._settings.agreements_header) is not None:
            self.table.horizontalHeader().restoreState(state)

    def save_state(self) -> None:
        self._settings.agreements_splitter = self.splitter.saveState()
        self._settings.agreements_header = self.table.horizontalHeader().saveState()

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
        self._sync_selection()
        self._emit_status()

    def _on_party_filter(self, index: int) -> None:
        if self.party_filter.itemData(index) != PICK_PARTY:
            self._party_index = index
            self.apply_filter()
            return
        chosen = agreement_editor.pick_contact(
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
        self._sync_selection()
        self._emit_status()

    def status_text(self) -> str:
        if self.tabs.currentWidget() is self.deadlines:
            n = len(self.deadlines.items)
            return _("1 Frist") if n == 1 else _("{n} Fristen").format(n=n)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = _("1 Vereinbarung") if total == 1 else _("{n} Vereinbarungen").format(n=total)
        if shown != total:
            text += " · " + _("{n} Treffer").format(n=shown)
        return text

    def _emit_status(self) -> None:
        self.sig_status_changed.emit(self.status_text())

    def reload(self) -> None:
        self.refresh(Change())

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        self.model.refresh()
        self.deadlines.reload()
        if self.editor.agreement_id is not None:
            self.editor.reload()
            self._sync_selection()
        self._emit_status()

    # ------------------------------------------------------------------ selection
    def _source_row(self, proxy_row: int) -> int:
        return self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()

    def selected_agreement_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.agreement_id(self.proxy.mapToSource(index).row())

    def proxy_row_of(self, agreement_id: int) -> int | None:
        source = self.model.row_of(agreement_id)
        if source is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(source, 0))
        return index.row() if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Select a row of the (sorted, filtered) list as the user would."""
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _sync_selection(self) -> None:
        self._syncing = True
        try:
            aid = self.editor.agreement_id
            row = self.proxy_row_of(aid) if aid is not None else None
            sm = self.table.selectionModel()
            if row is None:
                sm.clearSelection()
                sm.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
            else:
                self.select_row(row)
        finally:
            self._syncing = False

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        aid = self.model.agreement_id(self.proxy.mapToSource(current).row())
        if aid is None or aid == self.editor.agreement_id:
            return
        if not self.confirm_leave():
            QTimer.singleShot(0, self._sync_selection)
            return
        self.editor.open_agreement(aid)

    def open_item(self, agreement_id: int) -> bool:
        """Show an agreement in the editor (from the Fristen tab, a contact, the dashboard)."""
        self.tabs.setCurrentIndex(0)
        if agreement_id != self.editor.agreement_id and not self.confirm_leave():
            return False
        if self.proxy_row_of(agreement_id) is None:  # hidden by a filter: show everything
            self.search.clear()
            for combo in (self.status_filter, self.kind_filter, self.party_filter):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self._party_index = 0
            self.apply_filter()
        if agreement_id != self.editor.agreement_id and not self.editor.open_agreement(
            agreement_id
        ):
            return False
        self._sync_selection()
        return True

    # ------------------------------------------------------------------ Area protocol
    def confirm_leave(self) -> bool:
        return self.editor.confirm_leave()

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def can_save(self) -> bool:
        return self.editor.has_agreement

    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: an empty agreement (kind preselects the Art, e.g. "patenschaft")."""
        self.tabs.setCurrentIndex(0)
        if not self.confirm_leave():
            return
        self._syncing = True
        try:
            self.table.selectionModel().clearSelection()
        finally:
            self._syncing = False
        self.editor.new_agreement()
        if kind:
            index = self.editor.kind.findData(kind)
            if index >= 0:
                self.editor.kind.setCurrentIndex(index)

    def save(self) -> bool:
        return self.editor.save() if self.editor.has_agreement else False

    def discard(self) -> None:
        self.editor.discard()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def delete_current(self) -> bool:
        """Delete the selected agreement after a German confirmation; undoable."""
        aid = self.selected_agreement_id() or self.editor.agreement_id
        if aid is None:
            return False
        data = self._ops.read(lambda s: ag.get_agreement(s, aid))
        if not prompts.confirm(
            self,
            _("Vereinbarung löschen"),
            _("Möchten Sie die Vereinbarung „{title}“ löschen?").format(title=data.title),
            _("Löschen"),
            _("Sie können das Löschen mit Bearbeiten › Rückgängig (Strg+Z) zurücknehmen."),
        ):
            return False
        row = self.proxy_row_of(aid)
        if self.editor.agreement_id == aid:
            self.editor.clear()
        result = self._ops.run(
            lambda s: ag.delete_agreement(s, aid),
            command=lambda d: undo.deleted_agreement(aid, d.title),
            message=lambda d: _("„{title}“ gelöscht. Rückgängig mit Strg+Z.").format(title=d.title),
            kinds=AGREEMENT_KINDS,
        )
        if result.ok and row is not None and self.proxy.rowCount():
            self.select_row(min(row, self.proxy.rowCount() - 1))
        return result.ok
