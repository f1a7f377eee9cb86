"""Helpers of the window's import and export tests: answering dialogs, the export's "Fertig"
dialog, saving targets, the demo data and opening one of its events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from contactdesk.core.db import Database
from contactdesk.core.demo import load_demo
from contactdesk.core.services import schedule as sc
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import export_done
from contactdesk.gui.mainwindow import MainWindow

DATA = Path(__file__).resolve().parents[1] / "data"
CONTACTS = DATA / "contacts"
ICS = DATA / "ics"
ACCEPTED = QDialog.DialogCode.Accepted.value
REJECTED = QDialog.DialogCode.Rejected.value


# ------------------------------------------------------------------ helpers


class Boxes:
    """Answers message boxes by button text and keeps what they said."""

    def __init__(self, answer: str = "") -> None:
        self.answer = answer
        self.seen: list[tuple[str, str, str]] = []

    def __call__(self, box: QMessageBox) -> object:
        self.seen.append((box.windowTitle(), box.text(), box.informativeText()))
        for button in box.buttons():
            if self.answer and button.text().replace("&", "") == self.answer:
                return button
        return box.buttons()[0] if box.buttons() else None


def dialogs(monkeypatch: pytest.MonkeyPatch, handler: Callable[[QDialog], int]) -> list[QDialog]:
    """Route import_preview.exec_dialog through `handler`; returns the dialogs it got."""
    seen: list[QDialog] = []

    def run(dialog: QDialog) -> int:
        seen.append(dialog)
        return handler(dialog)

    monkeypatch.setattr(prompts, "exec_dialog", run)
    return seen


class Done:
    """Captures the export-done dialog (not shown) and what "Öffnen" would open; every other
    dialog goes to the answer the test gave before (the one seam: prompts.exec_dialog)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dialogs: list[export_done.ExportDoneDialog] = []
        self.opened: list[Path] = []
        self.summaries: list[str] = []
        self.left_out: list[list[str]] = []
        self.other = prompts.exec_dialog
        monkeypatch.setattr(prompts, "exec_dialog", self._exec)
        monkeypatch.setattr(prompts, "open_path", self._open)

    def _exec(self, dialog: QDialog) -> int:
        if not isinstance(dialog, export_done.ExportDoneDialog):
            return self.other(dialog)
        self.dialogs.append(dialog)
        self.summaries.append(dialog.summary_label.text())
        lst = dialog.left_out_list
        self.left_out.append(
            [lst.item(i).text() for i in range(lst.count())] if lst is not None else []
        )
        dialog.open_button.click()  # as the user would: hand the file to Outlook
        return ACCEPTED

    def _open(self, path: Path) -> bool:
        self.opened.append(Path(path))
        return True


def save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    asked: list[str] = []

    def choose(_parent: Any, title: str, start: str, _filters: str) -> str:
        asked.append(start)
        return str(target)

    monkeypatch.setattr(prompts, "choose_save_file", choose)
    return asked


def demo(db: Database) -> None:
    with db.session() as session:
        load_demo(session)


def find_event_id(db: Database, title_start: str) -> int:
    with db.session() as session:
        for occ in sc.occurrences(
            session, datetime(2020, 1, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC), None
        ):
            if occ.title.startswith(title_start):
                return occ.series_id or occ.event_id
    raise AssertionError(title_start)


def open_event(window: MainWindow, event_id: int) -> None:
    assert window.show_area("events")
    view: Any = window.area("events")
    assert view.open_event(event_id)


def drag_enter(pos: Any, *args: Any) -> QDragEnterEvent:
    """QDragEnterEvent takes a QPoint up to PySide6 6.11 and a QPointF from 6.12 on."""
    try:
        return QDragEnterEvent(pos, *args)
    except TypeError:
        return QDragEnterEvent(QPointF(pos), *args)


def drop_on(window: MainWindow, mime: QMimeData) -> None:
    """Drag `mime` over the window and drop it there as a copy, as a user would."""
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = drag_enter(window.rect().center(), actions, mime, buttons, mods)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(window.rect().center()), actions, mime, buttons, mods)
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
