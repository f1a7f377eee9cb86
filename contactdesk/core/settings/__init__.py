"""The one settings store of window and command line: `settings.json` in the user's config folder.

Every key is declared once in `KEYS` (type, default, German description, allowed values or a
validator). The file holds only the values a user set; a value that is missing or that a hand
edit broke reads as the key's default. Keys this version does not know are kept on save, so an
older and a newer contactdesk can share one file. Secrets (the SMTP password) never go into the
file: they live in the OS keyring.

Window state (geometry, splitters, column widths) stays in QSettings (gui/settings.py).

The package, a module per subject, with every public name re-exported here:

- keys.py     the registry (`KEYS`, `KeySpec`), validators and `convert`
- store.py    the file: `load_settings`, `Settings` (get/set/reset, flags, atomic merge-save)
- smtp.py     the SMTP keys checked together (`smtp_settings`, `smtp_problem`)
- secrets.py  secrets in the OS keyring with the environment fallback
"""

from __future__ import annotations

from contactdesk.core.settings.keys import (
    KEYS,
    LANGUAGES,
    SMTP_SECURITY,
    KeySpec,
    Validator,
    convert,
    convert_value,
    unknown_key_message,
)
from contactdesk.core.settings.secrets import (
    KEYRING_SERVICE,
    SECRET_ENV,
    delete_secret,
    get_secret,
    secret_source,
    secrets_available,
    set_secret,
)
from contactdesk.core.settings.smtp import LOCAL_HOSTS, SmtpSettings, smtp_problem, smtp_settings
from contactdesk.core.settings.store import (
    CONFIG_DIR_ENV,
    FILE_FORMAT,
    FILE_NAME,
    Settings,
    config_dir,
    default_config_dir,
    load_settings,
)

__all__ = [
    "CONFIG_DIR_ENV",
    "FILE_FORMAT",
    "FILE_NAME",
    "KEYRING_SERVICE",
    "KEYS",
    "LANGUAGES",
    "LOCAL_HOSTS",
    "SECRET_ENV",
    "SMTP_SECURITY",
    "KeySpec",
    "Settings",
    "SmtpSettings",
    "Validator",
    "config_dir",
    "convert",
    "convert_value",
    "default_config_dir",
    "delete_secret",
    "get_secret",
    "load_settings",
    "secret_source",
    "secrets_available",
    "set_secret",
    "smtp_problem",
    "smtp_settings",
    "unknown_key_message",
]
