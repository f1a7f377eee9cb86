"""The save path of the PDF previews (gui/views/pdf_preview.py): the chosen file gets its suffix,
a refused file becomes a German message that names the reason, nothing is half written."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from contactdesk.core.errors import ContactdeskError
from contactdesk.gui import prompts
from contactdesk.gui.views import pdf_preview


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        prompts, "show_error", lambda parent, message, title=None: boxes.append((title, message))
    )
    return boxes


def test_the_chosen_file_gets_the_suffix_it_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [str(tmp_path / "Einladung"), str(tmp_path / "Einladung.PDF"), ""]
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: answers.pop(0))
    pick = pdf_preview.choose_target
    assert pick(None, "Speichern", "x.pdf", "PDF (*.pdf)", ".pdf") == tmp_path / "Einladung.pdf"
    assert pick(None, "Speichern", "x.pdf", "PDF (*.pdf)", ".pdf") == tmp_path / "Einladung.PDF"
    assert pick(None, "Speichern", "x.pdf", "PDF (*.pdf)", ".pdf") is None


def test_a_refused_file_is_explained_with_the_systems_reason(
    shown: list[tuple[str, str]],
) -> None:
    def write() -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    ok = pdf_preview.write_or_explain(
        None, "Als PDF speichern", write, lambda reason: f"Nicht geschrieben ({reason})."
    )
    assert not ok
    assert len(shown) == 1 and shown[0][0] == "Als PDF speichern"
    assert shown[0][1].startswith("Nicht geschrieben (") and shown[0][1] != "Nicht geschrieben ()."


def test_the_cores_message_is_shown_as_it_is(shown: list[tuple[str, str]]) -> None:
    def write() -> None:
        raise ContactdeskError("Der Ordner existiert nicht.")

    assert not pdf_preview.write_or_explain(None, "Speichern", write, lambda r: "unused")
    assert shown == [("Speichern", "Der Ordner existiert nicht.")]


def test_a_write_that_works_says_nothing(shown: list[tuple[str, str]], tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    assert pdf_preview.write_or_explain(
        None, "Speichern", lambda: target.write_bytes(b"%PDF-1.4"), lambda r: r
    )
    assert shown == [] and target.read_bytes() == b"%PDF-1.4"
