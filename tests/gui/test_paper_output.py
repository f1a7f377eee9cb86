"""The papers' PDFs in the Sitzungen area: preview, print (to a PDF file through QPrinter), save,
the draft, the session summary and the OParl export. The printed and saved files are read back
with pypdf (and the OParl file with json). Fixtures and helpers: paper_support.py."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from contactdesk.core.db import Database
from contactdesk.core.models import PaperVersion
from contactdesk.core.services import papers as ps
from contactdesk.gui import prompts
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.papers import SessionsView
from tests.gui.paper_support import (  # the fixtures and helpers of the Sitzungen area
    HFA,
    STADTRAT,
    event_id,
    m006,
    new_paper_with_consultations,
    no_unexpected_paper_dialogs,  # noqa: F401 (autouse fixture)
    paper,
    print_to,
)
from tests.gui.paper_support import demo as demo
from tests.gui.paper_support import errors as errors
from tests.gui.paper_support import view as view

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
