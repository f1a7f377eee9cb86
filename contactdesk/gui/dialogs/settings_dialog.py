"""Datei › Einstellungen: the town's options, formats, defaults, folders, language and look."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import settings as st
from contactdesk.core.errors import ContactdeskError, ValidationError
from contactdesk.core.i18n import N_, _
from contactdesk.gui import prompts, theme
from contactdesk.gui.dialogs.identity_fields import IdentityFields, save_settings
from contactdesk.gui.dialogs.privacy_fields import PrivacyFields
from contactdesk.gui.dialogs.smtp_fields import SmtpFields
from contactdesk.gui.settings import LANGUAGES, PAPER_NUMBER_FORMATS, Settings

#: the setting "app.appearance": (value, label)
APPEARANCES = (
    ("system", N_("Wie das System")),
    ("light", N_("Hell")),
    ("dark", N_("Dunkel")),
)
COMMON_ZONES = (
    "Europe/Berlin",
    "Europe/Vienna",
    "Europe/Zurich",
    "Europe/London",
    "Europe/Warsaw",
    "UTC",
)


class SettingsDialog(QDialog):
    """Reads the options when built, writes them on OK; Cancel changes nothing."""

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, *, open_database: str = ""
    ) -> None:
        """`open_database`: where the running window's data lives (shown on the Daten tab)."""
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Einstellungen"))
        self.setObjectName("SettingsDialog")
        self.setAccessibleName(_("Einstellungen"))
        s = settings
        tabs = QTabWidget()
        tabs.setAccessibleName(_("Bereiche der Einstellungen"))

        town = QWidget()
        form = QFormLayout(town)
        self.identity = IdentityFields(s)
        self.town = self.identity.add_town(form, _("Stadt oder &Gemeinde:"))
        self.logo = QLineEdit(s.logo_path)
        self.logo.setAccessibleName(_("Logo-Datei"))
        self.logo.setPlaceholderText(_("PNG oder JPEG für den Kopf von Vorlagen"))
        form.addRow(
            _("&Logo:"),
            self._with_button(
                self.logo, _("Logo wählen …"), lambda: self._pick_file(self.logo, "logo")
            ),
        )
        self.identity.add_organiser(form, _("&Name (Einladungen):"))
        self.organiser_name = self.identity.organiser_name
        self.organiser_email = self.identity.organiser_email
        self.organiser_function = self.identity.organiser_function
        self.paper_format = QComboBox()
        self.paper_format.setAccessibleName(_("Format der Vorlagennummer"))
        for pattern in PAPER_NUMBER_FORMATS:
            example = pattern.format(code="M", number=6, year=date.today().year)
            self.paper_format.addItem(example, pattern)
        self.paper_format.setCurrentIndex(PAPER_NUMBER_FORMATS.index(s.paper_number_format))
        form.addRow(_("&Vorlagennummer:"), self.paper_format)
        tabs.addTab(town, _("&Stadt"))

        mail = QWidget()
        form = QFormLayout(mail)
        self.smtp = SmtpFields(form, s.store)
        self.test_button = QPushButton(_("Verbindun&g testen"))
        self.test_button.setAccessibleName(_("Verbindung zum SMTP-Server testen"))
        self.test_button.clicked.connect(self.test_smtp_connection)
        form.addRow("", self.test_button)
        tabs.addTab(mail, _("E-&Mail"))

        events = QWidget()
        form = QFormLayout(events)
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.setAccessibleName(_("Zeitzone neuer Termine"))
        self.time_zone.addItems(list(COMMON_ZONES))
        self.time_zone.setCurrentText(s.time_zone)
        form.addRow(_("&Zeitzone:"), self.time_zone)
        self.reminder = QSpinBox()
        self.reminder.setRange(0, 40320)
        self.reminder.setSingleStep(5)
        self.reminder.setSuffix(_(" Minuten vorher"))
        self.reminder.setSpecialValueText(_("keine Erinnerung"))
        self.reminder.setValue(s.reminder_minutes)
        self.reminder.setAccessibleName(_("Erinnerung exportierter Termine"))
        form.addRow(_("&Erinnerung:"), self.reminder)
        self.deadline_days = QSpinBox()
        self.deadline_days.setRange(1, 3650)
        self.deadline_days.setSuffix(_(" Tage"))
        self.deadline_days.setValue(s.deadline_days)
        self.deadline_days.setAccessibleName(_("Fristen vorausschauen"))
        form.addRow(_("&Fristen vorausschauen:"), self.deadline_days)
        tabs.addTab(events, _("&Termine und Fristen"))

        data = QWidget()
        form = QFormLayout(data)
        self.open_database = QLabel(open_database or _("(unbekannt)"))
        self.open_database.setWordWrap(True)
        self.open_database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_database.setAccessibleName(_("Jetzt geöffnete Datenbank"))
        form.addRow(_("Jetzt geöffnet:"), self.open_database)
        self.database = QLineEdit(s.database_path)
        self.database.setAccessibleName(_("Datenbankdatei"))
        self.database.setPlaceholderText(_("Standard im Benutzerordner"))
        form.addRow(
            _("Daten&bank:"),
            self._with_button(
                self.database,
                _("Datenbank wählen …"),
                lambda: self._pick_file(self.database, "database"),
            ),
        )
        self.backup_folder = QLineEdit(s.backup_folder)
        self.backup_folder.setAccessibleName(_("Ordner für Datensicherungen"))
        self.backup_folder.setPlaceholderText(_("„Datensicherungen“ neben der Datenbank"))
        form.addRow(
            _("Sicherungs&ordner:"),
            self._with_button(self.backup_folder, _("Ordner wählen …"), self._pick_folder),
        )
        self.auto_backup = QCheckBox(_("Tä&glich beim Start sichern"))
        self.auto_backup.setChecked(s.auto_backup)
        self.auto_backup.setAccessibleName(_("Täglich beim Start sichern"))
        form.addRow("", self.auto_backup)
        self.backup_keep = QSpinBox()
        self.backup_keep.setRange(1, 365)
        self.backup_keep.setSuffix(_(" Sicherungen"))
        self.backup_keep.setValue(s.backup_keep)
        self.backup_keep.setAccessibleName(_("Anzahl aufbewahrter automatischer Sicherungen"))
        self.auto_backup.toggled.connect(self.backup_keep.setEnabled)
        self.backup_keep.setEnabled(s.auto_backup)
        form.addRow(_("&Aufbewahren:"), self.backup_keep)
        note = QLabel(_("Eine andere Datenbank wird beim nächsten Start geöffnet."))
        note.setWordWrap(True)
        form.addRow("", note)
        tabs.addTab(data, _("&Daten"))

        lang = QWidget()
        form = QFormLayout(lang)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Sprache"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGES).index(s.language))
        form.addRow(_("Sp&rache:"), self.language)
        hint = QLabel(
            _(
                "Die Sprache gilt ab dem nächsten Start. Datum und Zahlen erscheinen immer im "
                "deutschen Format; Beispieldaten, eigene Einträge und die Befehlszeile bleiben "
                "deutsch."
            )
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.appearance = QComboBox()
        self.appearance.setAccessibleName(_("Darstellung"))
        for code, name in APPEARANCES:
            self.appearance.addItem(_(name), code)
        self.appearance.setCurrentIndex(max(0, self.appearance.findData(s.appearance)))
        form.addRow(_("Darste&llung:"), self.appearance)
        tabs.addTab(lang, _("S&prache und Darstellung"))
        self.privacy = PrivacyFields(s.store)  # gui/dialogs/privacy_fields.py
        tabs.addTab(self.privacy, _("Datens&chutz"))

        self.error = QLabel()
        theme.set_style(self.error, "color: {error_text};")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.tabs = tabs
        self.setMinimumWidth(560)

    # ------------------------------------------------------------------ helpers
    def _with_button(self, edit: QLineEdit, tip: str, slot: Callable[[], None]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        button = QPushButton(_("Durchsuchen …"))
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        row.addWidget(button)
        return box

    def _pick_file(self, edit: QLineEdit, kind: str) -> None:
        if kind == "logo":
            path, _f = QFileDialog.getOpenFileName(
                self, _("Logo wählen"), edit.text(), _("Bilder (*.png *.jpg *.jpeg)")
            )
        else:
            path, _f = QFileDialog.getSaveFileName(
                self,
                _("Datenbank wählen"),
                edit.text(),
                _("contactdesk-Datenbank (*.sqlite)"),
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        if path:
            edit.setText(path)

    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, _("Ordner für Datensicherungen"), self.backup_folder.text()
        )
        if path:
            self.backup_folder.setText(path)

    # ------------------------------------------------------------------ e-mail
    def test_smtp_connection(self) -> None:
        """Verbindung testen: connects with the values in the fields (not yet saved)."""
        from contactdesk.core.mail import smtp  # the mail code only when it is needed

        problems = self.smtp.problems()
        if problems:
            self.error.setText(" ".join(problems))
            self.error.setVisible(True)
            return
        # the stored settings with what the dialog shows now (not saved before OK)
        store = self.settings.store
        probe = st.Settings(store.path, {k: v for k, v in store.items() if store.is_set(k)})
        for key, value in self.smtp.values().items():
            probe.set(key, value)
        for key, edit in (
            ("organiser.name", self.organiser_name),
            ("organiser.email", self.organiser_email),
        ):
            with contextlib.suppress(ValidationError):  # OK names a bad address itself
                probe.set(key, edit.text())
        password = self.smtp.password.text() or st.get_secret("smtp.password")
        try:
            smtp.test_connection(probe, password)
        except ContactdeskError as exc:
            prompts.warn(self, _("Verbindung testen"), exc.message)
            return
        prompts.inform(
            self, _("Verbindung testen"), _("Die Verbindung zum SMTP-Server funktioniert.")
        )

    # ------------------------------------------------------------------ apply
    def _write(self, zone: str, email: str) -> str | None:
        """Every field into the settings (inside their batch); what the mail part could not
        keep."""
        s = self.settings
        self.identity.apply(email)
        s.logo_path = self.logo.text()
        s.paper_number_format = self.paper_format.currentData()
        s.time_zone = zone
        s.reminder_minutes = self.reminder.value()
        s.deadline_days = self.deadline_days.value()
        s.database_path = self.database.text()
        s.backup_folder = self.backup_folder.text()
        s.auto_backup = self.auto_backup.isChecked()
        s.backup_keep = self.backup_keep.value()
        s.language = self.language.currentData()
        s.appearance = self.appearance.currentData()
        note = self.smtp.apply()
        self.privacy.apply()
        return note

    def accept(self) -> None:
        zone = self.time_zone.currentText().strip()
        problems = []
        try:
            st.convert("events.time_zone", zone)
        except ValidationError:
            problems.append(_("„{zone}“ ist keine bekannte Zeitzone.").format(zone=zone))
        email, wrong = self.identity.checked_email()
        problems += wrong
        problems += self.smtp.problems()
        problems += self.privacy.problems()
        if not save_settings(
            self, self.settings, problems, self.error, partial(self._write, zone, email)
        ):
            return
        appearance = self.settings.appearance
        if (app := QApplication.instance()) is not None and appearance != theme.choice():
            theme.apply(cast(QApplication, app), appearance)  # at once, no restart
        super().accept()
