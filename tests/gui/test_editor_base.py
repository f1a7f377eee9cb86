"""The editor skeleton (gui/views/base/editor.py) on its own: a small person editor built on it
saves through the real contacts service into a SQLite file, with undo, field errors, dirty
tracking and the unsaved-changes question (pytest-qt, offscreen)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit

from contactdesk.core import undo
from contactdesk.core.changes import CONTACT_KINDS
from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactData
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.base.editor import EditorBase
from contactdesk.gui.views.widgets import watch


class PersonEditor(EditorBase):
    """The smallest real editor: first and last name of a person."""

    def __init__(self, ops: Ops) -> None:
        super().__init__(ops, None, "Person bearbeiten")
        outer = self._frame_top("Name der Person", "Art")
        self._frame_stack(outer, "Keine Person ausgewählt", "Keine Person")
        column = self._scroll_page("Formular")
        self.stack.addWidget(self.scroll_area)
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.last_name_error = QLabel()
        for widget in (self.first_name, self.last_name, self.last_name_error):
            column.addWidget(widget)
        self._frame_bar(outer)
        self._field_widgets = {
            "first_name": (self.first_name, None),
            "last_name": (self.last_name, self.last_name_error),
        }
        watch(self.scroll_area.widget(), self._on_edited)
        self.clear()

    def snapshot(self) -> tuple[str, str]:
        return self.first_name.text(), self.last_name.text()

    def display_name(self) -> str:
        return f"{self.first_name.text()} {self.last_name.text()}".strip()

    def leave_name(self) -> str:
        return self.display_name() or "neue Person"

    def clear(self) -> None:
        self._show_empty("Keine Person ausgewählt")

    def display(self, data: ContactData) -> None:
        self._loading = True
        self._loaded = data if data.id is not None else None
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self._loading = False
        self._open = True
        self._baseline = self.snapshot()
        self._clear_errors()
        self.stack.setCurrentWidget(self.scroll_area)
        self._set_dirty(False)

    def reload(self, *, keep_edits: bool = True) -> bool:
        assert self._loaded is not None
        cid = self._loaded.id
        self.display(self._ops.read(lambda s: cs.get_contact(s, cid)))
        return True

    def save(self) -> bool:
        self._clear_errors()
        base = self._loaded or ContactData(kind="person")
        data = dataclasses.replace(base, first_name=self.first_name.text())
        data.last_name = self.last_name.text()
        saved, error = self._store(
            data,
            create=lambda s: cs.create_contact(s, data),
            read=cs.get_contact,
            write=cs.update_contact,
            created=undo.created_contact,
            updated=undo.updated_contact,
            created_message=lambda v: f"{v.display_name} angelegt",
            saved_message=lambda v: f"{v.display_name} gespeichert",
            kinds=CONTACT_KINDS,
        )
        if error is not None:
            self._save_failed(error, data)
            return False
        assert saved is not None and saved.id is not None
        self.display(saved)
        self.sig_saved.emit(saved.id)
        return True


@pytest.fixture
def editor(qtbot: Any, db: Database) -> Iterator[PersonEditor]:
    widget = PersonEditor(Ops(db))
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    yield widget


def test_empty_editor_shows_the_placeholder_and_offers_nothing(editor: PersonEditor) -> None:
    assert editor.stack.currentWidget() is editor.placeholder
    assert editor.heading.text() == "Keine Person ausgewählt"
    assert not editor.save_button.isEnabled() and not editor.discard_button.isEnabled()
    assert not editor.is_dirty()
    assert editor.confirm_leave() is True  # nothing to ask


def test_typing_makes_the_editor_dirty_once_and_undoing_the_typing_clean(
    editor: PersonEditor, qtbot: Any
) -> None:
    editor.display(ContactData(kind="person"))
    assert editor.is_new and editor.save_button.isEnabled()  # a new record can be saved as is
    seen: list[bool] = []
    editor.sig_dirty_changed.connect(seen.append)
    qtbot.keyClicks(editor.last_name, "Meier")
    assert seen == [True]
    assert editor.dirty_label.text() == "Ungespeicherte Änderungen"
    editor.last_name.clear()
    assert seen == [True, False] and editor.dirty_label.text() == ""


def test_a_refused_save_marks_the_field_keeps_the_input_and_focuses_it(
    editor: PersonEditor, db: Database
) -> None:
    editor.display(ContactData(kind="person"))
    editor.first_name.setText("Nur-Vorname")
    editor.last_name.setFocus()
    editor.first_name.setFocus()
    assert editor.save() is False
    assert editor.field_error("last_name")  # the service's German message at the field
    assert not editor.summary.isHidden()
    assert editor.summary.text().startswith("Bitte korrigieren Sie die markierten Angaben:")
    assert editor.first_name.text() == "Nur-Vorname"
    assert editor.last_name.property("invalid") in (True, "true")
    assert editor.field_error("unknown") == ""
    assert editor.focusWidget() is editor.last_name  # the first field with an error
    with db.session() as session:
        assert cs.count_contacts(session) == 0  # nothing was stored


def test_save_creates_then_updates_with_undo_and_reports_the_id(
    editor: PersonEditor, db: Database, qtbot: Any
) -> None:
    editor.display(ContactData(kind="person"))
    editor.first_name.setText("Anna")
    editor.last_name.setText("Schulze")
    with qtbot.waitSignal(editor.sig_saved) as saved:
        assert editor.save() is True
    cid = saved.args[0]
    assert not editor.is_dirty() and not editor.is_new
    editor.last_name.setText("Schulze-Berg")
    assert editor.save() is True
    with db.session() as session:
        assert cs.get_contact(session, cid).last_name == "Schulze-Berg"
    stack = editor._ops.undo_stack
    assert stack.can_undo and "Schulze-Berg" in stack.undo_text
    stack.undo()  # the update is undone in the database ...
    with db.session() as session:
        assert cs.get_contact(session, cid).last_name == "Schulze"
    assert stack.can_undo  # ... and the creation is the next step
    stack.undo()
    with db.session() as session:
        assert cs.count_contacts(session) == 0


def test_a_save_over_someone_elses_change_asks_and_reloads(
    editor: PersonEditor, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor.display(ContactData(kind="person"))
    editor.first_name.setText("Bernd")
    editor.last_name.setText("Alt")
    assert editor.save() is True
    assert editor._loaded is not None
    cid = editor._loaded.id
    assert cid is not None
    with db.session() as session:  # another desk saves meanwhile
        other = cs.get_contact(session, cid)
        other.last_name = "Neu"
        cs.update_contact(session, cid, other, expected_version=other.row_version)
    editor.last_name.setText("Meins")
    asked: list[Any] = []

    def answer(dialog: Any) -> int:
        asked.append(dialog)
        dialog.reload_button.click()  # the answer is the dialog's own choice
        return 0

    monkeypatch.setattr(prompts, "exec_dialog", answer)
    assert editor.save() is False
    assert asked, "the conflict dialog was not shown"
    assert editor.last_name.text() == "Neu"  # reloaded: the other desk's save is shown
    if editor._own_input is not None:
        editor._own_input.close()


@pytest.mark.parametrize(
    ("answer", "left"),
    [(prompts.Answer.DISCARD, True), (prompts.Answer.CANCEL, False)],
)
def test_leaving_with_unsaved_changes_asks_first(
    editor: PersonEditor,
    monkeypatch: pytest.MonkeyPatch,
    answer: prompts.Answer,
    left: bool,
) -> None:
    editor.display(ContactData(kind="person"))
    editor.last_name.setText("Entwurf")
    names: list[str] = []
    monkeypatch.setattr(prompts, "ask_unsaved", lambda _parent, name: names.append(name) or answer)
    assert editor.confirm_leave() is left
    assert names == ["Entwurf"]
    if left:  # a new record is closed by discarding it
        assert editor.stack.currentWidget() is editor.placeholder and not editor.is_dirty()
    else:  # cancelled: the input stays, still unsaved
        assert editor.last_name.text() == "Entwurf" and editor.is_dirty()
