"""The one settings store of window and command line: `settings.json` in the user's config folder.

Every key is declared once in `KEYS` (type, default, German description, allowed values or a
validator). The file holds only the values a user set; a value that is missing or that a hand
edit broke reads as the key's default. Keys this version does not know are kept on save, so an
older and a newer contactdesk can share one file.

- Folder: `$CONTACTDESK_CONFIG_DIR` when set (tests), else `platformdirs.user_config_dir`
  (Windows: `%LOCALAPPDATA%\\contactdesk`, Linux: `~/.config/contactdesk`). Folder 0700 and file
  0600 on POSIX; every save is atomic (temporary file in the same folder, then a rename).
- A damaged file (not JSON, not an object, unreadable) never stops the program: the defaults
  are used, `Settings.warnings` says so in German, and the damaged file is set aside as
  `settings.json.beschaedigt-JJJJMMTT-hhmmss` before the first save writes a new one.
- Secrets (the SMTP password) never go into the file: `get_secret` / `set_secret` /
  `delete_secret` use the OS keyring (Windows Credential Manager, Secret Service, Keychain).
  Without a keyring backend (headless Linux) reading falls back to an environment variable
  (`CONTACTDESK_SMTP_PASSWORD`) and storing fails with a German message naming it.

Window state (geometry, splitters, column widths) stays in QSettings (gui/settings.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from contactdesk.core.enums import NUMBER_FORMATS
from contactdesk.core.errors import ContactdeskError, ValidationError, os_reason
from contactdesk.core.i18n import N_, _

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
FILE_FORMAT = 1
CONFIG_DIR_ENV = "CONTACTDESK_CONFIG_DIR"
LANGUAGES = {"de": "Deutsch", "en": "English"}
SMTP_SECURITY = ("starttls", "ssl", "none")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

Validator = Callable[[Any], Any]
_RESET = object()


@dataclass(frozen=True)
class KeySpec:
    """One setting: its type (str, int or bool), default, German description (N_-marked,
    shown through `_()`), and optionally allowed values, an int range or a validator that
    returns the normalised value or raises ValueError with a German message."""

    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    validator: Validator | None = None


def _email(value: str) -> str:
    if not value:
        return ""
    from email_validator import EmailNotValidError

    from contactdesk.core.email_address import normalised

    try:
        return normalised(value)
    except EmailNotValidError as exc:
        raise ValueError(
            _("„{value}“ ist keine gültige E-Mail-Adresse.").format(value=value)
        ) from exc


def _time_zone(value: str) -> str:
    from zoneinfo import available_timezones

    if value not in available_timezones():
        raise ValueError(_("„{zone}“ ist keine bekannte Zeitzone.").format(zone=value))
    return value


def _host(value: str) -> str:
    if any(ch.isspace() for ch in value) or "/" in value or "@" in value:
        raise ValueError(
            _("„{value}“ ist kein Servername (z. B. smtp.example.de).").format(value=value)
        )
    return value


def _base_url(value: str) -> str:
    from urllib.parse import urlsplit

    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            _(
                "„{value}“ ist keine Basisadresse für OParl (z. B. "
                "https://ratsinfo.example.de/oparl/v1.1)."
            ).format(value=value)
        )
    return value.rstrip("/")


#: every setting of window and command line; add a key here and it appears in `config list`,
#: `config get/set` and is validated everywhere
KEYS: dict[str, KeySpec] = {
    "smtp.host": KeySpec(str, "", N_("Server für ausgehende E-Mails (SMTP)"), validator=_host),
    "smtp.port": KeySpec(int, 587, N_("Port des SMTP-Servers"), minimum=1, maximum=65535),
    "smtp.security": KeySpec(
        str,
        "starttls",
        N_("Verschlüsselung: starttls, ssl oder none (none nur für 127.0.0.1/localhost)"),
        choices=SMTP_SECURITY,
    ),
    "smtp.user": KeySpec(str, "", N_("Benutzername beim SMTP-Server")),
    "organiser.name": KeySpec(str, "", N_("Name des Absenders von Einladungen")),
    "organiser.email": KeySpec(
        str, "", N_("E-Mail-Adresse des Absenders von Einladungen"), validator=_email
    ),
    "organiser.function": KeySpec(
        str, "", N_("Funktion des Absenders (z. B. Ansprechperson Engagierte Stadt)")
    ),
    "town.name": KeySpec(str, "", N_("Name der Stadt oder Gemeinde")),
    "town.logo": KeySpec(str, "", N_("Logo (PNG oder JPEG) im Kopf von Vorlagen")),
    "oparl.base_url": KeySpec(
        str,
        "",
        N_("Basisadresse der OParl-IDs (z. B. https://ratsinfo.example.de/oparl/v1.1)"),
        validator=_base_url,
    ),
    "papers.number_format": KeySpec(
        str, NUMBER_FORMATS[0], N_("Format der Vorlagennummer"), choices=tuple(NUMBER_FORMATS)
    ),
    "events.time_zone": KeySpec(
        str, "Europe/Berlin", N_("Zeitzone neuer Termine"), validator=_time_zone
    ),
    "events.reminder_minutes": KeySpec(
        int,
        15,
        N_("Erinnerung exportierter Termine in Minuten vorher (0 = keine)"),
        minimum=0,
        maximum=40320,
    ),
    "agreements.deadline_days": KeySpec(
        int, 90, N_("Wie viele Tage die Fristen vorausschauen"), minimum=1, maximum=3650
    ),
    "app.language": KeySpec(
        str, "de", N_("Sprache der Oberfläche (de oder en)"), choices=tuple(LANGUAGES)
    ),
    "app.appearance": KeySpec(
        str,
        "system",
        N_("Darstellung: system (wie das System), light (hell) oder dark (dunkel)"),
        choices=("system", "light", "dark"),
    ),
    "app.first_run_done": KeySpec(bool, False, N_("Willkommensdialog bereits gezeigt")),
    "data.database": KeySpec(
        str, "", N_("Datenbankdatei beim Start des Fensters (leer = Standard)")
    ),
    "backup.folder": KeySpec(
        str, "", N_("Ordner der automatischen Sicherungen (leer = neben der Datenbank)")
    ),
    "backup.auto": KeySpec(bool, True, N_("Täglich beim ersten Start sichern")),
    "backup.keep": KeySpec(
        int, 14, N_("Anzahl aufbewahrter automatischer Sicherungen"), minimum=1, maximum=365
    ),
    # data protection (core/services/privacy*.py): the Auskunft letter and the retention review
    "privacy.controller": KeySpec(
        str, "", N_("Verantwortliche Stelle (DSGVO), z. B. Stadt mit Anschrift")
    ),
    "privacy.dpo_name": KeySpec(str, "", N_("Name der oder des Datenschutzbeauftragten")),
    "privacy.dpo_email": KeySpec(
        str, "", N_("E-Mail-Adresse der oder des Datenschutzbeauftragten"), validator=_email
    ),
    "privacy.retention.kontaktdaten": KeySpec(
        int, 36, N_("Speicherdauer Kontaktdaten ohne Aktivität (Monate)"), minimum=1, maximum=600
    ),
    "privacy.retention.einladungen": KeySpec(
        int, 24, N_("Speicherdauer für Einladungen (Monate)"), minimum=1, maximum=600
    ),
    "privacy.retention.vorlagen": KeySpec(
        int, 120, N_("Speicherdauer für Nennung in Vorlagen (Monate)"), minimum=1, maximum=600
    ),
    "privacy.retention.veroeffentlichung": KeySpec(
        int, 24, N_("Speicherdauer für Veröffentlichungen (Monate)"), minimum=1, maximum=600
    ),
}

_TRUE = {"1", "true", "yes", "ja", "on", "an", "wahr"}
_FALSE = {"0", "false", "no", "nein", "off", "aus", "falsch"}


def convert(key: str, value: Any) -> Any:
    """The typed, validated value of `key` for `value` (a string from the command line or a
    typed value); raises ValidationError with a German message naming the key."""
    spec = KEYS.get(key)
    if spec is None:
        raise ValidationError({key: unknown_key_message(key)})
    try:
        return _convert(spec, value)
    except ValueError as exc:
        raise ValidationError({key: f"{key}: {exc}"}) from None


def unknown_key_message(key: str) -> str:
    return _("Unbekannte Einstellung „{key}“. Bekannt sind: {keys}.").format(
        key=key, keys=", ".join(KEYS)
    )


def _convert(spec: KeySpec, value: Any) -> Any:
    if spec.type is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(_("„{value}“ ist kein Ja/Nein-Wert (ja oder nein).").format(value=value))
    if spec.type is int:
        if isinstance(value, bool):
            raise ValueError(_("„{value}“ ist keine ganze Zahl.").format(value=value))
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                raise ValueError(_("„{value}“ ist keine ganze Zahl.").format(value=value)) from None
        low = spec.minimum if spec.minimum is not None else -sys.maxsize
        high = spec.maximum if spec.maximum is not None else sys.maxsize
        if not low <= number <= high:
            raise ValueError(
                _("{value} liegt nicht zwischen {low} und {high}.").format(
                    value=number, low=low, high=high
                )
            )
        return number
    if not isinstance(value, str):
        raise ValueError(_("„{value}“ ist kein Text.").format(value=value))
    text = value.strip()
    if spec.choices is not None and text not in spec.choices:
        raise ValueError(
            _("„{value}“ ist nicht erlaubt; möglich sind: {choices}.").format(
                value=text, choices=", ".join(str(c) for c in spec.choices)
            )
        )
    if spec.validator is not None:
        text = spec.validator(text)
    return text


# --------------------------------------------------------------------------- the store


def config_dir() -> Path:
    """Where settings.json lives: $CONTACTDESK_CONFIG_DIR, else the user's config folder."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("contactdesk", appauthor=False, roaming=False)


class Settings:
    """The values of one settings file. `get` never fails for a known key (a broken value
    reads as the default); `set` validates; nothing reaches the disk before `save()`."""

    def __init__(
        self,
        path: Path,
        values: dict[str, Any] | None = None,
        *,
        meta: dict[str, Any] | None = None,
        damaged: bool = False,
        warnings: list[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self._values: dict[str, Any] = dict(values or {})
        self._meta: dict[str, Any] = dict(meta or {})
        #: keys set or reset since loading (the value, or _RESET): only these are written over
        #: what another process (the command line, a second window) saved meanwhile
        self._changed: dict[str, Any] = {}
        self._changed_meta: dict[str, Any] = {}
        self._damaged = damaged
        #: German sentences for the user about problems met while loading
        self.warnings: list[str] = list(warnings or [])

    # ------------------------------------------------------------------ values
    def get(self, key: str) -> Any:
        if key not in KEYS:
            raise ValidationError({key: unknown_key_message(key)})
        if key in self._values:
            try:
                return _convert(KEYS[key], self._values[key])
            except ValueError:
                pass  # reported once at load; the default stands in
        return KEYS[key].default

    def set(self, key: str, value: Any) -> Any:
        """Validate, convert and keep `value`; returns the stored value."""
        typed = convert(key, value)
        self._values[key] = typed
        self._changed[key] = typed
        return typed

    def reset(self, key: str) -> None:
        """Back to the default (the key disappears from the file)."""
        if key not in KEYS:
            raise ValidationError({key: unknown_key_message(key)})
        self._values.pop(key, None)
        self._changed[key] = _RESET

    def is_set(self, key: str) -> bool:
        return key in self._values

    def items(self) -> list[tuple[str, Any]]:
        """Every known key with its value, in the registry's order."""
        return [(key, self.get(key)) for key in KEYS]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.items())

    # ------------------------------------------------------------------ markers
    def flag(self, name: str) -> bool:
        """A one-time marker of the program (e.g. 'qsettings_migrated'), not a setting."""
        return bool(self._meta.get(name))

    def set_flag(self, name: str, value: bool = True) -> None:
        self._meta[name] = bool(value)
        self._changed_meta[name] = bool(value)

    # ------------------------------------------------------------------ disk
    def save(self) -> None:
        """Write the file atomically (0600 in a 0700 folder on POSIX). A damaged file read
        at load is set aside first, never overwritten. Raises ContactdeskError (German)."""
        from contactdesk.core.fileio import atomic_write

        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                with contextlib.suppress(OSError):  # a folder we do not own: leave its mode
                    folder.chmod(0o700)
        except OSError as exc:
            raise ContactdeskError(
                _(
                    "Der Ordner der Einstellungen „{folder}“ kann nicht angelegt werden ({reason})."
                ).format(folder=folder, reason=os_reason(exc))
            ) from exc
        if not self._damaged:
            self._merge_saved()  # may find the file damaged meanwhile
        if self._damaged and self.path.exists():
            aside = self.path.with_name(
                f"{self.path.name}.beschaedigt-{datetime.now():%Y%m%d-%H%M%S}"
            )
            try:
                os.replace(self.path, aside)
            except OSError as exc:
                raise ContactdeskError(
                    _(
                        "Die beschädigte Einstellungsdatei „{path}“ kann nicht beiseitegelegt "
                        "werden ({reason}); die Einstellungen wurden nicht gespeichert."
                    ).format(path=self.path, reason=os_reason(exc))
                ) from exc
            log.warning("damaged settings file moved to %s", aside)
        self._damaged = False
        document = {"format": FILE_FORMAT, **self._meta_block(), "settings": self._values}
        data = (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
        atomic_write(self.path, data)
        self._changed.clear()
        self._changed_meta.clear()
        if os.name == "posix":
            with contextlib.suppress(OSError):
                self.path.chmod(0o600)

    def _merge_saved(self) -> None:
        """Take what is on disk now and lay this session's changes over it: a `config set`
        while the window is open is not undone by the window's next save."""
        current = load_settings(self.path)
        if current._damaged:
            self._damaged = True  # set aside on this save, as at load
            return
        values = dict(current._values)
        for key, value in self._changed.items():
            if value is _RESET:
                values.pop(key, None)
            else:
                values[key] = value
        self._values = values
        self._meta = {**current._meta, **self._changed_meta}

    def _meta_block(self) -> dict[str, Any]:
        return {"meta": self._meta} if self._meta else {}

    @contextlib.contextmanager
    def saving(self) -> Iterator[Settings]:
        """`with settings.saving() as s: s.set(...)` — one save after several changes."""
        yield self
        self.save()


def load_settings(path: Path | str | None = None) -> Settings:
    """Read the settings file (a missing file is an empty one). Never raises for a broken
    file: defaults are used and `warnings` says what happened (German)."""
    target = Path(path) if path is not None else config_dir() / FILE_NAME
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Settings(target)
    except OSError as exc:
        log.warning("settings file %s unreadable: %s", target, exc)
        return Settings(
            target,
            damaged=True,
            warnings=[
                _(
                    "Die Einstellungen „{path}“ können nicht gelesen werden ({reason}); es "
                    "gelten die Standardwerte."
                ).format(path=target, reason=os_reason(exc))
            ],
        )
    try:
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict) or not isinstance(document.get("settings", {}), dict):
            raise ValueError("not a settings object")
    except (UnicodeDecodeError, ValueError) as exc:
        log.warning("settings file %s damaged: %s", target, exc)
        return Settings(
            target,
            damaged=True,
            warnings=[
                _(
                    "Die Einstellungsdatei „{path}“ ist beschädigt; es gelten die "
                    "Standardwerte. Sie wird beim nächsten Speichern als "
                    "„{name}.beschaedigt-…“ aufbewahrt."
                ).format(path=target, name=target.name)
            ],
        )
    values = dict(document.get("settings", {}))
    meta = document.get("meta") if isinstance(document.get("meta"), dict) else {}
    warnings = []
    for key, value in values.items():
        if key in KEYS:
            try:
                _convert(KEYS[key], value)
            except ValueError as exc:
                warnings.append(
                    _("Einstellung „{key}“ ungültig ({reason}); es gilt der Standardwert.").format(
                        key=key, reason=exc
                    )
                )
    return Settings(target, values, meta=meta, warnings=warnings)


# --------------------------------------------------------------------------- SMTP at use


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


# --------------------------------------------------------------------------- secrets

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
