"""Kontakte › Auskunft erstellen and › Nach DSGVO löschen in the window: the letter is written,
the erasure shows its dry run first, and afterwards the undo history holds nothing of the
person."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contactdesk.core import undo
from contactdesk.core.db import Database
from contactdesk.core.errors import NotFoundError
from contactdesk.gui import prompts
from contactdesk.gui.dialogs import privacy as pd
from contactdesk.gui.mainwindow import MainWindow

from .helpers import add_person, get, names


def test_report_and_erasure(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: Any, tmp_path: Path
) -> None:
    person = add_person(db, "Wilhelmine", "Zwiebelkönig", "zwiebel.w@example.org")
    add_person(db, "Paul", "Kurz")
    window.contacts.reload()
    window.contacts.open_contact(person.id or 0)
    window.show_area("agreements")
    assert window.privacy.current_contact_id() == person.id  # brought to the front
    assert window.current_spec().key == "contacts"

    target = tmp_path / "auskunft.json"
    monkeypatch.setattr(prompts, "choose_save_file", lambda *a: str(target))
    window.privacy.report.trigger()
    data = json.loads(target.read_text("utf-8"))
    assert data["contact"]["emails"][0]["address"] == "zwiebel.w@example.org"
    pdf = window.privacy.write_report(tmp_path / "auskunft.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")

    # something about her on the undo stack: it must not survive the erasure
    before = get(db, person.id or 0)
    window.ops.undo_stack.push(undo.updated_contact(before, before))
    shown: list[str] = []

    def run_dialog(self: pd.ErasureDialog) -> int:
        shown.append(self.steps.toPlainText())
        qtbot.addWidget(self)
        self.erase_button.click()
        return self.result()

    monkeypatch.setattr(pd.ErasureDialog, "exec", run_dialog)
    window.privacy.erase.trigger()
    assert "Kontakt Nr." in shown[0] and "Sicherungen" in shown[0]
    with pytest.raises(NotFoundError):
        get(db, person.id or 0)
    assert not window.ops.undo_stack.can_undo and not window.ops.undo_stack.can_redo
    assert names(db) == ["Paul Kurz"]
    assert not window.contacts.editor.has_contact


def test_erasure_needs_a_contact(window: MainWindow, monkeypatch: Any) -> None:
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda parent, message, *a: errors.append(message))
    assert window.privacy.erase_current() is False
    assert errors == ["Bitte wählen Sie zuerst einen Kontakt."]


def test_retention_review_renew_and_anonymise(
    qtbot: Any, window: MainWindow, db: Database, monkeypatch: Any
) -> None:
    from datetime import date

    from contactdesk.core.services.contacts import ConsentData

    expired = add_person(
        db,
        "Anna",
        "Abgelaufen",
        "a@example.de",
        consents=[ConsentData("einladungen", date(2023, 1, 5), "email", date(2024, 1, 5))],
    )
    withdrawn = add_person(
        db,
        "Bernd",
        "Widerruf",
        "b@example.de",
        consents=[ConsentData("einladungen", date(2023, 1, 5), "email", None, date(2025, 1, 5))],
    )
    add_person(db, "Clara", "Aktuell", consents=[ConsentData("einladungen", date.today(), "email")])
    opened: list[pd.RetentionDialog] = []
    monkeypatch.setattr(pd.RetentionDialog, "exec", lambda self: opened.append(self) or 0)
    window.privacy.review.trigger()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert sorted(r.contact_id for r in dialog.rows) == sorted([expired.id, withdrawn.id])

    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda parent, message, *a: errors.append(message))
    dialog.renew_button.click()
    assert errors == ["Bitte haken Sie mindestens einen Kontakt an."]
    row = [r.contact_id for r in dialog.rows].index(expired.id)
    dialog.table.item(row, 0).setCheckState(dialog.table.item(row, 0).checkState().Checked)
    dialog.source.setText("Rueckmeldebogen 2026")
    dialog.renew_button.click()
    assert [r.contact_id for r in dialog.rows] == [withdrawn.id]
    assert get(db, expired.id or 0).consents[-1].source == "Rueckmeldebogen 2026"

    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    dialog.check_all()
    dialog.anonymise_button.click()
    assert get(db, withdrawn.id or 0).display_name == "anonymisierte Person"
    assert dialog.rows == [] and not window.ops.undo_stack.can_undo


def test_consent_source_in_the_editor(window: MainWindow, db: Database) -> None:
    from datetime import date

    from contactdesk.core.services.contacts import ConsentData

    person = add_person(
        db,
        "Anna",
        "Quelle",
        consents=[ConsentData("einladungen", date(2025, 1, 5), "online", source="Webformular")],
    )
    window.contacts.reload()
    window.contacts.open_contact(person.id or 0)
    editor = window.contacts.editor
    assert editor.collect().consents[0].source == "Webformular"
    row = editor.consents.rows[0]
    assert row.source.text() == "Webformular"
    row.source.setText("Anmeldebogen Netzwerktreffen")
    assert editor.save()
    assert get(db, person.id or 0).consents[0].source == "Anmeldebogen Netzwerktreffen"


def test_failed_operations_write_no_names_to_the_log(
    window: MainWindow, db: Database, monkeypatch: Any, caplog: Any
) -> None:
    import logging

    from contactdesk.gui.actions import ActionId

    add_person(db, "Wilhelmine", "Zwiebelkönig", "zwiebel.w@example.org")
    monkeypatch.setattr(prompts, "ask_duplicate", lambda *a: prompts.Answer.CANCEL)
    editor = window.contacts.editor
    window.action_registry[ActionId.NEW_PERSON].trigger()
    editor.first_name.setText("Wilhelmine")
    editor.last_name.setText("Zwiebelkoenig")
    with caplog.at_level(logging.DEBUG):
        assert editor.save() is False  # refused as a duplicate: logged as a failure
    assert "DuplicateContactError" in caplog.text
    assert "Zwiebel" not in caplog.text and "Wilhelmine" not in caplog.text
    editor.discard()
