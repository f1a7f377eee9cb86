"""Search -> list -> editor by keys alone; pickers add with Enter and keep the cursor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.views.schedule import ScheduleView
from tests.gui.helpers import add_person


def shown(window: MainWindow) -> list[str]:
    model = window.contacts.model
    return [model.contact_row(i).display_name for i in range(model.rowCount())]


def test_search_down_enter_escape(qtbot: Any, window: MainWindow, db: Database) -> None:
    lena = add_person(db, "Lena", "Müller", "lena@example.org")
    stefan = add_person(db, "Stefan", "Groß", "stefan@example.org")
    add_person(db, "Anna", "Schulze")
    view = window.contacts
    view.reload()
    view.select_row(0)
    window.contacts.focus_search()
    search = view.search

    # typing and Enter: the search runs at once and its first hit is open, the list focused
    qtbot.keyClicks(search, "gross")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert shown(window) == ["Stefan Groß"]
    assert view.editor.contact_id == stefan.id
    assert view.table.hasFocus()

    # back to the search (Ctrl+F), another name: the detail pane follows the filter
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus()
    qtbot.keyClicks(search, "mueller")
    view.apply_filter()
    assert shown(window) == ["Lena Müller"]
    assert view.editor.contact_id == lena.id  # not Stefan, whom the filter hides
    assert view.selected_contact_id() == lena.id

    # Down moves into the list
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert view.table.hasFocus() and view.selected_contact_id() == lena.id

    # Escape clears the search: everyone is back
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert len(shown(window)) == 3

    # nothing found: the pane does not keep showing someone the list hides
    search.setText("zzzz")
    view.apply_filter()
    assert shown(window) == [] and view.editor.contact_id is None


def test_unsaved_input_is_kept_when_the_filter_hides_the_contact(
    qtbot: Any, window: MainWindow, db: Database
) -> None:
    add_person(db, "Lena", "Müller", "lena@example.org")
    add_person(db, "Stefan", "Groß", "stefan@example.org")
    view = window.contacts
    view.reload()
    view.select_row(0)
    assert view.editor.last_name.text() == "Groß"  # the list is in name order
    view.editor.first_name.setText("Stefan-Maria")
    assert view.editor.is_dirty()
    view.search.setText("mueller")
    view.apply_filter()
    assert view.editor.first_name.text() == "Stefan-Maria" and view.editor.is_dirty()
    view.editor.discard()


def test_participants_are_added_with_enter(qtbot: Any, window: MainWindow, db: Database) -> None:
    add_person(db, "Lena", "Müller", "lena@example.org")
    add_person(db, "Stefan", "Groß", "stefan@example.org")
    with db.session() as s:
        eid = sc.create_event(
            s,
            sc.EventData(
                title="Werkstatt", start=datetime(2027, 1, 5, 10), end=datetime(2027, 1, 5, 12)
            ),
        ).event.id
    assert eid is not None
    window.show_area("events")
    schedule = window.area("events")
    assert isinstance(schedule, ScheduleView)
    schedule.open_event(eid)
    editor = schedule.editor
    picker = editor.people.participant_picker
    picker.edit.setFocus()
    for query in ("mueller", "gross"):
        qtbot.keyClicks(picker.edit, query)
        qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: picker.edit.text() == "", timeout=1000)
        assert picker.edit.hasFocus()  # ready for the next name
    with db.session() as s:
        names = [p.contact_name for p in sc.get_event(s, eid).participants]
    assert names == ["Lena Müller", "Stefan Groß"]
