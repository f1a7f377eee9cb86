"""Typed options over QSettings: window state, area layouts, view options. Never global."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings


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

    def sync(self) -> None:
        self._s.sync()
