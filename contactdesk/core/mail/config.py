"""The SMTP settings from the one settings store (core/settings.py) and the OS keyring.

Keys: smtp.host, smtp.port, smtp.security, smtp.user, organiser.name, organiser.email; the
password is a secret ("smtp.password": keyring, else $CONTACTDESK_SMTP_PASSWORD).
"""

from __future__ import annotations

from typing import Any

from contactdesk.core.mail.smtp import DEFAULT_PORTS, SmtpConfig

PASSWORD_SECRET = "smtp.password"
NOT_CONFIGURED = (
    "Es ist noch kein Mailserver eingerichtet. Bitte unter Einstellungen › E-Mail den "
    "SMTP-Server eintragen oder auf der Kommandozeile: main.py config set smtp.host "
    "SERVER (dazu smtp.user, organiser.name, organiser.email)."
)


def _get(settings: Any, key: str, default: Any) -> Any:
    try:
        value = settings.get(key)
    except KeyError:
        return default
    return default if value in (None, "") else value


def smtp_config(settings: Any = None) -> SmtpConfig | None:
    """The configured server, or None when no SMTP host is set; the password is read from
    the keyring (or the environment) only here, never stored in the settings file."""
    from contactdesk.core.settings import get_secret, load_settings

    settings = settings if settings is not None else load_settings()
    host = str(_get(settings, "smtp.host", "")).strip()
    if not host:
        return None
    security = str(_get(settings, "smtp.security", "starttls")).strip().lower()
    port = int(_get(settings, "smtp.port", DEFAULT_PORTS.get(security, 587)))
    user = str(_get(settings, "smtp.user", "")).strip()
    return SmtpConfig(
        host=host,
        port=port,
        security=security,
        user=user,
        password=(get_secret(PASSWORD_SECRET) or "") if user else "",
        sender_name=str(_get(settings, "organiser.name", "")).strip(),
        sender_email=str(_get(settings, "organiser.email", "")).strip(),
    )
