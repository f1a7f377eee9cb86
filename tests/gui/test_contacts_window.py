"""The Kontakte area driven as a user would: keyboard shortcuts, typing, buttons, dialogs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit

from contactdesk.core.db import Database
from contactdesk.gui import prompts
from contactdesk.gui.actions import ActionId
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.contact_editor import EmailRow
from tests.gui.helpers import add_org, add_person, get, names, role

CTRL = Qt.KeyboardModifier.ControlModifier


def shown_names(window: MainWindow) -> list[str]:
    model = window.contacts.model
    return [model.contact_row(i).display_name for i in range(model.rowCount())]


def email_row(window: MainWindow, index: int = 0) -> EmailRow:
    row = window.contacts.editor.emails.rows[index]
    assert isinstance(row, EmailRow)
    return row


def search_for(qtbot: Any, window: MainWindow, text: str) -> None:
    """Ctrl+F, clear the field, type ASCII text."""
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    search = window.contacts.search
    assert search.hasFocus()
    search.clear()
    qtbot.keyClicks(search, text)


def test_create_person_with_umlauts_and_find_by_folded_spelling(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    editor = window.contacts.editor
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert editor.is_new and editor.kind == "person"
    assert editor.first_name.hasFocus()
    # Umlauts cannot be typed with keyClicks (pytest-qt aborts): set them as text.
    editor.first_name.setText("Jürgen")
    editor.last_name.setText("Öztürk-Weiß")
    email_row(window).address.setText("j.oeztuerk@example.org")
    assert editor.title.text() == "Jürgen Öztürk-Weiß"
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert names(db) == ["Jürgen Öztürk-Weiß"]
    assert not editor.is_dirty() and editor.contact_id is not None
    assert "angelegt" in window.statusBar().currentMessage()
    assert "Anlegen von „Jürgen Öztürk-Weiß“" in window.action_registry[ActionId.UNDO].text()

    add_person(db, "Anna", "Schulze")
    for query in ("oeztuerk", "weiss", "ozturk"):
        search_for(qtbot, window, query)
        qtbot.waitUntil(lambda: shown_names(window) == ["Jürgen Öztürk-Weiß"], timeout=2000)
    search_for(qtbot, window, "schul")
    qtbot.waitUntil(lambda: shown_names(window) == ["Anna Schulze"], timeout=2000)
    search_for(qtbot, window, 'x" OR (*')  # FTS syntax typed by a user must not break
    qtbot.waitUntil(lambda: shown_names(window) == [], timeout=2000)


def test_edit_save_undo_redo(qtbot: Any, window: MainWindow, db: Database) -> None:
    person = add_person(db, "Lena", "Müller", "lena@example.org")
    window.contacts.reload()
    window.contacts.select_row(0)
    editor = window.contacts.editor
    assert editor.contact_id == person.id
    assert editor.last_name.text() == "Müller"

    editor.last_name.setText("Müller-Lüdenscheidt")
    assert editor.is_dirty() and editor.save_button.isEnabled()
    editor.first_name.setFocus()
    with qtbot.waitSignal(editor.sig_saved):
        qtbot.keyClick(editor.first_name, Qt.Key.Key_S, CTRL)
    assert get(db, person.id).last_name == "Müller-Lüdenscheidt"
    assert shown_names(window) == ["Lena Müller-Lüdenscheidt"]
    undo = window.action_registry[ActionId.UNDO]
    assert undo.text() == "&Rückgängig: Ändern von „Lena Müller-Lüdenscheidt“"

    window.contacts.table.setFocus()
    qtbot.keyClick(window.contacts.table, Qt.Key.Key_Z, CTRL)
    assert get(db, person.id).last_name == "Müller"
    assert editor.last_name.text() == "Müller" and not editor.is_dirty()
    assert shown_names(window) == ["Lena Müller"]
    assert window.action_registry[ActionId.REDO].isEnabled()

    qtbot.keyClick(window.contacts.table, Qt.Key.Key_Y, CTRL)
    assert get(db, person.id).last_name == "Müller-Lüdenscheidt"
    assert editor.last_name.text() == "Müller-Lüdenscheidt"
    # Ctrl+Shift+Z redoes as well
    qtbot.keyClick(window.contacts.table, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.contacts.table, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert get(db, person.id).last_name == "Müller-Lüdenscheidt"


def test_delete_organisation_names_its_people_and_undo_restores(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = add_org(db, "Jugendclub'83")
    add_person(db, "Lena", "Müller", roles=[role(org, "Ansprechpartnerin")])
    asked: list[tuple[str, bool, list[str]]] = []
    answer = [False]

    def confirm(parent: Any, name: str, is_person: bool, people: list[str]) -> bool:
        asked.append((name, is_person, list(people)))
        return answer[0]

    monkeypatch.setattr(prompts, "confirm_delete", confirm)
    window.contacts.reload()
    window.contacts.select_row(window.contacts.model.row_of(org.id))
    table = window.contacts.table
    table.setFocus()

    qtbot.keyClick(table, Qt.Key.Key_Delete)  # answered "Abbrechen"
    assert asked == [("Jugendclub'83", False, ["Lena Müller"])]
    assert not get(db, org.id).deleted

    answer[0] = True
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert get(db, org.id).deleted
    assert shown_names(window) == ["Lena Müller"]
    assert "gelöscht" in window.statusBar().currentMessage()

    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert not get(db, org.id).deleted
    assert sorted(shown_names(window)) == ["Jugendclub'83", "Lena Müller"]


def test_delete_key_in_editor_field_does_not_delete_contact(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = add_person(db, "Lena", "Müller")
    monkeypatch.setattr(prompts, "confirm_delete", lambda *a: pytest.fail("asked to delete"))
    window.contacts.reload()
    window.contacts.select_row(0)
    field = window.contacts.editor.first_name
    field.setFocus()
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "ena"
    assert not get(db, person.id).deleted
    window.contacts.editor.discard()


def test_invalid_email_shows_german_message_and_keeps_input(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    editor.first_name.setText("Jürgen")
    editor.last_name.setText("Weiß")
    # an empty row first: error indices of the core count only the filled rows
    editor.emails.add_row()
    email_row(window, 1).address.setText("juergen.at.example.org")
    editor.phones.rows[0].number.setText("03494 123456")  # type: ignore[attr-defined]

    assert editor.save() is False
    row = email_row(window, 1)
    assert row.error.isVisibleTo(editor)
    assert "Die E-Mail-Adresse „juergen.at.example.org“ ist ungültig" in row.error.text()
    assert row.address.property("invalid") is True
    assert not email_row(window, 0).error.isVisibleTo(editor)
    assert "Bitte korrigieren Sie" in editor.summary.text()
    # nothing the user typed is lost
    assert row.address.text() == "juergen.at.example.org"
    assert editor.first_name.text() == "Jürgen" and editor.last_name.text() == "Weiß"
    assert editor.phones.rows[0].number.text() == "03494 123456"  # type: ignore[attr-defined]
    assert names(db) == []

    row.address.setText("juergen@example.org")
    assert editor.save() is True
    assert row.address.property("invalid") in (False, None) or not row.isVisible()
    assert names(db) == ["Jürgen Weiß"]
    assert not editor.summary.isVisibleTo(editor)


def test_missing_last_name_is_marked_at_the_field(window: MainWindow, db: Database) -> None:
    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    editor.first_name.setText("Maria")
    assert editor.save() is False
    assert editor.field_error("last_name") == "Bitte geben Sie einen Nachnamen ein."
    assert editor.last_name.property("invalid") is True
    assert editor.last_name.hasFocus()
    assert editor.first_name.text() == "Maria"
    editor.discard()


@pytest.mark.parametrize(
    "answer", [prompts.Answer.CANCEL, prompts.Answer.CREATE, prompts.Answer.OPEN]
)
def test_duplicate_warning(
    qtbot: Any,
    window: MainWindow,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    answer: prompts.Answer,
) -> None:
    existing = add_person(db, "Anna", "Schäfer", "anna@example.org")
    asked: list[list[str]] = []

    def ask(parent: Any, rows: Any, reasons: Any = None) -> prompts.Answer:
        asked.append([r.display_name for r in rows])
        return answer

    monkeypatch.setattr(prompts, "ask_duplicate", ask)
    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    editor.first_name.setText("Anna")
    editor.last_name.setText("Schaefer")  # folded spelling of the same name
    email_row(window).address.setText("ANNA@example.org")
    saved = editor.save()

    assert asked == [["Anna Schäfer"]]
    if answer is prompts.Answer.CANCEL:
        assert saved is False and names(db) == ["Anna Schäfer"]
        assert editor.is_new and editor.last_name.text() == "Schaefer"
        editor.discard()
    elif answer is prompts.Answer.CREATE:
        assert saved is True and sorted(names(db)) == ["Anna Schaefer", "Anna Schäfer"]
    else:
        assert saved is False and names(db) == ["Anna Schäfer"]
        assert editor.contact_id == existing.id
        assert editor.last_name.text() == "Schäfer"


def test_unsaved_changes_are_asked_about_when_switching(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = add_person(db, "Anna", "Albers")
    second = add_person(db, "Bernd", "Brandt")
    answers = [prompts.Answer.CANCEL, prompts.Answer.SAVE]
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, name: answers.pop(0))
    window.contacts.reload()
    window.contacts.select_row(0)
    editor = window.contacts.editor
    assert editor.contact_id == first.id
    editor.notes.setPlainText("Trifft sich gern im Jugendclub'83.")

    window.contacts.select_row(1)  # Abbrechen: stay, keep the text
    assert editor.contact_id == first.id
    assert editor.notes.toPlainText() == "Trifft sich gern im Jugendclub'83."
    qtbot.waitUntil(lambda: window.contacts.selected_contact_id() == first.id)

    window.contacts.select_row(1)  # Speichern: saved, then switched
    assert editor.contact_id == second.id
    assert get(db, first.id).notes == "Trifft sich gern im Jugendclub'83."
    assert answers == []


def test_organisation_shows_members_read_only(window: MainWindow, db: Database) -> None:
    org = add_org(db, "TGZ Bitterfeld-Wolfen mbH")
    add_person(db, "Stefan", "Groß", roles=[role(org, "Geschäftsführer")])
    window.contacts.reload()
    window.contacts.select_row(window.contacts.model.row_of(org.id))
    editor = window.contacts.editor
    assert editor.org_box.isVisibleTo(editor) and not editor.person_box.isVisibleTo(editor)
    assert editor.members.rowCount() == 1
    assert editor.members.item(0, 0).text() == "Stefan Groß"
    assert editor.members.item(0, 1).text() == "Geschäftsführer"
    assert editor.members.editTriggers() == editor.members.EditTrigger.NoEditTriggers


def test_person_role_created_in_editor(qtbot: Any, window: MainWindow, db: Database) -> None:
    org = add_org(db, "Stadt Weißwasser")
    window.contacts.reload()
    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    editor.first_name.setText("Ayşe")
    editor.last_name.setText("Öztürk")
    row = editor.roles.add_row()
    row.organisation.setCurrentIndex(row.organisation.findData(org.id))  # type: ignore[attr-defined]
    row.function.setText("Koordinatorin")  # type: ignore[attr-defined]
    assert editor.save() is True
    saved = get(db, editor.contact_id)  # type: ignore[arg-type]
    assert [(r.organisation_name, r.function) for r in saved.roles] == [
        ("Stadt Weißwasser", "Koordinatorin")
    ]


def test_areas_not_yet_available_are_marked(window: MainWindow) -> None:
    texts = [window.nav.item(i).text() for i in range(window.nav.count())]
    planned = {i for i, spec in enumerate(window.specs) if spec.factory is None}
    expected = ["Übersicht", "Kontakte", "Vereinbarungen", "Termine", "Sitzungen"]
    assert texts == [f"{t} (folgt)" if i in planned else t for i, t in enumerate(expected)]
    assert texts[1:3] == ["Kontakte", "Vereinbarungen"]
    for row in planned:  # every planned area says so when shown
        window.nav.setCurrentRow(row)
        assert "noch nicht verfügbar" in window.pages.currentWidget().text()


def test_every_input_has_an_accessible_name(window: MainWindow) -> None:
    window.action_registry[ActionId.NEW_PERSON].trigger()
    missing = [
        w.placeholderText() or w.objectName() or repr(w)
        for w in window.findChildren(QLineEdit)
        if not w.accessibleName()
        and w.parent() is not None
        # the inner editor of a combo, date or spin box: the outer widget carries the name
        and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)
    ]
    assert missing == []
    window.contacts.editor.discard()


def test_consent_and_interaction_are_saved_with_dates(window: MainWindow, db: Database) -> None:
    from datetime import date

    from contactdesk.gui.views.contact_editor import ConsentRow, InteractionRow
    from contactdesk.gui.views.widgets import to_qdate

    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    editor.last_name.setText("Urban")
    consent = editor.consents.add_row()
    assert isinstance(consent, ConsentRow)
    consent.given_on.setDate(to_qdate(date(2021, 8, 2)))
    assert consent.given_on.text() == "02.08.2021"
    assert consent.valid_until.value() is None
    entry = editor.interactions.add_row()
    assert isinstance(entry, InteractionRow)
    entry.summary.setText("Netzwerkvereinbarung besprochen")
    assert editor.save() is True
    saved = get(db, editor.contact_id)  # type: ignore[arg-type]
    assert [(c.purpose, c.given_on, c.valid_until) for c in saved.consents] == [
        ("kontaktdaten", date(2021, 8, 2), None)
    ]
    assert [i.summary for i in saved.interactions] == ["Netzwerkvereinbarung besprochen"]
    assert saved.interactions[0].occurred_at.tzinfo is not None
    assert not editor.is_dirty()
