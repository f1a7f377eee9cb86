"""The welcome dialog of the first start: town, organiser identity, example data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import settings as st
from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import _
from contactdesk.gui import prompts, theme
from contactdesk.gui.dialogs.smtp_fields import SmtpFields
from contactdesk.gui.settings import Settings


class WelcomeDialog(QDialog):
    """Asks once for the town's name and who sends the invitations; everything can be
    changed later under Datei › Einstellungen. Never shown with --no-welcome."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Willkommen bei contactdesk"))
        self.setObjectName("WelcomeDialog")
        self.setAccessibleName(_("Willkommen bei contactdesk"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "<h3>Willkommen!</h3><p>contactdesk verwaltet Kontakte, Vereinbarungen und "
                "Termine der Ansprechperson einer Stadt im Netzwerk „Engagierte Stadt“.</p>"
                "<p>Bitte geben Sie an, für welche Stadt Sie arbeiten und wer die Einladungen "
                "versendet. Alles lässt sich später unter <b>Datei › Einstellungen</b> ändern.</p>"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.town = self._line(form, _("&Stadt oder Gemeinde:"), settings.town_name)
        self.town.setPlaceholderText(_("z. B. Stadt Bitterfeld-Wolfen"))
        self.organiser_name = self._line(form, _("&Ihr Name:"), settings.organiser_name)
        self.organiser_email = self._line(form, _("&E-Mail-Adresse:"), settings.organiser_email)
        self.organiser_email.setPlaceholderText(_("für den Absender von Einladungen"))
        self.organiser_function = self._line(form, _("&Funktion:"), settings.organiser_function)
        self.organiser_function.setPlaceholderText(_("z. B. Ansprechperson Engagierte Stadt"))
        layout.addLayout(form)

        mail = QGroupBox(_("E-Mail-Versand (optional, auch später möglich)"))
        mail_form = QFormLayout(mail)
        self.smtp = SmtpFields(mail_form, settings.store)
        layout.addWidget(mail)

        self.load_demo = QCheckBox(_("&Beispieldaten laden (Kontakte, Termine, Vereinbarungen)"))
        self.load_demo.setAccessibleName(_("Beispieldaten laden"))
        layout.addWidget(self.load_demo)
        self.error = QLabel()
        theme.set_style(self.error, "color: {error_text};")
        self.error.setVisible(False)
        layout.addWidget(self.error)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("&Los geht’s"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(_("Spä&ter"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _line(self, form: QFormLayout, label: str, value: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow(label, edit)
        return edit

    def accept(self) -> None:
        email = self.organiser_email.text().strip()
        problems = []
        try:
            email = st.convert("organiser.email", email)
        except ValidationError:
            problems.append(_("Bitte geben Sie eine gültige E-Mail-Adresse an."))
            self.organiser_email.setFocus()
        problems += self.smtp.problems()
        if problems:
            self.error.setText("\n".join(problems))
            self.error.setVisible(True)
            return
        s = self.settings
        with s.batch():
            s.town_name = self.town.text()
            s.organiser_name = self.organiser_name.text()
            s.organiser_email = email
            s.organiser_function = self.organiser_function.text()
            s.first_run_done = True
            note = self.smtp.apply()
        s.sync()
        if notes := [n for n in (note, s.store_error) if n]:
            # the values are in use for this session; say what could not be kept
            prompts.warn(self, _("Einstellungen"), "\n".join(notes))
        super().accept()

    def reject(self) -> None:
        # "Später": do not ask again at every start; the settings dialog has everything
        self.settings.first_run_done = True
        self.settings.sync()
        super().reject()

    @property
    def wants_demo(self) -> bool:
        return self.result() == QDialog.DialogCode.Accepted and self.load_demo.isChecked()
