"""Start-up, actions, the operation runner and settings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

from contactdesk.core.db import Database
from contactdesk.core.errors import NotFoundError
from contactdesk.core.services import contacts as cs
from contactdesk.gui import app, prompts
from contactdesk.gui.actions import ActionId, create_actions
from contactdesk.gui.app import database as app_database
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.settings import Settings
from tests.gui.helpers import names


def test_foreign_database_shows_german_error_and_returns_1(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    foreign = tmp_path / "notes.sqlite"
    foreign.write_bytes(b"this is not a database at all")
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda parent, text, title=None: shown.append(text))
    args = argparse.Namespace(database=str(foreign), no_welcome=True, verbose=False)
    assert app.run(args) == 1
    assert len(shown) == 1 and "keine contactdesk-Datenbank" in shown[0]
    assert foreign.read_bytes() == b"this is not a database at all"


def test_shortcuts(qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    actions = create_actions(parent)

    def keys(action_id: ActionId) -> list[str]:
        return [k.toString() for k in actions[action_id].shortcuts()]

    assert keys(ActionId.NEW)[0] == "Ctrl+N"  # Neu in the shown area; Kontakte: a person
    assert "Ctrl+F" in keys(ActionId.FIND)
    assert "Del" in keys(ActionId.DELETE)
    assert "Ctrl+Z" in keys(ActionId.UNDO)
    assert keys(ActionId.REDO)[:2] == ["Ctrl+Y", "Ctrl+Shift+Z"]
    assert "Ctrl+S" in keys(ActionId.SAVE)
    assert "Ctrl+Q" in keys(ActionId.QUIT)
    for action in actions.values():
        assert action.text() and not action.icon().isNull()
    assert actions[ActionId.SAVE].shortcut() == QKeySequence(QKeySequence.StandardKey.Save)


def test_the_action_registry_leaves_qt_its_list_of_window_actions(window: MainWindow) -> None:
    """`window.action_registry` holds one action per id; `window.actions()` is Qt's list of the
    actions whose shortcuts work window-wide: all of them but Delete (only in an area's list)."""
    registry = window.action_registry
    assert set(registry) == set(ActionId)
    shown = window.actions()
    assert isinstance(shown, list)
    assert all(registry[i] in shown for i in ActionId if i is not ActionId.DELETE)
    assert registry[ActionId.DELETE] not in shown


def test_ops_shows_service_errors_and_emits_nothing(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda parent, message, title=None: shown.append(message)
    )
    ops = Ops(db)
    changes: list[Change] = []
    ops.sig_changed.connect(changes.append)

    result = ops.run(lambda s: cs.get_contact(s, 4711))
    assert isinstance(result.error, NotFoundError) and not result.ok
    assert shown == ["Der Kontakt wurde nicht gefunden. Vielleicht wurde er gelöscht."]
    assert changes == []

    quiet = ops.run(lambda s: cs.delete_contact(s, 4711), show_errors=False)
    assert quiet.error is not None and len(shown) == 1

    ok = ops.run(
        lambda s: cs.create_contact(s, cs.ContactData(last_name="Urban")),
        message=lambda v: f"{v.display_name} angelegt",
    )
    assert ok.ok and changes == [Change("Urban angelegt")]
    assert names(db) == ["Urban"]


def test_window_state_is_kept_in_settings(qtbot: Any, db: Database, tmp_path: Path) -> None:
    ini = str(tmp_path / "s.ini")
    first = MainWindow(db, Settings(QSettings(ini, QSettings.Format.IniFormat)))
    qtbot.addWidget(first)
    size = (first.minimumSizeHint().width() + 10, 560)  # the offscreen screen is 800 wide
    first.resize(*size)
    first.show()
    qtbot.waitExposed(first)
    first.contacts.splitter.setSizes([500, 400])
    assert first.close()
    settings = Settings(QSettings(ini, QSettings.Format.IniFormat))
    assert settings.window_geometry is not None and settings.contacts_splitter is not None
    second = MainWindow(db, settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size


def test_welcome_banner_on_empty_database_and_demo_loading(qtbot: Any, db: Database) -> None:
    settings = Settings(
        QSettings(str(Path(str(db.path)).with_suffix(".ini")), QSettings.Format.IniFormat)
    )
    window = MainWindow(db, settings, show_welcome=True)
    qtbot.addWidget(window)
    window.show()
    assert window.contacts.welcome.isVisible()
    window.action_registry[ActionId.LOAD_DEMO].trigger()
    assert not window.contacts.welcome.isVisible()
    assert window.contacts.model.rowCount() > 10
    assert "Beispieldaten:" in window.statusBar().currentMessage()
    # the first contact is not opened by loading, but the list search works on demo data
    window.contacts.search.setText("Weisswasser")
    window.contacts.apply_filter()
    shown = [
        window.contacts.model.contact_row(r).display_name
        for r in range(window.contacts.model.rowCount())
    ]
    assert "Stadt Weißwasser" in shown


# --------------------------------------------------------------------------- a quick start


def test_the_window_frame_needs_no_sqlalchemy_no_services_and_no_views(tmp_path: Path) -> None:
    """What `python main.py` does before the window's first paint (the command line parsed,
    gui/app.py and the single-instance check imported, the frame shown and painted) loads
    neither SQLAlchemy nor the services, models, area views or actions: they come after."""
    import os
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        import sys
        from contactdesk.cli import build_parser
        build_parser().parse_args(["--database", "x.sqlite", "--no-welcome"])
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        import contactdesk.gui.app, contactdesk.gui.instance
        from contactdesk.gui.mainwindow import MainWindow
        from contactdesk.gui.settings import Settings
        settings = Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat))
        window = MainWindow(None, settings)
        window.show()
        app.processEvents()
        assert window.opening_page.isVisible() and not window.ready
        heavy = sorted(
            m for m in sys.modules
            if m.split(".")[0] in ("sqlalchemy", "alembic", "icalendar", "reportlab")
            or m.startswith(("contactdesk.core.models", "contactdesk.core.services",
                             "contactdesk.gui.views", "contactdesk.gui.actions",
                             "logging.handlers"))
        )
        print(heavy)
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_start_shows_the_frame_then_opens_the_database_in_the_event_loop(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    seen: list[tuple[bool, bool, bool, bool]] = []
    windows: list[MainWindow] = []
    real_open = app_database.open_database

    def spy(database: str | None) -> Database:
        window = windows[0]
        page = window.opening_page
        seen.append((window.isVisible(), page.isVisible(), page._painted, window.ready))
        return real_open(database)

    real_show = MainWindow.show

    def show(self: MainWindow) -> None:
        windows.append(self)
        real_show(self)

    def event_loop(self: object = None) -> int:
        for _ in range(400):
            if windows and windows[0].ready:
                break
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return 0

    monkeypatch.setattr(app_database, "open_database", spy)
    monkeypatch.setattr(MainWindow, "show", show)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    ready: list[bool] = []
    monkeypatch.setattr(
        MainWindow, "attach", _spy_attach(MainWindow.attach, lambda w: ready.append(w.ready))
    )
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    args = argparse.Namespace(database=str(tmp_path / "db.sqlite"), no_welcome=True)
    assert app.run(args, settings) == 0
    window = windows[0]
    qtbot.addWidget(window)
    # the frame was shown (and its page painted) before the database was opened
    assert seen == [(True, True, True, False)]
    assert ready == [True] and window.ready
    assert window.current_spec().key == "contacts" and window.menuBar().isEnabled()
    assert window.nav.count() == len(window.specs) == window.pages.count()
    assert isinstance(window.log_path, Path)


def _spy_attach(attach: Any, after: Any) -> Any:
    def spied(self: MainWindow, db: Database) -> None:
        attach(self, db)
        after(self)

    return spied


def test_frame_then_attach_gives_the_same_window(qtbot: Any, db: Database, tmp_path: Path) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    ready: list[bool] = []
    window.sig_ready.connect(lambda: ready.append(True))
    assert not window.ready and not window.menuBar().isEnabled()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Übersicht",
        "Kontakte",
        "Vereinbarungen",
        "Termine",
        "Sitzungen",
    ]
    assert window.unsaved_input() == []
    window.attach(db)
    assert ready == [True] and window.ready and window.menuBar().isEnabled()
    assert window.current_area().key == "contacts"
    assert window.action_registry[ActionId.NEW].isEnabled()
