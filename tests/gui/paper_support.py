"""The fixtures and helpers of the Sitzungen area's tests (test_papers.py, test_paper_output.py,
test_paper_fields.py): the demo data, the area, answers to the editor's dialogs, a print dialog
that prints to a PDF file, and a new paper with its Beratungsfolge. A test module imports the
fixtures it uses by name, and `no_unexpected_paper_dialogs` always (it is autouse)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from contactdesk.core.db import Database
from contactdesk.core.demo import demo_uid, load_demo
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import PaperData
from contactdesk.gui import prompts
from contactdesk.gui.dialogs.dated_note import DatedNoteDialog
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.papers import SessionsView
from contactdesk.gui.widgets import contact_picker
from contactdesk.gui.widgets.typed_choice import ChoiceDialog

HFA = "Haupt- und Finanzausschuss"
STADTRAT = "Stadtrat Bitterfeld-Wolfen"
BACKWARDS = "Die Beratungsfolge geht zeitlich zurück"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_unexpected_paper_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs, pickers, file choosers and the print dialog fail unless a test answers them."""

    def fail(*args: Any, **kw: Any) -> Any:
        raise AssertionError(f"unexpected dialog: {args!r}")

    monkeypatch.setattr(contact_picker, "pick_contact", fail)
    for name in ("exec_dialog", "choose_open_files", "exec_print_dialog", "choose_save_file"):
        monkeypatch.setattr(prompts, name, fail)


@pytest.fixture
def demo(db: Database) -> Database:
    with db.session() as session:
        load_demo(session)
    return db


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """German error messages shown to the user (instead of a message box)."""
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, message, _t=None: shown.append(message))
    return shown


@pytest.fixture
def view(demo: Database, window: MainWindow) -> SessionsView:
    assert window.show_area("sessions")
    area = window.area("sessions")
    assert isinstance(area, SessionsView)
    return area


def dialogs(monkeypatch: pytest.MonkeyPatch, *answers: Callable[[QDialog], int]) -> list[Any]:
    """Answer the editor's next dialogs in order; returns the dialogs that were shown."""
    queue = list(answers)
    seen: list[Any] = []

    def run(dialog: QDialog) -> int:
        assert queue, f"unexpected dialog: {dialog.windowTitle()}"
        seen.append(dialog)
        return queue.pop(0)(dialog)

    monkeypatch.setattr(prompts, "exec_dialog", run)
    return seen


def pick(text: str) -> Callable[[QDialog], int]:
    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ChoiceDialog), dialog
        assert dialog.select_text(text), [
            dialog.results.item(i).text() for i in range(dialog.results.count())
        ]
        return QDialog.DialogCode.Accepted

    return run


def accept_status(on: date | None = None, note: str = "") -> Callable[[QDialog], int]:
    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, DatedNoteDialog), dialog
        if on is not None:
            dialog.on_date.set_value(on)
        dialog.note.setText(note)
        return QDialog.DialogCode.Accepted

    return run


def print_to(
    path: Path, *, pages: str = "", copies: int = 1, current: bool = False
) -> Callable[[QPrintDialog], int]:
    """A print dialog the user fills in: print to a PDF file, a page range, copies."""

    def run(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setCopyCount(copies)
        if pages:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setPageRanges(QPageRanges.fromString(pages))
        if current:
            printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
        return QDialog.DialogCode.Accepted

    return run


def event_id(db: Database, key: str) -> int:
    with db.session() as session:
        found = sc.find_by_uid(session, demo_uid(key))
    assert found is not None
    return found


def paper(db: Database, paper_id: int) -> PaperData:
    with db.session() as session:
        return ps.get_paper(session, paper_id)


def m006(db: Database) -> int:
    with db.session() as session:
        return ps.find_paper(session, "M006-2021")


def new_paper_with_consultations(
    view: SessionsView, monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    view.new_item()
    editor = view.editor
    editor.master.subject.setText("Sachstand im Netzwerk „Engagierte Stadt“")
    editor.master.submitter.setText("Oberbürgermeister")
    editor.master.lead_office.setText("Persönlicher Referent")
    dialogs(monkeypatch, pick(first), pick(second))
    assert editor.consultation.add_session()
    assert editor.consultation.add_session()
