"""The window's options: window state over QSettings, everything else in the shared store.

Window geometry, splitters, column widths and the last area stay in QSettings (they belong to
this window on this machine). The town's options, organiser, formats, language, database and
backups live in core/settings.py's settings.json, which the command line reads and writes too
(`contactdesk config ...`). Values an older contactdesk kept in QSettings are copied into the
file once (first start after the update), so nobody loses a setting. Never global: passed in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings

from contactdesk.core import settings as store_module
from contactdesk.core.enums import NUMBER_FORMATS
from contactdesk.core.errors import ContactdeskError, ValidationError

if TYPE_CHECKING:
    from contactdesk.core.services.calendar_exchange import Organiser

log = logging.getLogger(__name__)

#: the paper number formats a town can choose ({code} type letter, {number}, {year})
PAPER_NUMBER_FORMATS = NUMBER_FORMATS
LANGUAGES = store_module.LANGUAGES

#: store key -> the QSettings keys an older contactdesk used for it (first one found wins)
QSETTINGS_KEYS: dict[str, tuple[str, ...]] = {
    # "general/…" was read back by Qt as "General/…" ([%General]) or top-level ([General])
    "app.first_run_done": (
        "app/first_run_done",
        "general/first_run_done",
        "General/first_run_done",
        "first_run_done",
    ),
    "app.language": ("app/language", "general/language", "General/language", "language"),
    "town.name": ("town/name",),
    "town.logo": ("town/logo",),
    "organiser.name": ("organiser/name",),
    "organiser.email": ("organiser/email",),
    "organiser.function": ("organiser/function",),
    "papers.number_format": ("papers/number_format",),
    "events.time_zone": ("events/time_zone",),
    "events.reminder_minutes": ("events/reminder_minutes",),
    "agreements.deadline_days": ("agreements/deadline_days",),
    "data.database": ("data/database",),
    "backup.folder": ("backup/folder",),
    "backup.auto": ("backup/auto",),
    "backup.keep": ("backup/keep",),
}
MIGRATED_FLAG = "qsettings_migrated"


class _StoreKey:
    """A property over one key of the shared store (reads the typed value or its default;
    writing validates and raises ValidationError with a German message)."""

    def __init__(self, key: str, doc: str | None = None) -> None:
        self.key = key
        self.__doc__ = doc or store_module.KEYS[key].description

    def __get__(self, obj: Settings | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj.store.get(self.key)

    def __set__(self, obj: Settings, value: Any) -> None:
        obj._set(self.key, value)


def migrate_qsettings(qsettings: QSettings, store: store_module.Settings) -> list[str]:
    """Copy the options an older version kept in QSettings into the store, once.

    A value already in the store wins; a value the store refuses (hand-edited registry) is
    logged and left out. Returns the store keys copied. The QSettings values stay where they
    are (an older contactdesk started again still finds them)."""
    if store.flag(MIGRATED_FLAG):
        return []
    copied = []
    for key, old_keys in QSETTINGS_KEYS.items():
        found = next((k for k in old_keys if qsettings.contains(k)), None)
        if found is None or store.is_set(key):
            continue
        value = qsettings.value(found)
        try:
            store.set(key, value if isinstance(value, (bool, int)) else str(value))
        except ValidationError as exc:
            log.warning("QSettings value %s not taken over: %s", found, exc.message)
            continue
        copied.append(key)
    store.set_flag(MIGRATED_FLAG)
    if copied:
        log.info("settings taken over from QSettings: %s", ", ".join(copied))
    return copied


class Settings:
    """Window state (QSettings) plus typed properties over the shared store."""

    VERSION = 1

    def __init__(self, qsettings: QSettings, store: store_module.Settings | None = None) -> None:
        self._s = qsettings
        if self._int("meta/version", 0) != self.VERSION:
            self._s.setValue("meta/version", self.VERSION)
        #: the shared settings store (settings.json), also read by the command line
        self.store = store if store is not None else store_module.load_settings()
        self._batch = 0
        #: German message of the last failed save of settings.json ("" = saved)
        self.store_error = ""
        if not self.store.flag(MIGRATED_FLAG):
            migrate_qsettings(self._s, self.store)
            self.save_store()

    @classmethod
    def default(cls) -> Settings:
        """The user's settings (organisation and application name come from QApplication)."""
        return cls(QSettings())

    # ------------------------------------------------------------------ helpers
    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _int(self, key: str, default: int) -> int:
        value = self._s.value(key, default)
        if not isinstance(value, int | float | str):  # an ini file gives text, the registry int
            return default
        try:
            return int(value)
        except ValueError:
            return default

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def file_name(self) -> str:
        """Where the options are stored (settings.json), for the About dialog."""
        return str(self.store.path)

    @property
    def window_file_name(self) -> str:
        """Where the window state is stored (registry key or INI file)."""
        return self._s.fileName()

    # ------------------------------------------------------------------ window
    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._s.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._s.setValue("window/state", value)

    @property
    def contacts_splitter(self) -> QByteArray | None:
        return self._bytes("contacts/splitter")

    @contacts_splitter.setter
    def contacts_splitter(self, value: QByteArray) -> None:
        self._s.setValue("contacts/splitter", value)

    @property
    def contacts_header(self) -> QByteArray | None:
        return self._bytes("contacts/header")

    @contacts_header.setter
    def contacts_header(self, value: QByteArray) -> None:
        self._s.setValue("contacts/header", value)

    # ------------------------------------------------------------------ agreements
    @property
    def agreements_splitter(self) -> QByteArray | None:
        return self._bytes("agreements/splitter")

    @agreements_splitter.setter
    def agreements_splitter(self, value: QByteArray) -> None:
        self._s.setValue("agreements/splitter", value)

    @property
    def agreements_header(self) -> QByteArray | None:
        return self._bytes("agreements/header")

    @agreements_header.setter
    def agreements_header(self, value: QByteArray) -> None:
        self._s.setValue("agreements/header", value)

    # ------------------------------------------------------------------ navigation
    @property
    def last_area(self) -> str:
        return self._str("window/area", "contacts")

    @last_area.setter
    def last_area(self, value: str) -> None:
        self._s.setValue("window/area", value)

    # ------------------------------------------------------------------ the shared store
    def _set(self, key: str, value: object) -> None:
        """Validate and keep; saved at once unless inside `batch()` (then saved at its end)."""
        self.store.set(key, value)
        if not self._batch:
            self.save_store()

    @contextmanager
    def batch(self) -> Iterator[Settings]:
        """Several changes, one write of settings.json (dialogs use it on OK)."""
        self._batch += 1
        try:
            yield self
        finally:
            self._batch -= 1
        if not self._batch:
            self.save_store()

    def save_store(self) -> None:
        """Write settings.json; a failure is logged and shown once in the status bar by the
        caller that reads `store_error` (the values stay in memory for this session)."""
        try:
            self.store.save()
            self.store_error = ""
        except ContactdeskError as exc:
            log.warning("settings not saved: %s", exc.detail or exc.message)
            self.store_error = exc.message

    # ------------------------------------------------------------------ first run, town
    first_run_done = _StoreKey("app.first_run_done", "The welcome dialog was completed or skipped.")
    town_name = _StoreKey("town.name")
    logo_path = _StoreKey("town.logo", "A PNG or JPEG printed in the head of papers.")
    organiser_name = _StoreKey("organiser.name", "Who sends invitations (ORGANIZER of an .ics).")
    organiser_email = _StoreKey("organiser.email")
    organiser_function = _StoreKey("organiser.function")
    deadline_days = _StoreKey("agreements.deadline_days", "Days the Fristen view looks ahead.")

    def organiser(self) -> Organiser | None:
        """The organiser for invitation exports from the GUI, or None when no e-mail is set."""
        from contactdesk.core.services.calendar_exchange import Organiser

        if not self.organiser_email:
            return None
        return Organiser(self.organiser_name, self.organiser_email)

    # ------------------------------------------------------------------ formats and defaults
    paper_number_format = _StoreKey("papers.number_format")

    def format_paper_number(self, code: str, number: int, year: int) -> str:
        return self.paper_number_format.format(code=code, number=number, year=year)

    time_zone = _StoreKey("events.time_zone", "IANA zone of new events.")
    reminder_minutes = _StoreKey("events.reminder_minutes", "Reminder of exported events.")
    language = _StoreKey("app.language")
    appearance = _StoreKey("app.appearance", "Light, dark or as the system (gui/theme.py).")

    # ------------------------------------------------------------------ data and backups
    database_path = _StoreKey(
        "data.database", "The database opened at start; --database and the variable win."
    )
    backup_folder = _StoreKey("backup.folder", "Folder of the automatic backups.")

    def backup_folder_for(self, database: Path) -> Path:
        from contactdesk.core.backup import default_backup_folder

        return Path(self.backup_folder) if self.backup_folder else default_backup_folder(database)

    auto_backup = _StoreKey("backup.auto", "A backup at the first start of each day.")
    backup_keep = _StoreKey("backup.keep", "How many automatic backups are kept.")

    def sync(self) -> None:
        self._s.sync()
        self.save_store()

    # ------------------------------------------------------------------ an area's window state
    def view_state(self, key: str) -> QByteArray | None:
        """A saved splitter or column state of an area (e.g. "events/splitter"), or None."""
        return self._bytes(key)

    def set_view_state(self, key: str, value: QByteArray) -> None:
        self._s.setValue(key, value)

    def view_text(self, key: str, default: str = "") -> str:
        """A short text of an area's window state (e.g. the calendar mode "events/mode")."""
        return self._str(key, default)

    def set_view_text(self, key: str, value: str) -> None:
        self._s.setValue(key, value)
