"""The Datenschutz tab of the settings dialog writes controller, DPO and storage periods into
the shared settings store; a bad e-mail address is refused in German and nothing is stored."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

from contactdesk.core.settings import load_settings
from contactdesk.gui.dialogs.settings_dialog import SettingsDialog
from contactdesk.gui.settings import Settings


def test_privacy_tab(qtbot: Any, tmp_path: Any) -> None:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    tab = dialog.privacy
    assert dialog.tabs.tabText(dialog.tabs.indexOf(tab)) == "Datens&chutz"
    tab.texts["privacy.controller"].setText("Stadt Weißwasser/O.L.")
    tab.texts["privacy.dpo_name"].setText("Dr. Datenschutz")
    tab.texts["privacy.dpo_email"].setText("kein-mail")
    dialog.accept()
    assert "E-Mail" in dialog.error.text() and not dialog.error.isHidden()
    assert load_settings().get("privacy.controller") == ""
    tab.texts["privacy.dpo_email"].setText("dsb@weisswasser.de")
    tab.months["privacy.retention.einladungen"].setValue(12)
    dialog.accept()
    stored = load_settings()
    assert stored.get("privacy.controller") == "Stadt Weißwasser/O.L."
    assert stored.get("privacy.dpo_email") == "dsb@weisswasser.de"
    assert stored.get("privacy.retention.einladungen") == 12
