"""The rows of the contact editor's lists: e-mail addresses, phone numbers, addresses, roles in
organisations, consents (DSGVO) and the contact history; each shows one entry and returns it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from contactdesk.core.i18n import _
from contactdesk.core.labels import CONSENT_METHOD, CONSENT_PURPOSE, INTERACTION_KIND
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import (
    AddressData,
    ConsentData,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)
from contactdesk.gui.views.widgets import DateEdit, RowWidget, line_edit, named
from contactdesk.gui.widgets.choices import choice_combo, compact, set_choice
from contactdesk.gui.widgets.datetime_entry import DateTimeEntry
from contactdesk.gui.widgets.pair_row import PairRow

ZONE = ZoneInfo("Europe/Berlin")
CHANNEL_LABELS = ["dienstlich", "privat", "mobil", "Zentrale", "Sekretariat"]
#: how many characters wide the combo boxes of a row are at least
COMBO_LENGTH = 10


def label_combo(name: str) -> QComboBox:
    """A free label (dienstlich, privat ...) with the usual ones to choose from."""
    combo = named(QComboBox(), name)
    combo.setEditable(True)
    combo.addItems(["", *CHANNEL_LABELS])
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(_("Bezeichnung"))
    compact(combo, 11)
    return combo


class EmailRow(PairRow):
    """An e-mail address and its label."""

    def __init__(self) -> None:
        address = line_edit(_("E-Mail-Adresse"), _("name@beispiel.de"))
        label = label_combo(_("Bezeichnung der E-Mail-Adresse"))
        super().__init__(_("E-Mail-Adresse entfernen"), address, label)
        self.address, self.label = address, label

    def value(self) -> EmailData | None:
        address = self.address.text()
        return EmailData(address, self.label.currentText().strip()) if address.strip() else None

    def set_value(self, value: EmailData) -> None:
        self.address.setText(value.address)
        self.address.setCursorPosition(0)
        self.label.setCurrentText(value.label)

    def primary(self) -> QWidget:
        return self.address


class PhoneRow(PairRow):
    """A phone number and its label."""

    def __init__(self) -> None:
        number = line_edit(_("Telefonnummer"), _("03494 123456"))
        label = label_combo(_("Bezeichnung der Telefonnummer"))
        super().__init__(_("Telefonnummer entfernen"), number, label)
        self.number, self.label = number, label

    def value(self) -> PhoneData | None:
        number = self.number.text()
        return PhoneData(number, self.label.currentText().strip()) if number.strip() else None

    def set_value(self, value: PhoneData) -> None:
        self.number.setText(cs.format_phone(value.number))
        self.label.setCurrentText(value.label)

    def primary(self) -> QWidget:
        return self.number


class AddressRow(RowWidget):
    def __init__(self) -> None:
        super().__init__(_("Adresse entfernen"))
        self.street = line_edit(_("Straße und Hausnummer"), _("Straße und Hausnummer"))
        self.postal_code = line_edit(_("Postleitzahl"), _("PLZ"))
        self.postal_code.setMaximumWidth(80)
        self.city = line_edit(_("Ort"), _("Ort"))
        self.country = line_edit(_("Land"), _("Land"))
        self.country.setText("Deutschland")
        self.label = label_combo(_("Bezeichnung der Adresse"))
        self.grid.addWidget(self.street, 0, 0, 1, 2)
        self.grid.addWidget(self.label, 0, 2)
        self.grid.addWidget(self.postal_code, 1, 0)
        self.grid.addWidget(self.city, 1, 1)
        self.grid.addWidget(self.country, 1, 2)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(2, 1)
        self.finish(3, rows=2)

    def value(self) -> AddressData | None:
        parts = (self.street.text(), self.postal_code.text(), self.city.text())
        if not any(p.strip() for p in parts):
            return None
        return AddressData(
            street=parts[0],
            postal_code=parts[1],
            city=parts[2],
            country=self.country.text().strip() or "Deutschland",
            label=self.label.currentText().strip(),
        )

    def set_value(self, value: AddressData) -> None:
        self.street.setText(value.street)
        self.postal_code.setText(value.postal_code)
        self.city.setText(value.city)
        self.country.setText(value.country)
        self.label.setCurrentText(value.label)

    def primary(self) -> QWidget:
        return self.street


class RoleRow(RowWidget):
    def __init__(self, organisations: Callable[[], list[tuple[int, str]]]) -> None:
        super().__init__(_("Rolle entfernen"))
        self.organisation = named(QComboBox(), _("Organisation der Rolle"))
        self.organisation.addItem(_("– Organisation wählen –"), None)
        for org_id, name in organisations():
            self.organisation.addItem(name, org_id)
        compact(self.organisation, 18)
        self.function = line_edit(_("Funktion"), _("Funktion, z. B. Geschäftsführerin"))
        self.contact_person = named(QCheckBox(_("Ansprechpartner/in")), _("Ansprechpartner/in"))
        self.start = DateEdit(_("Rolle von"), optional=True)
        self.end = DateEdit(_("Rolle bis"), optional=True)
        self.grid.addWidget(self.organisation, 0, 0, 1, 4)
        self.grid.addWidget(self.function, 1, 0, 1, 3)
        self.grid.addWidget(self.contact_person, 1, 3)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(_("von")))
        dates.addWidget(self.start)
        dates.addWidget(QLabel(_("bis")))
        dates.addWidget(self.end)
        dates.addStretch(1)
        self.grid.addLayout(dates, 2, 0, 1, 4)
        self.finish(4, rows=3)

    def value(self) -> RoleData | None:
        org_id = self.organisation.currentData()
        if org_id is None and not self.function.text().strip():
            return None
        return RoleData(
            organisation_id=org_id if org_id is not None else -1,
            function=self.function.text(),
            is_contact_person=self.contact_person.isChecked(),
            start_date=self.start.value(),
            end_date=self.end.value(),
            organisation_name=self.organisation.currentText() if org_id is not None else "",
        )

    def set_value(self, value: RoleData) -> None:
        index = self.organisation.findData(value.organisation_id)
        if index < 0:
            self.organisation.addItem(
                _("{name} (gelöscht)").format(name=value.organisation_name),
                value.organisation_id,
            )
            index = self.organisation.count() - 1
        self.organisation.setCurrentIndex(index)
        self.function.setText(value.function)
        self.function.setCursorPosition(0)
        self.contact_person.setChecked(value.is_contact_person)
        self.start.set_value(value.start_date)
        self.end.set_value(value.end_date)

    def primary(self) -> QWidget:
        return self.organisation


class ConsentRow(RowWidget):
    def __init__(self) -> None:
        super().__init__(_("Einwilligung entfernen"))
        self.purpose = choice_combo(_("Zweck der Einwilligung"), CONSENT_PURPOSE, COMBO_LENGTH)
        self.method = choice_combo(_("Art der Einwilligung"), CONSENT_METHOD, COMBO_LENGTH)
        self.given_on = DateEdit(_("Einwilligung erteilt am"))
        self.valid_until = DateEdit(_("Einwilligung gültig bis"), optional=True)
        self.withdrawn_on = DateEdit(_("Einwilligung widerrufen am"), optional=True)
        self.note = line_edit(_("Notiz zur Einwilligung"), _("Notiz"))
        self.source = line_edit(
            _("Quelle der Einwilligung"), _("Quelle, z. B. Anmeldeformular Netzwerktreffen")
        )
        self.grid.addWidget(self.purpose, 0, 0, 1, 2)
        self.grid.addWidget(self.method, 0, 2, 1, 2)
        self.grid.addWidget(QLabel(_("erteilt am")), 1, 0)
        self.grid.addWidget(self.given_on, 1, 1)
        self.grid.addWidget(QLabel(_("gültig bis")), 1, 2)
        self.grid.addWidget(self.valid_until, 1, 3)
        self.grid.addWidget(QLabel(_("widerrufen am")), 2, 0)
        self.grid.addWidget(self.withdrawn_on, 2, 1)
        self.grid.addWidget(self.note, 2, 2, 1, 2)
        self.grid.addWidget(QLabel(_("Quelle")), 3, 0)
        self.grid.addWidget(self.source, 3, 1, 1, 3)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.finish(4, rows=4)

    def value(self) -> ConsentData:
        return ConsentData(
            purpose=self.purpose.currentData(),
            given_on=self.given_on.value() or date.today(),
            method=self.method.currentData(),
            valid_until=self.valid_until.value(),
            withdrawn_on=self.withdrawn_on.value(),
            note=self.note.text().strip(),
            source=self.source.text().strip(),
        )

    def set_value(self, value: ConsentData) -> None:
        set_choice(self.purpose, value.purpose)
        set_choice(self.method, value.method)
        self.given_on.set_value(value.given_on)
        self.valid_until.set_value(value.valid_until)
        self.withdrawn_on.set_value(value.withdrawn_on)
        self.note.setText(value.note)
        self.source.setText(value.source)

    def primary(self) -> QWidget:
        return self.purpose


def to_qdatetime(value: datetime) -> QDateTime:
    local = value.astimezone(ZONE)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=ZONE)


class InteractionRow(RowWidget):
    def __init__(self) -> None:
        super().__init__(_("Eintrag entfernen"))
        self.kind = choice_combo(_("Art des Kontakts"), INTERACTION_KIND, COMBO_LENGTH)
        self.occurred_at = DateTimeEntry(_("Zeitpunkt"), with_time=True)
        now = datetime.now(ZONE).replace(second=0, microsecond=0)
        self.occurred_at.setDateTime(to_qdatetime(now))
        self.by = line_edit(_("Durch"), _("durch wen"))
        self.summary = line_edit(_("Worum ging es?"), _("Worum ging es?"))
        self.grid.addWidget(self.kind, 0, 0)
        self.grid.addWidget(self.occurred_at, 0, 1)
        self.grid.addWidget(self.by, 0, 2)
        self.grid.addWidget(self.summary, 1, 0, 1, 3)
        self.grid.setColumnStretch(2, 1)
        self.finish(3, rows=2)

    def value(self) -> InteractionData | None:
        if not self.summary.text().strip() and not self.by.text().strip():
            return None
        return InteractionData(
            kind=self.kind.currentData(),
            occurred_at=from_qdatetime(self.occurred_at.dateTime()),
            summary=self.summary.text(),
            by=self.by.text().strip(),
        )

    def set_value(self, value: InteractionData) -> None:
        set_choice(self.kind, value.kind)
        self.occurred_at.setDateTime(to_qdatetime(value.occurred_at))
        self.by.setText(value.by)
        self.summary.setText(value.summary)
        self.summary.setCursorPosition(0)

    def primary(self) -> QWidget:
        return self.summary
