"""The Termine area driven as a user would, checked through the core services as well."""

# ruff: noqa: F811  (tests take the imported fixtures `ops`, `make_view`, `view` as arguments)

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from contactdesk.core import timezones as tzs
from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.gui import prompts
from contactdesk.gui.models.schedule import P_RESPONSE
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.calendar_views import EntryLabel
from contactdesk.gui.views.event_editor import from_qdatetime, recurrence, to_qdatetime
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
    assert editor.form.kind.currentData() == "workshop"
    editor.form.start.setDateTime(to_qdatetime(D(2021, 9, 29, 17)))
    assert from_qdatetime(editor.form.end.dateTime()) == D(2021, 9, 29, 19)  # duration kept
    fill(
        editor,
        "Workshop „Engagement junger Menschen“",
        D(2021, 9, 29, 17),
        D(2021, 9, 29, 19),
        location="Jugendclub'83, Zörbiger Straße 38",
        room="Saal",
    )
    assert editor.form.start.text() == "29.09.2021 17:00"
    save(qtbot, editor)
    eid = editor.event_id
    assert eid is not None and not editor.is_dirty()
    stored = event(db, eid)
    assert stored.title == "Workshop „Engagement junger Menschen“"
    assert stored.start == D(2021, 9, 29, 17) and stored.tz == "Europe/Berlin"
    assert stored.start_utc == D(2021, 9, 29, 15, tzinfo=UTC)

    # invite through the searchable picker (folded spelling finds Müller and Öztürk)
    picker = editor.people.participant_picker
    for query in ("mueller", "gross", "ozturk"):
        rows = picker.run_search(query)
        assert len(rows) == 1
        picker.choose(0)
        assert editor.people.add_participant_button.isEnabled()
        qtbot.mouseClick(editor.people.add_participant_button, Qt.MouseButton.LeftButton)
    assert [p.contact_name for p in event(db, eid).participants] == [
        "Lena Müller",
        "Stefan Groß",
        "Ayşe Öztürk",
    ]
    assert "Einwilligung fehlt" in editor.people.participants_model.index(0, 4).data()

    qtbot.mouseClick(editor.people.mark_invited_button, Qt.MouseButton.LeftButton)
    assert {p.invitation for p in event(db, eid).participants} == {"eingeladen"}

    # responses edited in the table
    model = editor.people.participants_model
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
    assert "Zusage: 1" in editor.people.participant_counts.text()

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
    assert from_qdatetime(editor.form.start.dateTime()) == D(2021, 3, 28, 2, 30)
    assert editor.form.start.property("invalid") is True
    with db.session() as s:
        assert sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC)) == []
    # a valid time saves
    editor.form.start.setDateTime(to_qdatetime(D(2021, 3, 28, 3, 30)))
    save(qtbot, editor)
    assert editor.field_error("start") == ""


def test_ambiguous_autumn_time_asks_and_saves_with_choice(
    qtbot: Any, view: ScheduleView, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[datetime] = []

    def choose(parent: Any, local: datetime, tz: str) -> str:
        asked.append(local)
        return tzs.WINTER

    monkeypatch.setattr(prompts, "ask_dst_choice", choose)
    editor = view.editor
    view.new_item()
    fill(editor, "Nachtschicht", D(2021, 10, 31, 2, 30), D(2021, 10, 31, 4))
    save(qtbot, editor)
    assert asked == [D(2021, 10, 31, 2, 30)]
    stored = event(db, editor.event_id or 0)
    assert stored.start_utc == D(2021, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET = 01:30 UTC
    assert stored.ambiguous_choice == tzs.WINTER
    # saving again without touching the times does not ask again
    editor.form.room.setText("Keller")
    save(qtbot, editor)
    assert len(asked) == 1

    # cancelling the question saves nothing
    monkeypatch.setattr(prompts, "ask_dst_choice", lambda *a: None)
    view.new_item()
    fill(editor, "Zweiter Versuch", D(2021, 10, 31, 2, 15), D(2021, 10, 31, 3))
    assert not editor.save()
    assert editor.is_new


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
    assert view.editor.form.recurrence.freq.currentData() == recurrence.FREQ_MONTHLY_WEEKDAY
    assert view.editor.form.recurrence.count.value() == 4
    # the week view places it by time
    view.set_mode("week")
    view.show_date(date(2021, 11, 2))
    assert view.week.title() == "KW 44: 01.11. – 07.11.2021"
    [(rect, occ)] = view.week.grid.boxes
    assert occ.start.hour == 18 and rect.top() > 17 * view.week.grid.HOUR_HEIGHT


def test_the_series_hint_leaves_with_the_occurrence(
    qtbot: Any, view: ScheduleView, db: Database
) -> None:
    sid = create_monthly_series(qtbot, view)
    with db.session() as s:
        occ = sc.occurrences(s, D(2021, 11, 1, tzinfo=UTC), D(2021, 12, 1, tzinfo=UTC))[0]
    editor = view.editor
    assert occ.recurrence_id is not None and editor.open_occurrence(sid, occ.recurrence_id)
    hint = editor.form.recurrence_hint
    assert hint.isVisibleTo(editor) and "gehört zu einer Serie" in hint.text()
    editor.new_event()  # a new event belongs to no series: no word of one
    assert not hint.isVisibleTo(editor)


def test_edit_only_one_occurrence_of_a_series(
    qtbot: Any, view: ScheduleView, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = create_monthly_series(qtbot, view)
    scopes: list[str] = []

    def scope(parent: Any, title: str, verb: str) -> str:
        scopes.append(verb)
        return prompts.Scope.ONE

    monkeypatch.setattr(prompts, "ask_occurrence_scope", scope)
    in_month(view, date(2021, 11, 1))
    cell = view.month.cell(date(2021, 11, 2))
    assert cell is not None
    [entry] = cell.findChildren(EntryLabel)
    qtbot.mouseDClick(entry, Qt.MouseButton.LeftButton)
    editor = view.editor
    assert editor.is_occurrence and editor.title.text() == "Online-Netzwerktreffen"
    assert from_qdatetime(editor.form.start.dateTime()) == D(2021, 11, 2, 18)
    editor.title.setText("Online-Netzwerktreffen (mit Gast)")
    editor.form.start.setDateTime(to_qdatetime(D(2021, 11, 2, 19)))
    editor.form.end.setDateTime(to_qdatetime(D(2021, 11, 2, 20)))
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
    monkeypatch.setattr(prompts, "ask_occurrence_scope", lambda *a: prompts.Scope.SERIES)
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
    assert [p.contact_name for p in editor.people.participants_model.rows] == ["Lena Müller"]
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
    editor.form.room.setText("Seminarraum 1")
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
    assert editor.people.participants_model.index(0, P_RESPONSE).data() == "offen"

    # a response while the title has unsaved edits keeps the edit
    editor.title.setText("Noch nicht gespeichert")
    assert editor.set_response(lena.id or 0, "absage")
    assert editor.title.text() == "Noch nicht gespeichert" and editor.is_dirty()
    assert event(db, eid).title == "Auftaktworkshop Bitterfeld-Wolfen"
