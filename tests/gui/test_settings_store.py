"""The window reads and writes the same settings store as the command line; options of an
older version (QSettings) are taken over once; SMTP fields and the password."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings

from contactdesk.cli import main
from contactdesk.core import settings as st
from contactdesk.gui import prompts
from contactdesk.gui.dialogs.settings_dialog import SettingsDialog
from contactdesk.gui.dialogs.welcome import WelcomeDialog
from contactdesk.gui.settings import MIGRATED_FLAG, Settings
from tests.core.test_settings import MemoryKeyring


def old_ini(tmp_path: Path, text: str) -> QSettings:
    path = tmp_path / "alt.ini"
    path.write_text(text, encoding="utf-8")
    return QSettings(str(path), QSettings.Format.IniFormat)


@pytest.fixture
def memory_keyring() -> Any:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_options_of_an_older_version_are_taken_over_once(
    tmp_path: Path, settings_dir: Path
) -> None:
    q = old_ini(
        tmp_path,
        "[app]\nlanguage=en\nfirst_run_done=true\n"
        "[town]\nname=Stadt Bitterfeld-Wolfen\n"
        "[organiser]\nemail=ehrenamt@bitterfeld-wolfen.de\nname=J\\xf6rg\n"
        "[backup]\nkeep=5\nauto=false\n"
        "[events]\ntime_zone=Mars/Olympus\nreminder_minutes=30\n"
        "[window]\narea=agreements\n",
    )
    s = Settings(q)
    assert s.language == "en" and s.first_run_done is True
    assert s.town_name == "Stadt Bitterfeld-Wolfen" and s.organiser_name == "Jörg"
    assert s.backup_keep == 5 and s.auto_backup is False and s.reminder_minutes == 30
    assert s.time_zone == "Europe/Berlin"  # a broken old value is not taken over
    assert s.last_area == "agreements"  # window state stays in QSettings
    stored = json.loads((settings_dir / "settings.json").read_text("utf-8"))
    assert stored["meta"][MIGRATED_FLAG] is True
    assert stored["settings"]["town.name"] == "Stadt Bitterfeld-Wolfen"
    assert "window.area" not in stored["settings"]
    # a later change in the window is not overwritten by the old value at the next start
    s.town_name = "Stadt Sandersdorf-Brehna"
    again = Settings(old_ini(tmp_path, "[town]\nname=Alt\n"))
    assert again.town_name == "Stadt Sandersdorf-Brehna"


@pytest.mark.parametrize("group", ["[General]", "[%General]"])
def test_options_in_the_old_general_group_are_found(
    tmp_path: Path, settings_dir: Path, group: str
) -> None:
    """Qt reads an INI group "general" back as "General"; an older version wrote there."""
    s = Settings(old_ini(tmp_path, f"{group}\nlanguage=en\nfirst_run_done=true\n"))
    assert s.language == "en" and s.first_run_done is True


def test_window_and_command_line_share_one_store(
    qtbot: Any, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "set", "town.name", "Stadt Wolfen"]) == 0
    assert main(["config", "set", "smtp.host", "smtp.bitterfeld-wolfen.de"]) == 0
    dialog = SettingsDialog(
        Settings(QSettings(settings.window_file_name, QSettings.Format.IniFormat))
    )
    qtbot.addWidget(dialog)
    assert dialog.town.text() == "Stadt Wolfen"
    assert dialog.smtp.host.text() == "smtp.bitterfeld-wolfen.de"
    dialog.smtp.security.setCurrentIndex(st.SMTP_SECURITY.index("ssl"))
    assert dialog.smtp.port.value() == 465  # the port follows the encryption
    dialog.smtp.user.setText("ehrenamt")
    dialog.organiser_email.setText("Ehrenamt@Bitterfeld-Wolfen.de")
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    capsys.readouterr()
    assert main(["config", "list", "--json"]) == 0
    values = {r["key"]: r["value"] for r in json.loads(capsys.readouterr().out)["settings"]}
    assert values["smtp.security"] == "ssl" and values["smtp.port"] == 465
    assert values["smtp.user"] == "ehrenamt"
    assert values["organiser.email"] == "Ehrenamt@bitterfeld-wolfen.de"


def test_unencrypted_smtp_only_for_this_machine(qtbot: Any, settings: Settings) -> None:
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.smtp.host.setText("smtp.bitterfeld-wolfen.de")
    dialog.smtp.security.setCurrentIndex(st.SMTP_SECURITY.index("none"))
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "localhost" in dialog.error.text()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert st.load_settings().get("smtp.security") == "starttls"  # nothing stored
    dialog.smtp.host.setText("localhost")
    dialog.accept()
    assert st.load_settings().get("smtp.security") == "none"


def test_password_goes_to_the_keyring_only(
    qtbot: Any, settings: Settings, settings_dir: Path, memory_keyring: MemoryKeyring
) -> None:
    dialog = WelcomeDialog(settings)
    qtbot.addWidget(dialog)
    dialog.smtp.host.setText("smtp.bitterfeld-wolfen.de")
    dialog.smtp.password.setText("kennwort-789")
    dialog.ok_button.click()
    assert dialog.result() == WelcomeDialog.DialogCode.Accepted
    assert memory_keyring.store[("contactdesk", "smtp.password")] == "kennwort-789"
    assert "kennwort-789" not in (settings_dir / "settings.json").read_text("utf-8")
    again = SettingsDialog(settings)
    qtbot.addWidget(again)
    assert again.smtp.password.text() == ""
    assert "gespeichert" in again.smtp.password.placeholderText()


def test_without_keyring_the_password_field_explains_the_variable(
    qtbot: Any, settings: Settings
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        dialog.smtp.password.setText("kennwort-789")
        dialog.accept()
        assert "CONTACTDESK_SMTP_PASSWORD" in dialog.error.text()
        assert "kennwort-789" not in dialog.error.text()
        assert dialog.result() != SettingsDialog.DialogCode.Accepted
    finally:
        keyring.set_keyring(previous)


def test_a_damaged_store_is_reported_and_kept(tmp_path: Path, settings_dir: Path) -> None:
    (settings_dir / "settings.json").write_text("{kaputt", encoding="utf-8")
    s = Settings(QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    assert "beschädigt" in s.store.warnings[0]
    assert s.town_name == ""
    aside = [p for p in settings_dir.iterdir() if ".beschaedigt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text("utf-8") == "{kaputt"


def test_connection_test_uses_the_values_shown(
    qtbot: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "Verbindung testen" hook calls contactdesk.core.mail.smtp.test_connection (helper
    "mail") with the dialog's values, before they are saved."""
    import importlib.machinery
    import sys
    import types

    from contactdesk.core.errors import ContactdeskError

    calls: list[tuple[dict[str, Any], str | None]] = []

    def test_connection(probe: st.Settings, password: str | None) -> None:
        calls.append((probe.to_dict(), password))
        if password == "falsch":
            raise ContactdeskError("Anmeldung abgelehnt.")

    package = types.ModuleType("contactdesk.core.mail")
    package.__path__ = []  # type: ignore[attr-defined]
    module = types.ModuleType("contactdesk.core.mail.smtp")
    module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, None)
    module.test_connection = test_connection  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "contactdesk.core.mail", package)
    monkeypatch.setitem(sys.modules, "contactdesk.core.mail.smtp", module)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, t, x, _i="": shown.append((t, x)))
    monkeypatch.setattr(prompts, "warn", lambda _p, t, x, _i="": shown.append((t, x)))
    settings.town_name = "Stadt Wolfen"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert not dialog.test_button.isHidden()
    dialog.smtp.host.setText("smtp.bitterfeld-wolfen.de")
    dialog.organiser_email.setText("ehrenamt@bitterfeld-wolfen.de")
    dialog.smtp.password.setText("geheim")
    dialog.test_button.click()
    values, password = calls[-1]
    assert values["smtp.host"] == "smtp.bitterfeld-wolfen.de" and password == "geheim"
    assert values["organiser.email"] == "ehrenamt@bitterfeld-wolfen.de"
    assert values["town.name"] == "Stadt Wolfen"
    assert shown[-1][1] == "Die Verbindung zum SMTP-Server funktioniert."
    assert st.load_settings().get("smtp.host") == ""  # testing saved nothing
    dialog.smtp.password.setText("falsch")
    dialog.test_button.click()
    assert shown[-1][1] == "Anmeldung abgelehnt."


def test_without_the_mail_module_there_is_no_test_button(qtbot: Any, settings: Settings) -> None:
    from importlib.util import find_spec

    try:
        present = find_spec("contactdesk.core.mail.smtp") is not None
    except ModuleNotFoundError:
        present = False
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.test_button.isHidden() is not present
