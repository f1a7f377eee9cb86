"""Saving from a PDF preview (gui/views/pdf_preview.py, PdfPreview.save_pdf): the chosen file
gets its suffix and holds the PDF shown (read back with pypdf); a file the system refuses, or
the core refuses, is a German message naming the reason, and nothing is said to be saved."""

from __future__ import annotations

import errno
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from contactdesk.core.db import Database
from contactdesk.core.undo import UndoStack
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.pdf_preview import PdfPreview


def one_page(text: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture
def preview(qtbot: Any, db: Database) -> PdfPreview:
    view = PdfPreview(Ops(db, UndoStack(db)), "Vorschau")
    qtbot.addWidget(view)
    view.resize(600, 500)
    view.show()
    return view


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda parent, text, title=None: shown.append((title, text))
    )
    return shown


def test_the_pdf_shown_is_saved_with_the_suffix_the_user_left_out(
    preview: PdfPreview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[Any]
) -> None:
    assert preview.set_pdf(one_page("Sitzungsuebersicht"), title="Test", file_name="a.pdf")
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(tmp_path / "Einladung"))
    saved = preview.save_pdf()
    assert saved == tmp_path / "Einladung.pdf"
    assert "Sitzungsuebersicht" in PdfReader(saved).pages[0].extract_text()
    assert preview.saved_note.isVisibleTo(preview) and "Einladung.pdf" in preview.saved_note.text()
    assert errors == []


def test_a_file_the_system_refuses_is_explained_with_its_reason(
    preview: PdfPreview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[Any]
) -> None:
    def refuse(session: Any, target: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(target))

    preview.set_pdf(one_page("x"), title="Test", file_name="a.pdf", saver=refuse)
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(tmp_path / "b.pdf"))
    assert preview.save_pdf() is None
    assert len(errors) == 1
    title, text = errors[0]
    assert title == "Als PDF speichern"
    assert text.startswith("Die Datei „b.pdf“ kann nicht geschrieben werden (")
    assert "Bitte wählen Sie einen anderen Ordner." in text
    assert not preview.saved_note.isVisibleTo(preview)


def test_the_cores_message_is_shown_as_it_is(
    preview: PdfPreview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors: list[Any]
) -> None:
    preview.set_pdf(one_page("x"), title="Test", file_name="a.pdf")
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(tmp_path / "fehlt" / "c"))
    assert preview.save_pdf() is None
    assert errors == [("Als PDF speichern", f"Der Ordner „{tmp_path / 'fehlt'}“ existiert nicht.")]
    assert not (tmp_path / "fehlt").exists()
