"""ContactEditor: the detail editor of one person or organisation, with save, discard and errors."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.changes import CONTACT_KINDS
from contactdesk.core.errors import ContactdeskError, NotFoundError, ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import (
    AGREEMENT_KIND,
    AGREEMENT_STATUS,
    CONSENT_METHOD,
    CONSENT_PURPOSE,
    CONTACT_KIND,
    INTERACTION_KIND,
    NETWORK_ROLE,
    ORG_KIND,
    label,
)
from contactdesk.core.models.contacts import ContactKind
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import duplicates
from contactdesk.core.services.contacts import (
    AddressData,
    ConsentData,
    ContactData,
    DuplicateContactError,
    EmailData,
    InteractionData,
    PhoneData,
    RoleData,
)
from contactdesk.core.team.versions import VersionConflictError
from contactdesk.gui import prompts, theme
from contactdesk.gui.dialogs.conflict import ConflictChoice, OwnInputWindow, resolve_conflict
from contactdesk.gui.ops import OpResult, Ops
from contactdesk.gui.views.widgets import (
    DATE_FORMAT,
    INVALID_STYLESHEET,
    DateEdit,
    PlaceKeeper,
    RowList,
    RowWidget,
    error_label,
    field_with_error,
    form_layout,
    has_pending_dates,
    heading_label,
    line_edit,
    mark_invalid,
    named,
    refuse_unreadable_dates,
    watch,
)
from contactdesk.gui.widgets.datetime_entry import DateTimeEntry

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ZONE = ZoneInfo("Europe/Berlin")
CHANNEL_LABELS = ["dienstlich", "privat", "mobil", "Zentrale", "Sekretariat"]
SALUTATIONS = ["", "Frau", "Herr"]


def _combo(name: str, items: dict, current: str | None = None) -> QComboBox:
    combo = named(QComboBox(), name)
    _compact(combo)
    for key in items:
        combo.addItem(label(items, key.value), key.value)
    if current is not None:
        _set_combo(combo, current)
    return combo


def _compact(combo: QComboBox, length: int = 10) -> None:
    """Let a combo box shrink: long entries must not widen the editor."""
    combo.setMinimumContentsLength(length)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)


def _set_combo(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    if index < 0:  # an unknown stored value stays visible and is kept
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _label_combo(name: str) -> QComboBox:
    combo = named(QComboBox(), name)
    combo.setEditable(True)
    combo.addItems(["", *CHANNEL_LABELS])
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.lineEdit().setPlaceholderText(_("Bezeichnung"))
    _compact(combo, 11)
    return combo


def _small(text: str) -> QLabel:
    return QLabel(text)


# --------------------------------------------------------------------------- rows


class EmailRow(RowWidget):
    def __init__(self) -> None:
        super().__init__(_("E-Mail-Adresse entfernen"))
        self.address = line_edit(_("E-Mail-Adresse"), _("name@beispiel.de"))
        self.label = _label_combo(_("Bezeichnung der E-Mail-Adresse"))
        self.grid.addWidget(self.address, 0, 0)
        self.grid.addWidget(self.label, 0, 1)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 1)
        self.finish(2)

    def value(self) -> EmailData | None:
        address = self.address.text()
        return EmailData(address, self.label.currentText().strip()) if address.strip() else None

    def set_value(self, value: EmailData) -> None:
        self.address.setText(value.address)
        self.address.setCursorPosition(0)
        self.label.setCurrentText(value.label)

    def primary(self) -> QWidget:
        return self.address


class PhoneRow(RowWidget):
    def __init__(self) -> None:
        super().__init__(_("Telefonnummer entfernen"))
        self.number = line_edit(_("Telefonnummer"), _("03494 123456"))
        self.label = _label_combo(_("Bezeichnung der Telefonnummer"))
        self.grid.addWidget(self.number, 0, 0)
        self.grid.addWidget(self.label, 0, 1)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 1)
        self.finish(2)

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
        self.label = _label_combo(_("Bezeichnung der Adresse"))
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
        _compact(self.organisation, 18)
        self.function = line_edit(_("Funktion"), _("Funktion, z. B. Geschäftsführerin"))
        self.contact_person = named(QCheckBox(_("Ansprechpartner/in")), _("Ansprechpartner/in"))
        self.start = DateEdit(_("Rolle von"), optional=True)
        self.end = DateEdit(_("Rolle bis"), optional=True)
        self.grid.addWidget(self.organisation, 0, 0, 1, 4)
        self.grid.addWidget(self.function, 1, 0, 1, 3)
        self.grid.addWidget(self.contact_person, 1, 3)
        dates = QHBoxLayout()
        dates.addWidget(_small(_("von")))
        dates.addWidget(self.start)
        dates.addWidget(_small(_("bis")))
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
        self.purpose = _combo(_("Zweck der Einwilligung"), CONSENT_PURPOSE)
        self.method = _combo(_("Art der Einwilligung"), CONSENT_METHOD)
        self.given_on = DateEdit(_("Einwilligung erteilt am"))
        self.valid_until = DateEdit(_("Einwilligung gültig bis"), optional=True)
        self.withdrawn_on = DateEdit(_("Einwilligung widerrufen am"), optional=True)
        self.note = line_edit(_("Notiz zur Einwilligung"), _("Notiz"))
        self.source = line_edit(
            _("Quelle der Einwilligung"), _("Quelle, z. B. Anmeldeformular Netzwerktreffen")
        )
        self.grid.addWidget(self.purpose, 0, 0, 1, 2)
        self.grid.addWidget(self.method, 0, 2, 1, 2)
        self.grid.addWidget(_small(_("erteilt am")), 1, 0)
        self.grid.addWidget(self.given_on, 1, 1)
        self.grid.addWidget(_small(_("gültig bis")), 1, 2)
        self.grid.addWidget(self.valid_until, 1, 3)
        self.grid.addWidget(_small(_("widerrufen am")), 2, 0)
        self.grid.addWidget(self.withdrawn_on, 2, 1)
        self.grid.addWidget(self.note, 2, 2, 1, 2)
        self.grid.addWidget(_small(_("Quelle")), 3, 0)
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
        _set_combo(self.purpose, value.purpose)
        _set_combo(self.method, value.method)
        self.given_on.set_value(value.given_on)
        self.valid_until.set_value(value.valid_until)
        self.withdrawn_on.set_value(value.withdrawn_on)
        self.note.setText(value.note)
        self.source.setText(value.source)

    def primary(self) -> QWidget:
        return self.purpose


def _to_qdatetime(value: datetime) -> QDateTime:
    local = value.astimezone(ZONE)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def _from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=ZONE)


class InteractionRow(RowWidget):
    def __init__(self) -> None:
        super().__init__(_("Eintrag entfernen"))
        self.kind = _combo(_("Art des Kontakts"), INTERACTION_KIND)
        self.occurred_at = DateTimeEntry(_("Zeitpunkt"), with_time=True)
        now = datetime.now(ZONE).replace(second=0, microsecond=0)
        self.occurred_at.setDateTime(_to_qdatetime(now))
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
            occurred_at=_from_qdatetime(self.occurred_at.dateTime()),
            summary=self.summary.text(),
            by=self.by.text().strip(),
        )

    def set_value(self, value: InteractionData) -> None:
        _set_combo(self.kind, value.kind)
        self.occurred_at.setDateTime(_to_qdatetime(value.occurred_at))
        self.by.setText(value.by)
        self.summary.setText(value.summary)
        self.summary.setCursorPosition(0)

    def primary(self) -> QWidget:
        return self.summary


# --------------------------------------------------------------------------- editor


class ContactEditor(QWidget):
    """Shows one contact (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_saved = Signal(int)
    """A contact was created or updated (its id)."""
    sig_open_requested = Signal(int)
    """The user wants to see another contact (a duplicate, a member)."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""
    sig_agreement_requested = Signal(int)
    """The user wants to see an agreement of this contact (its id)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the user's own input kept after a conflict reload (gui/dialogs/conflict.py)
        self._own_input: OwnInputWindow | None = None
        self._ops = ops
        self._loaded: ContactData | None = None  # what the database had at load time
        self._kind: str | None = None
        self._baseline: ContactData | None = None
        self._loading = False
        self._dirty = False
        self._organisations: list[tuple[int, str]] = []
        theme.set_style(self, INVALID_STYLESHEET)
        self.setAccessibleName(_("Kontakt bearbeiten"))
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        self.title = heading_label(_("Name des Kontakts"))
        self.subtitle = QLabel()
        self.subtitle.setAccessibleName(_("Art des Kontakts"))
        outer.addWidget(self.title)
        outer.addWidget(self.subtitle)
        self.summary = error_label()
        self.summary.setAccessibleName(_("Fehler beim Speichern"))
        outer.addWidget(self.summary)
        # while a new contact is typed: probable duplicates (services/duplicates.py)
        self.duplicate_hint = QLabel()
        self.duplicate_hint.setWordWrap(True)
        self.duplicate_hint.setAccessibleName(_("Möglicherweise schon vorhanden"))
        self.duplicate_hint.setVisible(False)
        outer.addWidget(self.duplicate_hint)
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(400)
        self._duplicate_timer.timeout.connect(self.check_duplicates)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            _("Wählen Sie links einen Kontakt aus oder legen Sie mit Strg+N eine neue Person an.")
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(_("Kein Kontakt ausgewählt"))
        self.stack.addWidget(self.placeholder)

        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName(_("Formular des Kontakts"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack.addWidget(self.scroll_area)
        body = QWidget()
        self.scroll_area.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)

        # person
        self.person_box = QGroupBox(_("Stammdaten"))
        form = form_layout(self.person_box)
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
        caption = QLabel(_("&Anrede"))
        caption.setBuddy(self.salutation)
        form.addRow(caption, sal_row)
        self._first_name_error = field_with_error(form, _("&Vorname"), self.first_name)
        self._last_name_error = field_with_error(form, _("&Nachname"), self.last_name)
        form.addRow("", self.office_holder)
        self.body.addWidget(self.person_box)

        # organisation
        self.org_box = QGroupBox(_("Stammdaten"))
        form = form_layout(self.org_box)
        self.org_name = line_edit(_("Name der Organisation"))
        self.org_kind = _combo(_("Art der Organisation"), ORG_KIND)
        self.network_role = _combo(_("Netzwerkrolle"), NETWORK_ROLE)
        self._org_name_error = field_with_error(form, _("Na&me"), self.org_name)
        self._org_kind_error = field_with_error(form, _("A&rt"), self.org_kind)
        self._network_role_error = field_with_error(form, _("Netz&werkrolle"), self.network_role)
        self.body.addWidget(self.org_box)

        # channels
        box = QGroupBox(_("Erreichbarkeit"))
        form = form_layout(box)
        self.emails = RowList(EmailRow, _("E-Mail hinzufügen"), _("E-Mail-Adressen"))
        self.phones = RowList(PhoneRow, _("Telefon hinzufügen"), _("Telefonnummern"))
        self.website = line_edit(_("Website"), _("www.beispiel.de"))
        form.addRow(_("E-Mail"), self.emails)
        form.addRow(_("Telefon"), self.phones)
        self._website_error = field_with_error(form, _("&Website"), self.website)
        self.body.addWidget(box)

        box = QGroupBox(_("Adressen"))
        v = QVBoxLayout(box)
        self.addresses = RowList(AddressRow, _("Adresse hinzufügen"), _("Adressen"))
        v.addWidget(self.addresses)
        self.body.addWidget(box)

        box = QGroupBox(_("Schlagwörter und Notizen"))
        form = form_layout(box)
        self.tags = line_edit(_("Schlagwörter"), _("mit Komma trennen, z. B. Patenstadt, LAGA"))
        self.notes = named(QPlainTextEdit(), _("Notizen"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.notes.setMaximumHeight(140)
        field_with_error(form, _("&Schlagwörter"), self.tags)
        caption = QLabel(_("N&otizen"))
        caption.setBuddy(self.notes)
        form.addRow(caption, self.notes)
        self.body.addWidget(box)

        # person: roles and consents
        self.roles_box = QGroupBox(_("Rollen in Organisationen"))
        v = QVBoxLayout(self.roles_box)
        self.roles = RowList(
            lambda: RoleRow(lambda: self._organisations),
            _("Rolle hinzufügen"),
            _("Rollen in Organisationen"),
        )
        v.addWidget(self.roles)
        self.body.addWidget(self.roles_box)

        self.consents_box = QGroupBox(_("Einwilligungen (DSGVO)"))
        v = QVBoxLayout(self.consents_box)
        self.consents = RowList(ConsentRow, _("Einwilligung hinzufügen"), _("Einwilligungen"))
        v.addWidget(self.consents)
        self.body.addWidget(self.consents_box)

        # organisation: members (read-only)
        self.members_box = QGroupBox(_("Personen in dieser Organisation"))
        v = QVBoxLayout(self.members_box)
        self.members = QTableWidget(0, 4)
        self.members.setAccessibleName(_("Personen in dieser Organisation"))
        self.members.setHorizontalHeaderLabels(
            [_("Person"), _("Funktion"), _("Ansprechp."), _("Zeitraum")]
        )
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.verticalHeader().setVisible(False)
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.members.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.members.setWordWrap(False)
        self.members.setToolTip(_("Doppelklick öffnet die Person"))
        self.members.itemActivated.connect(self._open_member)
        self.members_hint = QLabel(_("Niemand hat hier eine Rolle."))
        v.addWidget(self.members_hint)
        v.addWidget(self.members)
        self.body.addWidget(self.members_box)

        # agreements that name this contact (read-only)
        self.agreements_box = QGroupBox(_("Vereinbarungen"))
        v = QVBoxLayout(self.agreements_box)
        self.agreements = QTableWidget(0, 3)
        self.agreements.setAccessibleName(_("Vereinbarungen dieses Kontakts"))
        self.agreements.setHorizontalHeaderLabels([_("Titel"), _("Art"), _("Status")])
        self.agreements.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agreements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agreements.verticalHeader().setVisible(False)
        header = self.agreements.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.agreements.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agreements.setWordWrap(False)
        self.agreements.setToolTip(_("Doppelklick öffnet die Vereinbarung"))
        self.agreements.itemActivated.connect(self._open_agreement)
        self.agreements_hint = QLabel(_("Keine Vereinbarung nennt diesen Kontakt."))
        v.addWidget(self.agreements_hint)
        v.addWidget(self.agreements)
        self.body.addWidget(self.agreements_box)

        box = QGroupBox(_("Kontaktverlauf"))
        v = QVBoxLayout(box)
        self.interactions = RowList(InteractionRow, _("Eintrag hinzufügen"), _("Kontaktverlauf"))
        v.addWidget(self.interactions)
        self.body.addWidget(box)
        self.body.addStretch(1)

        # buttons
        bar = QHBoxLayout()
        self.dirty_label = QLabel()
        self.dirty_label.setWordWrap(True)  # wraps in a narrow pane instead of being cut
        self.dirty_label.setAccessibleName(_("Bearbeitungsstand"))
        bar.addWidget(self.dirty_label, 1)
        self.save_button = named(
            QPushButton(_("Speichern")), _("Speichern"), _("Speichern (Strg+S)")
        )
        self.save_button.setDefault(False)
        self.discard_button = named(
            QPushButton(_("Verwerfen")), _("Verwerfen"), _("Ungespeicherte Änderungen verwerfen")
        )
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        self._field_widgets: dict[str, tuple[QWidget, QLabel | None]] = {
            "first_name": (self.first_name, self._first_name_error),
            "last_name": (self.last_name, self._last_name_error),
            "name": (self.org_name, self._org_name_error),
            "org_kind": (self.org_kind, self._org_kind_error),
            "network_role": (self.network_role, self._network_role_error),
            "website": (self.website, self._website_error),
        }
        self._lists: dict[str, RowList] = {
            "emails": self.emails,
            "phones": self.phones,
            "addresses": self.addresses,
            "roles": self.roles,
            "consents": self.consents,
            "interactions": self.interactions,
        }
        watch(body, self._on_edited)
        for rows in self._lists.values():
            rows.sig_edited.connect(self._on_edited)

    # ------------------------------------------------------------------ state
    @property
    def contact_id(self) -> int | None:
        return self._loaded.id if self._loaded is not None else None

    @property
    def kind(self) -> str | None:
        return self._kind

    @property
    def has_contact(self) -> bool:
        return self._kind is not None

    @property
    def is_new(self) -> bool:
        return self._kind is not None and self.contact_id is None

    def display_name(self) -> str:
        if self._kind is None:
            return ""
        data = self.collect()
        if data.is_person:
            return cs.person_display_name(
                data.first_name.strip(), data.last_name.strip(), data.title.strip()
            )
        return data.name.strip()

    def is_dirty(self) -> bool:
        return self._kind is not None and (
            self.collect() != self._baseline or has_pending_dates(self)
        )

    def clear(self) -> None:
        """Show no contact."""
        self._loaded = None
        self._kind = None
        self._baseline = None
        self._duplicate_timer.stop()
        self.duplicate_hint.setVisible(False)
        self._clear_errors()
        self.stack.setCurrentWidget(self.placeholder)
        self.title.setText(_("Kein Kontakt ausgewählt"))
        self.subtitle.setText("")
        for w in (self.save_button, self.discard_button):
            w.setEnabled(False)
        self._set_dirty(False)

    def new_contact(self, kind: str) -> None:
        """Start a new, unsaved person or organisation."""
        self._show(ContactData(kind=kind), loaded=None)
        (self.first_name if kind == ContactKind.PERSON.value else self.org_name).setFocus()

    def load(self, data: ContactData) -> None:
        self._show(data, loaded=data)

    def reload(self) -> bool:
        """Re-read the shown contact; False (and cleared) when it is gone or deleted."""
        cid = self.contact_id
        if cid is None:
            return self.has_contact
        try:
            data = self._ops.read(lambda s: cs.get_contact(s, cid))
        except NotFoundError:
            self.clear()
            return False
        if data.deleted:
            self.clear()
            return False
        self.load(data)
        return True

    def open_contact(self, contact_id: int) -> bool:
        try:
            data = self._ops.read(lambda s: cs.get_contact(s, contact_id))
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return False
        self.load(data)
        return True

    def _show(self, data: ContactData, loaded: ContactData | None) -> None:
        # the same record shown again (a save, a refresh): stay where the user is
        same = data.id is not None and self._loaded is not None and self._loaded.id == data.id
        self._duplicate_timer.stop()
        self.duplicate_hint.setVisible(False)
        self._loading = True
        try:
            self._loaded = loaded
            self._kind = data.kind
            self._organisations = self._ops.read(cs.list_organisations)
            is_person = data.is_person
            self.person_box.setVisible(is_person)
            self.roles_box.setVisible(is_person)
            self.consents_box.setVisible(is_person)
            self.org_box.setVisible(not is_person)
            self.members_box.setVisible(not is_person and data.id is not None)
            self.salutation.setCurrentText(data.salutation)
            self.person_title.setText(data.title)
            self.first_name.setText(data.first_name)
            self.last_name.setText(data.last_name)
            self.office_holder.setChecked(data.is_public_office_holder)
            self.org_name.setText(data.name)
            _set_combo(self.org_kind, data.org_kind)
            _set_combo(self.network_role, data.network_role)
            self.emails.set_values(data.emails or ([EmailData("")] if loaded is None else []))
            self.phones.set_values(data.phones or ([PhoneData("")] if loaded is None else []))
            self.website.setText(data.website)
            self.addresses.set_values(data.addresses)
            self.tags.setText(", ".join(data.tags))
            self.notes.setPlainText(data.notes)
            self.roles.set_values(data.roles)
            self.consents.set_values(data.consents)
            self.interactions.set_values(data.interactions)
            if not is_person and data.id is not None:
                self._fill_members(data.id)
            self.agreements_box.setVisible(data.id is not None)
            if data.id is not None:
                self._fill_agreements(data.id)
            self._clear_errors()
            self.stack.setCurrentWidget(self.scroll_area)
            if not same:
                self.scroll_area.verticalScrollBar().setValue(0)
            self._baseline = self.collect()
        finally:
            self._loading = False
        self._update_title()
        self._fix_tab_order()
        self._set_dirty(False)

    def _fill_members(self, org_id: int) -> None:
        rows = self._ops.read(lambda s: cs.members(s, org_id))
        self.members.setRowCount(len(rows))
        for i, role in enumerate(rows):
            period = (
                " – ".join(
                    d.strftime("%d.%m.%Y") if d else "…" for d in (role.start_date, role.end_date)
                )
                if (role.start_date or role.end_date)
                else ""
            )
            values = [
                role.person_name,
                role.function,
                _("ja") if role.is_contact_person else "",
                period,
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, role.person_id)
                self.members.setItem(i, col, item)
        self.members.setVisible(bool(rows))
        self.members_hint.setVisible(not rows)
        self.members.setFixedHeight(
            min(8, max(1, len(rows))) * self.members.verticalHeader().defaultSectionSize()
            + self.members.horizontalHeader().sizeHint().height()
            + 2 * self.members.frameWidth()
        )

    def _fill_agreements(self, contact_id: int) -> None:
        rows = self._ops.read(lambda s: ag.agreements_for_contact(s, contact_id))
        self.agreements.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = [
                row.title,
                label(AGREEMENT_KIND, row.kind),
                label(AGREEMENT_STATUS, row.status),
            ]
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setToolTip(text)
                self.agreements.setItem(i, col, item)
        self.agreements.setVisible(bool(rows))
        self.agreements_hint.setVisible(not rows)
        self.agreements.setFixedHeight(
            min(6, max(1, len(rows))) * self.agreements.verticalHeader().defaultSectionSize()
            + self.agreements.horizontalHeader().sizeHint().height()
            + 2 * self.agreements.frameWidth()
        )

    def _open_agreement(self, item: QTableWidgetItem) -> None:
        agreement_id = item.data(Qt.ItemDataRole.UserRole)
        if agreement_id is not None:
            self.sig_agreement_requested.emit(int(agreement_id))

    def _open_member(self, item: QTableWidgetItem) -> None:
        person_id = item.data(Qt.ItemDataRole.UserRole)
        if person_id is not None:
            self.sig_open_requested.emit(int(person_id))

    def _update_title(self) -> None:
        if self._kind is None:
            return
        name = self.display_name()
        is_person = self._kind == ContactKind.PERSON.value
        if self.is_new:
            fallback = _("Neue Person") if is_person else _("Neue Organisation")
            self.title.setText(name or fallback)
            self.subtitle.setText(_("Noch nicht gespeichert"))
        else:
            self.title.setText(name or "–")
            parts = [label(CONTACT_KIND, self._kind)]
            if self._loaded is not None and not self._loaded.is_person:
                parts.append(label(ORG_KIND, self._loaded.org_kind))
                if self._loaded.network_role != "keine":
                    parts.append(
                        _("Netzwerkrolle: {role}").format(
                            role=label(NETWORK_ROLE, self._loaded.network_role)
                        )
                    )
            elif self._loaded is not None and self._loaded.is_public_office_holder:
                parts.append(_("Amtsträger/in"))
            sub = " · ".join(parts)
            if self._loaded is not None and self._loaded.is_example:
                sub += " · " + _("Beispieldaten")
            self.subtitle.setText(sub)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = []
        if self._kind == ContactKind.PERSON.value:
            chain += [
                self.salutation,
                self.person_title,
                self.first_name,
                self.last_name,
                self.office_holder,
            ]
        else:
            chain += [self.org_name, self.org_kind, self.network_role]
        chain += self.emails.focus_chain() + self.phones.focus_chain() + [self.website]
        chain += [*self.addresses.focus_chain(), self.tags, self.notes]
        if self._kind == ContactKind.PERSON.value:
            chain += self.roles.focus_chain() + self.consents.focus_chain()
        else:
            chain.append(self.members)
        chain.append(self.agreements)
        chain += [*self.interactions.focus_chain(), self.discard_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_edited(self) -> None:
        if self._loading or self._kind is None:
            return
        self._update_title()
        self._set_dirty(self.is_dirty())
        if self._loaded is None:
            self._duplicate_timer.start()

    def check_duplicates(self) -> list[str]:
        """For a new contact: show the stored contacts it probably is (names, for tests)."""
        if self._loaded is not None or self._kind is None:
            self.duplicate_hint.setVisible(False)
            return []
        data = self.collect()
        pairs = self._ops.read(lambda s: duplicates.similar_to(s, data))[:3]
        if not pairs:
            self.duplicate_hint.setVisible(False)
            return []
        found = "; ".join(f"{p.keep_name} ({p.reason})" for p in pairs)
        self.duplicate_hint.setText(
            _("Möglicherweise schon vorhanden: {found}").format(found=found)
        )
        self.duplicate_hint.setVisible(True)
        return [p.keep_name for p in pairs]

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(self._kind is not None and (dirty or self.is_new))
        self.discard_button.setEnabled(self._kind is not None and (dirty or self.is_new))
        self.dirty_label.setText(_("Ungespeicherte Änderungen") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_dirty_changed.emit(dirty)

    # ------------------------------------------------------------------ data
    def collect(self) -> ContactData:
        """The contact as the fields show it now (nothing normalised yet)."""
        assert self._kind is not None
        base = self._loaded or ContactData(kind=self._kind)
        data = dataclasses.replace(base)
        data.kind = self._kind
        if self._kind == ContactKind.PERSON.value:
            data.salutation = self.salutation.currentText()
            data.title = self.person_title.text()
            data.first_name = self.first_name.text()
            data.last_name = self.last_name.text()
            data.is_public_office_holder = self.office_holder.isChecked()
            data.roles = self.roles.values()
            data.consents = self.consents.values()
        else:
            data.name = self.org_name.text()
            data.org_kind = self.org_kind.currentData()
            data.network_role = self.network_role.currentData()
            data.roles = []
            data.consents = []
        data.emails = self.emails.values()
        data.phones = self.phones.values()
        data.website = self.website.text().strip()
        data.addresses = self.addresses.values()
        data.tags = [t.strip() for t in self.tags.text().split(",") if t.strip()]
        data.notes = self.notes.toPlainText()
        data.interactions = self.interactions.values()
        return data

    # ------------------------------------------------------------------ actions
    def discard(self) -> None:
        """Throw away unsaved changes: reload the stored contact, or close a new one."""
        if self._loaded is not None:
            self.reload()
        else:
            self.clear()

    def save(self) -> bool:
        """Store the contact; on errors show them at the fields and keep every input."""
        if self._kind is None or refuse_unreadable_dates(self):
            return False
        data = self.collect()
        self._clear_errors()
        bad_roles = [i for i, r in enumerate(data.roles) if r.organisation_id < 0]
        if bad_roles:
            self._show_errors(
                {f"roles.{i}": _("Bitte wählen Sie eine Organisation.") for i in bad_roles}
            )
            return False
        if data.id is None:
            result = self._create(data, allow_duplicate=False)
            if isinstance(result.error, DuplicateContactError):
                answer = prompts.ask_duplicate(self, result.error.existing, result.error.reasons)
                if answer is prompts.Answer.OPEN:
                    self.clear()
                    self.sig_open_requested.emit(result.error.existing[0].id)
                    return False
                if answer is not prompts.Answer.CREATE:
                    return False
                result = self._create(data, allow_duplicate=True)
            saved = result.value
            error = result.error
        else:
            cid = data.id

            def update(session: Session) -> tuple[ContactData, ContactData]:
                before = cs.get_contact(session, cid)
                return before, cs.update_contact(
                    session, cid, data, expected_version=data.row_version
                )

            pair = self._ops.run(
                update,
                command=lambda ba: undo.updated_contact(*ba),
                message=lambda ba: _("„{name}“ gespeichert.").format(name=ba[1].display_name),
                contact_ids=lambda ba: {cid},
                show_errors=False,
                kinds=CONTACT_KINDS,
            )
            saved = pair.value[1] if pair.value else None
            error = pair.error
        if error is not None:
            if isinstance(error, ValidationError):
                self._show_errors(error.fields)
            elif isinstance(error, VersionConflictError):
                choice, self._own_input = resolve_conflict(self, error, data, self._loaded)
                if choice is ConflictChoice.RELOAD:
                    self.reload()
            else:
                prompts.show_error(self, error.message)
            return False
        assert saved is not None and saved.id is not None
        place = PlaceKeeper(self, self.scroll_area) if data.id is not None else None
        self.load(saved)
        if place is not None:  # an edit: stay where the user was (a new contact starts on top)
            place.restore()
        self.sig_saved.emit(saved.id)
        return True

    def _create(self, data: ContactData, *, allow_duplicate: bool) -> OpResult[ContactData]:
        return self._ops.run(
            lambda s: cs.create_contact(s, data, allow_duplicate=allow_duplicate),
            command=undo.created_contact,
            message=lambda v: _("„{name}“ angelegt.").format(name=v.display_name),
            contact_ids=lambda v: set() if v.id is None else {v.id},  # (a stored one has an id)
            show_errors=False,
            kinds=CONTACT_KINDS,
        )

    # ------------------------------------------------------------------ errors
    def _clear_errors(self) -> None:
        self.summary.setVisible(False)
        self.summary.setText("")
        for widget, err in self._field_widgets.values():
            mark_invalid(widget, None)
            if err is not None:
                err.setVisible(False)
        for rows in self._lists.values():
            rows.clear_errors()

    def _show_errors(self, fields: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, message in fields.items():
            name, _sep, index = key.partition(".")
            target: QWidget | None = None
            if name in self._field_widgets:
                widget, err = self._field_widgets[name]
                mark_invalid(widget, message)
                if err is not None:
                    err.setText(message)
                    err.setVisible(True)
                target = widget
            elif name in self._lists:
                rows = self._lists[name]
                if index.isdigit():
                    target = rows.set_item_error(int(index), message)
                else:
                    rows.set_error(message)
                    target = rows.add_button
            if first is None and target is not None:
                first = target
        lines = [_("Bitte korrigieren Sie die markierten Angaben:"), *fields.values()]
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(True)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()

    def field_error(self, key: str) -> str:
        """The error text shown for a simple field (for tests and accessibility checks)."""
        if key in self._field_widgets:
            err = self._field_widgets[key][1]
            return err.text() if err is not None and not err.isHidden() else ""
        return ""


__all__ = ["DATE_FORMAT", "ContactEditor"]
