"""The "Verknüpfungen" box of the paper editor: the contacts, agreements and events a paper is
linked with (names read through the services), and the buttons that add and remove them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_, _
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import PaperData
from contactdesk.gui import prompts
from contactdesk.gui.models.papers import SESSIONS_AHEAD_DAYS, SESSIONS_FROM
from contactdesk.gui.views.paper_editor.parts import Section, action_button, button_row, column_box
from contactdesk.gui.views.widgets import error_label, named
from contactdesk.gui.widgets import contact_picker

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from contactdesk.gui.views.paper_editor.editor import PaperEditor

LINK_KINDS = {"contact": N_("Kontakt"), "agreement": N_("Vereinbarung"), "event": N_("Termin")}

#: a link: (kind of record, its id, the name shown)
Link = tuple[str, int, str]


class LinksSection(Section):
    """The links of a paper, kept in `items` in the order shown."""

    def __init__(self, editor: PaperEditor) -> None:
        super().__init__(editor)
        self.items: list[Link] = []
        self.box, v = column_box(_("Verknüpfungen"))
        self.list = named(QListWidget(), _("Verknüpfte Kontakte, Vereinbarungen und Termine"))
        # long titles are elided (whole text in the tool tip), the list never scrolls sideways
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMaximumHeight(130)
        self.list.itemSelectionChanged.connect(self.update_buttons)
        v.addWidget(self.list)
        self.error = error_label()
        v.addWidget(self.error)
        self.link_contact_button = action_button(
            _("Kontakt …"),
            _("Kontakt verknüpfen"),
            _("Einen Kontakt verknüpfen"),
            self.link_contact,
        )
        self.link_agreement_button = action_button(
            _("Vereinbarung …"),
            _("Vereinbarung verknüpfen"),
            _("Eine Vereinbarung verknüpfen"),
            self.link_agreement,
        )
        self.link_event_button = action_button(
            _("Termin …"), _("Termin verknüpfen"), _("Einen Termin verknüpfen"), self.link_event
        )
        self.unlink_button = action_button(
            _("Entfernen"),
            _("Verknüpfung entfernen"),
            _("Die gewählte Verknüpfung entfernen"),
            self.unlink,
        )
        v.addLayout(
            button_row(
                self.link_contact_button,
                self.link_agreement_button,
                self.link_event_button,
                self.unlink_button,
            )
        )

    # ------------------------------------------------------------------ data
    def errors(self) -> dict[str, tuple[QWidget, QLabel]]:
        return {
            "contact_ids": (self.list, self.error),
            "agreement_ids": (self.list, self.error),
            "event_ids": (self.list, self.error),
        }

    def ids(self, kind: str) -> list[int]:
        """The linked ids of one kind ("contact", "agreement", "event"), in order."""
        return [i for k, i, _n in self.items if k == kind]

    def snapshot(self) -> tuple[tuple[str, int], ...]:
        return tuple((kind, i) for kind, i, _n in self.items)

    def set_data(self, data: PaperData) -> None:
        self.items = self._names(data)
        self.fill()

    def _names(self, data: PaperData) -> list[Link]:
        def load(s: Session) -> list[Link]:
            links: list[Link] = []
            for cid in data.contact_ids:
                try:
                    links.append(("contact", cid, cs.get_contact(s, cid).display_name))
                except ContactdeskError:
                    links.append(("contact", cid, _("(gelöschter Kontakt)")))
            titles = {r.id: r.title for r in ag.list_agreements(s, ag.AgreementFilter())}
            for aid in data.agreement_ids:
                links.append(("agreement", aid, titles.get(aid, _("(gelöschte Vereinbarung)"))))
            events = {e.id: e for e in sc.get_events(s, data.event_ids)} if data.event_ids else {}
            for eid in data.event_ids:
                e = events.get(eid)
                text = f"{e.title} ({e.start:%d.%m.%Y})" if e is not None else _("(Termin)")
                links.append(("event", eid, text))
            return links

        return self._editor.ops.read(load)

    def fill(self) -> None:
        self.list.clear()
        for kind, item_id, name in self.items:
            item = QListWidgetItem(f"{_(LINK_KINDS[kind])}: {name}")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, (kind, item_id))
            self.list.addItem(item)
        self.update_buttons()

    def set_editable(self, editable: bool) -> None:
        for w in (self.link_contact_button, self.link_agreement_button, self.link_event_button):
            w.setEnabled(editable)
        self.update_buttons()

    def update_buttons(self) -> None:
        self.unlink_button.setEnabled(self._editor.is_editable() and self.list.currentRow() >= 0)

    def tab_chain(self) -> list[QWidget]:
        return [
            self.list,
            self.link_contact_button,
            self.link_agreement_button,
            self.link_event_button,
            self.unlink_button,
        ]

    # ------------------------------------------------------------------ actions
    def add(self, kind: str, item_id: int, name: str) -> bool:
        if any(k == kind and i == item_id for k, i, _n in self.items):
            return False
        self.items.append((kind, item_id, name))
        self.fill()
        self._editor.mark_edited()
        return True

    def link_contact(self) -> bool:
        """A contact chosen in the picker of gui/widgets/contact_picker.py."""
        editor = self._editor
        chosen = contact_picker.pick_contact(
            editor, editor.ops, _("Kontakt mit der Vorlage verknüpfen")
        )
        return chosen is not None and self.add("contact", *chosen)

    def link_agreement(self) -> bool:
        editor = self._editor
        rows = editor.ops.read(lambda s: ag.list_agreements(s, ag.AgreementFilter()))
        chosen = prompts.choose_one(
            editor,
            _("Vereinbarung verknüpfen"),
            [((r.id, r.title), r.title) for r in rows],
            _("Keine Vereinbarung im Register."),
        )
        return chosen is not None and self.add("agreement", *chosen)

    def link_event(self) -> bool:
        editor = self._editor
        now = datetime.now(UTC)

        def load(s: Session) -> list[sc.Occurrence]:
            return sc.occurrences(s, SESSIONS_FROM, now + timedelta(days=SESSIONS_AHEAD_DAYS))

        rows = [o for o in editor.ops.read(load) if not o.is_series or o.series_id != o.event_id]
        chosen = prompts.choose_one(
            editor,
            _("Termin verknüpfen"),
            [
                ((o.event_id, f"{o.title} ({o.start:%d.%m.%Y})"), f"{o.start:%d.%m.%Y} – {o.title}")
                for o in rows
            ],
            _("Kein Termin im Terminplan."),
        )
        return chosen is not None and self.add("event", *chosen)

    def unlink(self) -> bool:
        row = self.list.currentRow()
        if row < 0:
            return False
        del self.items[row]
        self.fill()
        self._editor.mark_edited()
        return True
