"""The Vereinbarungen area driven as a user would; every outcome is checked through the core."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import update

from contactdesk.core import deadlines
from contactdesk.core.db import Database
from contactdesk.core.models import DocumentBlob
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.agreements import AgreementData, PartyData
from contactdesk.core.services.agreements import documents as agreement_documents
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.agreement_editor import PartyRow, StatusChangeDialog
from contactdesk.gui.views.agreements import AgreementsView
from contactdesk.gui.widgets.contact_picker import ContactPickerDialog
from tests.gui.helpers import add_org, add_person

CTRL = Qt.KeyboardModifier.ControlModifier


# --------------------------------------------------------------------------- helpers


@pytest.fixture(autouse=True)
def no_unexpected_agreement_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs, file choosers and the desktop opener fail unless a test answers them."""

    def fail(*args: Any, **kw: Any) -> Any:
        raise AssertionError(f"unexpected dialog or opener: {args!r}")

    monkeypatch.setattr(prompts, "exec_dialog", fail)
    monkeypatch.setattr(prompts, "choose_open_files", fail)
    monkeypatch.setattr(prompts, "open_path", fail)


def show_agreements(window: MainWindow) -> AgreementsView:
    assert window.show_area("agreements")
    return window.agreements


def picker_answers(queries: list[str]) -> Callable[[QDialog], int]:
    """Drive the real contact picker: type each query, take the first hit."""

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ContactPickerDialog), dialog
        dialog.search.setText(queries.pop(0))
        dialog.refresh()
        assert dialog.results.count() >= 1, dialog.hint.text()
        dialog.results.setCurrentRow(0)
        return QDialog.DialogCode.Accepted

    return run


def write_pdf(path: Path, text: str = "Kooperationsvereinbarung") -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 760, text)
    pdf.drawString(72, 740, "Stadt Bitterfeld-Wolfen, Jugendclub'83")
    pdf.showPage()
    pdf.save()
    return path


def stored(db: Database, agreement_id: int) -> AgreementData:
    with db.session() as session:
        return ag.get_agreement(session, agreement_id)


def titles(db: Database, **flt: Any) -> list[str]:
    with db.session() as session:
        return [r.title for r in ag.list_agreements(session, ag.AgreementFilter(**flt))]


def make_agreement(db: Database, **kw: Any) -> AgreementData:
    with db.session() as session:
        return ag.create_agreement(session, AgreementData(**kw))


def shown_titles(view: AgreementsView) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


# --------------------------------------------------------------------------- the whole story


def test_create_with_two_parties_attach_pdf_walk_the_status_and_see_the_deadline(
    qtbot: Any,
    window: MainWindow,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    town = add_org(db, "Stadt Bitterfeld-Wolfen")
    club = add_org(db, "Jugendclub'83")
    mayor = add_person(db, "Armin", "Schenk")
    view = show_agreements(window)
    editor = view.editor

    # Ctrl+N in this area starts an agreement (not a person)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert editor.is_new and not window.contacts.editor.has_contact
    assert editor.title.hasFocus()
    qtbot.keyClicks(editor.title, "Kooperationsvereinbarung Jugendclub'83")
    editor.kind.setCurrentIndex(editor.kind.findData("kooperationsvereinbarung"))
    editor.reference.setText("KV-2021-07")

    # two parties from the register through the searchable picker (folded search)
    monkeypatch.setattr(prompts, "exec_dialog", picker_answers(["bitterfeld", "jugend"]))
    qtbot.mouseClick(editor.parties.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.parties.add_button, Qt.MouseButton.LeftButton)
    rows = editor.parties.rows
    assert [r.contact.display.text() for r in rows] == [  # type: ignore[attr-defined]
        "Stadt Bitterfeld-Wolfen",
        "Jugendclub'83",
    ]
    monkeypatch.setattr(prompts, "exec_dialog", picker_answers(["schenk"]))
    qtbot.mouseClick(editor.signed_by.choose, Qt.MouseButton.LeftButton)
    assert editor.signed_by.value() == mayor.id

    today = date.today()
    valid_from, valid_until = today - timedelta(days=40), today + timedelta(days=60)
    editor.valid_from.set_value(valid_from)
    editor.unlimited.setChecked(False)
    editor.valid_until.set_value(valid_until)
    editor.notice.setValue(1)
    editor.notice_to.setCurrentIndex(editor.notice_to.findData("laufzeitende"))
    editor.amount_yearly.setText("1.500,00")
    editor.amount_once.setText("keine")
    assert editor.is_dirty()
    editor.title.setFocus()
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.keyClick(editor.title, Qt.Key.Key_S, CTRL)

    aid = editor.agreement_id
    assert aid is not None
    saved = stored(db, aid)
    assert saved.title == "Kooperationsvereinbarung Jugendclub'83"
    assert saved.kind == "kooperationsvereinbarung" and saved.reference == "KV-2021-07"
    assert [(p.contact_id, p.role) for p in saved.parties] == [
        (town.id, "vertragspartner"),
        (club.id, "vertragspartner"),
    ]
    assert saved.signed_for_town_by_id == mayor.id
    assert (saved.valid_from, saved.valid_until) == (valid_from, valid_until)
    assert (saved.notice_months, saved.notice_to) == (1, "laufzeitende")
    assert saved.amount_yearly == Decimal("1500.00") and saved.amount_once is None
    assert shown_titles(view) == ["Kooperationsvereinbarung Jugendclub'83"]
    assert view.selected_agreement_id() == aid
    assert view.proxy.index(0, 7).data() == "jährlich 1.500,00 €"

    # attach a real PDF through "Hinzufügen …"
    pdf = write_pdf(tmp_path / "Kooperationsvereinbarung.pdf")
    monkeypatch.setattr(prompts, "choose_open_files", lambda *_a: [str(pdf)])
    qtbot.mouseClick(editor.add_document_button, Qt.MouseButton.LeftButton)
    docs = stored(db, aid).documents
    assert [(d.filename, d.mime_type) for d in docs] == [
        ("Kooperationsvereinbarung.pdf", "application/pdf")
    ]
    with db.session() as session:
        assert ag.document_content(session, docs[0].id) == pdf.read_bytes()
    assert editor.documents.rowCount() == 1
    assert editor.documents.item(0, 0).text() == "Kooperationsvereinbarung.pdf"
    opened: list[Path] = []
    monkeypatch.setattr(prompts, "open_path", lambda path: opened.append(path) or True)
    editor.select_document(0)
    qtbot.mouseClick(editor.open_document_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].read_bytes() == pdf.read_bytes()
    assert opened[0].name == "Kooperationsvereinbarung.pdf"

    # Entwurf -> in Abstimmung -> unterzeichnet -> aktiv, each date asked by one prompt function
    steps = [
        ("in_abstimmung", today - timedelta(days=35), "Entwurf an den Jugendclub geschickt"),
        ("unterzeichnet", today - timedelta(days=30), "Vom Oberbürgermeister unterzeichnet"),
        ("aktiv", today - timedelta(days=30), ""),
    ]
    asked: list[tuple[str, str]] = []
    for target, on_date, note in steps:

        def answer(parent: Any, title: str, old: str, new: str, d=on_date, n=note) -> Any:
            asked.append((old, new))
            return d, n

        monkeypatch.setattr(prompts, "ask_status_change", answer)
        assert set(editor.status_buttons) == set(ag.allowed_transitions(stored(db, aid).status))
        qtbot.mouseClick(editor.status_buttons[target], Qt.MouseButton.LeftButton)
        assert stored(db, aid).status == target
    assert asked == [
        ("entwurf", "in_abstimmung"),
        ("in_abstimmung", "unterzeichnet"),
        ("unterzeichnet", "aktiv"),
    ]
    final = stored(db, aid)
    assert [(h.from_status, h.to_status, h.on_date, h.note) for h in final.history[1:]] == [
        ("entwurf", *steps[0]),
        ("in_abstimmung", *steps[1]),
        ("unterzeichnet", *steps[2]),
    ]
    assert final.signed_on == steps[1][1]  # signing set "Unterzeichnet am"
    assert editor.history.rowCount() == 4
    assert editor.history.item(2, 1).text() == "in Abstimmung → unterzeichnet"
    assert editor.history.item(2, 0).text() == steps[1][1].strftime("%d.%m.%Y")
    assert "aktiv" in editor.status_label.text()
    assert set(editor.status_buttons) == {"gekuendigt", "ausgelaufen", "aufgehoben"}
    assert editor.status_buttons["gekuendigt"].text() == "Kündigen"

    # the Fristen tab lists the notice deadline and the end of the term with the right dates
    notice_day = deadlines.notice_deadline_for(valid_until, 1)
    with db.session() as session:
        due = [(i.due_on, i.kind) for i in ag.due_items(session, days=90)]
    assert due == [(notice_day, "kuendigungsfrist"), (valid_until, "ablauf")]
    view.tabs.setCurrentWidget(view.deadlines)
    table = view.deadlines.table
    assert table.rowCount() == 2
    assert [table.item(r, 0).text() for r in range(2)] == [
        notice_day.strftime("%d.%m.%Y"),
        valid_until.strftime("%d.%m.%Y"),
    ]
    assert table.item(0, 2).text() == "Kündigungsfrist"
    assert table.item(1, 2).text() == "Vereinbarung läuft aus"
    assert table.item(1, 1).text() == "später"  # 60 days: a word, not only a colour
    assert table.item(0, 3).text() == "Kooperationsvereinbarung Jugendclub'83"
    editor.clear()
    view.deadlines.open_row(1)  # double-click
    assert view.tabs.currentIndex() == 0 and editor.agreement_id == aid


# --------------------------------------------------------------------------- invalid input


def test_invalid_dates_and_amounts_show_german_messages_and_keep_input(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    view = show_agreements(window)
    editor = view.editor
    window.action_registry[ActionId.NEW].trigger()
    assert editor.is_new
    editor.title.setText("Patenschaft mit der Stadt Weißwasser")
    editor.valid_from.set_value(date(2021, 10, 1))
    editor.unlimited.setChecked(False)
    editor.valid_until.set_value(date(2021, 9, 30))

    assert editor.save() is False
    assert editor.field_error("valid_until") == (
        "Das Ende der Laufzeit liegt vor ihrem Beginn. Bitte prüfen Sie „gültig bis“."
    )
    assert editor.valid_until.property("invalid") is True
    assert "Bitte korrigieren Sie" in editor.summary.text()
    assert editor.title.text() == "Patenschaft mit der Stadt Weißwasser"
    assert editor.valid_from.value() == date(2021, 10, 1)
    assert editor.valid_until.value() == date(2021, 9, 30)
    assert titles(db) == []

    editor.valid_until.set_value(date(2022, 9, 30))
    editor.amount_yearly.setText("-5")
    assert editor.save() is False
    assert editor.field_error("amount_yearly") == "Ein Betrag kann nicht negativ sein."
    assert editor.field_error("valid_until") == ""
    assert editor.amount_yearly.text() == "-5" and editor.amount_yearly.hasFocus()
    assert titles(db) == []

    editor.amount_yearly.setText("zwölf Euro")
    assert editor.save() is False
    assert "ist kein Geldbetrag" in editor.field_error("amount_yearly")
    assert editor.amount_yearly.text() == "zwölf Euro"

    editor.amount_yearly.setText("1.250,5")
    assert editor.save() is True
    assert titles(db) == ["Patenschaft mit der Stadt Weißwasser"]
    assert stored(db, editor.agreement_id).amount_yearly == Decimal("1250.50")  # type: ignore[arg-type]
    assert editor.amount_yearly.text() == "1.250,50"
    assert not editor.summary.isVisibleTo(editor) and not editor.is_dirty()


# --------------------------------------------------------------------------- undo / redo


def test_undo_and_redo_of_a_status_change_through_the_real_dialog(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_agreement(db, title="Netzwerkvereinbarung", kind="netzwerkvereinbarung")
    view = show_agreements(window)
    assert view.open_item(made.id)  # type: ignore[arg-type]
    editor = view.editor

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, StatusChangeDialog)
        assert dialog.on_date.value() == date.today()  # default today
        dialog.on_date.set_value(date(2021, 5, 20))
        dialog.note.setText("Aufnahme ohne weitere Bewerbung")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(prompts, "exec_dialog", fill)
    qtbot.mouseClick(editor.status_buttons["in_abstimmung"], Qt.MouseButton.LeftButton)
    after = stored(db, made.id)  # type: ignore[arg-type]
    assert after.status == "in_abstimmung"
    assert (after.history[-1].on_date, after.history[-1].note) == (
        date(2021, 5, 20),
        "Aufnahme ohne weitere Bewerbung",
    )
    assert window.action_registry[ActionId.UNDO].text() == (
        "&Rückgängig: Statuswechsel von „Netzwerkvereinbarung“"
    )

    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    undone = stored(db, made.id)  # type: ignore[arg-type]
    assert undone.status == "entwurf" and len(undone.history) == 1
    assert "Entwurf" in editor.status_label.text()
    assert "in_abstimmung" in editor.status_buttons
    assert editor.history.rowCount() == 1

    qtbot.keyClick(view.table, Qt.Key.Key_Y, CTRL)
    assert stored(db, made.id).status == "in_abstimmung"  # type: ignore[arg-type]
    assert editor.history.rowCount() == 2

    # a cancelled dialog changes nothing
    monkeypatch.setattr(prompts, "exec_dialog", lambda d: QDialog.DialogCode.Rejected)
    qtbot.mouseClick(editor.status_buttons["unterzeichnet"], Qt.MouseButton.LeftButton)
    assert stored(db, made.id).status == "in_abstimmung"  # type: ignore[arg-type]


def test_edit_undo_redo_and_delete_undo(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_agreement(db, title="Fördervereinbarung LAGA", kind="foerdervereinbarung")
    view = show_agreements(window)
    view.select_row(0)
    editor = view.editor
    assert editor.agreement_id == made.id
    editor.title.setText("Fördervereinbarung Landesgartenschau")
    assert editor.save()
    assert titles(db) == ["Fördervereinbarung Landesgartenschau"]
    window.undo()
    assert titles(db) == ["Fördervereinbarung LAGA"]
    assert editor.title.text() == "Fördervereinbarung LAGA"
    window.redo()
    assert titles(db) == ["Fördervereinbarung Landesgartenschau"]

    monkeypatch.setattr(prompts, "confirm", lambda *a: True)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert titles(db) == [] and shown_titles(view) == []
    assert not editor.has_agreement
    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    assert titles(db) == ["Fördervereinbarung Landesgartenschau"]
    assert shown_titles(view) == ["Fördervereinbarung Landesgartenschau"]


# --------------------------------------------------------------------------- documents


def test_tampered_document_is_reported_and_not_opened(
    qtbot: Any, window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_agreement(db, title="Netzwerkvereinbarung", kind="netzwerkvereinbarung")
    pdf = write_pdf(tmp_path / "Netzwerkvereinbarung.pdf")
    with db.session() as session:
        doc = ag.add_document(session, made.id, pdf)  # type: ignore[arg-type]
    with db.session() as session:
        session.execute(
            update(DocumentBlob)
            .where(DocumentBlob.document_id == doc.id)
            .values(content=b"%PDF-1.4 manipulated")
        )
    with db.session() as session:
        problems = ag.verify_documents(session, made.id)  # type: ignore[arg-type]
    assert len(problems) == 1

    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda parent, msg, title=None: shown.append(msg))
    view = show_agreements(window)
    view.select_row(0)
    editor = view.editor
    assert editor.agreement_id == made.id
    assert shown == problems
    assert "„Netzwerkvereinbarung.pdf“ wurde verändert oder ist beschädigt" in shown[0]
    assert editor.problems_label.isVisibleTo(editor)
    assert editor.problems_label.text() == problems[0]

    editor.select_document(0)
    qtbot.mouseClick(editor.open_document_button, Qt.MouseButton.LeftButton)  # open_file fails
    assert len(shown) == 2 and "Es wird nicht geöffnet" in shown[1]


def test_remove_document_undo_and_refused_files(
    qtbot: Any, window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = make_agreement(db, title="Datenschutzvereinbarung", kind="datenschutzvereinbarung")
    aid = made.id
    assert aid is not None
    view = show_agreements(window)
    view.open_item(aid)
    editor = view.editor
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda parent, msg, title=None: shown.append(msg))

    # dropped files are attached; a missing one and a too large one give German messages
    pdf = write_pdf(tmp_path / "AVV.pdf")
    limit = pdf.stat().st_size + 100
    big = tmp_path / "Scan.pdf"
    big.write_bytes(b"%PDF" + b"0" * 2 * limit)
    monkeypatch.setattr(agreement_documents, "MAX_DOCUMENT_BYTES", limit)
    added = editor.add_documents([str(pdf), str(tmp_path / "fehlt.pdf"), str(big)])
    assert added == 1
    assert [d.filename for d in stored(db, aid).documents] == ["AVV.pdf"]
    assert shown[0] == f"Die Datei „{tmp_path / 'fehlt.pdf'}“ gibt es nicht."
    assert "„Scan.pdf“" in shown[1] and "erlaubt sind höchstens" in shown[1]
    # the new document is selected and in view (it used to scroll out of sight)
    assert editor.selected_document() == stored(db, aid).documents[0].id

    def in_view() -> bool:
        top = editor.documents.mapTo(editor.scroll_area.widget(), editor.documents.rect().topLeft())
        first = editor.scroll_area.verticalScrollBar().value()
        return first <= top.y() <= first + editor.scroll_area.viewport().height() - 20

    qtbot.waitUntil(in_view, timeout=1000)

    editor.select_document(0)
    qtbot.mouseClick(editor.remove_document_button, Qt.MouseButton.LeftButton)
    assert stored(db, aid).documents == [] and editor.documents.rowCount() == 0
    assert "entfernt" in window.statusBar().currentMessage()
    window.undo()
    assert [d.filename for d in stored(db, aid).documents] == ["AVV.pdf"]
    assert editor.documents.rowCount() == 1
    window.undo()  # undo the attaching
    assert stored(db, aid).documents == []


def test_documents_need_a_saved_agreement(window: MainWindow) -> None:
    view = show_agreements(window)
    view.new_item()
    editor = view.editor
    assert not editor.add_document_button.isEnabled()
    assert editor.documents_hint.isVisibleTo(editor)
    assert editor.status_buttons == {}
    editor.discard()


# --------------------------------------------------------------------------- list, filters, links


def test_filters_by_status_kind_party_and_text(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    weisswasser = add_org(db, "Stadt Weißwasser")
    tgz = add_org(db, "TGZ Bitterfeld-Wolfen mbH")
    make_agreement(
        db,
        title="Patenschaft",
        kind="patenschaft",
        parties=[PartyData(contact_id=weisswasser.id)],  # type: ignore[arg-type]
    )
    coop = make_agreement(
        db,
        title="Kooperation Wirtschaft",
        kind="kooperationsvereinbarung",
        parties=[PartyData(contact_id=tgz.id)],  # type: ignore[arg-type]
    )
    with db.session() as session:
        ag.change_status(session, coop.id, "in_abstimmung")  # type: ignore[arg-type]
    view = show_agreements(window)
    assert shown_titles(view) == ["Kooperation Wirtschaft", "Patenschaft"]
    assert view.proxy.index(1, 3).data() == "Stadt Weißwasser"

    view.status_filter.setCurrentIndex(view.status_filter.findData("in_abstimmung"))
    assert shown_titles(view) == titles(db, status="in_abstimmung") == ["Kooperation Wirtschaft"]
    view.status_filter.setCurrentIndex(0)
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("patenschaft"))
    assert shown_titles(view) == titles(db, kind="patenschaft") == ["Patenschaft"]
    view.kind_filter.setCurrentIndex(0)

    monkeypatch.setattr(prompts, "exec_dialog", picker_answers(["tgz"]))
    view.party_filter.setCurrentIndex(view.party_filter.findData(-1))  # "Partei wählen …"
    assert view.party_filter.currentText() == "TGZ Bitterfeld-Wolfen mbH"
    assert shown_titles(view) == titles(db, party_id=tgz.id) == ["Kooperation Wirtschaft"]
    view.party_filter.setCurrentIndex(0)

    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "weisswasser")  # folded: finds Weißwasser
    assert shown_titles(view) == ["Patenschaft"]
    assert "1 Treffer" in window.count_label.text()


def test_contact_page_lists_agreements_and_deleted_party_is_marked(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    org = add_org(db, "Jugendclub'83")
    made = make_agreement(
        db,
        title="Kooperation Jugendbeteiligung",
        kind="kooperationsvereinbarung",
        parties=[PartyData(contact_id=org.id)],  # type: ignore[arg-type]
    )
    window.contacts.reload()
    window.contacts.open_contact(org.id)  # type: ignore[arg-type]
    table = window.contacts.editor.agreements
    with db.session() as session:
        expected = [r.title for r in ag.agreements_for_contact(session, org.id)]  # type: ignore[arg-type]
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == expected
    assert expected == ["Kooperation Jugendbeteiligung"]
    assert table.item(0, 2).text() == "Entwurf"
    # double-click opens the agreement in its area
    table.itemActivated.emit(table.item(0, 0))
    assert window.current_spec().key == "agreements"
    assert window.agreements.editor.agreement_id == made.id

    with db.session() as session:
        cs.delete_contact(session, org.id)  # type: ignore[arg-type]
    window.agreements.reload()
    row = window.agreements.editor.parties.rows[0]
    assert isinstance(row, PartyRow)
    assert row.contact.display.text() == "Jugendclub'83 (gelöscht)"
    assert row.contact.display.font().strikeOut()
    # a party deleted later may stay: saving still works
    window.agreements.editor.description.setPlainText("läuft weiter")
    assert window.agreements.editor.save()
    assert stored(db, made.id).parties[0].contact_deleted  # type: ignore[arg-type]


def test_switching_area_asks_about_unsaved_agreement(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = show_agreements(window)
    window.action_registry[ActionId.NEW].trigger()
    view.editor.title.setText("Entwurf ohne Speichern")
    answers = [prompts.Answer.CANCEL, prompts.Answer.SAVE]
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, name: answers.pop(0))
    window.show_area("contacts")
    assert window.current_spec().key == "agreements"
    assert window.nav.currentRow() == window.specs.index(window.current_spec())
    assert view.editor.title.text() == "Entwurf ohne Speichern"
    assert window.action_registry[ActionId.NEW].text() == "Neue Vereinbarung"
    window.show_area("contacts")
    assert window.current_spec().key == "contacts"
    assert titles(db) == ["Entwurf ohne Speichern"]
    assert window.action_registry[ActionId.NEW].text() == "Neue Person"


def test_deadline_days_are_kept_in_settings_and_urgency_is_written(
    qtbot: Any, window: MainWindow, db: Database, settings: Any
) -> None:
    today = date.today()
    made = make_agreement(
        db,
        title="Kooperation kurz",
        kind="kooperationsvereinbarung",
        valid_from=today - timedelta(days=300),
        valid_until=today + timedelta(days=10),
    )
    with db.session() as session:
        ag.change_status(session, made.id, "unterzeichnet")  # type: ignore[arg-type]
        ag.change_status(session, made.id, "aktiv")  # type: ignore[arg-type]
    view = show_agreements(window)
    view.tabs.setCurrentWidget(view.deadlines)
    deadlines_view = view.deadlines
    assert deadlines_view.days.value() == 90
    assert deadlines_view.table.rowCount() == 1
    assert deadlines_view.table.item(0, 1).text() == "dringend (≤ 14 Tage)"
    assert deadlines_view.table.item(0, 5).text() == "in 10 Tagen"
    deadlines_view.days.setValue(5)
    assert settings.deadline_days == 5
    assert deadlines_view.table.rowCount() == 0
    assert "Keine Fristen in den nächsten 5 Tagen" in deadlines_view.empty.text()


def test_enter_in_the_termination_dialog_does_not_terminate(qtbot: Any) -> None:
    from contactdesk.gui.views.agreement_editor import StatusChangeDialog

    dialog = StatusChangeDialog(None, "Kooperationsvereinbarung", "aktiv", "gekuendigt")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    finished: list[int] = []
    dialog.finished.connect(finished.append)
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "per Einschreiben")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert finished == [] and dialog.isVisible()  # nothing happened, the typing is kept
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert finished == [QDialog.DialogCode.Accepted.value]

    harmless = StatusChangeDialog(None, "Kooperationsvereinbarung", "entwurf", "in_abstimmung")
    qtbot.addWidget(harmless)
    harmless.show()
    done: list[int] = []
    harmless.finished.connect(done.append)
    harmless.note.setFocus()
    qtbot.keyClick(harmless.note, Qt.Key.Key_Return)
    assert done == [QDialog.DialogCode.Accepted.value]  # Enter still confirms harmless steps
