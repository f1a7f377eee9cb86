"""The one seam for questions (gui/prompts.py): a question with several answers gives the value of
the button clicked, its first answer is the default and Abbrechen answers Escape."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from contactdesk.core import timezones as tzs
from contactdesk.gui import prompts


def click(monkeypatch: pytest.MonkeyPatch, text: str, seen: list[QMessageBox]) -> None:
    def run(box: QMessageBox) -> object:
        seen.append(box)
        return next(b for b in box.buttons() if b.text() == text)

    monkeypatch.setattr(prompts, "exec_box", run)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Speichern", prompts.Answer.SAVE), ("Verwerfen", prompts.Answer.DISCARD)],
)
def test_the_button_clicked_gives_its_answer(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, text: str, expected: prompts.Answer
) -> None:
    seen: list[QMessageBox] = []
    click(monkeypatch, text, seen)
    assert prompts.ask_unsaved(None, "Katrin Weiß") is expected
    (box,) = seen
    assert box.defaultButton().text() == "Speichern"
    assert box.escapeButton().text() == "Abbrechen"
    assert "Katrin Weiß" in box.text()


def test_abbrechen_gives_the_cancelled_value(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[QMessageBox] = []
    click(monkeypatch, "Abbrechen", seen)
    assert prompts.ask_unsaved(None, "") is prompts.Answer.CANCEL
    assert prompts.ask_occurrence_scope(None, "Netzwerktreffen", "Ändern") is None


def test_the_autumn_hour_question_answers_summer_or_winter(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    seen: list[QMessageBox] = []
    click(monkeypatch, "Winterzeit (die zweite)", seen)
    assert prompts.ask_dst_choice(None, datetime(2021, 10, 31, 2, 30), "Europe/Berlin") == (
        tzs.WINTER
    )
    click(monkeypatch, "Nur diesen Termin", seen)
    assert prompts.ask_occurrence_scope(None, "Netzwerktreffen", "Ändern") == prompts.Scope.ONE


@pytest.mark.parametrize(
    ("typed", "accept", "expected"),
    [
        (
            "Referentin erkrankt\nNeuer Termin folgt",
            True,
            "Referentin erkrankt\nNeuer Termin folgt",
        ),
        ("", True, ""),  # cancelling without a note is still cancelling
        ("Referentin erkrankt", False, None),  # Abbrechen: the event is not cancelled
    ],
)
def test_the_cancel_note_is_several_lines_and_abbrechen_keeps_the_event(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, typed: str, accept: bool, expected: str | None
) -> None:
    from PySide6.QtWidgets import QDialog, QInputDialog, QPlainTextEdit

    seen: list[QInputDialog] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, QInputDialog)
        seen.append(dialog)
        dialog.setTextValue(typed)
        return (QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected).value

    monkeypatch.setattr(prompts, "exec_dialog", run)
    assert prompts.ask_cancel_note(None, "Netzwerktreffen") == expected
    (dialog,) = seen
    assert dialog.windowTitle() == "Termin absagen"
    assert "„Netzwerktreffen“ absagen" in dialog.labelText()
    assert dialog.findChildren(QPlainTextEdit)  # room for a reason of several lines


def test_deleting_an_event_asks_with_cancel_as_default(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[QMessageBox] = []
    click(monkeypatch, "Löschen", seen)
    assert prompts.confirm_delete_event(None, "Netzwerktreffen") is True
    click(monkeypatch, "Abbrechen", seen)
    assert prompts.confirm_delete_event(None, "Netzwerktreffen") is False
    assert seen[0].defaultButton().text() == "Abbrechen"
    assert "„Netzwerktreffen“" in seen[0].text()
