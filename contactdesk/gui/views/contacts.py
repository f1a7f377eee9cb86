"""ContactsView: the "Kontakte" area — search, filters, the paged list and the detail editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.changes import CONTACT_KINDS, Kind
from contactdesk.core.i18n import _
from contactdesk.core.labels import NETWORK_ROLE, label
from contactdesk.core.models.contacts import ContactKind, NetworkRole
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactFilter
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.models.contacts import ContactTableModel
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.contact_editor import ContactEditor
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.fit_columns import FitColumns
from contactdesk.gui.widgets.search_keys import SearchKeys

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the list, the editor and its agreements box
WATCHES = frozenset({Kind.CONTACTS, Kind.ORGANISATIONS, Kind.AGREEMENTS, Kind.SETTINGS})

SEARCH_DELAY_MS = 150
COLUMN_WIDTHS = [230, 95, 250, 210, 140, 130, 150, 160]


class ContactsView(QWidget):
    """Everything of the contact register in one widget; talks to the core only through Ops.

    Implements gui/area.py's Area protocol (key "contacts").
    """

    key = "contacts"

    sig_status_changed = Signal(str)
    """The count text for the status bar changed."""

    def __init__(
        self,
        ops: Ops,
        actions: dict[ActionId, QAction],
        settings: Settings,
        *,
        show_welcome: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ops = ops
        self._actions = actions
        self._settings = settings
        self._show_welcome = show_welcome
        self._syncing = False
        self._filter_changed = False
        self._total = 0
        self.setAccessibleName(_("Kontakte"))
        self.model = ContactTableModel(ops, parent=self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self._build()
        ops.subscribe(WATCHES, lambda change: self.refresh(change))
        self.model.sig_loaded.connect(self._on_loaded)
        self.model.rowsInserted.connect(lambda *_: self._emit_status())

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        bar = QHBoxLayout()
        self.search = named(QLineEdit(), _("Kontakte suchen"))
        self.search.setPlaceholderText(
            _("Suchen: Name, Organisation, Funktion, E-Mail, Ort, Schlagwort …")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        bar.addWidget(self.search, 3)

        self.kind_filter = named(QComboBox(), _("Art filtern"))
        self.kind_filter.addItem(_("Alle"), None)
        self.kind_filter.addItem(_("Personen"), ContactKind.PERSON.value)
        self.kind_filter.addItem(_("Organisationen"), ContactKind.ORGANISATION.value)
        self.tag_filter = named(QComboBox(), _("Schlagwort filtern"))
        self.role_filter = named(QComboBox(), _("Netzwerkrolle filtern"))
        self.role_filter.addItem(_("Alle Netzwerkrollen"), None)
        for role in NETWORK_ROLE:
            if role is not NetworkRole.KEINE:
                self.role_filter.addItem(label(NETWORK_ROLE, role.value), role.value)
        for combo, length in ((self.kind_filter, 8), (self.tag_filter, 14), (self.role_filter, 14)):
            combo.setMinimumContentsLength(length)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(self.apply_filter)
            bar.addWidget(combo)

        outer.addLayout(bar)

        self.welcome = QFrame()
        self.welcome.setFrameShape(QFrame.Shape.StyledPanel)
        self.welcome.setAccessibleName(_("Willkommen"))
        h = QHBoxLayout(self.welcome)
        text = QLabel(
            _(
                "<b>Willkommen bei contactdesk.</b> Noch sind keine Kontakte gespeichert. "
                "Legen Sie eine Person an oder laden Sie die Beispieldaten rund um das Netzwerk "
                "„Engagierte Stadt“."
            )
        )
        text.setWordWrap(True)
        h.addWidget(text, 1)
        for action_id in (ActionId.LOAD_DEMO, ActionId.NEW_PERSON):
            button = QToolButton()
            button.setDefaultAction(self._actions[action_id])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            named(button, self._actions[action_id].text().replace("&", ""))
            h.addWidget(button)
        self.welcome.setVisible(False)
        outer.addWidget(self.welcome)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.table = named(QTableView(), _("Kontaktliste"))
        self.table.setModel(self.model)
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
        delete = self._actions[ActionId.DELETE]
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.splitter.addWidget(self.table)

        self.editor = ContactEditor(self._ops)
        self.editor.setMinimumWidth(340)
        self.editor.sig_saved.connect(self._on_saved)
        self.editor.sig_open_requested.connect(self.open_contact)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        outer.addWidget(self.splitter, 1)

        QWidget.setTabOrder(self.search, self.kind_filter)
        QWidget.setTabOrder(self.kind_filter, self.tag_filter)
        QWidget.setTabOrder(self.tag_filter, self.role_filter)
        QWidget.setTabOrder(self.role_filter, self.table)
        self.search_keys = SearchKeys(
            self.search, self.table, apply=self.apply_filter, select_row=self.select_row
        )

    def restore_state(self) -> None:
        if (state := self._settings.contacts_splitter) is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([720, 560])
        if (state := self._settings.contacts_header) is not None:
            self.table.horizontalHeader().restoreState(state)

    def save_state(self) -> None:
        self._settings.contacts_splitter = self.splitter.saveState()
        self._settings.contacts_header = self.table.horizontalHeader().saveState()

    # ------------------------------------------------------------------ loading
    def start(self) -> None:
        """First load: tags, the first page, and the first contact selected."""
        self._reload_tags()
        self.apply_filter()
        if self.model.rowCount() and not self.editor.has_contact:
            self.select_row(0)

    def current_filter(self) -> ContactFilter:
        return ContactFilter(
            query=self.search.text(),
            kind=self.kind_filter.currentData(),
            tag=self.tag_filter.currentData(),
            network_role=self.role_filter.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        flt = self.current_filter()
        if flt == self.model.filter and self.model.query_count:
            return
        self._filter_changed = True
        self.model.set_filter(flt)

    def _reload_tags(self) -> None:
        current = self.tag_filter.currentData()
        tags = self._ops.read(cs.list_tags)
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(_("Alle Schlagwörter"), None)
        for tag in tags:
            self.tag_filter.addItem(tag, tag)
        index = self.tag_filter.findData(current) if current else 0
        self.tag_filter.setCurrentIndex(max(index, 0))
        self.tag_filter.blockSignals(False)
        if current and index < 0:  # the tag is gone: show everything again
            self.apply_filter()

    def _on_loaded(self) -> None:
        self._total = self._ops.read(cs.count_contacts)
        self.welcome.setVisible(self._show_welcome and self._total == 0)
        if self._filter_changed:
            self._filter_changed = False
            self._follow_filter()
        self._sync_selection()
        self._emit_status()

    def _follow_filter(self) -> None:
        """After a new search the detail pane shows a hit, never a contact the filter hides
        (unless it holds unsaved input, which is never thrown away)."""
        cid = self.editor.contact_id
        if cid is None or self.editor.is_dirty() or self.model.row_of(cid) is not None:
            return
        if self.model.rowCount():
            self.editor.open_contact(self.model.contact_id(0) or cid)
        else:
            self.editor.clear()

    def status_text(self) -> str:
        shown = self.model.rowCount()
        more = "+" if self.model.has_more else ""
        total = _("{n} Kontakte").format(n=self._total) if self._total != 1 else _("1 Kontakt")
        if self.model.filter == ContactFilter():
            return _("{total} · {shown}{more} geladen").format(total=total, shown=shown, more=more)
        return _("{total} · {shown}{more} Treffer").format(total=total, shown=shown, more=more)

    def _emit_status(self) -> None:
        self.sig_status_changed.emit(self.status_text())

    def reload(self) -> None:
        """Read list, tags and the shown contact again (e.g. after others changed the data)."""
        self.refresh(Change())

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        self._reload_tags()
        self.model.refresh()
        if self.editor.contact_id is not None and not self.editor.is_dirty():
            self.editor.reload()
            self._sync_selection()

    # ------------------------------------------------------------------ selection
    def selected_contact_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.contact_id(index.row())

    def select_row(self, row: int) -> None:
        """Select a row as the user would (opens it in the editor)."""
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _sync_selection(self) -> None:
        """Select the editor's contact in the list, without side effects."""
        self._syncing = True
        try:
            cid = self.editor.contact_id
            row = self.model.row_of(cid) if cid is not None else None
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
        cid = self.model.contact_id(current.row())
        if cid is None or cid == self.editor.contact_id:
            return
        if not self.confirm_leave():
            QTimer.singleShot(0, self._sync_selection)
            return
        self.editor.open_contact(cid)

    def open_contact(self, contact_id: int) -> None:
        if contact_id != self.editor.contact_id and not self.confirm_leave():
            return
        if self.editor.open_contact(contact_id):
            self._sync_selection()

    def confirm_leave(self) -> bool:
        """Ask about unsaved changes; True when it is fine to show something else."""
        if not self.editor.is_dirty():
            return True
        answer = prompts.ask_unsaved(self, self.editor.display_name())
        if answer is prompts.Answer.SAVE:
            return self.editor.save()
        if answer is prompts.Answer.DISCARD:
            self.editor.discard()
            return True
        return False

    def _on_saved(self, _contact_id: int) -> None:
        self._sync_selection()

    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def can_save(self) -> bool:
        """Save and Discard apply: a contact is open in the editor."""
        return self.editor.has_contact

    # ------------------------------------------------------------------ commands
    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: a new person, or the given kind ("person"/"organisation")."""
        self.new_contact(kind or ContactKind.PERSON.value)

    def discard(self) -> None:
        self.editor.discard()

    def new_contact(self, kind: str = ContactKind.PERSON.value) -> None:
        if not self.confirm_leave():
            return
        self._syncing = True
        try:
            self.table.selectionModel().clearSelection()
        finally:
            self._syncing = False
        self.editor.new_contact(kind)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def save(self) -> bool:
        return self.editor.save() if self.editor.has_contact else False

    def delete_current(self) -> bool:
        """Delete the selected contact after a German confirmation; undoable."""
        cid = self.selected_contact_id()
        if cid is None:
            cid = self.editor.contact_id
        if cid is None:
            return False
        data = self._ops.read(lambda s: cs.get_contact(s, cid))
        people = self._ops.read(lambda s: cs.delete_impact(s, cid))
        if not prompts.confirm_delete(self, data.display_name, data.is_person, people):
            return False
        row = self.model.row_of(cid)
        if self.editor.contact_id == cid:
            self.editor.clear()
        result = self._ops.run(
            lambda s: cs.delete_contact(s, cid),
            command=lambda r: undo.deleted_contact(r.contact_id, r.display_name),
            message=lambda r: _("„{name}“ gelöscht. Rückgängig mit Strg+Z.").format(
                name=r.display_name
            ),
            contact_ids=lambda r: {r.contact_id},
            kinds=CONTACT_KINDS,
        )
        if result.ok and row is not None and self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        return result.ok
