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
