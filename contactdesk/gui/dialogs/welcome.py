"""The welcome dialog of the first start: town, organiser identity, example data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.gui import theme
from contactdesk.gui.dialogs.identity_fields import IdentityFields, save_settings
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
        self.identity = IdentityFields(settings)
        self.town = self.identity.add_town(form, _("&Stadt oder Gemeinde:"))
        self.town.setPlaceholderText(_("z. B. Stadt Bitterfeld-Wolfen"))
        self.identity.add_organiser(form, _("&Ihr Name:"))
        self.organiser_name = self.identity.organiser_name
        self.organiser_email = self.identity.organiser_email
        self.organiser_email.setPlaceholderText(_("für den Absender von Einladungen"))
        self.organiser_function = self.identity.organiser_function
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

    def accept(self) -> None:
        email, problems = self.identity.checked_email()
        problems += self.smtp.problems()

        def write() -> str | None:
            self.identity.apply(email)
            self.settings.first_run_done = True
            return self.smtp.apply()

        if save_settings(self, self.settings, problems, self.error, write, joiner="\n"):
            super().accept()

    def reject(self) -> None:
        # "Später": do not ask again at every start; the settings dialog has everything
        self.settings.first_run_done = True
        self.settings.sync()
        super().reject()

    @property
    def wants_demo(self) -> bool:
        return self.result() == QDialog.DialogCode.Accepted and self.load_demo.isChecked()
