"""The Termine area driven as a user would, checked through the core services as well."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPoint, Qt

from contactdesk.core import timezones as tzs
from contactdesk.core.db import Database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from contactdesk.core.undo import UndoStack
from contactdesk.gui.actions import create_actions
from contactdesk.gui.models.schedule import P_RESPONSE
from contactdesk.gui.ops import Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views import event_editor, event_parts
from contactdesk.gui.views.calendar_views import EntryLabel
from contactdesk.gui.views.event_editor import EventEditor, from_qdatetime, to_qdatetime
from contactdesk.gui.views.schedule import ScheduleView
from tests.gui.helpers import add_person

D = datetime
NOW = D(2021, 9, 1, 8, tzinfo=UTC)


@pytest.fixture
def ops(db: Database) -> Ops:
    return Ops(db, UndoStack(db))


@pytest.fixture
def make_view(qtbot: Any, ops: Ops, settings: Settings) -> Callable[..., ScheduleView]:
    holder = QObject()

    def make(now: datetime = NOW) -> ScheduleView:
        view = ScheduleView(ops, create_actions(holder), settings, clock=lambda: now)
        qtbot.addWidget(view)
        view.resize(1300, 850)
        view.restore_state()
        view.show()
        qtbot.waitExposed(view)
        view.start()
        return view

    yield make
    holder.deleteLater()


@pytest.fixture
def view(make_view: Callable[..., ScheduleView]) -> ScheduleView:
    return make_view()


def fill(editor: EventEditor, title: str, start: datetime, end: datetime, **kw: Any) -> None:
    editor.title.setText(title)
    editor.start.setDateTime(to_qdatetime(start))
    editor.end.setDateTime(to_qdatetime(end))
    for name, value in kw.items():
        widget = getattr(editor, name)
        widget.setText(value)


def save(qtbot: Any, editor: EventEditor) -> None:
    with qtbot.waitSignal(editor.sig_saved, timeout=2000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def event(db: Database, event_id: int) -> sc.EventData:
    with db.session() as s:
        return sc.get_event(s, event_id)


def month_titles(view: ScheduleView, day: date) -> list[str]:
    cell = view.month.cell(day)
    assert cell is not None
    return cell.shown_titles()


def in_month(view: ScheduleView, day: date) -> None:
    view.set_mode("month")
    view.show_date(day)


# --------------------------------------------------------------------------- tests


def test_workshop_with_three_invitations_and_responses(
    qtbot: Any, view: ScheduleView, db: Database
) -> None:
    lena = add_person(db, "Lena", "Müller", "lena@example.org")
    stefan = add_person(db, "Stefan", "Groß", "stefan@example.org")
    ayse = add_person(db, "Ayşe", "Öztürk", "ayse@example.org")
    editor = view.editor
    view.new_item("workshop")
    assert editor.is_new and editor.title.hasFocus()
    assert editor.kind.currentData() == "workshop"
    editor.start.setDateTime(to_qdatetime(D(2021, 9, 29, 17)))
    assert from_qdatetime(editor.end.dateTime()) == D(2021, 9, 29, 19)  # duration kept
    fill(
        editor,
        "Workshop „Engagement junger Menschen“",
        D(2021, 9, 29, 17),
        D(2021, 9, 29, 19),
        location="Jugendclub'83, Zörbiger Straße 38",
        room="Saal",
    )
    assert editor.start.text() == "29.09.2021 17:00"
    save(qtbot, editor)
    eid = editor.event_id
    assert eid is not None and not editor.is_dirty()
    stored = event(db, eid)
    assert stored.title == "Workshop „Engagement junger Menschen“"
    assert stored.start == D(2021, 9, 29, 17) and stored.tz == "Europe/Berlin"
    assert stored.start_utc == D(2021, 9, 29, 15, tzinfo=UTC)

    # invite through the searchable picker (folded spelling finds Müller and Öztürk)
    picker = editor.participant_picker
    for query in ("mueller", "gross", "ozturk"):
        rows = picker.run_search(query)
        assert len(rows) == 1
        picker.choose(0)
        assert editor.add_participant_button.isEnabled()
        qtbot.mouseClick(editor.add_participant_button, Qt.MouseButton.LeftButton)
    assert [p.contact_name for p in event(db, eid).participants] == [
        "Lena Müller",
        "Stefan Groß",
        "Ayşe Öztürk",
    ]
    assert "Einwilligung fehlt" in editor.participants_model.index(0, 4).data()

    qtbot.mouseClick(editor.mark_invited_button, Qt.MouseButton.LeftButton)
    assert {p.invitation for p in event(db, eid).participants} == {"eingeladen"}

    # responses edited in the table
    model = editor.participants_model
    for contact, response in ((lena, "zusage"), (stefan, "absage"), (ayse, "vorbehalt")):
        row = model.row_of(contact.id)
        assert row is not None
        assert model.setData(model.index(row, P_RESPONSE), response)
    responses = {p.contact_id: p.response for p in event(db, eid).participants}
    assert responses == {lena.id: "zusage", stefan.id: "absage", ayse.id: "vorbehalt"}
    assert [model.index(r, P_RESPONSE).data() for r in range(3)] == [
        "Zusage",
        "Absage",
        "Vorbehalt",
    ]
    assert "Zusage: 1" in editor.participant_counts.text()

    # the month view shows it on the right day
    in_month(view, date(2021, 9, 1))
    assert view.month.title() == "September 2021"
    assert month_titles(view, date(2021, 9, 29)) == ["17:00 Workshop „Engagement junger Menschen“"]
    assert month_titles(view, date(2021, 9, 28)) == []
    # the list shows the participants (no waiting list: all three count)
    view.set_mode("list")
    assert [o.participants for o in view.shown()] == [3]


def test_dst_gap_shows_german_message_and_keeps_input(
    qtbot: Any, view: ScheduleView, db: Database
) -> None:
    editor = view.editor
    view.new_item()
    fill(editor, "Frühjahrstreffen", D(2021, 3, 28, 2, 30), D(2021, 3, 28, 4))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    message = editor.field_error("start")
    assert "02:30 Uhr gibt es am 28.03.2021" in message and "Sommerzeit" in message
    assert editor.is_new and editor.title.text() == "Frühjahrstreffen"
    assert from_qdatetime(editor.start.dateTime()) == D(2021, 3, 28, 2, 30)
    assert editor.start.property("invalid") is True
    with db.session() as s:
        assert sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC)) == []
    # a valid time saves
    editor.start.setDateTime(to_qdatetime(D(2021, 3, 28, 3, 30)))
    save(qtbot, editor)
    assert editor.field_error("start") == ""


def test_ambiguous_autumn_time_asks_and_saves_with_choice(
    qtbot: Any, view: ScheduleView, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[datetime] = []

    def choose(parent: Any, local: datetime, tz: str) -> str:
        asked.append(local)
        return tzs.WINTER

    monkeypatch.setattr(event_editor, "ask_dst_choice", choose)
    editor = view.editor
    view.new_item()
    fill(editor, "Nachtschicht", D(2021, 10, 31, 2, 30), D(2021, 10, 31, 4))
    save(qtbot, editor)
    assert asked == [D(2021, 10, 31, 2, 30)]
    stored = event(db, editor.event_id or 0)
    assert stored.start_utc == D(2021, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET = 01:30 UTC
    assert stored.ambiguous_choice == tzs.WINTER
    # saving again without touching the times does not ask again
    editor.room.setText("Keller")
    save(qtbot, editor)
    assert len(asked) == 1

    # cancelling the question saves nothing
    monkeypatch.setattr(event_editor, "ask_dst_choice", lambda *a: None)
    view.new_item()
    fill(editor, "Zweiter Versuch", D(2021, 10, 31, 2, 15), D(2021, 10, 31, 3))
    assert not editor.save()
    assert editor.is_new


def create_monthly_series(qtbot: Any, view: ScheduleView) -> int:
    editor = view.editor
    view.new_item("online_termin")
    fill(editor, "Online-Netzwerktreffen", D(2021, 9, 7, 18), D(2021, 9, 7, 19))
    rec = editor.recurrence
    index = rec.freq.findData(event_parts.FREQ_MONTHLY_WEEKDAY)
    assert rec.freq.itemText(index) == "monatlich: jeden 1. Dienstag"
    rec.freq.setCurrentIndex(index)
    rec.end_kind.setCurrentIndex(rec.end_kind.findData(event_parts.END_COUNT))
    rec.count.setValue(4)
    save(qtbot, editor)
    assert editor.event_id is not None
    return editor.event_id


def test_monthly_series_keeps_wall_time_across_october_dst(
    qtbot: Any, view: ScheduleView, db: Database
) -> None:
    sid = create_monthly_series(qtbot, view)
    assert event(db, sid).rrule == "FREQ=MONTHLY;BYDAY=1TU;COUNT=4"
    in_month(view, date(2021, 9, 1))
    queries = view.query_count
    expected = [date(2021, 9, 7), date(2021, 10, 5), date(2021, 11, 2), date(2021, 12, 7)]
    for day in expected:
        assert month_titles(view, day) == ["18:00 ↻ Online-Netzwerktreffen"], day
        qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.query_count == queries + 4  # one occurrences() call per month shown
    # Nov 2 is 18:00 CET = 17:00 UTC, Sep 7 is 18:00 CEST = 16:00 UTC
    with db.session() as s:
        occs = sc.occurrences(s, D(2021, 9, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC))
    assert [o.start.astimezone(UTC).hour for o in occs] == [16, 16, 17, 17]
    # the series' own date shows the rule when opened again
    view.editor.open_event(sid)
    assert view.editor.recurrence.freq.currentData() == event_parts.FREQ_MONTHLY_WEEKDAY
    assert view.editor.recurrence.count.value() == 4
    # the week view places it by time
    view.set_mode("week")
    view.show_date(date(2021, 11, 2))
    assert view.week.title() == "KW 44: 01.11. – 07.11.2021"
    [(rect, occ)] = view.week.grid.boxes
    assert occ.start.hour == 18 and rect.top() > 17 * view.week.grid.HOUR_HEIGHT


def test_edit_only_one_occurrence_of_a_series(
    qtbot: Any, view: ScheduleView, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = create_monthly_series(qtbot, view)
    scopes: list[str] = []

    def scope(parent: Any, title: str, verb: str) -> str:
        scopes.append(verb)
        return event_editor.ONE

    monkeypatch.setattr(event_editor, "ask_occurrence_scope", scope)
    in_month(view, date(2021, 11, 1))
    cell = view.month.cell(date(2021, 11, 2))
    assert cell is not None
    [entry] = cell.findChildren(EntryLabel)
    qtbot.mouseDClick(entry, Qt.MouseButton.LeftButton)
    editor = view.editor
    assert editor.is_occurrence and editor.title.text() == "Online-Netzwerktreffen"
    assert from_qdatetime(editor.start.dateTime()) == D(2021, 11, 2, 18)
    editor.title.setText("Online-Netzwerktreffen (mit Gast)")
    editor.start.setDateTime(to_qdatetime(D(2021, 11, 2, 19)))
    editor.end.setDateTime(to_qdatetime(D(2021, 11, 2, 20)))
    save(qtbot, editor)
    assert scopes == ["Welche Termine ändern?"]
    assert month_titles(view, date(2021, 11, 2)) == ["19:00 ↻ Online-Netzwerktreffen (mit Gast)"]
    with db.session() as s:
        occs = sc.occurrences(s, D(2021, 9, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC))
    assert [(o.start.date().isoformat(), o.start.hour, o.title) for o in occs] == [
        ("2021-09-07", 18, "Online-Netzwerktreffen"),
        ("2021-10-05", 18, "Online-Netzwerktreffen"),
        ("2021-11-02", 19, "Online-Netzwerktreffen (mit Gast)"),
        ("2021-12-07", 18, "Online-Netzwerktreffen"),
    ]
    assert event(db, sid).title == "Online-Netzwerktreffen"

    # deleting one occurrence cancels only that date (EXDATE)
    in_month(view, date(2021, 12, 1))
    cell = view.month.cell(date(2021, 12, 7))
    assert cell is not None
    [entry] = cell.findChildren(EntryLabel)
    qtbot.mouseDClick(entry, Qt.MouseButton.LeftButton)
    assert view.delete_current()
    assert month_titles(view, date(2021, 12, 7)) == []
    assert len(event(db, sid).exdates) == 1

    # the whole series: a new title for every date that is not changed on its own
    monkeypatch.setattr(event_editor, "ask_occurrence_scope", lambda *a: event_editor.SERIES)
    in_month(view, date(2021, 10, 1))
    cell = view.month.cell(date(2021, 10, 5))
    assert cell is not None
    [entry] = cell.findChildren(EntryLabel)
    qtbot.mouseDClick(entry, Qt.MouseButton.LeftButton)
    editor.title.setText("Netzwerk-Call")
    save(qtbot, editor)
    assert event(db, sid).title == "Netzwerk-Call"
    assert editor.is_occurrence and editor.title.text() == "Netzwerk-Call"
    assert month_titles(view, date(2021, 10, 5)) == ["18:00 ↻ Netzwerk-Call"]


def test_conflicts_are_shown_after_saving(qtbot: Any, view: ScheduleView, db: Database) -> None:
    lena = add_person(db, "Lena", "Müller", "lena@example.org")
    with db.session() as s:
        sc.create_event(
            s,
            sc.EventData(
                title="Sitzung des Stadtrates",
                kind="sonstiger_termin",
                start=D(2021, 9, 8, 17),
                end=D(2021, 9, 8, 21),
                location="Rathaus",
                room="Ratssaal",
                participants=[sc.ParticipantData(lena.id or 0)],
            ),
        )
    editor = view.editor
    view.new_item()
    fill(
        editor,
        "Bürgerdialog",
        D(2021, 9, 8, 18),
        D(2021, 9, 8, 19),
        location="Rathaus",
        room="Ratssaal",
    )
    editor.add_participants([lena.id or 0])
    assert [p.contact_name for p in editor.participants_model.rows] == ["Lena Müller"]
    save(qtbot, editor)
    notice = editor.notice_text()
    assert "Überschneidungen" in notice
    assert "Der Raum „Ratssaal“ ist am 08.09.2021 um 17:00 Uhr schon durch" in notice
    assert "Lena Müller ist am 08.09.2021 um 17:00 Uhr schon bei „Sitzung des Stadtrates“" in notice
    assert "keine gültige Einwilligung" not in notice  # not invited yet
    # saved despite the conflicts
    assert editor.event_id is not None and event(db, editor.event_id).title == "Bürgerdialog"
    in_month(view, date(2021, 9, 1))
    assert month_titles(view, date(2021, 9, 8)) == [
        "17:00 Sitzung des Stadtrates",
        "18:00 Bürgerdialog",
    ]


def test_undo_of_an_edit_and_of_a_response(
    qtbot: Any, view: ScheduleView, db: Database, ops: Ops
) -> None:
    lena = add_person(db, "Lena", "Müller", "lena@example.org")
    editor = view.editor
    view.new_item("workshop")
    fill(editor, "Auftaktworkshop", D(2021, 9, 22, 16), D(2021, 9, 22, 19))
    editor.add_participants([lena.id or 0])
    save(qtbot, editor)
    eid = editor.event_id or 0
    assert ops.undo_stack.undo_text == "Anlegen von „Auftaktworkshop“"

    editor.title.setText("Auftaktworkshop Bitterfeld-Wolfen")
    editor.room.setText("Seminarraum 1")
    save(qtbot, editor)
    assert event(db, eid).room == "Seminarraum 1"
    assert ops.undo()
    assert event(db, eid).title == "Auftaktworkshop" and event(db, eid).room == ""
    assert editor.title.text() == "Auftaktworkshop" and not editor.is_dirty()
    assert ops.redo()
    assert editor.title.text() == "Auftaktworkshop Bitterfeld-Wolfen"

    assert editor.set_response(lena.id or 0, "zusage")
    assert event(db, eid).participants[0].response == "zusage"
    assert ops.undo_stack.undo_text == "Ändern von „Auftaktworkshop Bitterfeld-Wolfen“"
    assert ops.undo()
    assert event(db, eid).participants[0].response == "offen"
    assert editor.participants_model.index(0, P_RESPONSE).data() == "offen"

    # a response while the title has unsaved edits keeps the edit
    editor.title.setText("Noch nicht gespeichert")
    assert editor.set_response(lena.id or 0, "absage")
    assert editor.title.text() == "Noch nicht gespeichert" and editor.is_dirty()
    assert event(db, eid).title == "Auftaktworkshop Bitterfeld-Wolfen"


def test_all_day_shows_last_day_and_stores_exclusive_end(
    qtbot: Any, view: ScheduleView, db: Database
) -> None:
    editor = view.editor
    view.new_item()
    editor.title.setText("Aktionstage")
    editor.all_day.setChecked(True)
    editor.start.setDateTime(to_qdatetime(D(2021, 10, 1)))
    assert editor.start.text() == "01.10.2021"  # the day only
    editor.end.setDateTime(to_qdatetime(D(2021, 10, 3)))
    save(qtbot, editor)
    stored = event(db, editor.event_id or 0)
    assert stored.all_day and stored.end == D(2021, 10, 4)
    assert editor.end.date().day() == 3  # shown inclusive
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
    monkeypatch.setattr(event_editor, "ask_cancel_note", lambda *a: "Referentin erkrankt")
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
    monkeypatch.setattr(event_editor, "confirm_delete_event", lambda *a: answers.pop(0))
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
    monkeypatch.setattr(event_editor, "ask_occurrence_scope", lambda *a: event_editor.ONE)
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
    schedule.editor.start.setDateTime(to_qdatetime(start.replace(hour=10, minute=0)))
    schedule.editor.end.setDateTime(to_qdatetime(start.replace(hour=12, minute=0)))
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
    editor.start.setDateTime(to_qdatetime(D(2021, 11, 6, 9, 0)))
    editor.end.setDateTime(to_qdatetime(D(2021, 11, 6, 11, 0)))
    editor.start.setFocus()
    qtbot.keyClick(editor.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.start, "15.11.2021 09:00")
    qtbot.keyClick(editor.start, Qt.Key.Key_Tab)
    assert from_qdatetime(editor.start.dateTime()) == D(2021, 11, 15, 9, 0)
    assert from_qdatetime(editor.end.dateTime()) == D(2021, 11, 15, 11, 0)  # duration kept
    save(qtbot, editor)
    stored = event(db, editor.event_id or 0)
    assert stored.start == D(2021, 11, 15, 9, 0)  # wall time in the event's zone


def test_unreadable_date_is_not_saved_silently(qtbot: Any, view: ScheduleView) -> None:
    editor = view.editor
    view.new_item("workshop")
    editor.title.setText("Werkstatt")
    editor.start.setFocus()
    qtbot.keyClick(editor.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.start, "15.11.2")
    assert editor.start.error() == ""  # no red mark in the middle of typing
    qtbot.keyClick(editor.start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.start, "32.11.2021 9:00")
    assert editor.is_dirty() and editor.save_button.isEnabled()  # typing counts as input
    saved: list[int] = []
    editor.sig_saved.connect(saved.append)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert saved == []
    assert editor.start.hasFocus()
    assert "gibt es im Monat 11.2021 nicht" in editor.start.error()


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
    assert from_qdatetime(view.editor.start.dateTime()) == D(2021, 9, 14, 10, 30)
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
    assert from_qdatetime(view.editor.start.dateTime()) == D(2021, 9, 16, 14)
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
    assert from_qdatetime(view.editor.start.dateTime()) == D(2021, 9, 20, 10)
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
    assert from_qdatetime(view.editor.start.dateTime()).date() == date(2021, 9, 23)
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
    editor.tasks.add_row()
    first = editor.tasks.rows[0]
    first.kind.setCurrentIndex(first.kind.findData("ergebnis"))
    first.text.setText("Ehrenamtsbörse im Frühjahr")
    save(qtbot, editor)
    eid = editor.event_id
    assert eid is not None
    with db.session() as s:
        assert ps.event_tasks(s, eid) == [
            ps.TaskData("Ehrenamtsbörse im Frühjahr", kind="ergebnis")
        ]

    editor.tasks.add_row()
    task = editor.tasks.rows[1]
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
