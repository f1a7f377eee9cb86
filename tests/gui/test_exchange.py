"""Import from the main window: the menus, the preview with decisions in one transaction,
invalid files and entries, cancelling, dropping files and text."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QDialog

from contactdesk.core.db import Database
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import schedule as sc
from contactdesk.gui import exchange, prompts
from contactdesk.gui.dialogs import import_preview
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.exchange_support import (
    ACCEPTED,
    CONTACTS,
    ICS,
    REJECTED,
    Boxes,
    dialogs,
    drag_enter,
)
from tests.gui.helpers import add_person, get, names

# ------------------------------------------------------------------ menus


def test_menus_offer_import_and_every_export(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "&Importieren …" in texts and "&Exportieren" in texts
    importer = window.exchange.actions[exchange.IMPORT]
    assert importer.shortcut().toString() == "Ctrl+I"
    assert importer in window.actions()  # the shortcut works window-wide (Qt's own list)
    export_menu = window.exchange.export_menu
    assert export_menu is not None
    entries = [a.text().replace("&", "") for a in export_menu.actions() if not a.isSeparator()]
    assert entries == [
        "Kontakte als vCard (.vcf) …",
        "Kontakte für Outlook (vCard je Kontakt, ZIP) …",
        "Kontakte als Outlook-CSV …",
        "Kalender als iCalendar (.ics) …",
        "Gewählten Termin für den eigenen Kalender (.ics) …",
        "Einladung für den gewählten Termin (.ics) …",
        "Einladung als E-Mail (.eml) …",
        "Absage für den gewählten Termin (.ics) …",
        "Einladung senden …",
        "Absage senden …",
    ]
    window.exchange.update_actions()  # nothing chosen under Termine: invitations are off
    assert not window.exchange.actions[exchange.INVITATION].isEnabled()


# ------------------------------------------------------------------ import


def test_mixed_import_through_preview_is_one_transaction(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    katrin = add_person(db, "Katrin", "Weiß", "k.weiss@engagiertestadt.example")
    joerg = add_person(db, "Jörg", "Müller", "j.mueller@bitterfeld-wolfen.example")
    reports: list[tuple[str, str]] = []
    counts: list[str] = []

    def handle(dialog: QDialog) -> int:
        if isinstance(dialog, import_preview.ImportReportDialog):
            reports.append((dialog.summary_label.text(), dialog.details.toPlainText()))
            return ACCEPTED
        assert isinstance(dialog, import_preview.ImportPreviewDialog)
        rows = dialog.model.rows
        kinds = {r.kind for r in rows}
        assert kinds == {"Kontakt", "Termin"}
        k_row, j_row = dialog.row_of("Katrin Weiß"), dialog.row_of("Jörg Müller")
        assert rows[k_row].status == cx.MATCH and "Nr." in rows[k_row].reason
        assert rows[j_row].status == cx.MATCH
        assert rows[k_row].action_text == "Überspringen"  # a match is skipped unless decided
        # Katrin: Aktualisieren, chosen on the row with the button for selected rows
        dialog.select_source_rows([k_row])
        assert dialog.choice_buttons[cx.UPDATE].isEnabled()
        dialog.choice_buttons[cx.UPDATE].click()
        # Jörg: first "Trotzdem anlegen", then back to Überspringen through the cell's editor data
        proxy_index = dialog.proxy.mapFromSource(
            dialog.model.index(j_row, import_preview.COL_ACTION)
        )
        assert dialog.proxy.setData(proxy_index, cx.CREATE)
        assert rows[j_row].action_text == "Trotzdem anlegen"
        dialog.select_source_rows([j_row])
        dialog.choice_buttons[cx.SKIP].click()
        assert rows[k_row].action_text == "Aktualisieren"
        assert rows[j_row].action_text == "Überspringen"
        event_rows = [r for r in rows if r.kind == "Termin"]
        assert [r.status for r in event_rows] == ["neu"] * len(event_rows)
        assert any("Netzwerktreffen Ostdeutschland" in r.name for r in event_rows)
        counts.append(dialog.counts_label.text())
        assert "Der Import kann nicht" not in dialog.windowTitle()
        return ACCEPTED

    dialogs(monkeypatch, handle)
    changes: list[Any] = []
    window.ops.sig_changed.connect(changes.append)
    outcome = window.exchange.import_files(
        [
            CONTACTS / "thunderbird_30.vcf",
            ICS / "thunderbird.ics",
            CONTACTS / "outlook_de_bom_semicolon.csv",
        ]
    )
    assert outcome is not None and outcome.contacts is not None and outcome.events is not None
    assert "1 aktualisieren" in counts[0] and "Termine:" in counts[0]
    # the database, read through the core
    updated = get(db, katrin.id or 0)
    assert {m.address for m in updated.emails} == {
        "k.weiss@engagiertestadt.example",
        "katrin.weiss@privat.example",
    }
    assert "Ansprechpartnerin im Netzwerk" in updated.notes
    untouched = get(db, joerg.id or 0)
    assert untouched.phones == [] and untouched.title == ""
    all_names = names(db)
    assert all_names.count("Jörg Müller") == 1 and "Dr. Jörg Müller" not in all_names
    assert {"Stefan Groß", "Ayşe Öztürk", "TGZ Bitterfeld-Wolfen mbH"} <= set(all_names)
    with db.session() as session:
        assert sc.find_by_uid(session, "6f2a7e3c-1d4b-4c59-9d0e-2b8f1a3c5d7e") is not None
    assert outcome.contacts.updated == ["Katrin Weiß"]
    assert any("Jörg" in line for line in outcome.contacts.skipped)
    # one report in German, one change signal for every area
    summary, details = reports[0]
    assert "1 aktualisiert" in summary and "Termine:" in summary
    assert "Kontakte ungültig (nicht importiert)" in details and "Zeile 6" in details
    assert len(changes) == 1 and (katrin.id or 0) in changes[0].contact_ids
    assert "Import:" in window.statusBar().currentMessage()


def test_invalid_file_names_file_and_place_and_imports_nothing(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "kaputt.ics"
    broken.write_bytes(b"\x00\x01\x02PK binary garbage \xff\xfe")
    boxes = Boxes()
    monkeypatch.setattr(prompts, "exec_box", boxes)
    dialogs(monkeypatch, lambda d: pytest.fail("no preview for a file that cannot be read"))
    outcome = window.exchange.import_files(
        [CONTACTS / "thunderbird_30.vcf", CONTACTS / "unknown_headers.csv", broken]
    )
    assert outcome is None
    title, text, _info = boxes.seen[-1]
    assert title == "Import nicht möglich"
    assert "unknown_headers.csv" in text and "Zeile 1" in text
    assert "kaputt.ics" in text and str(tmp_path) not in text
    assert "Es wurde nichts importiert" in text
    assert names(db) == []


def test_invalid_entries_are_listed_with_their_card_and_skipped(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def handle(dialog: QDialog) -> int:
        if isinstance(dialog, import_preview.ImportPreviewDialog):
            invalid = [r for r in dialog.model.rows if r.invalid]
            seen["invalid"] = [(r.file, r.place, r.reason, r.action_text) for r in invalid]
            dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("invalid"))
            seen["shown"] = dialog.proxy.rowCount()
        return ACCEPTED

    dialogs(monkeypatch, handle)
    window.exchange.import_files([CONTACTS / "no_name.vcf"])
    assert seen["invalid"] == [
        (
            "no_name.vcf",
            "Karte 2 (Zeile 6)",
            "kein Name (weder FN noch N noch ORG).",
            "wird nicht importiert",
        )
    ]
    assert seen["shown"] == 1
    assert names(db) == ["Stefan Groß"]


def test_cancel_in_the_preview_changes_nothing(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs(monkeypatch, lambda d: REJECTED)
    assert (
        window.exchange.import_files([CONTACTS / "thunderbird_30.vcf", ICS / "thunderbird.ics"])
        is None
    )
    assert names(db) == []
    with db.session() as session:
        assert sc.find_by_uid(session, "6f2a7e3c-1d4b-4c59-9d0e-2b8f1a3c5d7e") is None
    assert "nichts geändert" in window.statusBar().currentMessage()


def test_import_menu_uses_the_file_dialog(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        prompts, "choose_open_files", lambda *a: [str(CONTACTS / "thunderbird_40.vcf")]
    )
    dialogs(monkeypatch, lambda d: ACCEPTED)
    window.exchange.actions[exchange.IMPORT].trigger()
    assert len(names(db)) >= 1


# ------------------------------------------------------------------ drag and drop


def _mime(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_dropped_files_go_into_one_preview(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch, qtbot: Any, tmp_path: Path
) -> None:
    letter = tmp_path / "Brief.PDF"
    letter.write_bytes(b"%PDF-1.4")
    vcf = tmp_path / "KONTAKTE.VCF"  # upper-case suffixes count too
    shutil.copy(CONTACTS / "thunderbird_30.vcf", vcf)
    boxes = Boxes()
    monkeypatch.setattr(prompts, "exec_box", boxes)
    previews: list[list[str]] = []

    def handle(dialog: QDialog) -> int:
        if isinstance(dialog, import_preview.ImportPreviewDialog):
            previews.append(sorted({r.file for r in dialog.model.rows}))
        return ACCEPTED

    dialogs(monkeypatch, handle)
    mime = _mime([vcf, ICS / "outlook_windows_tz.ics", letter])
    actions = Qt.DropAction.CopyAction
    enter = drag_enter(
        window.rect().center(),
        actions,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(window.rect().center()),
        actions,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: bool(previews), timeout=10000)
    qtbot.waitUntil(lambda: "Katrin Weiß" in names(db), timeout=10000)
    assert previews == [["KONTAKTE.VCF", "outlook_windows_tz.ics"]]
    _title, text, info = boxes.seen[0]
    assert "„Brief.PDF“" in text and "KONTAKTE.VCF" in info


def test_text_drops_are_left_alone(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setText("nur Text")
    enter = drag_enter(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.ignore()
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
