"""The event editor's writes as use cases (core/services/event_edits.py): each returns the event
before and after, its undo puts the stored event back, and the rules of a series edit hold.
The participant changes and the version check also run on PostgreSQL (team mode)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from contactdesk.core import timezones as tzs
from contactdesk.core import undo
from contactdesk.core.db import Database
from contactdesk.core.errors import ValidationError
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import event_edits as ee
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.undo import UndoStack

D = datetime
#: the first Tuesday of November 2021, 18:00 in Berlin (17:00 UTC)
NOV = D(2021, 11, 2, 17, tzinfo=UTC)


def _undo_of(edit: ee.EventEdit) -> undo.Command:
    if edit.before is None:
        return undo.created_event(edit.event)
    return undo.updated_event(edit.before, edit.event, tasks=edit.tasks)


def _person(db: Database, first: str, last: str) -> int:
    with db.session() as s:
        data = cs.ContactData(first_name=first, last_name=last)
        data.consents = [cs.ConsentData("einladungen", date(2021, 1, 1), "email")]
        return cs.create_contact(s, data).id or 0


def _series(db: Database) -> int:
    with db.session() as s:
        return (
            ee.create(
                s,
                sc.EventData(
                    title="Netzwerktreffen",
                    kind="netzwerktreffen",
                    start=D(2021, 9, 7, 18),
                    end=D(2021, 9, 7, 20),
                    location="TGZ",
                    room="Saal",
                    rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
                ),
            ).event.id
            or 0
        )


def _single(db: Database, **changes: object) -> int:
    data = sc.EventData(
        title="Workshop Engagement",
        kind="workshop",
        start=D(2021, 9, 22, 16),
        end=D(2021, 9, 22, 19),
        **changes,  # type: ignore[arg-type]  # the test passes EventData fields by name
    )
    with db.session() as s:
        return ee.create(s, data).event.id or 0


def test_the_series_takes_only_what_the_occurrence_edit_changed(sqlite_db: Database) -> None:
    stack = UndoStack(sqlite_db)
    sid = _series(sqlite_db)
    with sqlite_db.session() as s:
        base = sc.occurrence_data(s, sid, NOV)
    with sqlite_db.session() as s:  # meanwhile the series moved to another place
        other = sc.get_event(s, sid)
        other.location = "Rathaus"
        sc.update_event(s, sid, other)
    data = dataclasses.replace(base, title="Netzwerktreffen im Herbst")
    data.start, data.end = base.start + timedelta(hours=1), base.end + timedelta(hours=1)
    with sqlite_db.session() as s:
        edit = ee.save_series(s, sid, data, base)
    stack.push(_undo_of(edit))
    saved = edit.event
    assert edit.before is not None and edit.before.location == "Rathaus"
    # the title and the hour the user changed; the place they did not touch stays the series'
    assert (saved.title, saved.location, saved.room) == (
        "Netzwerktreffen im Herbst",
        "Rathaus",
        "Saal",
    )
    assert (saved.start, saved.end) == (D(2021, 9, 7, 19), D(2021, 9, 7, 21))
    moved = ee.shifted_recurrence_id(base, data, saved)
    assert moved == NOV + timedelta(hours=1)
    with sqlite_db.session() as s:
        shown = sc.occurrence_data(s, sid, moved)
    assert (shown.title, shown.start) == ("Netzwerktreffen im Herbst", D(2021, 11, 2, 19))
    stack.undo()
    with sqlite_db.session() as s:
        back = sc.get_event(s, sid)
    assert (back.title, back.location, back.start) == (
        "Netzwerktreffen",
        "Rathaus",
        D(2021, 9, 7, 18),
    )


def test_a_series_moved_into_the_doubled_autumn_hour_takes_the_users_choice(
    sqlite_db: Database,
) -> None:
    with sqlite_db.session() as s:
        sid = (
            ee.create(
                s,
                sc.EventData(
                    title="Nachtwanderung",
                    kind="sonstiger_termin",
                    start=D(2021, 10, 31, 1, 30),
                    end=D(2021, 10, 31, 1, 45),
                    rrule="FREQ=WEEKLY;COUNT=3",
                ),
            ).event.id
            or 0
        )
        first = sc.occurrence_data(s, sid, D(2021, 10, 30, 23, 30, tzinfo=UTC))
    data = dataclasses.replace(first)
    data.start, data.end = first.start + timedelta(hours=1), first.end + timedelta(hours=1)
    with pytest.raises(ValidationError, match="zweimal vor"), sqlite_db.session() as s:
        ee.save_series(s, sid, data, first)  # 02:30 that night: which one?
    data.ambiguous_choice = tzs.WINTER
    with sqlite_db.session() as s:
        saved = ee.save_series(s, sid, data, first).event
    assert saved.start == D(2021, 10, 31, 2, 30)
    assert saved.start_utc == D(2021, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET, the second one


def test_one_date_of_a_series_becomes_an_event_of_its_own(sqlite_db: Database) -> None:
    stack = UndoStack(sqlite_db)
    sid = _series(sqlite_db)
    with sqlite_db.session() as s:
        data = sc.occurrence_data(s, sid, NOV)
    data.room = "Keller"
    with sqlite_db.session() as s:
        first = ee.save_occurrence(s, sid, NOV, data)
    stack.push(_undo_of(first))
    assert first.before is None and first.event.series_id == sid
    data.room = "Foyer"
    with sqlite_db.session() as s:
        second = ee.save_occurrence(s, sid, NOV, data)
    stack.push(_undo_of(second))
    assert second.before is not None and second.before.room == "Keller"
    assert second.event.id == first.event.id and second.event.room == "Foyer"
    stack.undo()
    with sqlite_db.session() as s:
        assert sc.occurrence_data(s, sid, NOV).room == "Keller"
    stack.undo()  # the first save made it: its undo puts it away, the series' date is back
    with sqlite_db.session() as s:
        assert sc.override_id(s, sid, NOV) is None
        assert sc.occurrence_data(s, sid, NOV).room == "Saal"


def test_cancelling_one_date_names_its_own_event(sqlite_db: Database) -> None:
    sid = _series(sqlite_db)
    with sqlite_db.session() as s:
        data = sc.occurrence_data(s, sid, NOV)
        own = ee.save_occurrence(s, sid, NOV, dataclasses.replace(data, room="Keller")).event.id
    with sqlite_db.session() as s:
        cancelled = ee.cancel_occurrence(s, sid, NOV)
    assert cancelled.override_id == own
    assert NOV not in cancelled.series_before.exdates
    assert NOV in cancelled.series_after.exdates


def test_update_with_tasks_returns_both_lists_for_undo(sqlite_db: Database) -> None:
    stack = UndoStack(sqlite_db)
    eid = _single(sqlite_db)
    with sqlite_db.session() as s:
        data = sc.get_event(s, eid)
    data.outcome = "Gute Runde"
    with sqlite_db.session() as s:
        edit = ee.update(s, eid, data, [ps.TaskData("Flyer drucken", "Lena", None)])
    stack.push(_undo_of(edit))
    assert edit.tasks is not None
    assert [t.text for t in edit.tasks[0]] == []
    assert [t.text for t in edit.tasks[1]] == ["Flyer drucken"]
    stack.undo()
    with sqlite_db.session() as s:
        assert ps.event_tasks(s, eid) == []
        assert sc.get_event(s, eid).outcome == ""


def test_update_is_refused_when_someone_else_saved_meanwhile(core_db: Database) -> None:
    from contactdesk.core.team.versions import VersionConflictError

    eid = _single(core_db)
    with core_db.session() as s:
        mine = sc.get_event(s, eid)
    with core_db.session() as s:
        theirs = sc.get_event(s, eid)
        theirs.room = "Saal"
        ee.update(s, eid, theirs)
    mine.room = "Keller"
    with pytest.raises(VersionConflictError), core_db.session() as s:
        ee.update(s, eid, mine)
    with core_db.session() as s:
        assert sc.get_event(s, eid).room == "Saal"


def test_cancel_keeps_the_note_and_undo_takes_it_back(sqlite_db: Database) -> None:
    stack = UndoStack(sqlite_db)
    eid = _single(sqlite_db)
    with sqlite_db.session() as s:
        edit = ee.cancel(s, eid, "Referentin erkrankt")
    stack.push(_undo_of(edit))
    assert edit.before is not None and edit.before.status != "abgesagt"
    assert (edit.event.status, edit.event.outcome) == ("abgesagt", "Referentin erkrankt")
    stack.undo()
    with sqlite_db.session() as s:
        assert sc.get_event(s, eid).status == edit.before.status


def test_each_participant_change_is_one_undoable_transaction(core_db: Database) -> None:
    stack = UndoStack(core_db)
    lena, stefan = _person(core_db, "Lena", "Müller"), _person(core_db, "Stefan", "Groß")
    eid = _single(core_db, capacity=1)

    def run(change: object) -> ee.EventEdit:
        with core_db.session() as s:
            edit = change(s)  # type: ignore[operator]  # the test's own callables
        assert isinstance(edit, ee.EventEdit)
        stack.push(_undo_of(edit))
        return edit

    invited = run(lambda s: ee.invite(s, eid, [lena, stefan], "teilnehmer"))
    assert invited.before is not None and invited.before.participants == []
    rows = {p.contact_id: p for p in invited.event.participants}
    assert set(rows) == {lena, stefan} and rows[stefan].waiting_list  # one place only
    answered = run(lambda s: ee.record_response(s, eid, lena, "absage"))
    by_id = {p.contact_id: p for p in answered.event.participants}
    assert by_id[lena].response == "absage"
    assert not by_id[stefan].waiting_list  # Stefan moved up ...
    assert answered.result.warnings  # ... and the save says so
    role = run(lambda s: ee.set_role(s, eid, stefan, "referent"))
    assert {p.contact_id: p.role for p in role.event.participants}[stefan] == "referent"
    came = run(lambda s: ee.record_attendance(s, eid, stefan, True))
    assert {p.contact_id: p.attended for p in came.event.participants}[stefan] is True
    marked = run(lambda s: ee.mark_invited(s, eid))
    assert marked.event.status == "eingeladen"
    removed = run(lambda s: ee.remove_participant(s, eid, lena))
    assert [p.contact_id for p in removed.event.participants] == [stefan]

    for _step in range(6):
        stack.undo()
    with core_db.session() as s:
        assert sc.get_event(s, eid).participants == []


def test_a_refused_participant_change_writes_nothing(sqlite_db: Database) -> None:
    eid = _single(sqlite_db)
    with pytest.raises(ValidationError), sqlite_db.session() as s:
        ee.record_response(s, eid, 1, "vielleicht")
    with sqlite_db.session() as s:
        assert sc.get_event(s, eid).participants == []
