"""The event editor's third tab ("Tagesordnung und Verknüpfungen"): the agenda (ordered, edited
in place) and the linked organisations and agreements (chosen from a list)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.services.schedule import EventData
from contactdesk.gui.views.widgets import error_label, form_layout, named


class AgendaList(QWidget):
    """Ordered agenda items: add, remove, move up and down; items are edited in place."""

    sig_edited = Signal()
    """The items or their order changed."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = named(QListWidget(), _("Tagesordnungspunkte"))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setMinimumHeight(90)
        self.list.itemChanged.connect(lambda _i: self.sig_edited.emit())
        layout.addWidget(self.list)
        bar = QHBoxLayout()
        self.add_button = named(QPushButton(_("Punkt hinzufügen")), _("Punkt hinzufügen"))
        self.remove_button = named(QPushButton(_("Entfernen")), _("Punkt entfernen"))
        self.up_button = named(QPushButton(_("Nach oben")), _("Punkt nach oben"))
        self.down_button = named(QPushButton(_("Nach unten")), _("Punkt nach unten"))
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_button.clicked.connect(lambda: self.add_item("", edit=True))
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_item(self, text: str, *, edit: bool = False) -> None:
        item = self._item(text or _("Neuer Punkt"))
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        if edit:
            self.list.editItem(item)
        self.sig_edited.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.sig_edited.emit()

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.sig_edited.emit()

    def values(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_values(self, values: list[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for text in values:
            self.list.addItem(self._item(text))
        self.list.blockSignals(False)

    def focus_chain(self) -> list[QWidget]:
        return [self.list, self.add_button, self.remove_button, self.up_button, self.down_button]


class LinkList(QWidget):
    """Linked records (organisations, agreements): choose one, add it, remove it."""

    sig_edited = Signal()
    """An item was added or removed."""

    def __init__(self, name: str, add_text: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.choice = named(QComboBox(), _("{name} zur Auswahl").format(name=name))
        self.choice.setMinimumContentsLength(16)
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_button = named(QPushButton(add_text), add_text)
        self.remove_button = named(QPushButton(_("Entfernen")), _("Verknüpfung entfernen"))
        bar.addWidget(self.choice, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        self.list = named(QListWidget(), name)
        self.list.setMaximumHeight(90)
        layout.addWidget(self.list)
        layout.addLayout(bar)
        self._names: dict[int, str] = {}
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        self._names.update(dict(choices))
        self.choice.clear()
        for cid, text in choices:
            self.choice.addItem(text, cid)

    def _add(self) -> None:
        cid = self.choice.currentData()
        if cid is not None and cid not in self.values():
            self._append(int(cid))
            self.sig_edited.emit()

    def _append(self, cid: int) -> None:
        item = QListWidgetItem(self._names.get(cid, f"#{cid}"))
        item.setData(Qt.ItemDataRole.UserRole, cid)
        self.list.addItem(item)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.sig_edited.emit()

    def values(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def set_values(self, ids: list[int]) -> None:
        self.list.clear()
        for cid in ids:
            self._append(cid)

    def focus_chain(self) -> list[QWidget]:
        return [self.list, self.choice, self.add_button, self.remove_button]


class AgendaLinksPage(QWidget):
    """The agenda and the links of one event."""

    sig_edited = Signal()
    """An agenda item or a link changed."""

    def __init__(self) -> None:
        super().__init__()
        form = form_layout(self)
        self.agenda = AgendaList()
        caption = QLabel(_("Tages&ordnung"))
        caption.setBuddy(self.agenda.list)
        form.addRow(caption, self.agenda)
        self.organisations = LinkList(_("Verknüpfte Organisationen"), _("Verknüpfen"))
        self.agreements = LinkList(_("Verknüpfte Vereinbarungen"), _("Verknüpfen"))
        caption = QLabel(_("Or&ganisationen"))
        caption.setBuddy(self.organisations.list)
        form.addRow(caption, self.organisations)
        caption = QLabel(_("Vereinba&rungen"))
        caption.setBuddy(self.agreements.list)
        form.addRow(caption, self.agreements)
        self.links_error = error_label()
        form.addRow("", self.links_error)
        for part in (self.agenda, self.organisations, self.agreements):
            part.sig_edited.connect(self.sig_edited.emit)

    def set_choices(
        self, organisations: list[tuple[int, str]], agreements: list[tuple[int, str]]
    ) -> None:
        self.organisations.set_choices(organisations)
        self.agreements.set_choices(agreements)

    def fill(self, data: EventData) -> None:
        self.agenda.set_values(data.agenda)
        self.organisations.set_values(data.organisation_ids)
        self.agreements.set_values(data.agreement_ids)

    def collect_into(self, data: EventData) -> None:
        data.agenda = self.agenda.values()
        data.organisation_ids = self.organisations.values()
        data.agreement_ids = self.agreements.values()

    def show_links_error(self, message: str | None) -> None:
        self.links_error.setText(message or "")
        self.links_error.setVisible(bool(message))

    def focus_chain(self) -> list[QWidget]:
        return [
            *self.agenda.focus_chain(),
            *self.organisations.focus_chain(),
            *self.agreements.focus_chain(),
        ]
