"""GUI fixtures: a main window over a real SQLite file, settings in a temporary INI file, and
message boxes that fail the test unless the test has said how to answer them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from contactdesk.core.db import Database
from contactdesk.gui.dialogs import prompts
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any message box the test did not patch is a failure (and would block offscreen)."""
    shown: list[str] = []

    def fail(box: Any) -> None:
        shown.append(box.text())
        raise AssertionError(f"unexpected dialog: {box.windowTitle()}: {box.text()}")

    monkeypatch.setattr(prompts, "exec_box", fail)
    return shown


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_window(qtbot: Any, db: Database, settings: Settings) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(db, settings, show_welcome=True)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        windows.append(window)
        return window

    yield make
    for window in windows:  # a failed test must not leave a question behind for the next one
        if window.contacts.editor.has_contact:
            window.contacts.editor.clear()


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()
