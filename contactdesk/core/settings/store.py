"""The settings file: `settings.json` in the user's config folder, read and written atomically.

- Folder: `$CONTACTDESK_CONFIG_DIR` when set (tests), else `platformdirs.user_config_dir`
  (Windows: `%LOCALAPPDATA%\\contactdesk`, Linux: `~/.config/contactdesk`). File 0600 on
  POSIX, its folder 0700 when the store made it or it is the program's own config folder (a
  shared folder that holds the file keeps its mode); every save is atomic (temporary file in
  the same folder, then a rename).
- The file holds only the values a user set; a value that is missing or that a hand edit broke
  reads as the key's default (settings/keys.py). Keys this version does not know are kept on
  save, and a save lays this session's changes over what another process saved meanwhile.
- A damaged file (not JSON, not an object, unreadable) never stops the program: the defaults
  are used, `Settings.warnings` says so in German, and the damaged file is set aside as
  `settings.json.beschaedigt-JJJJMMTT-hhmmss` before the first save writes a new one.
- One-time markers of the program (`flag`, e.g. the window's migration of old QSettings) are
  kept beside the values.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from contactdesk.core.errors import ContactdeskError, ValidationError, os_reason
from contactdesk.core.i18n import _
from contactdesk.core.settings.keys import KEYS, convert, convert_value, unknown_key_message

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
FILE_FORMAT = 1
CONFIG_DIR_ENV = "CONTACTDESK_CONFIG_DIR"

_RESET = object()


def config_dir() -> Path:
    """Where settings.json lives: $CONTACTDESK_CONFIG_DIR, else the user's config folder."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    return default_config_dir()


def default_config_dir() -> Path:
    """The program's own config folder (platformdirs), whatever the environment says."""
    from platformdirs import user_config_path

    return user_config_path("contactdesk", appauthor=False, roaming=False)


def _make_private(folder: Path, created: bool) -> None:
    """0700 for a folder the store created, and for the program's own config folder (an
    older version or QSettings may have made it 0755). Any other folder that existed before
    keeps its mode: a settings file in a shared folder (/tmp, a project folder) must not lock
    the others out of it."""
    if os.name != "posix":
        return
    if not created and folder.resolve() != default_config_dir().resolve():
        return
    with contextlib.suppress(OSError):  # a folder we do not own: leave its mode
        folder.chmod(0o700)


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
                return convert_value(KEYS[key], self._values[key])
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
        """Write the file atomically (0600, in a 0700 folder when the store made the folder or
        it is the program's own config folder; POSIX). A damaged file read
        at load is set aside first, never overwritten. Raises ContactdeskError (German)."""
        from contactdesk.core.fileio import atomic_write

        folder = self.path.parent
        try:
            created = not folder.is_dir()
            folder.mkdir(parents=True, exist_ok=True)
            _make_private(folder, created)
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
                convert_value(KEYS[key], value)
            except ValueError as exc:
                warnings.append(
                    _("Einstellung „{key}“ ungültig ({reason}); es gilt der Standardwert.").format(
                        key=key, reason=exc
                    )
                )
    return Settings(target, values, meta=meta, warnings=warnings)
