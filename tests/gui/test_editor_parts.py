"""The parts the contact and agreement editors are built from, each driven on its own: the
read-only record tables, the pair rows, the error form, choosing documents from the remembered
folder, the file-step error answer, the status-change question, and the showing of a record
that views/base/editor.py does for every editor (open, re-read, stay in place)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QWidget

from contactdesk.core.db import Database
from contactdesk.core.errors import NotFoundError
from contactdesk.core.services import contacts as cs
from contactdesk.gui import file_places, prompts
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.contact_editor import EmailRow
from contactdesk.gui.widgets.agreement_status import StatusChangeDialog
from contactdesk.gui.widgets.error_form import ErrorForm
from contactdesk.gui.widgets.pair_row import PairRow
from contactdesk.gui.widgets.record_table import Record, RecordTable
from tests.gui.helpers import add_person

# --------------------------------------------------------------------------- record table


def test_record_table_carries_ids_opens_on_double_click_and_fits_its_rows(qtbot: Any) -> None:
    table = RecordTable("Personen", ["Name", "Funktion"], stretch=1, tip="Doppelklick öffnet")
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    table.set_records([Record(["Anna Schäfer", "Projektleitung"], id=7, tips=["a", "b"])])
    table.fit_rows(3)
    one_row = table.height()
    assert table.item(0, 1).text() == "Projektleitung" and table.item(0, 1).toolTip() == "b"
    assert table.record_id(0) == 7 and table.record_id(5) is None
    assert table.toolTip() == "Doppelklick öffnet"

    qtbot.waitExposed(table)
    table.setCurrentCell(0, 0)
    with qtbot.waitSignal(table.sig_record_activated) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter (or a double click) opens the record
    assert opened.args == [7]

    rows = [Record([f"Person {i}", ""], id=i) for i in range(10)]
    table.set_records(rows)
    table.fit_rows(3)
    three_rows = table.height()
    # ten rows, at most three shown: two rows higher than one row, the rest scrolls
    assert three_rows - one_row == 2 * table.verticalHeader().defaultSectionSize()
    assert table.rowCount() == 10


def test_a_row_without_an_id_opens_nothing(qtbot: Any) -> None:
    table = RecordTable("Verlauf", ["Datum", "Notiz"], stretch=1)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    table.set_records([Record(["01.01.2026", "angelegt"])])
    opened: list[int] = []
    table.sig_record_activated.connect(opened.append)
    activated: list[object] = []
    table.itemActivated.connect(activated.append)
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert len(activated) == 1  # the row was activated ...
    assert opened == [] and table.record_id(0) is None  # ... but names no record to open


# --------------------------------------------------------------------------- pair row


def test_pair_row_gives_the_main_field_three_quarters(qtbot: Any) -> None:
    main, side = QLineEdit(), QLineEdit()
    row = PairRow("Eintrag entfernen", main, side)
    qtbot.addWidget(row)
    row.resize(800, 40)
    row.show()
    qtbot.waitExposed(row)
    assert main.width() > 2 * side.width()
    assert main.geometry().right() < side.geometry().left() < row.remove_button.geometry().left()

    email = EmailRow()  # a real row built on it keeps its fields and value
    qtbot.addWidget(email)
    email.address.setText("anna@example.org")
    email.label.setCurrentText("dienstlich")
    value = email.value()
    assert value is not None and (value.address, value.label) == ("anna@example.org", "dienstlich")


# --------------------------------------------------------------------------- documents folder


def test_documents_are_chosen_from_the_folder_used_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_places, "documents_folder", lambda: tmp_path / "Dokumente")
    (tmp_path / "Dokumente").mkdir()
    contracts = tmp_path / "Verträge"
    contracts.mkdir()
    starts: list[str] = []
    answers: list[list[str]] = [[str(contracts / "a.pdf"), str(contracts / "b.pdf")], []]

    def choose(parent: Any, title: str, start: str, filters: str) -> list[str]:
        assert title == "Anhängen" and filters == "PDF (*.pdf)"
        starts.append(start)
        return answers.pop(0)

    monkeypatch.setattr(prompts, "choose_open_files", choose)
    monkeypatch.setitem(vars(file_places), "_last", {})  # this test's own memory
    first = prompts.choose_documents(None, "Anhängen", "PDF (*.pdf)")
    assert first == [str(contracts / "a.pdf"), str(contracts / "b.pdf")]
    assert prompts.choose_documents(None, "Anhängen", "PDF (*.pdf)") == []  # cancelled
    assert starts == [str(tmp_path / "Dokumente"), str(contracts)]
    assert file_places.start_in("documents") == str(contracts)  # a cancel forgets nothing


# --------------------------------------------------------------------------- file step


def test_file_step_answers_each_failure_in_german(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []

    def box(b: QMessageBox) -> None:
        shown.append((b.windowTitle(), b.text()))

    monkeypatch.setattr(prompts, "exec_box", box)
    assert prompts.file_step(None, "Export", lambda: 42, lambda r: r) == 42
    assert shown == []

    def gone() -> int:
        raise NotFoundError("Die Vorlage gibt es nicht mehr.")

    def full() -> int:
        raise OSError(28, "No space left on device")

    assert prompts.file_step(None, "Export", gone, lambda r: r) is None
    written = prompts.file_step(None, "Export", full, lambda r: f"Nicht geschrieben ({r}).")
    assert written is None
    assert shown[0] == ("Export", "Die Vorlage gibt es nicht mehr.")
    assert shown[1][0] == "Export" and shown[1][1].startswith("Nicht geschrieben (")
    assert "No space left" not in shown[1][1]  # the reason is German, not the system's English


# --------------------------------------------------------------------------- status question


def test_status_change_is_asked_through_the_prompt_seam(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[StatusChangeDialog] = []

    def accept(dialog: QDialog) -> int:
        assert isinstance(dialog, StatusChangeDialog)
        seen.append(dialog)
        dialog.on_date.set_value(date(2026, 3, 31))
        dialog.note.setText("  fristgerecht gekündigt ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "exec_dialog", accept)
    answer = prompts.ask_status_change(None, "Kooperation", "aktiv", "gekuendigt")
    assert answer == (date(2026, 3, 31), "fristgerecht gekündigt")
    assert seen[0].windowTitle() == "Kündigen"
    texts = [label.text() for label in seen[0].findChildren(QLabel)]
    assert "„Kooperation“: aktiv → beendet (gekündigt)" in texts

    monkeypatch.setattr(prompts, "exec_dialog", lambda dialog: QDialog.DialogCode.Rejected)
    assert prompts.ask_status_change(None, "Kooperation", "aktiv", "gekuendigt") is None


# --------------------------------------------------------------------------- showing a record


def test_opening_a_missing_contact_says_so_and_shows_nothing_new(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "exec_box", lambda box: shown.append(box.text()))
    editor = window.contacts.editor
    assert not editor.open_contact(999_999)
    assert len(shown) == 1 and shown[0]  # the service's German sentence
    assert not editor.has_contact and editor.stack.currentWidget() is editor.placeholder


def test_reread_clears_the_editor_when_the_contact_was_deleted(
    window: MainWindow, db: Database
) -> None:
    cid = add_person(db, "Jürgen", "Maier").id
    assert cid is not None
    editor = window.contacts.editor
    assert editor.open_contact(cid) and editor.record_id == cid
    assert editor.reload()  # still there: shown again
    with db.session() as session:
        cs.delete_contact(session, cid)
    assert not editor.reload()
    assert not editor.has_contact and editor.record_id is None
    assert editor.stack.currentWidget() is editor.placeholder


def test_showing_the_same_contact_again_keeps_the_place_another_starts_on_top(
    window: MainWindow, db: Database
) -> None:
    first = add_person(db, "Anna", "Schäfer").id
    second = add_person(db, "Lena", "Müller").id
    assert first is not None and second is not None
    editor = window.contacts.editor
    window.resize(900, 500)
    assert editor.open_contact(first)
    bar = editor.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert editor.reload() and bar.value() == bar.maximum()
    assert not editor.is_dirty() and editor.heading.text() == "Anna Schäfer"
    assert editor.open_contact(second) and bar.value() == 0
    assert editor.heading.text() == "Lena Müller"


# --------------------------------------------------------------------------- error form


def test_error_form_registers_which_error_each_row_shows_and_marks(qtbot: Any) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    form = ErrorForm(box)
    title, months, unit, notes = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
    pair = QWidget()
    line = QHBoxLayout(pair)
    line.addWidget(months)
    line.addWidget(unit)
    title_error = form.row("&Titel", title, "title")
    pair_error = form.row("&Frist", pair, marks={"notice_months": months, "notice_to": unit})
    form.row("&Schlagwörter", QLineEdit())  # an error line, but no error key of its own
    form.plain("N&otizen", notes)
    assert form.fields == {
        "title": (title, title_error),
        "notice_months": (months, pair_error),
        "notice_to": (unit, pair_error),
    }
    captions = {label.text(): label.buddy() for label in box.findChildren(QLabel) if label.text()}
    assert captions["&Titel"] is title and captions["N&otizen"] is notes
    assert form.layout.rowCount() == 4
