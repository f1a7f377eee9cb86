"""The sections of the contact form the user types into: a person's or an organisation's master
data (Stammdaten), how to reach the contact (Erreichbarkeit), tags and notes, and the boxes of the
row lists. Each section fills itself from a `ContactData`, writes its fields back into one, names
the fields that can carry an error, and gives its widgets in tab order."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.labels import NETWORK_ROLE, ORG_KIND
from contactdesk.core.services.contacts import ContactData, EmailData, PhoneData
from contactdesk.gui.views.contact_editor.rows import COMBO_LENGTH, EmailRow, PhoneRow
from contactdesk.gui.views.widgets import RowList, line_edit, named
from contactdesk.gui.widgets.choices import choice_combo, set_choice
from contactdesk.gui.widgets.error_form import ErrorForm

SALUTATIONS = ["", "Frau", "Herr"]


def list_box(title: str, rows: RowList) -> QGroupBox:
    """A titled box holding one row list (addresses, roles, consents, the contact history)."""
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(rows)
    return box


class PersonSection(QGroupBox):
    """Stammdaten of a person: salutation, title, names and a public office."""

    def __init__(self) -> None:
        super().__init__(_("Stammdaten"))
        form = ErrorForm(self)
        self.salutation = named(QComboBox(), _("Anrede"))
        self.salutation.setEditable(True)
        self.salutation.addItems(SALUTATIONS)
        self.salutation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person_title = line_edit(_("Titel"), _("z. B. Dr."))
        self.first_name = line_edit(_("Vorname"))
        self.last_name = line_edit(_("Nachname"))
        self.office_holder = named(
            QCheckBox(_("Öffentliches Amt (Amtsträger/in)")), _("Öffentliches Amt (Amtsträger/in)")
        )
        sal_row = QWidget()
        h = QHBoxLayout(sal_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.salutation, 1)
        title_caption = QLabel(_("&Titel"))
        title_caption.setBuddy(self.person_title)
        h.addWidget(title_caption)
        h.addWidget(self.person_title, 1)
        form.plain(_("&Anrede"), sal_row, self.salutation)
        form.row(_("&Vorname"), self.first_name, "first_name")
        form.row(_("&Nachname"), self.last_name, "last_name")
        form.layout.addRow("", self.office_holder)
        self.fields = form.fields

    def fill(self, data: ContactData) -> None:
        self.salutation.setCurrentText(data.salutation)
        self.person_title.setText(data.title)
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.office_holder.setChecked(data.is_public_office_holder)

    def collect_into(self, data: ContactData) -> None:
        data.salutation = self.salutation.currentText()
        data.title = self.person_title.text()
        data.first_name = self.first_name.text()
        data.last_name = self.last_name.text()
        data.is_public_office_holder = self.office_holder.isChecked()

    def focus_chain(self) -> list[QWidget]:
        return [
            self.salutation,
            self.person_title,
            self.first_name,
            self.last_name,
            self.office_holder,
        ]


class OrganisationSection(QGroupBox):
    """Stammdaten of an organisation: its name, kind and role in the network."""

    def __init__(self) -> None:
        super().__init__(_("Stammdaten"))
        form = ErrorForm(self)
        self.org_name = line_edit(_("Name der Organisation"))
        self.org_kind = choice_combo(_("Art der Organisation"), ORG_KIND, COMBO_LENGTH)
        self.network_role = choice_combo(_("Netzwerkrolle"), NETWORK_ROLE, COMBO_LENGTH)
        form.row(_("Na&me"), self.org_name, "name")
        form.row(_("A&rt"), self.org_kind, "org_kind")
        form.row(_("Netz&werkrolle"), self.network_role, "network_role")
        self.fields = form.fields

    def fill(self, data: ContactData) -> None:
        self.org_name.setText(data.name)
        set_choice(self.org_kind, data.org_kind)
        set_choice(self.network_role, data.network_role)

    def collect_into(self, data: ContactData) -> None:
        data.name = self.org_name.text()
        data.org_kind = self.org_kind.currentData()
        data.network_role = self.network_role.currentData()

    def focus_chain(self) -> list[QWidget]:
        return [self.org_name, self.org_kind, self.network_role]


class ChannelsSection(QGroupBox):
    """Erreichbarkeit: e-mail addresses, phone numbers and the website."""

    def __init__(self) -> None:
        super().__init__(_("Erreichbarkeit"))
        form = ErrorForm(self)
        self.emails = RowList(EmailRow, _("E-Mail hinzufügen"), _("E-Mail-Adressen"))
        self.phones = RowList(PhoneRow, _("Telefon hinzufügen"), _("Telefonnummern"))
        self.website = line_edit(_("Website"), _("www.beispiel.de"))
        form.layout.addRow(_("E-Mail"), self.emails)
        form.layout.addRow(_("Telefon"), self.phones)
        form.row(_("&Website"), self.website, "website")
        self.fields = form.fields

    def fill(self, data: ContactData, *, new: bool) -> None:
        """A new contact starts with one empty e-mail and one empty phone row to type into."""
        self.emails.set_values(data.emails or ([EmailData("")] if new else []))
        self.phones.set_values(data.phones or ([PhoneData("")] if new else []))
        self.website.setText(data.website)

    def collect_into(self, data: ContactData) -> None:
        data.emails = self.emails.values()
        data.phones = self.phones.values()
        data.website = self.website.text().strip()

    def focus_chain(self) -> list[QWidget]:
        return [*self.emails.focus_chain(), *self.phones.focus_chain(), self.website]


class NotesSection(QGroupBox):
    """Schlagwörter und Notizen."""

    def __init__(self) -> None:
        super().__init__(_("Schlagwörter und Notizen"))
        form = ErrorForm(self)
        self.tags = line_edit(_("Schlagwörter"), _("mit Komma trennen, z. B. Patenstadt, LAGA"))
        self.notes = named(QPlainTextEdit(), _("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.notes.setMaximumHeight(140)
        form.row(_("&Schlagwörter"), self.tags)
        form.plain(_("N&otizen"), self.notes)

    def fill(self, data: ContactData) -> None:
        self.tags.setText(", ".join(data.tags))
        self.notes.setPlainText(data.notes)

    def collect_into(self, data: ContactData) -> None:
        data.tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        data.notes = self.notes.toPlainText()

    def focus_chain(self) -> list[QWidget]:
        return [self.tags, self.notes]
