"""ContactsView: the "Kontakte" area — search, filters, the paged list and the detail editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
)

from contactdesk.core import undo
from contactdesk.core.changes import CONTACT_KINDS, Kind
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import NETWORK_ROLE, label
from contactdesk.core.models.contacts import ContactKind, NetworkRole
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactFilter
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.models.contacts import ContactTableModel
from contactdesk.gui.ops import Change, OpResult, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.base import master_detail as md
from contactdesk.gui.views.contact_editor import ContactEditor
from contactdesk.gui.views.widgets import named

#: the kinds of record this area shows, it refreshes when a Change names one:
#: the list, the editor and its agreements box
WATCHES = frozenset({Kind.CONTACTS, Kind.ORGANISATIONS, Kind.AGREEMENTS, Kind.SETTINGS})

SEARCH_DELAY_MS = 150
COLUMN_WIDTHS = [230, 95, 250, 210, 140, 130, 150, 160]


class ContactsView(md.MasterDetailArea[int]):
    """Everything of the contact register in one widget; talks to the core only through Ops.

    Implements gui/area.py's Area protocol (key "contacts") on MasterDetailArea.
    """

    key = "contacts"
    title = N_("Kontakte")
    watches = WATCHES
    pane_sizes = (720, 560)
    #: the welcome hint shows above an empty register
    show_welcome = True
    editor: ContactEditor

    def __init__(
        self, ops: Ops, actions: md.Actions, settings: Settings, *, show_welcome: bool = True
    ) -> None:
        super().__init__(ops, actions, settings)
        self.show_welcome = show_welcome

    def setup(self) -> None:
        self._filter_changed = False
        self._total = 0
        self.model = ContactTableModel(self._ops, parent=self)
        self.key_at, self.row_of_key = self.model.id_at, self.model.row_of
        self._search_timer = md.delay_timer(self, SEARCH_DELAY_MS, self.apply_filter)
        self._build()
        self.model.sig_loaded.connect(self._on_loaded)
        self.model.rowsInserted.connect(lambda *_: self.emit_status())

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = md.column(self)

        bar = QHBoxLayout()
        self.search = md.search_field(
            _("Kontakte suchen"),
            _("Suchen: Name, Organisation, Funktion, E-Mail, Ort, Schlagwort …"),
            160,
        )
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
        md.add_filters(bar, ((self.kind_filter, 8), (self.tag_filter, 14), (self.role_filter, 14)))
        for combo in (self.kind_filter, self.tag_filter, self.role_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        outer.addLayout(bar)
        outer.addWidget(self._build_welcome())

        self.table, self.fit_columns = md.record_table(
            _("Kontaktliste"), self.model, COLUMN_WIDTHS, keep=(0,)
        )
        self.bind_delete(self.table, local=True)
        self.follow_list()

        self.editor = ContactEditor(self._ops)
        self.editor.setMinimumWidth(340)
        self.follow_editor(self.editor.sig_saved, self.editor.sig_dirty_changed)
        self.shown_key, self.open_key = lambda: self.editor.contact_id, self.editor.open_contact
        self.has_record = lambda: self.editor.has_contact
        self.editor.sig_open_requested.connect(self.open_contact)
        self.splitter = md.side_by_side(self.table, self.editor, (3, 2))
        outer.addWidget(self.splitter, 1)

        md.tab_chain(self.search, self.kind_filter, self.tag_filter, self.role_filter, self.table)
        self.follow_search(self.apply_filter)

    def _build_welcome(self) -> QFrame:
        """The hint above an empty register, with the demo data and a new person at hand."""
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
        return self.welcome

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
        tags = self._ops.read(cs.list_tags)
        kept = md.refill_combo(self.tag_filter, _("Alle Schlagwörter"), ((t, t) for t in tags))
        if not kept:  # the tag is gone: show everything again
            self.apply_filter()

    def _on_loaded(self) -> None:
        self._total = self._ops.read(cs.count_contacts)
        self.welcome.setVisible(self.show_welcome and self._total == 0)
        if self._filter_changed:
            self._filter_changed = False
            self._follow_filter()
        self.sync_selection()
        self.emit_status()

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

    def refresh(self, change: Change) -> None:
        """Re-read what is shown after `change` (called only when it names WATCHES)."""
        self._reload_tags()
        self.model.refresh()
        if self.editor.contact_id is not None and not self.editor.is_dirty():
            self.editor.reload()
            self.sync_selection()

    # ------------------------------------------------------------------ MasterDetailArea
    def selected_contact_id(self) -> int | None:
        return self.selected_key()

    def open_contact(self, contact_id: int) -> None:
        self.open_record(contact_id)

    # ------------------------------------------------------------------ commands
    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: a new person, or the given kind ("person"/"organisation")."""
        self.new_contact(kind or ContactKind.PERSON.value)

    def new_contact(self, kind: str = ContactKind.PERSON.value) -> None:
        if self.begin_new():
            self.editor.new_contact(kind)

    def ask_delete(self, key: int) -> bool:
        data = self._ops.read(lambda s: cs.get_contact(s, key))
        people = self._ops.read(lambda s: cs.delete_impact(s, key))
        return prompts.confirm_delete(self, data.display_name, data.is_person, people)

    def run_delete(self, key: int) -> OpResult[Any]:
        return self._ops.run(
            lambda s: cs.delete_contact(s, key),
            command=lambda r: undo.deleted_contact(r.contact_id, r.display_name),
            message=lambda r: _("„{name}“ gelöscht. Rückgängig mit Strg+Z.").format(
                name=r.display_name
            ),
            contact_ids=lambda r: {r.contact_id},
            kinds=CONTACT_KINDS,
        )
