"""Small dialogs that ask what to export: which contacts, which events, who invites."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.labels import EVENT_KIND
from contactdesk.gui.views.widgets import DateEdit, error_label, mark_invalid, named

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

SCOPE_ALL = "all"
SCOPE_LIST = "list"
SCOPE_SELECTED = "selected"


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ContactScopeDialog(QDialog):
    """All contacts, the contacts of the current list (search/filter), or the selected one."""

    def __init__(
        self,
        title: str,
        total: int,
        listed: int | None,
        selected_name: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setObjectName("ContactScopeDialog")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Welche Kontakte sollen exportiert werden?")))
        self.group = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        choices = [(SCOPE_ALL, _("&Alle Kontakte ({n})").format(n=total))]
        if listed is not None:
            choices.append(
                (
                    SCOPE_LIST,
                    _("Die Kontakte der aktuellen &Liste (Suche/Filter, {n})").format(n=listed),
                )
            )
        if selected_name:
            choices.append(
                (
                    SCOPE_SELECTED,
                    _("Nur den aus&gewählten Kontakt: {name}").format(
                        name=selected_name.replace("&", "&&")
                    ),
                )
            )
        for key, text in choices:
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.group.addButton(button)
            self.options[key] = button
            layout.addWidget(button)
        self.options[choices[-1][0] if selected_name else SCOPE_ALL].setChecked(True)
        layout.addWidget(_buttons(self, _("&Weiter")))

    def scope(self) -> str:
        return next(key for key, button in self.options.items() if button.isChecked())


@dataclass(frozen=True)
class CalendarChoice:
    start: date | None  # first day; None = from the beginning
    end: date | None  # last day (inclusive); None = open end
    kind: str | None
    deadlines: bool
    name: str


class CalendarExportDialog(QDialog):
    """Zeitraum, Terminart and the agreement deadlines of a calendar export (.ics)."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Kalender als iCalendar exportieren"))
        self.setAccessibleName(self.windowTitle())
        self.setObjectName("CalendarExportDialog")
        self._today = today
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Die Datei lässt sich in Outlook mit einem Doppelklick öffnen oder über "
                "Datei › Öffnen und exportieren › Kalender öffnen als eigener Kalender einbinden."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.range_combo = named(QComboBox(), _("Zeitraum"))
        for text, key in (
            (_("Alle Termine"), "all"),
            (_("Ab heute"), "upcoming"),
            (_("Dieses Jahr"), "year"),
            (_("Selbst wählen …"), "custom"),
        ):
            self.range_combo.addItem(text, key)
        self.range_combo.setCurrentIndex(1)
        form.addRow(_("&Zeitraum:"), self.range_combo)
        self.date_from = DateEdit(_("Von"))
        self.date_to = DateEdit(_("Bis"))
        self.date_from.set_value(today)
        self.date_to.set_value(today + timedelta(days=365))
        form.addRow(_("&Von:"), self.date_from)
        form.addRow(_("&Bis:"), self.date_to)
        self.kind_combo = named(QComboBox(), _("Terminart"))
        self.kind_combo.addItem(_("Alle Terminarten"), None)
        for kind, text in EVENT_KIND.items():
            self.kind_combo.addItem(_(text), kind.value)
        form.addRow(_("Termin&art:"), self.kind_combo)
        self.deadlines = named(
            QCheckBox(_("&Fristen der Vereinbarungen (nächstes Jahr) als ganztägige Termine")),
            _("Fristen der Vereinbarungen mit exportieren"),
        )
        form.addRow("", self.deadlines)
        self.name_edit = named(QLineEdit("contactdesk"), _("Name des Kalenders"))
        form.addRow(_("&Name des Kalenders:"), self.name_edit)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, _("&Exportieren …")))
        self.range_combo.currentIndexChanged.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        custom = self.range_combo.currentData() == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)

    def choice(self) -> CalendarChoice:
        key = self.range_combo.currentData()
        start: date | None
        end: date | None
        if key == "all":
            start = end = None
        elif key == "upcoming":
            start, end = self._today, None
        elif key == "year":
            start, end = date(self._today.year, 1, 1), date(self._today.year, 12, 31)
        else:
            start, end = self.date_from.value(), self.date_to.value()
        return CalendarChoice(
            start,
            end,
            self.kind_combo.currentData(),
            self.deadlines.isChecked(),
            self.name_edit.text().strip() or "contactdesk",
        )

    def accept(self) -> None:
        choice = self.choice()
        if choice.start and choice.end and choice.end < choice.start:
            self.error.setText(_("Das Ende des Zeitraums liegt vor seinem Beginn."))
            self.error.setVisible(True)
            mark_invalid(self.date_to, self.error.text())
            self.date_to.setFocus()
            return
        super().accept()


class OrganiserDialog(QDialog):
    """Name and e-mail of whoever sends the invitation, when the event has none."""

    def __init__(self, name: str, email: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Wer lädt ein?"))
        self.setAccessibleName(self.windowTitle())
        self.setObjectName("OrganiserDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Der Termin hat keine Veranstalterin und keinen Veranstalter mit E-Mail-Adresse. "
                "Outlook braucht eine Absenderadresse für die Einladung; Antworten gehen dorthin."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name_edit = named(QLineEdit(name), _("Name der einladenden Person"))
        self.email_edit = named(QLineEdit(email), _("E-Mail der einladenden Person"))
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&E-Mail:"), self.email_edit)
        layout.addLayout(form)
        self.remember = named(
            QCheckBox(_("Für künftige Einladungen &merken (Einstellungen)")),
            _("Absender in den Einstellungen merken"),
        )
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, _("&Weiter")))
        (self.email_edit if name else self.name_edit).setFocus()

    def accept(self) -> None:
        email = self.email_edit.text().strip()
        if not _EMAIL.match(email):
            self.error.setText(_("Bitte geben Sie eine gültige E-Mail-Adresse an."))
            self.error.setVisible(True)
            mark_invalid(self.email_edit, self.error.text())
            self.email_edit.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, str]:
        return self.name_edit.text().strip(), self.email_edit.text().strip()
