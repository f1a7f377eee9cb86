"""The agreement editor's own fields: a contact chosen from the register (`ContactField`, used
for the town's signatory), a party row (contact and role) and the months spin box of the term."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QToolButton, QWidget

from contactdesk.core.i18n import _
from contactdesk.core.labels import PARTY_ROLE
from contactdesk.core.services.agreements import PartyData
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.choices import choice_combo, set_choice
from contactdesk.gui.widgets.contact_picker import pick_contact
from contactdesk.gui.widgets.pair_row import PairRow


def months_spin(name: str) -> QSpinBox:
    """0 to 120 months; 0 shows "keine"."""
    spin = named(QSpinBox(), name, _("Anzahl der Monate; 0 bedeutet „keine“"))
    spin.setRange(0, 120)
    spin.setSpecialValueText(_("keine"))
    spin.setSuffix(_(" Monate"))
    return spin


class ContactField(QWidget):
    """A chosen contact (read-only name) with "Wählen …" and "Entfernen" buttons."""

    sig_changed = Signal()

    def __init__(self, ops: Ops, name: str, picker_title: str, kind: str | None = None) -> None:
        super().__init__()
        self._ops = ops
        self._kind = kind
        self._picker_title = picker_title
        self._id: int | None = None
        self._name = ""
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        self.display = named(QLineEdit(), name)
        self.display.setReadOnly(True)
        self.display.setPlaceholderText(_("– noch nicht gewählt –"))
        # the name may be elided in a narrow window (full name in the tool tip), the row fits
        self.display.setMinimumWidth(90)
        self.choose = named(QPushButton(_("Wählen …")), _("{name} wählen").format(name=name))
        self.choose.clicked.connect(self.pick)
        self.clear_button = named(QToolButton(), _("{name} entfernen").format(name=name))
        self.clear_button.setText("×")
        self.clear_button.setToolTip(_("Auswahl entfernen"))
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        h.addWidget(self.display, 1)
        h.addWidget(self.choose)
        h.addWidget(self.clear_button)
        self.set_value(None)

    def value(self) -> int | None:
        return self._id

    def name(self) -> str:
        return self._name

    def set_value(self, contact_id: int | None, name: str = "", deleted: bool = False) -> None:
        changed = contact_id != self._id
        self._id = contact_id
        self._name = name if contact_id is not None else ""
        font = self.display.font()
        font.setStrikeOut(deleted)
        self.display.setFont(font)
        text = _("{name} (gelöscht)").format(name=name) if deleted else self._name
        self.display.setText(text)
        self.display.setCursorPosition(0)
        self.display.setToolTip(
            _("Dieser Kontakt wurde im Kontaktregister gelöscht.") if deleted else text
        )
        self.clear_button.setEnabled(contact_id is not None)
        if changed:
            self.sig_changed.emit()

    def pick(self) -> bool:
        chosen = pick_contact(self, self._ops, self._picker_title, self._kind)
        if chosen is None:
            return False
        self.set_value(*chosen)
        return True


class PartyRow(PairRow):
    """A party of the agreement: a contact of the register and its role."""

    def __init__(self, ops: Ops) -> None:
        contact = ContactField(ops, _("Partei"), _("Partei aus dem Kontaktregister wählen"))
        role = choice_combo(_("Rolle der Partei"), PARTY_ROLE, 8)
        contact.clear_button.setVisible(False)  # the row's own remove button does that
        super().__init__(_("Partei entfernen"), contact, role)
        self.contact, self.role = contact, role

    def value(self) -> PartyData | None:
        cid = self.contact.value()
        if cid is None:
            return None
        return PartyData(
            contact_id=cid, role=self.role.currentData(), contact_name=self.contact.name()
        )

    def set_value(self, value: PartyData) -> None:
        self.contact.set_value(value.contact_id, value.contact_name, value.contact_deleted)
        set_choice(self.role, value.role)

    def primary(self) -> QWidget:
        return self.contact.display
