"""The paper editor's questions in gui/prompts.py, answered as a user would: choosing one entry of
a list by typing part of it (folded: "weiss" finds "Weißwasser"), the date and note of a status
step, the documents chooser that remembers its folder, and the multi-line fields and boxes the
editor's sections share."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QGroupBox

from contactdesk.gui import prompts
from contactdesk.gui.dialogs.dated_note import DatedNoteDialog
from contactdesk.gui.views.paper_editor.parts import text_box
from contactdesk.gui.widgets.plain_text import plain_text_edit
from contactdesk.gui.widgets.save_target import ask_save_target
from contactdesk.gui.widgets.typed_choice import ChoiceDialog

SESSIONS = [
    (1, "Stadtrat Weißwasser – 08.09.2021, 18:00 Uhr"),
    (2, "Haupt- und Finanzausschuss – 02.09.2021, 17:00 Uhr"),
    (3, "Ortschaftsrat Thalheim – 14.10.2021, 19:00 Uhr"),
]


def answer(monkeypatch: pytest.MonkeyPatch, run: Any) -> list[QDialog]:
    seen: list[QDialog] = []

    def exec_dialog(dialog: QDialog) -> int:
        seen.append(dialog)
        return int(run(dialog))

    monkeypatch.setattr(prompts, "exec_dialog", exec_dialog)
    return seen


def test_typing_part_of_an_entry_narrows_the_list_and_gives_its_value(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(dialog: QDialog) -> QDialog.DialogCode:
        assert isinstance(dialog, ChoiceDialog)
        assert dialog.results.count() == 3  # everything before typing; the first chosen
        assert dialog.ok.isEnabled()
        dialog.search.setText("weiss 08.09")  # ß folded, words in any order of the text
        assert [dialog.results.item(i).text() for i in range(dialog.results.count())] == [
            SESSIONS[0][1]
        ]
        return QDialog.DialogCode.Accepted

    seen = answer(monkeypatch, run)
    assert prompts.choose_one(None, "Sitzung wählen", SESSIONS, "Keine Sitzung.") == 1
    assert seen[0].windowTitle() == "Sitzung wählen"


def test_nothing_matching_says_so_and_cannot_be_taken(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(dialog: QDialog) -> QDialog.DialogCode:
        assert isinstance(dialog, ChoiceDialog)
        dialog.search.setText("Kreistag")
        assert dialog.results.count() == 0
        assert dialog.hint.text() == "Keine Sitzung."
        assert not dialog.ok.isEnabled()
        assert dialog.chosen() is None
        return QDialog.DialogCode.Accepted  # Enter on nothing: still no choice

    answer(monkeypatch, run)
    assert prompts.choose_one(None, "Sitzung wählen", SESSIONS, "Keine Sitzung.") is None


def test_cancelling_a_choice_gives_none(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    answer(monkeypatch, lambda _d: QDialog.DialogCode.Rejected)
    assert prompts.choose_one(None, "Sitzung wählen", SESSIONS, "Keine Sitzung.") is None


def test_the_date_and_note_of_a_step(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def run(dialog: QDialog) -> QDialog.DialogCode:
        assert isinstance(dialog, DatedNoteDialog)
        assert dialog.windowTitle() == "Vorlage freigeben"
        dialog.on_date.set_value(date(2026, 12, 7))
        dialog.note.setText("vom OB gezeichnet")
        return QDialog.DialogCode.Accepted

    answer(monkeypatch, run)
    got = prompts.ask_dated_note(
        None, "Vorlage freigeben", "M/001/2026 freigeben", "Freigeben", "Hinweis"
    )
    assert got == (date(2026, 12, 7), "vom OB gezeichnet")
    answer(monkeypatch, lambda _d: QDialog.DialogCode.Rejected)
    assert prompts.ask_dated_note(None, "Vorlage freigeben", "…", "Freigeben") is None


def test_the_documents_chooser_starts_where_the_last_document_came_from(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = tmp_path / "Anlagen"
    folder.mkdir()
    starts: list[str] = []

    def choose(_parent: Any, _title: str, start: str, _filters: str) -> list[str]:
        starts.append(start)
        return [str(folder / "Lageplan.pdf")]

    monkeypatch.setattr(prompts, "choose_open_files", choose)
    assert prompts.choose_documents(None, "Anlagen hinzufügen", "Alle Dateien (*)") == [
        str(folder / "Lageplan.pdf")
    ]
    prompts.choose_documents(None, "Anlagen hinzufügen", "Alle Dateien (*)")
    assert starts[1] == str(folder)
    monkeypatch.setattr(prompts, "choose_open_files", lambda *_a: [])
    assert prompts.choose_documents(None, "Anlagen hinzufügen", "Alle Dateien (*)") == []


def test_a_save_target_gets_the_suffix_the_user_left_out(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(prompts, "choose_save_file", lambda *_a: str(tmp_path / "vorlage"))
    assert ask_save_target(None, "Export", "v.json", "*.json", ".json") == (
        tmp_path / "vorlage.json"
    )
    monkeypatch.setattr(prompts, "choose_save_file", lambda *_a: str(tmp_path / "v.txt"))
    assert ask_save_target(None, "Export", "v.json", "*.json", ".json") == tmp_path / "v.txt"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *_a: "")
    assert ask_save_target(None, "Export", "v.json", "*.json", ".json") is None


def test_a_text_field_moves_on_with_tab_and_keeps_to_its_height(qtbot: Any) -> None:
    edit = plain_text_edit("Ergebnis", "Was ist herausgekommen?", max_height=90, tip="Hilfe")
    qtbot.addWidget(edit)
    assert edit.accessibleName() == "Ergebnis" and edit.toolTip() == "Hilfe"
    assert edit.tabChangesFocus()
    assert edit.maximumHeight() == 90
    assert edit.placeholderText() == "Was ist herausgekommen?"
    box, column, field = text_box("Antwort der Verwaltung", "Die Antwort …", 120)
    qtbot.addWidget(box)
    assert isinstance(box, QGroupBox) and box.title() == "Antwort der Verwaltung"
    assert field.parent() is box and column.indexOf(field) == 0
    assert field.accessibleName() == "Antwort der Verwaltung"
