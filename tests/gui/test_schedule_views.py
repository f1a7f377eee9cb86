"""The Termine area's lists and calendars driven as a user would: all-day events, cancelling,
deleting and filters, the month and week views by mouse and keyboard, older years, typed dates,
the window hosting the area, results and tasks; checked through the core services as well."""

# ruff: noqa: F811  (tests take the imported fixtures `ops`, `make_view`, `view` as arguments)

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from contactdesk.gui import prompts
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.calendar_views import EntryLabel
from contactdesk.gui.views.event_editor import from_qdatetime, to_qdatetime
from contactdesk.gui.views.schedule import ScheduleView
from tests.gui.helpers import add_person
from tests.gui.schedule_support import (  # noqa: F401  (the fixtures make_view, ops, view)
    NOW,
    D,
    create_monthly_series,
    event,
    fill,
    in_month,
    make_view,
    month_titles,
    ops,
    save,
    view,
)


def test_all_day_shows_last_day_and_stores_exclusive_end(
    qtbot: Any, view: ScheduleView, db: Database
) -> None:
    editor = view.editor
    view.new_item()
    editor.title.setText("Aktionstage")
    editor.form.all_day.setChecked(True)
    editor.form.start.setDateTime(to_qdatetime(D(2021, 10, 1)))
    assert editor.form.start.text() == "01.10.2021"  # the day only
    editor.form.end.setDateTime(to_qdatetime(D(2021, 10, 3)))
    save(qtbot, editor)
    stored = event(db, editor.event_id or 0)
    assert stored.all_day and stored.end == D(2021, 10, 4)
    assert editor.form.end.date().day() == 3  # shown inclusive
    in_month(view, date(2021, 10, 1))
    for day in (1, 2, 3):
        assert month_titles(view, date(2021, 10, day)) == ["Aktionstage"]
    assert month_titles(view, date(2021, 10, 4)) == []


def test_cancel_delete_and_filters(
    qtbot: Any, view: ScheduleView, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.session() as s:
        hfa = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Stadtrat", org_kind="gremium")
        )
    lena = add_person(db, "Lena", "Müller", "lena@example.org")
    with db.session() as s:
        for i, (title, kind) in enumerate(
            (
                ("Workshop A", "workshop"),
                ("Sitzung", "gremiensitzung"),
                ("Treffen", "netzwerktreffen"),
            )
        ):
            sc.create_event(
                s,
                sc.EventData(
                    title=title,
                    kind=kind,
                    start=D(2021, 9, 10 + i, 10),
                    end=D(2021, 9, 10 + i, 11),
                    committee_id=hfa.id if kind == "gremiensitzung" else None,
                    participants=[sc.ParticipantData(lena.id or 0)] if i == 2 else [],
                ),
            )
    view.reload()
    assert [o.title for o in view.shown()] == ["Workshop A", "Sitzung", "Treffen"]
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("workshop"))
    assert [o.title for o in view.shown()] == ["Workshop A"]
    view.kind_filter.setCurrentIndex(0)
    view.committee_filter.setCurrentIndex(view.committee_filter.findData(hfa.id))
    assert [o.title for o in view.shown()] == ["Sitzung"]
    view.committee_filter.setCurrentIndex(0)
    view.participant_filter.run_search("muller")
    view.participant_filter.choose(0)
    assert [o.title for o in view.shown()] == ["Treffen"]
    view.participant_filter.clear()
    view.focus_search()
    assert view.search.hasFocus()
    qtbot.keyClicks(view.search, "sitz")
    qtbot.waitUntil(lambda: [o.title for o in view.shown()] == ["Sitzung"], timeout=2000)
    view.search.clear()
    qtbot.waitUntil(lambda: len(view.shown()) == 3, timeout=2000)

    # Absagen with a note
    monkeypatch.setattr(prompts, "ask_cancel_note", lambda *a: "Referentin erkrankt")
    view.select_row(0)
    assert view.editor.title.text() == "Workshop A"
    assert view.editor.cancel_event()
    stored = event(db, view.editor.event_id or 0)
    assert stored.status == "abgesagt" and "Referentin erkrankt" in stored.outcome
    assert view.shown()[0].status == "abgesagt"
    view.show_cancelled.setChecked(False)
    assert [o.title for o in view.shown()] == ["Sitzung", "Treffen"]
    view.show_cancelled.setChecked(True)

    # Delete with confirmation; undo brings it back
    answers = [False, True]
    monkeypatch.setattr(prompts, "confirm_delete_event", lambda *a: answers.pop(0))
    view.select_row(1)
    assert not view.delete_current()
    assert len(view.shown()) == 3
    assert view.delete_current()
    assert [o.title for o in view.shown()] == ["Workshop A", "Treffen"]
    assert not view.editor.has_event
    assert view._ops.undo()
    assert [o.title for o in view.shown()] == ["Workshop A", "Sitzung", "Treffen"]


def test_month_overflow_and_today(
    qtbot: Any, make_view: Callable[..., ScheduleView], db: Database
) -> None:
    with db.session() as s:
        for hour in range(8, 16):
            sc.create_event(
                s,
                sc.EventData(
                    title=f"Termin {hour}",
                    start=D(2021, 9, 15, hour),
                    end=D(2021, 9, 15, hour) + timedelta(minutes=30),
                ),
            )
    view = make_view(D(2021, 9, 15, 7, tzinfo=UTC))
    view.set_mode("month")
    cell = view.month.cell(date(2021, 9, 15))
    assert cell is not None and cell.is_today
    shown = cell.shown_titles()
    assert 1 <= len(shown) < 8
    assert cell.more_text() == f"+{8 - len(shown)} weitere"
    assert len(cell.entries) == 8  # every event is there (tooltip, screen readers)
    with qtbot.waitSignal(view.month.sig_day_requested):
        qtbot.mouseDClick(cell.more, Qt.MouseButton.LeftButton)
    assert view.mode == "week"
    assert len(view.week.grid.boxes) == 8


def test_undo_of_one_occurrence_edit_brings_the_date_back(
    qtbot: Any, view: ScheduleView, db: Database, ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_monthly_series(qtbot, view)
    monkeypatch.setattr(prompts, "ask_occurrence_scope", lambda *a: prompts.Scope.ONE)
    in_month(view, date(2021, 11, 1))
    cell = view.month.cell(date(2021, 11, 2))
    assert cell is not None
    [entry] = cell.findChildren(EntryLabel)
    qtbot.mouseDClick(entry, Qt.MouseButton.LeftButton)
    view.editor.title.setText("Mit Gast")
    save(qtbot, view.editor)
    assert ops.undo()
    assert month_titles(view, date(2021, 11, 2)) == ["18:00 ↻ Online-Netzwerktreffen"]


def test_hosted_in_the_main_window(
    qtbot: Any, db: Database, monkeypatch: pytest.MonkeyPatch, make_window: Callable[[], Any]
) -> None:
    """With the areas switched on, the window's shortcuts and the dashboard reach this area."""
    from contactdesk.gui.area import Area
    from contactdesk.gui.mainwindow import areas as mainwindow_areas

    monkeypatch.setattr(mainwindow_areas, "SCHEDULE_READY", True)
    monkeypatch.setattr(mainwindow_areas, "DASHBOARD_READY", True)
    add_person(db, "Lena", "Müller", "lena@example.org")
    window = make_window()
    schedule = window.area("events")
    dashboard = window.area("dashboard")
    assert isinstance(schedule, ScheduleView) and isinstance(schedule, Area)
    assert isinstance(dashboard, Area)
    assert window.show_area("events")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert schedule.editor.is_new and schedule.editor.title.hasFocus()
    qtbot.keyClicks(schedule.editor.title, "Netzwerktreffen")
    start = datetime.now().replace(second=0, microsecond=0) + timedelta(days=2)
    schedule.editor.form.start.setDateTime(to_qdatetime(start.replace(hour=10, minute=0)))
    schedule.editor.form.end.setDateTime(to_qdatetime(start.replace(hour=12, minute=0)))
    with qtbot.waitSignal(schedule.editor.sig_saved):
        qtbot.keyClick(schedule.editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    eid = schedule.editor.event_id
    assert eid is not None and event(db, eid).title == "Netzwerktreffen"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert schedule.search.hasFocus()

    # the dashboard lists it and opens it in the Termine area
    schedule.editor.clear()
    assert window.show_area("dashboard")
    assert dashboard.texts(dashboard.events, 2) == ["Netzwerktreffen"]
    dashboard.sig_open_requested.emit("events", eid)
    assert window.current_area() is schedule
    assert schedule.editor.event_id == eid


def test_typed_start_in_the_event_editor(qtbot: Any, view: ScheduleView, db: Database) -> None:
    """Ctrl+A and typing "15.11.2021 09:00" in Beginn gives that time (it gave 06.11. before)."""
    editor = view.editor
    view.new_item("workshop")
    editor.title.setText("Werkstatt")
    editor.form.start.setDateTime(to_qdatetime(D(2021, 11, 6, 9, 0)))
    editor.form.end.setDateTime(to_qdatetime(D(2021, 11, 6, 11, 0)))
    editor.form.start.setFocus()
    qtbot.keyClick(editor.form.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.form.start, "15.11.2021 09:00")
    qtbot.keyClick(editor.form.start, Qt.Key.Key_Tab)
    assert from_qdatetime(editor.form.start.dateTime()) == D(2021, 11, 15, 9, 0)
    assert from_qdatetime(editor.form.end.dateTime()) == D(2021, 11, 15, 11, 0)  # duration kept
    save(qtbot, editor)
    stored = event(db, editor.event_id or 0)
    assert stored.start == D(2021, 11, 15, 9, 0)  # wall time in the event's zone


def test_unreadable_date_is_not_saved_silently(qtbot: Any, view: ScheduleView) -> None:
    editor = view.editor
    view.new_item("workshop")
    editor.title.setText("Werkstatt")
    editor.form.start.setFocus()
    qtbot.keyClick(editor.form.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.form.start, "15.11.2")
    assert editor.form.start.error() == ""  # no red mark in the middle of typing
    qtbot.keyClick(editor.form.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.form.start, "32.11.2021 9:00")
    assert editor.is_dirty() and editor.save_button.isEnabled()  # typing counts as input
    saved: list[int] = []
    editor.sig_saved.connect(saved.append)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert saved == []
    assert editor.form.start.hasFocus()
    assert "gibt es im Monat 11.2021 nicht" in editor.form.start.error()


def test_older_records_are_found_through_all_years(
    qtbot: Any, make_view: Callable[..., ScheduleView], db: Database
) -> None:
    """A filter for "ausschuss" with only 2021 sessions stored: not a silent 0 in 2026."""
    with db.session() as s:
        for day in (2, 16):
            sc.create_event(
                s,
                sc.EventData(
                    title="Sitzung des Haupt- und Finanzausschusses",
                    start=D(2021, 9, day, 17),
                    end=D(2021, 9, day, 19),
                ),
            )
    view = make_view(D(2026, 12, 7, 9, tzinfo=UTC))
    view.set_mode("list")
    assert view.range_combo.currentData() == "upcoming"
    view.search.setText("ausschuss")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)  # Enter filters at once
    assert view.shown() == []
    assert view.elsewhere.isVisibleTo(view)
    assert "2 Treffer in anderen Jahren" in view.elsewhere.text()
    assert "16.09.2021" in view.elsewhere.text()

    view.elsewhere.linkActivated.emit("all")
    assert view.range_combo.currentData() == "all"
    assert [o.start.day for o in view.shown()] == [2, 16]
    assert not view.elsewhere.isVisibleTo(view)

    view.search.setText("gibt es nicht")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.shown() == []
    assert not view.elsewhere.isVisibleTo(view)  # all years are shown already: nothing to add


def test_week_view_by_mouse_and_keyboard(
    qtbot: Any, make_view: Callable[..., ScheduleView], db: Database
) -> None:
    with db.session() as s:
        sc.create_event(
            s, sc.EventData(title="Sprechstunde", start=D(2021, 9, 15, 14), end=D(2021, 9, 15, 15))
        )
    view = make_view(D(2021, 9, 15, 7, tzinfo=UTC))  # Wednesday
    view.set_mode("week")
    grid = view.week.grid
    # a double-click on an empty slot creates an event there (Tuesday 10:30)
    x = grid.GUTTER + 1.5 * grid._column_width()
    y = 10.5 * grid.HOUR_HEIGHT + 2
    qtbot.mouseDClick(grid, Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    assert view.editor.is_new
    assert from_qdatetime(view.editor.form.start.dateTime()) == D(2021, 9, 14, 10, 30)
    view.editor.discard()

    # the keyboard: the cursor starts on today, arrows move, Enter opens or creates
    grid.setFocus()
    assert grid.cursor_cell[0] == 2  # Wednesday
    for _ in range(14 - grid.cursor_cell[1]):
        qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.cursor_slot() == D(2021, 9, 15, 14)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert view.editor.title.text() == "Sprechstunde" and not view.editor.is_new
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert view.editor.is_new
    assert from_qdatetime(view.editor.form.start.dateTime()) == D(2021, 9, 16, 14)
    view.editor.discard()


def test_month_view_by_mouse_and_keyboard(
    qtbot: Any, make_view: Callable[..., ScheduleView], db: Database
) -> None:
    with db.session() as s:
        sc.create_event(
            s,
            sc.EventData(title="Netzwerktreffen", start=D(2021, 9, 16, 18), end=D(2021, 9, 16, 19)),
        )
    view = make_view(D(2021, 9, 15, 7, tzinfo=UTC))
    view.set_mode("month")
    cell = view.month.cell(date(2021, 9, 20))
    assert cell is not None
    # a double-click on the empty space of a day: a new event that day at 10:00
    qtbot.mouseDClick(
        cell, Qt.MouseButton.LeftButton, pos=QPoint(cell.width() // 2, cell.height() - 5)
    )
    assert view.editor.is_new
    assert from_qdatetime(view.editor.form.start.dateTime()) == D(2021, 9, 20, 10)
    view.editor.discard()

    month = view.month
    month.setFocus()
    assert month.cursor_day == date(2021, 9, 15)
    qtbot.keyClick(month, Qt.Key.Key_Right)
    qtbot.keyClick(month, Qt.Key.Key_Return)  # the 16th has an event: it opens
    assert view.editor.title.text() == "Netzwerktreffen"
    month.setFocus()
    qtbot.keyClick(month, Qt.Key.Key_Down)  # a week later, empty
    qtbot.keyClick(month, Qt.Key.Key_Return)
    assert view.editor.is_new
    assert from_qdatetime(view.editor.form.start.dateTime()).date() == date(2021, 9, 23)
    view.editor.discard()


def test_results_and_tasks_are_entered_in_the_editor_and_undone(
    qtbot: Any, view: ScheduleView, db: Database, ops: Ops
) -> None:
    """The Ergebnisprotokoll's results and tasks come from the editor (not only the service)."""
    from contactdesk.core.services import papers as ps

    editor = view.editor
    view.new_item("workshop")
    fill(editor, "Werkstatt Ehrenamt", D(2021, 10, 7, 17), D(2021, 10, 7, 19))
    editor.tabs.setCurrentIndex(1)
    editor.people.tasks.add_row()
    first = editor.people.tasks.rows[0]
    first.kind.setCurrentIndex(first.kind.findData("ergebnis"))
    first.text.setText("Ehrenamtsbörse im Frühjahr")
    save(qtbot, editor)
    eid = editor.event_id
    assert eid is not None
    with db.session() as s:
        assert ps.event_tasks(s, eid) == [
            ps.TaskData("Ehrenamtsbörse im Frühjahr", kind="ergebnis")
        ]

    editor.people.tasks.add_row()
    task = editor.people.tasks.rows[1]
    assert not task.owner.isHidden()  # a task asks who and by when
    task.text.setText("Flyer drucken")
    task.owner.setText("Jugendclub'83")
    task.due.set_value(date(2021, 11, 1))
    assert editor.is_dirty()
    save(qtbot, editor)
    with db.session() as s:
        stored = ps.event_tasks(s, eid)
    assert stored[1] == ps.TaskData("Flyer drucken", "Jugendclub'83", date(2021, 11, 1), "aufgabe")
    assert not editor.is_dirty()

    assert ops.undo()  # the second save: the task goes, the result stays
    with db.session() as s:
        assert [t.text for t in ps.event_tasks(s, eid)] == ["Ehrenamtsbörse im Frühjahr"]
    assert ops.redo()
    with db.session() as s:
        assert [t.text for t in ps.event_tasks(s, eid)][-1] == "Flyer drucken"
