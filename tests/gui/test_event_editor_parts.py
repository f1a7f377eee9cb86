"""The event editor put together from its parts (views/event_editor/): Tab walks through the three
tabs' fields in reading order and ends on the bar (base editor's `_tab_order`), a draft's
participants stay in the draft until the event is saved, and Verwerfen on one date of a series
shows that date again (it has no id, yet is not new)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.core.undo import UndoStack
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.event_editor import EventEditor
from tests.gui.helpers import add_person


def focus_after(widget: QWidget, steps: int = 1) -> QWidget:
    for _step in range(steps):
        nxt = widget.nextInFocusChain()
        while not nxt.focusPolicy() & Qt.FocusPolicy.TabFocus:  # skip what Tab skips
            nxt = nxt.nextInFocusChain()
        widget = nxt
    return widget


def test_tab_walks_the_tabs_in_order_and_ends_on_the_bar(qtbot: Any, db: Database) -> None:
    editor = EventEditor(Ops(db, UndoStack(db)))
    qtbot.addWidget(editor)
    editor.new_event()
    form, people, links = editor.form, editor.people, editor.links
    assert focus_after(form.title) is form.kind
    assert focus_after(form.recurrence.until) is people.participant_picker.edit
    assert focus_after(people.outcome) is links.agenda.list
    assert focus_after(links.agreements.remove_button) is editor.cancel_event_button
    assert focus_after(editor.delete_button) is editor.discard_button
    assert focus_after(editor.discard_button) is editor.save_button


def test_participants_of_a_draft_are_saved_with_the_event(qtbot: Any, db: Database) -> None:
    lena = add_person(db, "Lena", "Müller").id or 0
    editor = EventEditor(Ops(db, UndoStack(db)))
    qtbot.addWidget(editor)
    editor.new_event()
    editor.form.title.setText("Workshop")
    assert editor.add_participants([lena])
    assert [p.contact_name for p in editor.people.participants_model.rows] == ["Lena Müller"]
    assert editor.set_response(lena, "zusage")
    with db.session() as s:
        assert sc.event_ids(s) == []  # nothing stored yet: the draft holds them
    assert editor.save()
    with db.session() as s:
        stored = sc.get_event(s, editor.event_id or 0)
    assert [(p.contact_id, p.response) for p in stored.participants] == [(lena, "zusage")]


def test_verwerfen_on_one_date_of_a_series_shows_that_date_again(qtbot: Any, db: Database) -> None:
    from datetime import UTC, datetime

    with db.session() as s:
        sid = (
            sc.create_event(
                s,
                sc.EventData(
                    title="Netzwerktreffen",
                    kind="netzwerktreffen",
                    start=datetime(2021, 9, 7, 18),
                    end=datetime(2021, 9, 7, 20),
                    room="Saal",
                    rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
                ),
            ).event.id
            or 0
        )
    november = datetime(2021, 11, 2, 17, tzinfo=UTC)
    editor = EventEditor(Ops(db, UndoStack(db)))
    qtbot.addWidget(editor)
    assert editor.open_occurrence(sid, november)
    editor.form.room.setText("Keller")
    assert editor.is_dirty() and editor.discard_button.isEnabled()
    editor.discard_button.click()
    # not closed as if it were new: the same date, as stored, with nothing to save
    assert editor.has_event and editor.is_occurrence
    assert editor.loaded is not None and editor.loaded.recurrence_id == november
    assert editor.form.room.text() == "Saal" and not editor.is_dirty()
