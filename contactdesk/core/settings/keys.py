"""The registry of settings: every key with its type, default, German description and rule.

`KEYS` declares each setting once (type, default, allowed values, range or validator); `convert`
turns a string from the command line or a typed value into the stored value, or raises
ValidationError naming the key. The store (settings/store.py) reads and writes the values.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from contactdesk.core.enums import NUMBER_FORMATS
from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import N_, _

LANGUAGES = {"de": "Deutsch", "en": "English"}
SMTP_SECURITY = ("starttls", "ssl", "none")

Validator = Callable[[Any], Any]


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
        return convert_value(spec, value)
    except ValueError as exc:
        raise ValidationError({key: f"{key}: {exc}"}) from None


def unknown_key_message(key: str) -> str:
    return _("Unbekannte Einstellung „{key}“. Bekannt sind: {keys}.").format(
        key=key, keys=", ".join(KEYS)
    )


def convert_value(spec: KeySpec, value: Any) -> Any:
    """The typed, validated form of `value` for `spec`; raises ValueError (German)."""
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
