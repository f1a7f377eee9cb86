"""The e-mail sending fields (SMTP server, port, encryption, user, password) shared by the
welcome dialog and Datei › Einstellungen. Values go to the settings store, the password to
the OS password store (core.settings.set_secret), never to a file."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox

from contactdesk.core import settings as st
from contactdesk.core.errors import ContactdeskError, ValidationError
from contactdesk.core.i18n import N_, _

SECURITY_LABELS = {
    "starttls": N_("STARTTLS (meist Port 587)"),
    "ssl": N_("SSL/TLS (meist Port 465)"),
    "none": N_("keine – nur für einen Server auf diesem Rechner"),
}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465}


class SmtpFields:
    """Adds its rows to a form; `problems()` checks them, `apply()` writes them."""

    def __init__(self, form: QFormLayout, store: st.Settings) -> None:
        self.store = store
        self.host = QLineEdit(store.get("smtp.host"))
        self.host.setAccessibleName(_("SMTP-Server"))
        self.host.setPlaceholderText(_("z. B. smtp.bitterfeld-wolfen.de"))
        form.addRow(_("SMTP-Ser&ver:"), self.host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(store.get("smtp.port"))
        self.port.setAccessibleName(_("SMTP-Port"))
        form.addRow(_("P&ort:"), self.port)
        self.security = QComboBox()
        self.security.setAccessibleName(_("Verschlüsselung"))
        for code in st.SMTP_SECURITY:
            self.security.addItem(_(SECURITY_LABELS[code]), code)
        self.security.setCurrentIndex(st.SMTP_SECURITY.index(store.get("smtp.security")))
        self.security.currentIndexChanged.connect(self._security_changed)
        form.addRow(_("Verschlüsse&lung:"), self.security)
        self.user = QLineEdit(store.get("smtp.user"))
        self.user.setAccessibleName(_("SMTP-Benutzername"))
        form.addRow(_("Ben&utzername:"), self.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("SMTP-Passwort"))
        source = st.secret_source("smtp.password")
        self.password.setPlaceholderText(
            {
                "keyring": _("gespeichert – leer lassen, um es zu behalten"),
                "environment": _("aus der Umgebungsvariable CONTACTDESK_SMTP_PASSWORD"),
                None: _("wird im Passwortspeicher des Systems abgelegt")
                if st.secrets_available()
                else _("kein Passwortspeicher: Umgebungsvariable CONTACTDESK_SMTP_PASSWORD"),
            }[source]
        )
        form.addRow(_("Pass&wort:"), self.password)

    def _security_changed(self) -> None:
        """Switching STARTTLS <-> SSL moves the port along while it is a default port."""
        code = self.security.currentData()
        if code in DEFAULT_PORTS and self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[code])

    def values(self) -> dict[str, object]:
        return {
            "smtp.host": self.host.text().strip(),
            "smtp.port": self.port.value(),
            "smtp.security": self.security.currentData(),
            "smtp.user": self.user.text().strip(),
        }

    def problems(self) -> list[str]:
        """German sentences of what cannot be stored (empty when all is well)."""
        found = []
        values = self.values()
        for key, value in values.items():
            try:
                st.convert(key, value)
            except ValidationError as exc:
                found.append(exc.message)
        host = str(values["smtp.host"])
        if host and (problem := st.smtp_problem(host, str(values["smtp.security"]))):
            found.append(problem)
        if self.password.text() and not st.secrets_available():
            found.append(
                _(
                    "Auf diesem Rechner gibt es keinen Passwortspeicher des Systems: bitte das "
                    "Passwortfeld leeren und die Umgebungsvariable CONTACTDESK_SMTP_PASSWORD "
                    "setzen."
                )
            )
        return found

    def apply(self) -> str:
        """Keep the values in the store (the caller saves it) and a typed password in the
        OS password store. Returns a German note when the password could not be stored."""
        for key, value in self.values().items():
            self.store.set(key, value)
        if not self.password.text():
            return ""
        try:
            st.set_secret("smtp.password", self.password.text())
        except ContactdeskError as exc:
            return exc.message
        finally:
            self.password.clear()
        return ""
