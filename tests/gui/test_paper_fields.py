"""The paper editor's council fields driven as a user would: Beschlussvorlage with proposal,
Bearbeiter/in, Aktenzeichen, gez.-line, Haushalt, Ö/N and votes per Beratungsfolge row; a
wrong amount keeps every input and names the field in German."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from contactdesk.core.db import Database
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.papers import SessionsView
from tests.gui.paper_support import (  # the fixtures and helpers of the Sitzungen area
    HFA,
    dialogs,
    no_unexpected_paper_dialogs,  # noqa: F401 (autouse fixture)
    paper,
    pick,
)
from tests.gui.paper_support import demo as demo
from tests.gui.paper_support import view as view


def test_beschlussvorlage_fields_are_saved_and_shown_again(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.action_registry[ActionId.NEW].trigger()
    editor = view.editor
    council = editor.council
    assert not council.proposal_box.isVisibleTo(editor)  # a Mitteilungsvorlage has none
    editor.master.type_combo.setCurrentIndex(editor.master.type_combo.findData("B"))
    assert council.proposal_box.isVisibleTo(editor)
    assert not council.answer_box.isVisibleTo(editor)
    editor.master.subject.setText("Förderung der Präsenzveranstaltungen")
    editor.master.submitter.setText("Oberbürgermeister")
    editor.master.lead_office.setText("Persönlicher Referent")
    council.proposal.setPlainText("Der Ausschuss beschließt die Förderung.")
    QTest.keyClicks(council.clerk, "Herr Urban")
    QTest.keyClicks(council.clerk_phone, "03494 666-123")
    QTest.keyClicks(council.file_number, "10.2/021-2026")
    council.signed_by.setText("Armin Schenk")
    council.signer_function.setText("Oberbürgermeister")
    QTest.keyClicks(council.finance_product, "36.30.01/5431000")
    QTest.keyClicks(council.finance_year, "2027")
    QTest.keyClicks(council.finance_amount, "12.500,50")
    dialogs(monkeypatch, pick(HFA))
    assert editor.consultation.add_session()
    editor.consultation.table.cellWidget(0, 4).setCurrentIndex(2)  # N
    editor.consultation.table.item(0, 5).setText("9")
    editor.consultation.table.item(0, 6).setText("2")
    editor.consultation.table.item(0, 7).setText("1")
    editor.consultation.table.item(0, 8).setText("Einstimmig bei einer Enthaltung beschlossen")
    assert editor.is_dirty()
    window.action_registry[ActionId.SAVE].trigger()
    assert editor.paper_id is not None, editor.summary.text()
    saved = paper(demo, editor.paper_id)
    assert saved.reference.startswith("B")
    assert (saved.clerk, saved.clerk_phone, saved.file_number) == (
        "Herr Urban",
        "03494 666-123",
        "10.2/021-2026",
    )
    assert (saved.signed_by, saved.signer_function) == ("Armin Schenk", "Oberbürgermeister")
    assert saved.proposal == "Der Ausschuss beschließt die Förderung."
    assert (saved.finance_product, saved.finance_year, saved.finance_amount) == (
        "36.30.01/5431000",
        2027,
        Decimal("12500.50"),
    )
    c = saved.consultations[0]
    assert (c.public, c.votes_yes, c.votes_no, c.votes_abstain) == (False, 9, 2, 1)
    assert c.result == "Einstimmig bei einer Enthaltung beschlossen"  # the Beschluss, typed
    # shown again as saved, nothing dirty
    assert council.finance_amount.text() == "12.500,50"
    assert editor.consultation.table.cellWidget(0, 4).currentText() == "N"
    assert not editor.is_dirty()


def test_unreadable_amount_and_votes_keep_the_input_and_say_why(
    view: SessionsView, demo: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.action_registry[ActionId.NEW].trigger()
    editor = view.editor
    editor.master.subject.setText("Test")
    editor.master.submitter.setText("Oberbürgermeister")
    editor.master.lead_office.setText("Persönlicher Referent")
    QTest.keyClicks(editor.council.finance_amount, "zwoelf Euro")
    QTest.keyClicks(editor.council.finance_year, "1066")
    dialogs(monkeypatch, pick(HFA))
    assert editor.consultation.add_session()
    editor.consultation.table.item(0, 5).setText("neun")
    window.action_registry[ActionId.SAVE].trigger()
    assert editor.paper_id is None
    assert "Betrag" in editor.field_error("finance_amount")
    assert "ganze Zahlen" in editor.field_error("consultations")
    assert editor.council.finance_amount.text() == "zwoelf Euro"
    editor.council.finance_amount.setText("12,00")
    editor.consultation.table.item(0, 5).setText("9")
    window.action_registry[ActionId.SAVE].trigger()
    assert editor.paper_id is None  # the year is checked by the core
    assert "Haushaltsjahr" in editor.field_error("finance_year")
    editor.council.finance_year.setText("2027")
    window.action_registry[ActionId.SAVE].trigger()
    assert editor.paper_id is not None
    assert paper(demo, editor.paper_id).finance_amount == Decimal("12.00")


def test_sessions_tab_shows_invitation_attendance_list_and_minutes(
    view: SessionsView, demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    from tests.gui.paper_support import event_id

    stadtrat = event_id(demo, "event:stadtrat")
    assert view.select_session(stadtrat)
    preview = view.summary_preview
    for kind, word in (
        ("invitation", "Einladung"),
        ("attendance", "Teilnehmerliste"),
        ("minutes", "Ergebnisprotokoll"),
        ("summary", "Sitzungsübersicht"),
    ):
        view.session_doc.setCurrentIndex(view.session_doc.findData(kind))
        assert preview.has_pdf(), kind
        out = tmp_path / f"{kind}.pdf"
        monkeypatch.setattr(prompts, "choose_save_file", lambda *a, o=out: str(o))
        assert preview.save_pdf() == out
        text = "".join(p.extract_text() for p in PdfReader(out).pages)
        assert word in text and "Sitzung des Stadtrates" in text
