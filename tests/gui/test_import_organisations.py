"""The import preview shows the companies that would become organisations; unticked, none is
created and the company stays in the person's notes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import import_preview
from contactdesk.gui.mainwindow import MainWindow

CSV = (
    "Vorname;Nachname;Firma;Position;E-Mail-Adresse\r\n"
    "Lena;Müller;Jugendclub '83 e.V.;Leiterin;lena@jugendclub83.example\r\n"
)


@pytest.mark.parametrize("tick", [True, False])
def test_preview_switch_for_new_organisations(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tick: bool
) -> None:
    path = tmp_path / "kontakte.csv"
    path.write_bytes(CSV.encode("utf-8-sig"))
    seen: list[str] = []

    def answer(dialog: Any) -> int:
        if not isinstance(dialog, import_preview.ImportPreviewDialog):  # the report afterwards
            return QDialog.DialogCode.Accepted.value
        box = dialog.create_organisations
        assert not box.isHidden() and box.isChecked()  # shown, on by default
        seen.append(box.text())
        box.setChecked(tick)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(prompts, "exec_dialog", answer)
    monkeypatch.setattr(prompts, "inform", lambda *a, **k: None)
    window.exchange.import_files([path])
    assert seen == ["Unbekannte Firmen als Organisationen anlegen (1): Jugendclub '83 e.V."]
    with db.session() as s:
        rows = cs.list_contacts(s, cs.ContactFilter(), limit=10)
        names = {r.display_name: r.kind for r in rows}
        lena = cs.get_contact(s, next(r.id for r in rows if r.display_name == "Lena Müller"))
    assert ("Jugendclub '83 e.V." in names) is tick
    assert [r.function for r in lena.roles] == (["Leiterin"] if tick else [])
