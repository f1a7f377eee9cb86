"""Typed options over QSettings: window state, area layouts, view options, the town's
options (welcome dialog, Einstellungen dialog) and backups. Never global: passed in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from contactdesk.core.enums import NUMBER_FORMATS

#: the paper number formats a town can choose ({code} type letter, {number}, {year})
PAPER_NUMBER_FORMATS = NUMBER_FORMATS
LANGUAGES = {"de": "Deutsch", "en": "English"}


class Settings:
    """A thin typed wrapper; every key lives in one place."""

    VERSION = 1

    def __init__(self, qsettings: QSettings) -> None:
        self._s = qsettings
        if self._int("meta/version", 0) != self.VERSION:
            self._s.setValue("meta/version", self.VERSION)

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
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def _str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return value if isinstance(value, str) else default

    def _general(self, name: str) -> str:
        """The key of a general option. Qt reads a group "general" of an INI file (Linux) back
        as "General" (its reserved section), so a "general/…" value was lost at the next start;
        these options live under "app/…", and values stored the old way are still read."""
        for key in (f"app/{name}", f"general/{name}", f"General/{name}"):
            if self._s.contains(key):
                return key
        return f"app/{name}"

    def _bool(self, key: str, default: bool) -> bool:
        value = self._s.value(key, default)
        if isinstance(value, str):  # INI files store "true"/"false"
            return value.strip().lower() in ("1", "true", "yes", "ja")
        return bool(value)

    @property
    def file_name(self) -> str:
        """Where these settings are stored (registry key or file), for the About dialog."""
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

    @property
    def deadline_days(self) -> int:
        """How many days ahead the Fristen view looks (1–3650, default 90)."""
        return min(max(self._int("agreements/deadline_days", 90), 1), 3650)

    @deadline_days.setter
    def deadline_days(self, value: int) -> None:
        self._s.setValue("agreements/deadline_days", int(value))

    # ------------------------------------------------------------------ navigation
    @property
    def last_area(self) -> str:
        return self._str("window/area", "contacts")

    @last_area.setter
    def last_area(self, value: str) -> None:
        self._s.setValue("window/area", value)

    # ------------------------------------------------------------------ first run, town
    @property
    def first_run_done(self) -> bool:
        """The welcome dialog was completed (or skipped) once."""
        return self._bool(self._general("first_run_done"), False)

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self._s.setValue("app/first_run_done", bool(value))

    @property
    def town_name(self) -> str:
        return self._str("town/name", "")

    @town_name.setter
    def town_name(self, value: str) -> None:
        self._s.setValue("town/name", value.strip())

    @property
    def logo_path(self) -> str:
        """A PNG or JPEG printed in the head of papers ("" = none)."""
        return self._str("town/logo", "")

    @logo_path.setter
    def logo_path(self, value: str) -> None:
        self._s.setValue("town/logo", value.strip())

    @property
    def organiser_name(self) -> str:
        """Who sends invitations (ORGANIZER of an .ics), unless an event names its own."""
        return self._str("organiser/name", "")

    @organiser_name.setter
    def organiser_name(self, value: str) -> None:
        self._s.setValue("organiser/name", value.strip())

    @property
    def organiser_email(self) -> str:
        return self._str("organiser/email", "")

    @organiser_email.setter
    def organiser_email(self, value: str) -> None:
        self._s.setValue("organiser/email", value.strip())

    @property
    def organiser_function(self) -> str:
        """E.g. "Ansprechperson Engagierte Stadt" (signature of invitation texts)."""
        return self._str("organiser/function", "")

    @organiser_function.setter
    def organiser_function(self, value: str) -> None:
        self._s.setValue("organiser/function", value.strip())

    def organiser(self):  # type: ignore[no-untyped-def]
        """The organiser for invitation exports from the GUI, or None when no e-mail is set.

        (The command line never reads these settings: it has --organiser-name/-email.)
        """
        from contactdesk.core.services.calendar_exchange import Organiser

        if not self.organiser_email:
            return None
        return Organiser(self.organiser_name, self.organiser_email)

    # ------------------------------------------------------------------ formats and defaults
    @property
    def paper_number_format(self) -> str:
        value = self._str("papers/number_format", PAPER_NUMBER_FORMATS[0])
        return value if value in PAPER_NUMBER_FORMATS else PAPER_NUMBER_FORMATS[0]

    @paper_number_format.setter
    def paper_number_format(self, value: str) -> None:
        if value not in PAPER_NUMBER_FORMATS:
            raise ValueError(value)
        self._s.setValue("papers/number_format", value)

    def format_paper_number(self, code: str, number: int, year: int) -> str:
        return self.paper_number_format.format(code=code, number=number, year=year)

    @property
    def time_zone(self) -> str:
        """IANA zone of new events (default Europe/Berlin)."""
        from zoneinfo import available_timezones

        value = self._str("events/time_zone", "Europe/Berlin")
        return value if value in available_timezones() else "Europe/Berlin"

    @time_zone.setter
    def time_zone(self, value: str) -> None:
        self._s.setValue("events/time_zone", value)

    @property
    def reminder_minutes(self) -> int:
        """Reminder of exported events in minutes before the start (0 = none; default 15)."""
        return min(max(self._int("events/reminder_minutes", 15), 0), 40320)

    @reminder_minutes.setter
    def reminder_minutes(self, value: int) -> None:
        self._s.setValue("events/reminder_minutes", int(value))

    @property
    def language(self) -> str:
        value = self._str(self._general("language"), "de")
        return value if value in LANGUAGES else "de"

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(value)
        self._s.setValue("app/language", value)

    # ------------------------------------------------------------------ data and backups
    @property
    def database_path(self) -> str:
        """The database file opened at start ("" = the default in the user data folder).

        --database and CONTACTDESK_DATABASE take precedence; a change applies at the next start.
        """
        return self._str("data/database", "")

    @database_path.setter
    def database_path(self, value: str) -> None:
        self._s.setValue("data/database", value.strip())

    @property
    def backup_folder(self) -> str:
        """Folder of the automatic backups ("" = "Datensicherungen" next to the database)."""
        return self._str("backup/folder", "")

    @backup_folder.setter
    def backup_folder(self, value: str) -> None:
        self._s.setValue("backup/folder", value.strip())

    def backup_folder_for(self, database: Path) -> Path:
        from contactdesk.core.backup import default_backup_folder

        return Path(self.backup_folder) if self.backup_folder else default_backup_folder(database)

    @property
    def auto_backup(self) -> bool:
        """A backup at the first start of each day."""
        return self._bool("backup/auto", True)

    @auto_backup.setter
    def auto_backup(self, value: bool) -> None:
        self._s.setValue("backup/auto", bool(value))

    @property
    def backup_keep(self) -> int:
        """How many automatic backups are kept (1–365, default 14)."""
        return min(max(self._int("backup/keep", 14), 1), 365)

    @backup_keep.setter
    def backup_keep(self, value: int) -> None:
        self._s.setValue("backup/keep", int(value))

    def sync(self) -> None:
        self._s.sync()
