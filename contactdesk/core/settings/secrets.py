"""Secrets (the SMTP password) in the OS keyring, never in the settings file.

`get_secret` / `set_secret` / `delete_secret` use the OS keyring (Windows Credential Manager,
Secret Service, Keychain). Without a keyring backend (headless Linux) reading falls back to an
environment variable (`CONTACTDESK_SMTP_PASSWORD`) and storing fails with a German message
naming it.
"""

from __future__ import annotations

import contextlib
import logging
import os

from contactdesk.core.errors import ContactdeskError, ValidationError
from contactdesk.core.i18n import _

log = logging.getLogger(__name__)

KEYRING_SERVICE = "contactdesk"
#: environment variables read when the OS keyring has no value (or no backend exists)
SECRET_ENV = {"smtp.password": "CONTACTDESK_SMTP_PASSWORD"}


def _known_secret(name: str) -> str:
    if name not in SECRET_ENV:
        raise ValidationError({name: _("Unbekanntes Geheimnis „{name}“.").format(name=name)})
    return SECRET_ENV[name]


def _keyring_usable() -> bool:
    """False when keyring has no real backend (headless Linux: the 'fail' backend)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must not stop the program
        log.warning("keyring backend could not be loaded", exc_info=True)
        return False
    return not isinstance(backend, fail.Keyring)


def secrets_available() -> bool:
    """True when the OS password store can keep a secret (set_secret will not refuse)."""
    return _keyring_usable()


def get_secret(name: str) -> str | None:
    """The secret from the OS keyring, else from its environment variable, else None."""
    variable = _known_secret(name)
    if _keyring_usable():
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(KEYRING_SERVICE, name)
        except KeyringError as exc:
            log.warning("keyring read of %s failed: %s", name, type(exc).__name__)
            value = None
        if value:
            return value
    return os.environ.get(variable) or None


def secret_source(name: str) -> str | None:
    """Where `get_secret(name)` finds its value: 'keyring', 'environment' or None."""
    variable = _known_secret(name)
    if _keyring_usable():
        import keyring
        from keyring.errors import KeyringError

        with contextlib.suppress(KeyringError):
            if keyring.get_password(KEYRING_SERVICE, name):
                return "keyring"
    return "environment" if os.environ.get(variable) else None


def set_secret(name: str, value: str) -> None:
    """Store the secret in the OS keyring (an empty value deletes it). Raises
    ContactdeskError (German, never containing the value) when there is no keyring."""
    variable = _known_secret(name)
    if not value:
        delete_secret(name)
        return
    if not _keyring_usable():
        raise ContactdeskError(
            _(
                "Auf diesem Rechner gibt es keinen Passwortspeicher des Systems; das Passwort "
                "wird nicht gespeichert. Setzen Sie stattdessen die Umgebungsvariable "
                "{variable}."
            ).format(variable=variable)
        )
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, name, value)
    except KeyringError as exc:
        raise ContactdeskError(
            _(
                "Das Passwort konnte nicht im Passwortspeicher des Systems abgelegt werden "
                "({reason}). Alternativ die Umgebungsvariable {variable} setzen."
            ).format(reason=type(exc).__name__, variable=variable),
            detail=type(exc).__name__,
        ) from None


def delete_secret(name: str) -> None:
    """Remove the secret from the OS keyring (nothing happens when none is stored)."""
    _known_secret(name)
    if not _keyring_usable():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, name)
    except PasswordDeleteError:
        pass
    except KeyringError as exc:
        raise ContactdeskError(
            _(
                "Das Passwort konnte nicht aus dem Passwortspeicher entfernt werden ({reason})."
            ).format(reason=type(exc).__name__)
        ) from None
