"""The SMTP settings from the one settings store (core/settings.py) and the OS keyring.

Keys: smtp.host, smtp.port, smtp.security, smtp.user, organiser.name, organiser.email; the
password is a secret ("smtp.password": keyring, else $CONTACTDESK_SMTP_PASSWORD), read here
and handed to the transport only.
"""

from __future__ import annotations

from typing import Any

from contactdesk.core.mail.smtp import SmtpConfig

PASSWORD_SECRET = "smtp.password"


def is_configured(settings: Any = None) -> bool:
    """Whether an SMTP server is set at all (else the window offers the Outlook draft)."""
    from contactdesk.core.settings import load_settings

    settings = settings if settings is not None else load_settings()
    return bool(str(settings.get("smtp.host") or "").strip())


def smtp_config(settings: Any = None, password: str | None = None) -> SmtpConfig:
    """The configured server; raises ValidationError (German) when none is set or its
    settings do not fit together. `password` overrides the stored one (a dialog's field)."""
    from contactdesk.core.settings import get_secret, load_settings, smtp_settings

    settings = settings if settings is not None else load_settings()
    server = smtp_settings(settings)
    user = str(server.user or "").strip()
    sender = str(settings.get("organiser.email") or "").strip()
    if not sender and "@" in user:
        sender = user  # most providers: the login is the address
    if password is None and user:
        password = get_secret(PASSWORD_SECRET)
    return SmtpConfig(
        host=server.host.strip(),
        port=int(server.port),
        security=server.security,
        user=user,
        password=password or "",
        sender_name=str(settings.get("organiser.name") or "").strip(),
        sender_email=sender,
    ).validated()
