"""The SMTP settings checked together, as they are used to send (host, port, security, user).

The password is no setting: it lives in the OS keyring (settings/secrets.py)."""

from __future__ import annotations

from dataclasses import dataclass

from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.settings.store import Settings

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str


def smtp_settings(settings: Settings) -> SmtpSettings:
    """The SMTP keys checked together, as they are used to send; raises ValidationError
    (German) when no server is set or `none` (no encryption) is chosen for a remote host."""
    host = settings.get("smtp.host")
    security = settings.get("smtp.security")
    problem = smtp_problem(host, security)
    if problem:
        raise ValidationError({"smtp.security" if host else "smtp.host": problem})
    return SmtpSettings(host, settings.get("smtp.port"), security, settings.get("smtp.user"))


def smtp_problem(host: str, security: str) -> str | None:
    """Why this host/security pair cannot be used, or None."""
    if not host:
        return _(
            "Es ist kein SMTP-Server eingestellt (Einstellungen › E-Mail oder "
            "„contactdesk config set smtp.host SERVER“)."
        )
    if security == "none" and host.strip().lower() not in LOCAL_HOSTS:
        return _(
            "Ohne Verschlüsselung (none) darf nur ein Server auf diesem Rechner "
            "(127.0.0.1 oder localhost) benutzt werden: sonst gingen Passwort und E-Mails "
            "lesbar durchs Netz. Bitte starttls oder ssl wählen."
        )
    return None
