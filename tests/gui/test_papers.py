"""The Sitzungen area driven as a user would: papers, Beratungsfolge, release, PDF preview, print
(to a PDF file through QPrinter), save, session summary, undo. Outcomes are checked through the
core services and by reading the printed and saved files back with pypdf."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from contactdesk.core.db import Database
from contactdesk.core.demo import demo_uid, load_demo
from contactdesk.core.models import Event, PaperVersion
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import PaperData
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views import paper_editor
from contactdesk.gui.views.paper_editor import ChoiceDialog, StatusDialog
from contactdesk.gui.views.papers import SessionsView

HFA = "Haupt- und Finanzausschuss"
STADTRAT = "Stadtrat Bitterfeld-Wolfen"
BACKWARDS = "Die Beratungsfolge geht zeitlich zurück"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_unexpected_paper_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs, pickers, file choosers and the print dialog fail unless a test answers them."""

    def fail(*args: Any, **kw: Any) -> Any:
        raise AssertionError(f"unexpected dialog: {args!r}")

    monkeypatch.setattr(paper_editor, "pick_contact", fail)
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
        assert isinstance(dialog, StatusDialog), dialog
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
    editor.subject.setText("Sachstand im Netzwerk „Engagierte Stadt“")
    editor.submitter.setText("Oberbürgermeister")
    editor.lead_office.setText("Persönlicher Referent")
    dialogs(monkeypatch, pick(first), pick(second))
    assert editor.add_session()
    assert editor.add_session()


# --------------------------------------------------------------------------- the list


def test_area_lists_m006_and_its_sessions(view: SessionsView, demo: Database) -> None:
    assert view.model.rowCount() == 1
    row = view.model.paper_row(0)
    assert row is not None and row.reference == "M006-2021"
    assert view.model.data(view.model.index(0, 3)) == "zur Kenntnis genommen"
    assert view.model.data(view.model.index(0, 4)) == "öffentlich"
    assert view.editor.paper_id == m006(demo)  # the first paper is opened
    assert view.editor.title_label.text().startswith("M006-2021")
    assert not view.editor.is_editable()  # zur Kenntnis genommen: final

    view.tabs.setCurrentIndex(1)
    rows = [view.sessions.session_row(i) for i in range(view.sessions.rowCount())]
    assert [(r.committee, r.start.date(), r.papers, r.is_public) for r in rows if r] == [
        (STADTRAT, date(2021, 9, 8), 1, True),
        (HFA, date(2021, 9, 2), 1, True),
    ]
    assert view.sessions.data(view.sessions.index(0, 3)) == "1"


def test_filters_by_type_status_and_year(view: SessionsView) -> None:
    view.type_filter.setCurrentIndex(view.type_filter.findData("B"))
    assert view.model.rowCount() == 0
    view.type_filter.setCurrentIndex(view.type_filter.findData("M"))
    assert view.model.rowCount() == 1
    view.status_filter.setCurrentIndex(view.status_filter.findData("entwurf"))
    assert view.model.rowCount() == 0
    view.status_filter.setCurrentIndex(0)
    assert view.year_filter.findData(2021) > 0
    view.year_filter.setCurrentIndex(view.year_filter.findData(2021))
    assert view.model.rowCount() == 1
    assert "1 Vorlage" in view.status_text()


def test_deadline_warning_in_the_list(view: SessionsView, demo: Database) -> None:
    """A draft on a session in 5 days is late (14-day rule): the Frist column says so."""
    with demo.session() as session:
        committee_id = session.scalar(
            select(Event.committee_id).where(Event.id == event_id(demo, "event:hfa"))
        )
        start = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        start += timedelta(days=5)
        soon = sc.create_event(
            session,
            sc.EventData(
                title="Sitzung des Haupt- und Finanzausschusses",
                kind="gremiensitzung",
                committee_id=committee_id,
                start=start,
                end=start + timedelta(hours=2),
            ),
        ).event.id
        assert soon is not None
        ps.create_paper(
            session,
            PaperData(
                subject="Eilige Mitteilung",
                consultations=[ps.ConsultationData(soon)],
            ),
        )
    view.reload()
    texts = [view.model.data(view.model.index(r, 6)) for r in range(view.model.rowCount())]
    assert any(t and "verspätet" in t for t in texts), texts
    late = next(r for r in range(view.model.rowCount()) if "verspätet" in (texts[r] or ""))
    tip = view.model.data(view.model.index(late, 6), Qt.ItemDataRole.ToolTipRole)
    assert "ist verspätet" in tip
    assert "Fristwarnung" in view.status_text()


# --------------------------------------------------------------------------- the editor


def test_create_paper_with_beratungsfolge_block_then_release(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.action_registry[ActionId.NEW].trigger()  # Ctrl+N: a new paper
    editor = view.editor
    assert editor.is_new
    with demo.session() as session:
        expected = ps.next_reference(session, "M", date.today().year)
    assert expected in editor.number_hint.text()

    editor.subject.setText("Sachstand im Netzwerk „Engagierte Stadt“")
    editor.submitter.setText("Oberbürgermeister")
    editor.lead_office.setText("Persönlicher Referent")
    editor.body_edit.setPlainText("Die Stadt berichtet über den Stand.")
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    editor.block_actions["partner"].trigger()  # Baustein einfügen › Partner mit Netzwerkrolle
    body = editor.body_edit.toPlainText()
    assert body.startswith("Die Stadt berichtet über den Stand.\n\n## Partner im Netzwerk")
    assert "Jugendclub'83" in body

    dialogs(monkeypatch, pick(HFA), pick(STADTRAT))
    assert editor.add_session()
    assert editor.add_session()
    editor.consultations.cellWidget(1, 2).setCurrentIndex(2)  # Stadtrat: Entscheidung
    assert editor.field_error("consultations") == ""

    window.action_registry[ActionId.SAVE].trigger()  # Ctrl+S
    assert not editor.is_new and editor.paper_id is not None
    saved = paper(demo, editor.paper_id)
    assert saved.reference == expected
    assert saved.status == "entwurf"
    assert [(c.committee_name, c.start.date(), c.role) for c in saved.consultations] == [
        (HFA, date(2021, 9, 2), "kenntnisnahme"),
        (STADTRAT, date(2021, 9, 8), "entscheidung"),
    ]
    assert "## Partner im Netzwerk" in saved.body
    assert saved.financial_effects == "keine"  # filled by the core: no linked agreement costs
    assert editor.financial.toPlainText() == "keine"
    assert view.model.row_of(saved.id or 0) is not None  # listed

    seen = dialogs(monkeypatch, accept_status(note="vom OB"))
    assert set(editor.status_buttons) == {"freigegeben", "zurueckgezogen"}  # allowed_transitions
    editor.status_buttons["freigegeben"].click()
    assert len(seen) == 1
    released = paper(demo, saved.id or 0)
    assert released.status == "freigegeben"
    assert [v.version for v in released.versions] == [1]
    assert editor.subject.isReadOnly() and not editor.add_session_button.isEnabled()
    assert editor.unlock_button.isVisibleTo(editor)
    assert not window.action_registry[ActionId.SAVE].isEnabled()

    # undo of the release: back to Entwurf, the stored version stays
    assert window.ops.undo()
    back = paper(demo, saved.id or 0)
    assert back.status == "entwurf" and len(back.versions) == 1
    assert not editor.subject.isReadOnly()


def test_backwards_beratungsfolge_shows_the_core_message(
    view: SessionsView, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, STADTRAT, HFA)
    editor = view.editor
    message = editor.field_error("consultations")
    assert BACKWARDS in message
    assert "02.09.2021" in message and "08.09.2021" in message
    assert editor.consultations.current() == 1  # the row that goes back is selected

    assert not view.save()  # the core refuses it; the message stays at the list
    assert BACKWARDS in editor.field_error("consultations")
    with demo.session() as session:
        assert len(ps.list_papers(session)) == 1  # nothing stored

    assert editor.move_session(-1)  # HFA up: the order is right now
    assert editor.field_error("consultations") == ""
    assert view.save()
    assert editor.paper_id is not None
    assert [c.committee_name for c in paper(demo, editor.paper_id).consultations] == [
        HFA,
        STADTRAT,
    ]


def test_release_warns_when_late(
    view: SessionsView, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Released after the submission deadline: a non-blocking German warning at the editor."""
    with demo.session() as session:
        committee_id = session.scalar(
            select(Event.committee_id).where(Event.id == event_id(demo, "event:stadtrat"))
        )
        start = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        sc.create_event(
            session,
            sc.EventData(
                title="Sitzung des Stadtrates",
                kind="gremiensitzung",
                committee_id=committee_id,
                start=start + timedelta(days=3),
                end=start + timedelta(days=3, hours=2),
            ),
        )
    view.new_item()
    editor = view.editor
    editor.subject.setText("Späte Mitteilung")
    editor.submitter.setText("Oberbürgermeister")
    editor.lead_office.setText("Persönlicher Referent")
    day = (start + timedelta(days=3)).strftime("%d.%m.%Y")
    dialogs(monkeypatch, pick(day))
    assert editor.add_session()
    assert view.save()
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    assert editor.warnings_label.isVisibleTo(editor)
    assert "verspätet" in editor.warnings_label.text()
    assert paper(demo, editor.paper_id or 0).status == "freigegeben"  # not blocked


def test_released_paper_is_read_only_until_a_new_version(
    view: SessionsView, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    editor = view.editor
    assert view.save()
    pid = editor.paper_id
    assert pid is not None
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    assert editor.subject.isReadOnly()

    editor.unlock()  # "Neue Fassung bearbeiten"
    assert not editor.subject.isReadOnly()
    editor.subject.setText("Sachstand im Netzwerk, zweite Fassung")
    assert view.save()
    assert paper(demo, pid).changed_since_release
    assert editor.release_again_button.isVisibleTo(editor)
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    data = paper(demo, pid)
    assert [v.version for v in data.versions] == [1, 2]
    assert data.status == "freigegeben"
    with demo.session() as session:
        first = ps.paper_pdf(session, pid, version=1).data
        second = ps.paper_pdf(session, pid, version=2).data
    assert first != second  # version 1 stays as it was released


def test_every_status_step_can_be_undone_and_redone(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    editor = view.editor
    assert view.save()
    pid = editor.paper_id
    assert pid is not None
    dialogs(monkeypatch, accept_status())
    assert editor.release()
    seen = dialogs(monkeypatch, accept_status(note="im HFA"))
    editor.status_buttons["in_beratung"].click()
    assert len(seen) == 1
    assert paper(demo, pid).status == "in_beratung"
    dialogs(monkeypatch, accept_status(note="Stadtrat"))
    editor.status_buttons["beschlossen"].click()
    assert paper(demo, pid).status == "beschlossen"

    window.undo()  # Ctrl+Z: back in Beratung, the step is gone from the history
    data = paper(demo, pid)
    assert data.status == "in_beratung"
    assert [h.to_status for h in data.history][-1] == "in_beratung"
    assert set(editor.status_buttons) >= {"beschlossen"}  # the editor shows the status again
    window.undo()
    assert paper(demo, pid).status == "freigegeben"
    window.redo()
    window.redo()
    data = paper(demo, pid)
    assert data.status == "beschlossen"
    assert [h.note for h in data.history][-2:] == ["im HFA", "Stadtrat"]
    assert [v.version for v in data.versions] == [1]


def test_undo_and_redo_of_an_edit(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    editor = view.editor
    assert view.save()
    pid = editor.paper_id
    assert pid is not None
    editor.subject.setText("Geänderter Gegenstand")
    editor.public.setCurrentIndex(1)  # nichtöffentlich
    assert editor.is_dirty()
    window.action_registry[ActionId.SAVE].trigger()
    assert paper(demo, pid).subject == "Geänderter Gegenstand"
    assert not paper(demo, pid).is_public

    assert "Ändern von" in window.ops.undo_stack.undo_text
    window.undo()
    data = paper(demo, pid)
    assert data.subject == "Sachstand im Netzwerk „Engagierte Stadt“"
    assert data.is_public
    assert editor.subject.text() == data.subject  # the editor shows it
    window.redo()
    assert paper(demo, pid).subject == "Geänderter Gegenstand"


def test_delete_and_undo(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = m006(demo)
    view.open_item(pid)
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    assert view.delete_current()
    with demo.session() as session:
        assert ps.list_papers(session) == []
    assert view.model.rowCount() == 0
    window.undo()
    with demo.session() as session:
        assert [r.reference for r in ps.list_papers(session)] == ["M006-2021"]
    assert view.model.rowCount() == 1


def test_missing_subject_is_shown_at_the_field(view: SessionsView, demo: Database) -> None:
    view.new_item()
    assert not view.save()
    assert "Gegenstand" in view.editor.field_error("subject")
    with demo.session() as session:
        assert len(ps.list_papers(session)) == 1


# --------------------------------------------------------------------------- preview, print, save


def test_preview_shows_the_released_pages(view: SessionsView, demo: Database) -> None:
    pid = m006(demo)
    view.open_item(pid)
    view.show_preview()
    with demo.session() as session:
        result = ps.paper_pdf(session, pid)
    assert view.preview.has_pdf()
    assert view.preview.document.pageCount() == result.pages == 2
    assert view.preview.data == result.data  # the stored version, not a new rendering
    assert view.version_box.currentText() == "Fassung 1 vom 18.08.2021"
    view.preview.next_page()
    assert view.preview.current_page() == 1
    assert view.preview.page_spin.value() == 2
    before = view.preview.zoom_factor()
    view.preview.zoom_box.setCurrentIndex(4)  # 100 %
    view.preview.zoom_in()
    assert view.preview.zoom_factor() == pytest.approx(1.25)
    assert view.preview.zoom_factor() != before or before == 1.25


def test_print_to_pdf_file_all_pages_range_and_copies(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.open_item(m006(demo))
    view.show_preview()
    out = tmp_path / "gedruckt.pdf"
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(out))
    assert view.print_current()
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert width == pytest.approx(595, abs=2) and height == pytest.approx(842, abs=2)  # A4

    only_two = tmp_path / "seite2.pdf"
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(only_two, pages="2"))
    assert view.preview.print_pdf()
    assert len(PdfReader(only_two).pages) == 1

    copies = tmp_path / "kopien.pdf"
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(copies, copies=2))
    assert view.preview.print_pdf()
    assert len(PdfReader(copies).pages) == 4


def test_printed_page_is_the_rendered_page(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The printed PDF carries an image of the page, not an empty sheet."""
    view.open_item(m006(demo))
    view.show_preview()
    out = tmp_path / "seite1.pdf"
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(out, pages="1"))
    assert view.preview.print_pdf()
    page = PdfReader(out).pages[0]
    images = list(page.images)
    assert images, "the page was printed without its image"
    image = images[0].image
    assert image is not None
    assert image.width >= 2000  # rendered at print resolution (300 dpi: 2480 px for A4)
    colours = image.convert("L").getextrema()
    assert colours[0] < 100 < colours[1]  # dark text on a light page


def test_ctrl_p_prints(
    view: SessionsView,
    demo: Database,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view.open_item(m006(demo))
    out = tmp_path / "strg-p.pdf"
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(out))
    view.table.setFocus()
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert out.exists()
    assert len(PdfReader(out).pages) == 2


def test_failing_printer_shows_a_german_message(
    view: SessionsView,
    demo: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[str],
) -> None:
    pid = m006(demo)
    view.open_item(pid)
    view.show_preview()
    before = paper(demo, pid)
    broken = tmp_path / "gibt-es-nicht" / "drucker.pdf"  # the printer cannot start
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(broken))
    assert not view.preview.print_pdf()
    assert len(errors) == 1
    assert "kann nicht drucken" in errors[0] and "nichts gedruckt" in errors[0]
    assert not broken.exists()
    assert paper(demo, pid) == before  # nothing lost
    assert view.preview.has_pdf()


def test_save_as_pdf_writes_the_released_bytes(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = m006(demo)
    view.open_item(pid)
    view.show_preview()
    with demo.session() as session:
        stored = session.scalars(select(PaperVersion).where(PaperVersion.paper_id == pid)).one()
        sha_before = stored.sha256
        released = ps.paper_pdf(session, pid).data
    target = tmp_path / "M006-2021"
    suggested: list[str] = []

    def choose(_parent: Any, _title: str, name: str, _filters: str) -> str:
        suggested.append(name)
        return str(target)

    monkeypatch.setattr(prompts, "choose_save_file", choose)
    written = view.preview.save_pdf()
    assert written == target.with_suffix(".pdf")
    assert [Path(name).name for name in suggested] == ["M006-2021.pdf"]
    # the window says where the file went (it said nothing before)
    assert view.preview.saved_note.isVisibleTo(view.preview)
    assert "M006-2021.pdf" in view.preview.saved_note.text()
    assert str(tmp_path) in view.preview.saved_note.text()
    assert written.read_bytes() == released
    text = "".join(p.extract_text() for p in PdfReader(written).pages)
    assert "M006-2021" in text and "Seite 2 von 2" in text
    with demo.session() as session:
        stored = session.scalars(select(PaperVersion).where(PaperVersion.paper_id == pid)).one()
        assert stored.sha256 == sha_before == hashlib.sha256(stored.pdf).hexdigest()


def test_save_into_a_missing_folder_says_so(
    view: SessionsView,
    demo: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[str],
) -> None:
    view.open_item(m006(demo))
    view.show_preview()
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(tmp_path / "fehlt" / "x.pdf"))
    assert view.preview.save_pdf() is None
    assert errors and "existiert nicht" in errors[0]  # the core's German message


def test_draft_preview_and_save(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    assert view.save()
    pid = view.editor.paper_id
    assert pid is not None
    view.show_preview()
    with demo.session() as session:
        pages = ps.render_draft(session, pid).pages
    assert view.preview.page_count() == pages >= 1
    assert view.version_box.currentData() == 0  # Aktueller Stand (Entwurf)
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(tmp_path / "e.pdf"))
    written = view.preview.save_pdf()
    assert written is not None
    text = "".join(p.extract_text() for p in PdfReader(written).pages)
    assert "Sachstand im Netzwerk" in text
    assert paper(demo, pid).versions == []  # saving a draft stores no version


def test_session_summary_of_the_stadtrat(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stadtrat = event_id(demo, "event:stadtrat")
    assert view.select_session(stadtrat)
    assert view.tabs.currentIndex() == 1
    with demo.session() as session:
        expected = ps.session_summary_pdf(session, stadtrat)
    summary = view.summary_preview
    assert summary.has_pdf()
    assert summary.document.pageCount() == expected.pages
    assert [view.session_papers.item(i).text() for i in range(view.session_papers.count())] == [
        "M006-2021 – Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“ "
        "(zur Kenntnis genommen)"
    ]

    out = tmp_path / "uebersicht.pdf"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(out))
    assert summary.save_pdf() == out
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Stadtrat" in text and "08.09.2021" in text and "M006-2021" in text

    printed = tmp_path / "uebersicht-gedruckt.pdf"
    monkeypatch.setattr(prompts, "exec_print_dialog", print_to(printed))
    assert view.print_current()  # Ctrl+P on the Sitzungen tab prints the summary
    assert len(PdfReader(printed).pages) == expected.pages

    view.session_papers.itemActivated.emit(view.session_papers.item(0))
    assert view.tabs.currentIndex() == 0
    assert view.editor.paper_id == m006(demo)


def test_oparl_export(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from contactdesk.core.settings import load_settings

    view.open_item(m006(demo))
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(tmp_path / "oparl"))
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, message, _t=None: shown.append(message))
    assert view.editor.export_oparl() is None  # no base URL yet: said in German
    assert "oparl.base_url" in shown[0]
    store = load_settings()
    store.set("oparl.base_url", "https://ris.example.de/oparl/v1.1")
    store.save()
    written = view.editor.export_oparl()
    assert written == tmp_path / "oparl.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    assert "M006-2021" in text and "Kenntnisnahme" in text


def test_accessible_names(view: SessionsView) -> None:
    editor = view.editor
    for widget in (
        view.table,
        view.search,
        editor.subject,
        editor.body_edit,
        editor.consultations,
        editor.block_button,
        view.preview.print_button,
        view.preview.save_button,
        view.session_table,
    ):
        assert widget.accessibleName(), widget


def test_file_attachment_and_undo(
    view: SessionsView,
    demo: Database,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_paper_with_consultations(view, monkeypatch, HFA, STADTRAT)
    assert view.save()
    pid = view.editor.paper_id
    assert pid is not None
    source = tmp_path / "Präsentation Netzwerk.pdf"
    source.write_bytes(b"%PDF-1.4 Anlage")
    monkeypatch.setattr(prompts, "choose_open_files", lambda *_a: [str(source)])
    assert view.editor.choose_attachment_files() == 1
    assert [a.title for a in paper(demo, pid).attachments] == ["Präsentation Netzwerk"]
    assert view.editor.attachments.rowCount() == 1  # the editor shows it
    window.undo()
    assert paper(demo, pid).attachments == []
    window.redo()
    assert [a.filename for a in paper(demo, pid).attachments] == ["Präsentation Netzwerk.pdf"]
    source.unlink()  # redo and undo below work from the stored bytes, not from the file

    second = tmp_path / "Zeitplan.pdf"
    second.write_bytes(b"%PDF-1.4 Zeitplan")
    monkeypatch.setattr(prompts, "choose_open_files", lambda *_a: [str(second)])
    assert view.editor.choose_attachment_files() == 1
    view.editor.attachments.selectRow(0)  # the first Anlage, as a click would
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    assert view.editor.remove_attachment()
    assert [a.title for a in paper(demo, pid).attachments] == ["Zeitplan"]
    window.undo()  # back at its place, with its bytes
    restored = paper(demo, pid).attachments
    assert [a.title for a in restored] == ["Präsentation Netzwerk", "Zeitplan"]
    with demo.session() as session:
        assert ps.attachment_content(session, restored[0].id) == b"%PDF-1.4 Anlage"
    window.redo()
    assert [a.title for a in paper(demo, pid).attachments] == ["Zeitplan"]
