"""First run, settings, language, backup and restore, crash dialog and recovery, progress with
cancel, damaged database at start, help and about (pytest-qt, offscreen)."""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
)

from contactdesk.core import backup as bk
from contactdesk.core import i18n
from contactdesk.core.db import BackupCancelled, Database, open_database
from contactdesk.core.progress import Cancelled
from contactdesk.core.services import contacts as cs
from contactdesk.gui import app, prompts, recovery
from contactdesk.gui.actions import ActionId
from contactdesk.gui.dialogs.help import HelpDialog
from contactdesk.gui.dialogs.progress import ProgressRunner
from contactdesk.gui.dialogs.settings_dialog import SettingsDialog
from contactdesk.gui.dialogs.welcome import WelcomeDialog
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CONTACTDESK_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("CONTACTDESK_RECOVERY_DIR", str(tmp_path / "recovery"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    qapp = QApplication.instance()
    if isinstance(qapp, QApplication):
        app.install_translations(qapp, "de")


def ini_settings(tmp_path: Path, name: str = "s.ini") -> Settings:
    return Settings(QSettings(str(tmp_path / name), QSettings.Format.IniFormat))


def inputs_without_name(dialog: QDialog) -> list[str]:
    from PySide6.QtWidgets import QWidget

    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox)
    return [
        repr(w)
        for w in dialog.findChildren(QWidget)
        if isinstance(w, kinds)
        and not w.accessibleName()
        and not (isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox | QAbstractSpinBox))
    ]


# --------------------------------------------------------------------------- first run


def test_welcome_dialog_stores_town_and_organiser(qtbot: Any, tmp_path: Path) -> None:
    settings = ini_settings(tmp_path)
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    assert inputs_without_name(dialog) == []
    qtbot.keyClicks(dialog.town, "Stadt Bitterfeld-Wolfen")
    dialog.organiser_name.setText("Jörg Weißenfels")
    qtbot.keyClicks(dialog.organiser_email, "kein-at-zeichen")
    dialog.ok_button.click()
    assert dialog.error.isVisibleTo(dialog) and not settings.first_run_done  # stays open
    dialog.organiser_email.setText("ehrenamt@bitterfeld-wolfen.de")
    dialog.organiser_function.setText("Ansprechperson Engagierte Stadt")
    dialog.load_demo.setChecked(True)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.wants_demo
    again = ini_settings(tmp_path)
    assert again.first_run_done and again.town_name == "Stadt Bitterfeld-Wolfen"
    assert again.organiser_name == "Jörg Weißenfels"
    organiser = again.organiser()
    assert organiser is not None and organiser.email == "ehrenamt@bitterfeld-wolfen.de"


def test_welcome_later_is_not_asked_again(qtbot: Any, tmp_path: Path) -> None:
    settings = ini_settings(tmp_path)
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    dialog.later_button.click()
    assert not dialog.wants_demo and settings.first_run_done and settings.organiser() is None


def start_app(
    monkeypatch: pytest.MonkeyPatch, database: Path, settings: Settings, *extra: str
) -> tuple[int, list[MainWindow]]:
    """app.run with an event loop that ends once the start is done (the window shows its
    areas, or it was closed because the database could not be opened); returns the windows
    shown."""
    shown: list[MainWindow] = []

    def event_loop(self: object = None) -> int:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (
            shown and (shown[0].ready or not shown[0].isVisible())
        ):
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    original_show = MainWindow.show

    def show(self: MainWindow) -> None:
        shown.append(self)
        original_show(self)

    monkeypatch.setattr(MainWindow, "show", show)
    args = argparse.Namespace(database=str(database), no_welcome="--no-welcome" in extra)
    code = app.run(args, settings)
    return code, shown


def test_first_start_shows_welcome_and_loads_demo(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = ini_settings(tmp_path)

    def fill(self: WelcomeDialog) -> int:
        self.town.setText("Stadt Wolfen")
        self.load_demo.setChecked(True)
        self.accept()
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", fill)
    code, shown = start_app(monkeypatch, tmp_path / "db.sqlite", settings)
    assert code == 0 and len(shown) == 1
    window = shown[0]
    qtbot.addWidget(window)
    assert settings.town_name == "Stadt Wolfen" and settings.first_run_done
    assert window.ops.read(cs.count_contacts) > 10
    assert (tmp_path / "Datensicherungen").is_dir()  # the daily automatic backup ran
    assert isinstance(window.log_path, Path) and window.log_path.is_file()


def test_scripted_start_never_shows_the_welcome(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: WelcomeDialog) -> int:
        raise AssertionError("welcome shown")

    monkeypatch.setattr(WelcomeDialog, "exec", fail)
    code, shown = start_app(
        monkeypatch, tmp_path / "db.sqlite", ini_settings(tmp_path), "--no-welcome"
    )
    assert code == 0
    qtbot.addWidget(shown[0])


# --------------------------------------------------------------------------- settings


def test_settings_round_trip(qtbot: Any, tmp_path: Path) -> None:
    settings = ini_settings(tmp_path)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert inputs_without_name(dialog) == []
    dialog.town.setText("Stadt Bitterfeld-Wolfen")
    dialog.logo.setText(str(tmp_path / "wappen.png"))
    dialog.organiser_email.setText("ehrenamt@example.org")
    dialog.paper_format.setCurrentIndex(1)
    dialog.time_zone.setCurrentText("Europe/Vienna")
    dialog.reminder.setValue(30)
    dialog.deadline_days.setValue(120)
    dialog.backup_folder.setText(str(tmp_path / "sicher"))
    dialog.auto_backup.setChecked(True)
    dialog.backup_keep.setValue(5)
    dialog.language.setCurrentIndex(1)
    dialog.accept()
    again = ini_settings(tmp_path)
    assert again.town_name == "Stadt Bitterfeld-Wolfen"
    assert again.logo_path == str(tmp_path / "wappen.png")
    assert again.format_paper_number("M", 6, 2021) == "M/006/2021"
    assert (again.time_zone, again.reminder_minutes, again.deadline_days) == (
        "Europe/Vienna",
        30,
        120,
    )
    assert again.backup_folder_for(tmp_path / "x.sqlite") == tmp_path / "sicher"
    assert (again.auto_backup, again.backup_keep, again.language) == (True, 5, "en")
    # a second dialog shows what is stored
    second = SettingsDialog(again)
    qtbot.addWidget(second)
    assert second.town.text() == "Stadt Bitterfeld-Wolfen" and second.reminder.value() == 30


def test_settings_refuse_unknown_time_zone(qtbot: Any, tmp_path: Path) -> None:
    settings = ini_settings(tmp_path)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.time_zone.setCurrentText("Mond/Krater")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Zeitzone" in dialog.error.text() and settings.time_zone == "Europe/Berlin"


def test_settings_menu_entry(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    def accept(dialog: QDialog) -> int:
        assert isinstance(dialog, SettingsDialog)
        # the Daten tab says which database this window has open
        assert dialog.open_database.text() == str(window.db.path)
        dialog.town.setText("Stadt Sandersdorf-Brehna")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "exec_dialog", accept)
    window.action_registry[ActionId.SETTINGS].trigger()
    assert window.settings.town_name == "Stadt Sandersdorf-Brehna"
    assert "Einstellungen gespeichert" in window.statusBar().currentMessage()


def test_language_and_first_run_survive_a_restart(tmp_path: Path) -> None:
    """INI files (Linux) read a group "general" back as "General": the options must survive."""
    settings = ini_settings(tmp_path)
    settings.language = "en"
    settings.first_run_done = True
    settings._s.sync()
    again = ini_settings(tmp_path)
    assert again.language == "en"
    assert again.first_run_done is True
    old = tmp_path / "old.ini"
    old.write_text("[%General]\nlanguage=en\nfirst_run_done=true\n", encoding="utf-8")
    legacy = ini_settings(tmp_path, "old.ini")
    assert legacy.language == "en"
    assert legacy.first_run_done is True


def test_language_switch(qtbot: Any, tmp_path: Path, db: Database) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    app.install_translations(qapp, "en")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    assert i18n._("&Datei") == "&File"
    assert i18n._("Ungespeicherte Änderungen") == "Unsaved changes"
    assert i18n._("Patenstadt") == "Sponsor town"  # a label of core/labels.py, marked with N_()
    window = MainWindow(db, ini_settings(tmp_path), show_welcome=False)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Contacts", "&Help"]
    assert window.nav.item(1).text() == "Contacts"
    app.install_translations(qapp, "de")
    german = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(german)
    assert german.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    assert i18n._("&Datei") == "&Datei"


# --------------------------------------------------------------------------- backup, restore


def add(window: MainWindow, name: str) -> None:
    window.ops.run(lambda s: cs.create_contact(s, cs.ContactData(last_name=name)))


def test_backup_and_restore_from_the_menu(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(window, "Urban")
    target = tmp_path / "meine-sicherung.sqlite"
    suggested: list[str] = []

    def save(parent: Any, title: str, start: str, filters: str) -> str:
        suggested.append(start)
        return str(target)

    monkeypatch.setattr(prompts, "choose_save_file", save)
    window.action_registry[ActionId.BACKUP].trigger()
    assert target.is_file() and bk.validate_backup(target).contacts == 1
    assert "Datensicherungen" in suggested[0]
    assert "Datensicherung gespeichert" in window.statusBar().currentMessage()

    add(window, "Zimmermann")
    assert window.ops.read(cs.count_contacts) == 2
    monkeypatch.setattr(prompts, "choose_open_file", lambda *a: str(target))
    asked: list[str] = []
    monkeypatch.setattr(
        prompts, "confirm", lambda parent, title, text, ok, info="": asked.append(info) or True
    )
    window.action_registry[ActionId.RESTORE].trigger()
    assert "1 Kontakte" in asked[0]
    assert window.ops.read(cs.count_contacts) == 1  # the app works on the restored data
    assert window.contacts.model.rowCount() == 1
    kept = list(window.db.path.parent.glob("*.vor-wiederherstellung-*.sqlite"))  # type: ignore[union-attr]
    assert len(kept) == 1 and "Wiederhergestellt" in window.statusBar().currentMessage()
    assert not window.ops.undo_stack.can_undo


def test_restore_refuses_an_invalid_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(window, "Bleibt")
    bad = tmp_path / "bad.sqlite"
    bad.write_text("kein Backup")
    errors: list[str] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda parent, message, title=None: errors.append(message)
    )
    assert not window.data_safety.restore(bad)
    assert "keine gültige contactdesk-Datensicherung" in errors[0]
    assert window.ops.read(cs.count_contacts) == 1


def test_progress_can_be_cancelled_and_window_stays_responsive(qtbot: Any) -> None:
    ticks: list[int] = []

    def work(progress: Any) -> str:
        for i in range(500):
            time.sleep(0.01)
            try:
                progress(i, 500, f"Schritt {i}")
            except Cancelled:
                raise BackupCancelled from None
        return "fertig"

    runner = ProgressRunner(None, "Test", "Arbeit …", work)
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))  # the GUI thread keeps running
    timer.start(20)
    from PySide6.QtWidgets import QPushButton

    QTimer.singleShot(600, lambda: runner.dialog.findChild(QPushButton).click())
    with pytest.raises(BackupCancelled):
        runner.exec()
    timer.stop()
    assert len(ticks) >= 5 and runner.dialog.maximum() == 500
    assert "Schritt" in runner.dialog.labelText()  # the core's text is shown under the label


def test_progress_returns_the_result(qtbot: Any) -> None:
    runner = ProgressRunner(None, "Test", "Arbeit …", lambda progress: progress(1, 1) or 42)
    assert runner.exec() == 42


# --------------------------------------------------------------------------- crash handling


def test_crash_dialog_keeps_the_unsaved_input(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.action_registry[ActionId.NEW_PERSON].trigger()
    window.contacts.editor.last_name.setText("Zimmermann-Öztürk")
    shown: list[QMessageBox] = []
    monkeypatch.setattr(prompts, "exec_box", lambda box: shown.append(box))
    handler = app.CrashHandler(lambda: window)
    try:
        raise RuntimeError("kaputt")
    except RuntimeError:
        handler(*sys.exc_info())  # type: ignore[arg-type]
    box = shown[0]
    assert box.windowTitle() == "Unerwarteter Fehler"
    info = box.informativeText()
    log = app.log_file_path()
    assert str(log) in info and "IT-Betreuung" in info
    assert handler.last_recovery is not None and str(handler.last_recovery) in info
    assert "RuntimeError: kaputt" in box.detailedText()
    assert "RuntimeError: kaputt" in log.read_text(encoding="utf-8")
    data = json.loads(handler.last_recovery.read_text(encoding="utf-8"))
    fields = data["bereiche"][0]["felder"]
    assert data["bereiche"][0]["bereich"] == "Kontakte"
    assert "Zimmermann-Öztürk" in fields.values()

    # the next start offers it; "Erledigt" files it away
    seen: list[str] = []

    def done(dialog: QDialog) -> int:
        seen.append(dialog.text.toPlainText())  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "exec_dialog", done)
    assert window.offer_recovery() == 1
    assert "Zimmermann-Öztürk" in seen[0]
    assert recovery.pending_recoveries() == []
    assert len(list((tmp_path / "recovery" / "erledigt").glob("*.json"))) == 1
    window.contacts.editor.discard()


def test_crash_without_unsaved_input_says_what_to_do(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(prompts, "exec_box", lambda box: shown.append(box))
    handler = app.CrashHandler(lambda: window)
    try:
        raise ValueError("x")
    except ValueError:
        handler(*sys.exc_info())  # type: ignore[arg-type]
    assert handler.last_recovery is None
    assert "speichern Sie sie" in shown[0].informativeText()


def test_rotating_log_in_the_log_folder(tmp_path: Path) -> None:
    path = app.setup_logging()
    assert path == tmp_path / "log" / "contactdesk.log"
    assert app.setup_logging() == path  # only one handler
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
        and Path(h.baseFilename).is_relative_to(tmp_path)
    ]
    assert len(handlers) == 1 and handlers[0].maxBytes == app.LOG_MAX_BYTES
    assert handlers[0].backupCount == app.LOG_BACKUPS


# --------------------------------------------------------------------------- damaged database


def test_damaged_database_at_start_offers_the_latest_backup(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite"
    db = open_database(path)
    with db.session() as session:
        cs.create_contact(session, cs.ContactData(last_name="Gesichert"))
    backup = bk.auto_backup(path)
    db.dispose()
    damaged = b"SQLite format 3\x00" + b"\x13" * 8000
    path.write_bytes(damaged)
    for sidecar in tmp_path.glob("db.sqlite-*"):
        sidecar.unlink()
    offered: list[str] = []

    def answer(box: QMessageBox) -> object:
        offered.append(box.informativeText())
        return next(b for b in box.buttons() if "wiederherstellen" in b.text())

    monkeypatch.setattr(prompts, "exec_box", answer)
    settings = ini_settings(tmp_path)
    settings.first_run_done = True
    code, shown = start_app(monkeypatch, path, settings, "--no-welcome")
    assert code == 0 and str(backup) in offered[0]
    qtbot.addWidget(shown[0])
    assert shown[0].ops.read(cs.count_contacts) == 1
    kept = list(tmp_path.glob("db.vor-wiederherstellung-*.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # never overwritten


def test_damaged_database_without_backup_quits_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite"
    damaged = b"SQLite format 3\x00" + b"\x13" * 8000
    path.write_bytes(damaged)
    texts: list[str] = []
    monkeypatch.setattr(prompts, "exec_box", lambda box: texts.append(box.informativeText()))
    code, shown = start_app(monkeypatch, path, ini_settings(tmp_path), "--no-welcome")
    assert code == 1 and len(shown) == 1  # the frame of the window, closed again
    assert not shown[0].ready and not shown[0].isVisible()
    assert "keine gültige Datensicherung" in texts[0] and path.read_bytes() == damaged


# --------------------------------------------------------------------------- comfort


def test_network_drive_warning_in_the_status_bar(window: MainWindow) -> None:
    window.warn_network_drive()
    assert window.network_label.isVisible()
    assert "Netzlaufwerk" in window.statusBar().currentMessage()


def test_help_and_about(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[HelpDialog] = []
    monkeypatch.setattr(prompts, "exec_dialog", lambda d: shown.append(d) or 0)
    window.action_registry[ActionId.GUIDE].trigger()
    window.action_registry[ActionId.ABOUT].trigger()
    guide, about = shown
    assert guide.tabs.currentIndex() == 0 and about.tabs.currentIndex() == 1
    text = guide.guide.toPlainText()
    for topic in ("einladen", "Outlook", "Vorlage drucken", "Daten sichern"):
        assert topic in text
    about_text = about.about.toPlainText()
    for needle in ("0.", "LGPL-3.0", "SQLAlchemy", "reportlab".title(), "DejaVu", "Bitstream"):
        assert needle.lower() in about_text.lower(), needle
    assert "F1" in [k.toString() for k in window.action_registry[ActionId.GUIDE].shortcuts()]


def test_menus_have_mnemonics(window: MainWindow) -> None:
    def mnemonic(text: str) -> str:
        i = text.find("&")
        return text[i + 1].lower() if i >= 0 else ""

    top = [mnemonic(a.text()) for a in window.menuBar().actions()]
    assert all(top) and len(set(top)) == len(top)
    file_menu = window.menuBar().actions()[0].menu()
    entries = [a for a in file_menu.actions() if not a.isSeparator()]
    ours = [
        window.action_registry[i] for i in (ActionId.BACKUP, ActionId.RESTORE, ActionId.SETTINGS)
    ]
    others = {mnemonic(a.text()) for a in entries if a not in ours}
    for action in ours:
        assert action in entries
        assert mnemonic(action.text()) and mnemonic(action.text()) not in others, action.text()
    assert len({mnemonic(a.text()) for a in ours}) == len(ours)


def test_settings_dialog_mnemonics_do_not_collide(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = SettingsDialog(ini_settings(tmp_path))
    qtbot.addWidget(dialog)

    def key(text: str) -> str:
        i = text.replace("&&", "").find("&")
        return text[i + 1].lower() if i >= 0 else ""

    tabs = [key(dialog.tabs.tabText(i)) for i in range(dialog.tabs.count())]
    assert all(tabs) and len(set(tabs)) == len(tabs)
    for i in range(dialog.tabs.count()):
        page = dialog.tabs.widget(i)
        texts = [w.text() for w in page.findChildren(QLabel)]
        texts += [w.text() for w in page.findChildren(QAbstractButton)]
        keys = [key(t) for t in texts if key(t)]
        assert len(set(keys)) == len(keys), texts
        assert not set(keys) & set(tabs), (dialog.tabs.tabText(i), keys, tabs)
