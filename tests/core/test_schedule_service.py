"""Schedule: time zones and DST, series, conflicts, participants, waiting list, SEQUENCE, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from contactdesk.core.db import Database
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import dashboard as ds
from contactdesk.core.services import schedule as sc
from contactdesk.core.undo import UndoStack, created_event, updated_event

D = datetime


@pytest.fixture
def people(core_db: Database) -> dict[str, int]:
    with core_db.session() as s:
        hfa = cs.create_contact(
            s,
            cs.ContactData(
                kind="organisation", name="Haupt- und Finanzausschuss", org_kind="gremium"
            ),
        )
        club = cs.create_contact(s, cs.ContactData(kind="organisation", name="Jugendclub'83"))
        ids = {"hfa": hfa.id or 0, "club": club.id or 0}
        for key, first, last, consent in (
            ("lena", "Lena", "Müller", True),
            ("stefan", "Stefan", "Groß", True),
            ("ayse", "Ayşe", "Öztürk", False),
            ("juergen", "Jürgen", "Maier", True),
        ):
            data = cs.ContactData(
                first_name=first, last_name=last, emails=[cs.EmailData(f"{key}@example.de")]
            )
            if consent:
                data.consents = [cs.ConsentData("einladungen", date(2021, 1, 1), "email")]
            if key == "lena":
                data.roles = [
                    cs.RoleData(club.id or 0, "Ansprechpartnerin Ehrenamt", is_contact_person=True)
                ]
            ids[key] = cs.create_contact(s, data).id or 0
    return ids


def _workshop(**changes: object) -> sc.EventData:
    data = sc.EventData(
        title="Workshop Engagement",
        kind="workshop",
        start=D(2021, 9, 22, 16),
        end=D(2021, 9, 22, 19),
        location="TGZ",
        room="Seminarraum 1",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_times_are_stored_as_utc_and_read_back_as_wall_time(core_db: Database) -> None:
    with core_db.session() as s:
        summer = sc.create_event(s, _workshop()).event
        winter = sc.create_event(
            s, _workshop(start=D(2021, 12, 1, 16), end=D(2021, 12, 1, 19))
        ).event
    with core_db.session() as s:
        assert sc.get_event(s, summer.id or 0).start == D(2021, 9, 22, 16)
        occ = sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC))
    assert [o.start.astimezone(UTC).hour for o in occ] == [14, 15]
    assert winter.start == D(2021, 12, 1, 16)


def test_skipped_and_ambiguous_local_times(core_db: Database) -> None:
    with core_db.session() as s:
        with pytest.raises(ValidationError, match=r"gibt es am 28\.03\.2021"):
            sc.create_event(s, _workshop(start=D(2021, 3, 28, 2, 30), end=D(2021, 3, 28, 4)))
        with pytest.raises(ValidationError, match="zweimal vor"):
            sc.create_event(s, _workshop(start=D(2021, 10, 31, 2, 30), end=D(2021, 10, 31, 4)))
        first = sc.create_event(
            s,
            _workshop(
                start=D(2021, 10, 31, 2, 30), end=D(2021, 10, 31, 4), ambiguous_choice="sommerzeit"
            ),
        ).event
        second = sc.create_event(
            s,
            _workshop(
                start=D(2021, 10, 31, 2, 30), end=D(2021, 10, 31, 4), ambiguous_choice="winterzeit"
            ),
        ).event
        assert first.start_utc == D(2021, 10, 31, 0, 30, tzinfo=UTC)
        assert second.start_utc == D(2021, 10, 31, 1, 30, tzinfo=UTC)
        assert sc.get_event(s, second.id or 0).ambiguous_choice == "winterzeit"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": " "}, "title", "Titel"),
        ({"end": D(2021, 9, 22, 15)}, "end", "vor dem Beginn"),
        ({"end": D(2021, 9, 22, 16)}, "end", "vor dem Beginn"),
        ({"tz": "Mars/Olympus"}, "tz", "unbekannt"),
        ({"rrule": "FREQ=MINUTELY"}, "rrule", "nicht häufiger"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "rrule", "ungültig"),
        ({"capacity": 0}, "capacity", "mindestens 1"),
        ({"kind": "gremiensitzung"}, "committee_id", "Gremium"),
        ({"end": D(2023, 9, 22, 16)}, "end", "höchstens ein Jahr"),
    ],
)
def test_bad_input(core_db: Database, changes: dict[str, object], field: str, words: str) -> None:
    with core_db.session() as s, pytest.raises(ValidationError) as info:
        sc.create_event(s, _workshop(**changes))
    assert words in info.value.fields[field]


def test_all_day_event_has_exclusive_end(core_db: Database) -> None:
    with core_db.session() as s:
        event = sc.create_event(
            s, _workshop(all_day=True, start=D(2021, 10, 7), end=D(2021, 10, 7))
        ).event
    assert (event.start, event.end) == (D(2021, 10, 7), D(2021, 10, 8))
    assert event.start_utc == D(2021, 10, 6, 22, tzinfo=UTC)


def test_monthly_series_keeps_wall_time_across_dst(core_db: Database) -> None:
    with core_db.session() as s:
        series = sc.create_event(
            s,
            _workshop(
                title="Netzwerk-Call",
                kind="online_termin",
                start=D(2021, 9, 7, 10),
                end=D(2021, 9, 7, 11),
                rrule="RRULE:FREQ=MONTHLY;BYDAY=1TU;UNTIL=20220531",
                location="",
                room="",
            ),
        ).event
        assert series.rrule == "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20220531T215959Z"
        occ = sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2023, 1, 1, tzinfo=UTC))
    assert [o.start.strftime("%d.%m. %H:%M") for o in occ] == [
        "07.09. 10:00",
        "05.10. 10:00",
        "02.11. 10:00",
        "07.12. 10:00",
        "04.01. 10:00",
        "01.02. 10:00",
        "01.03. 10:00",
        "05.04. 10:00",
        "03.05. 10:00",
    ]
    assert {o.start.astimezone(UTC).hour for o in occ} == {8, 9}
    assert all(o.end - o.start == timedelta(hours=1) for o in occ)


def test_unbounded_and_huge_series_are_bounded(core_db: Database) -> None:
    with core_db.session() as s:
        sc.create_event(s, _workshop(rrule="FREQ=DAILY", location="", room=""))
        sc.create_event(
            s, _workshop(title="Riesig", rrule="FREQ=DAILY;COUNT=100000", location="", room="")
        )
        week = sc.occurrences(s, D(2030, 1, 1, tzinfo=UTC), D(2030, 1, 8, tzinfo=UTC))
        assert len(week) == 14
        century = sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2121, 1, 1, tzinfo=UTC), limit=500)
        assert len(century) == 500


def test_cancel_and_edit_one_occurrence(core_db: Database, people: dict[str, int]) -> None:
    with core_db.session() as s:
        master = sc.create_event(
            s,
            _workshop(
                title="Netzwerk-Call",
                start=D(2021, 9, 7, 10),
                end=D(2021, 9, 7, 11),
                rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
                participants=[sc.ParticipantData(people["lena"])],
            ),
        ).event
        mid = master.id or 0
        nov = D(2021, 11, 2, 9, tzinfo=UTC)
        dec = D(2021, 12, 7, 9, tzinfo=UTC)
        after_cancel = sc.cancel_occurrence(s, mid, nov)
        assert after_cancel.sequence == master.sequence + 1
        with pytest.raises(ValidationError, match="gibt es in der Serie nicht"):
            sc.cancel_occurrence(s, mid, D(2021, 11, 3, 9, tzinfo=UTC))
        moved = sc.occurrence_data(s, mid, dec)
        assert moved.start == D(2021, 12, 7, 10)
        moved.start, moved.end = D(2021, 12, 7, 14), D(2021, 12, 7, 15)
        override = sc.edit_occurrence(s, mid, dec, moved).event
        assert override.uid == master.uid and override.recurrence_id == dec
        assert [p.contact_id for p in override.participants] == [people["lena"]]
        occ = sc.occurrences(s, D(2021, 9, 1, tzinfo=UTC), D(2022, 3, 1, tzinfo=UTC))
        assert [o.start.strftime("%d.%m. %H:%M") for o in occ] == [
            "07.09. 10:00",
            "05.10. 10:00",
            "07.12. 14:00",
            "04.01. 10:00",
            "01.02. 10:00",
        ]
        assert occ[2].event_id == override.id and occ[2].is_series
        # editing the whole series keeps the changed occurrence
        whole = sc.get_event(s, mid)
        whole.title = "Netzwerk-Call (neu)"
        sc.update_event(s, mid, whole)
        titles = [
            o.title for o in sc.occurrences(s, D(2021, 9, 1, tzinfo=UTC), D(2022, 3, 1, tzinfo=UTC))
        ]
        assert titles.count("Netzwerk-Call (neu)") == 4
        with pytest.raises(ConflictError):
            sc.cancel_occurrence(s, override.id or 0, dec)


def test_sequence_grows_only_for_changes_that_matter(core_db: Database) -> None:
    with core_db.session() as s:
        event = sc.create_event(s, _workshop()).event
        eid = event.id or 0
        assert event.sequence == 0
        event.description = "Nur Text"
        assert sc.update_event(s, eid, event).event.sequence == 0
        event = sc.get_event(s, eid)
        event.room = "Seminarraum 2"
        assert sc.update_event(s, eid, event).event.sequence == 1
        event = sc.get_event(s, eid)
        event.start, event.end = D(2021, 9, 23, 16), D(2021, 9, 23, 19)
        assert sc.update_event(s, eid, event).event.sequence == 2
        cancelled = sc.cancel_event(s, eid, "Referent erkrankt")
        assert (cancelled.status, cancelled.sequence) == ("abgesagt", 3)
        assert cancelled.last_modified is not None


def test_conflicts_for_participants_and_rooms(core_db: Database, people: dict[str, int]) -> None:
    with core_db.session() as s:
        sc.create_event(s, _workshop(participants=[sc.ParticipantData(people["lena"])]))
        result = sc.create_event(
            s,
            _workshop(
                title="Vorstandssitzung",
                start=D(2021, 9, 22, 18),
                end=D(2021, 9, 22, 20),
                participants=[
                    sc.ParticipantData(people["lena"]),
                    sc.ParticipantData(people["stefan"]),
                ],
            ),
        )
        messages = [c.message for c in result.conflicts]
        assert any("Lena Müller" in m and "22.09.2021 um 16:00" in m for m in messages)
        assert any("Seminarraum 1" in m for m in messages)
        assert not any("Stefan" in m for m in messages)
        later = sc.create_event(
            s,
            _workshop(
                title="Danach",
                start=D(2021, 9, 22, 19),
                end=D(2021, 9, 22, 20),
                participants=[sc.ParticipantData(people["lena"])],
            ),
        )
        assert [c for c in later.conflicts if c.title == "Workshop Engagement"] == []


def test_participants_consent_waiting_list_and_attendance(
    core_db: Database, people: dict[str, int]
) -> None:
    with core_db.session() as s:
        event = sc.create_event(s, _workshop(capacity=2)).event
        eid = event.id or 0
        result = sc.invite(
            s, eid, [people["club"], people["stefan"], people["ayse"], people["juergen"]]
        )
        names = [p.contact_name for p in result.event.participants]
        assert names == [
            "Lena Müller",
            "Stefan Groß",
            "Ayşe Öztürk",
            "Jürgen Maier",
        ]  # club -> Lena
        assert [p.waiting_list for p in result.event.participants] == [False, False, True, True]
        assert "Auf der Warteliste: Ayşe Öztürk, Jürgen Maier." in result.warnings
        invited = sc.mark_invited(s, eid)
        assert invited.status == "eingeladen"
        assert [p.consent_missing for p in invited.participants] == [False, False, True, False]
        result = sc.record_response(s, eid, people["stefan"], "absage")
        assert "Ayşe Öztürk rückt von der Warteliste nach." in result.warnings
        assert [p.waiting_list for p in result.event.participants] == [False, False, False, True]
        sc.record_response(s, eid, people["lena"], "zusage")
        sc.record_response(s, eid, people["ayse"], "vorbehalt")
        with pytest.raises(ValidationError):
            sc.record_response(s, eid, people["lena"], "vielleicht")
        done = sc.record_attendance(
            s, eid, {people["lena"]: True, people["ayse"]: False}, "Gute Runde."
        )
        by_name = {p.contact_name: p for p in done.participants}
        assert (by_name["Lena Müller"].response, by_name["Lena Müller"].attended) == (
            "zusage",
            True,
        )
        assert (by_name["Ayşe Öztürk"].response, by_name["Ayşe Öztürk"].attended) == (
            "vorbehalt",
            False,
        )
        assert done.outcome == "Gute Runde."
        with pytest.raises(NotFoundError):
            sc.record_attendance(s, eid, {people["hfa"]: True})


def test_organisation_without_contact_person_is_refused(
    core_db: Database, people: dict[str, int]
) -> None:
    with core_db.session() as s:
        eid = sc.create_event(s, _workshop()).event.id or 0
        with pytest.raises(ValidationError, match="keine Ansprechperson"):
            sc.invite(s, eid, [people["hfa"]])


def test_deleted_participant_stays_listed(core_db: Database, people: dict[str, int]) -> None:
    with core_db.session() as s:
        eid = (
            sc.create_event(
                s, _workshop(participants=[sc.ParticipantData(people["stefan"])])
            ).event.id
            or 0
        )
        cs.delete_contact(s, people["stefan"])
    with core_db.session() as s:
        data = sc.get_event(s, eid)
        assert data.participants[0].contact_deleted
        result = sc.update_event(s, eid, data)
        assert any("gelöscht" in w for w in result.warnings)
        with pytest.raises(ValidationError, match="gibt es nicht mehr"):
            sc.create_event(
                s, _workshop(title="Neu", participants=[sc.ParticipantData(people["stefan"])])
            )


def test_committee_session_and_filters(core_db: Database, people: dict[str, int]) -> None:
    with core_db.session() as s:
        assert sc.list_committees(s) == [(people["hfa"], "Haupt- und Finanzausschuss")]
        sc.create_event(
            s,
            _workshop(
                title="HFA",
                kind="gremiensitzung",
                committee_id=people["hfa"],
                start=D(2021, 9, 2, 17),
                end=D(2021, 9, 2, 19),
                is_public=True,
            ),
        )
        sc.create_event(s, _workshop(participants=[sc.ParticipantData(people["ayse"])]))
        window = (D(2021, 9, 1, tzinfo=UTC), D(2021, 10, 1, tzinfo=UTC))
        assert [
            o.committee
            for o in sc.occurrences(s, *window, sc.EventFilter(committee_id=people["hfa"]))
        ] == ["Haupt- und Finanzausschuss"]
        assert [o.title for o in sc.occurrences(s, *window, sc.EventFilter(kind="workshop"))] == [
            "Workshop Engagement"
        ]
        assert [
            o.title
            for o in sc.occurrences(s, *window, sc.EventFilter(participant_id=people["ayse"]))
        ] == ["Workshop Engagement"]
        with pytest.raises(ValidationError, match="Gremium"):
            sc.create_event(s, _workshop(kind="gremiensitzung", committee_id=people["club"]))


def test_dashboard(core_db: Database, people: dict[str, int]) -> None:
    with core_db.session() as s:
        eid = (
            sc.create_event(
                s,
                _workshop(
                    participants=[
                        sc.ParticipantData(people["lena"]),
                        sc.ParticipantData(people["stefan"]),
                    ]
                ),
            ).event.id
            or 0
        )
        sc.mark_invited(s, eid)
        sc.record_response(s, eid, people["lena"], "zusage")
        board = ds.dashboard(s, now=D(2021, 9, 1, tzinfo=UTC))
    assert [o.title for o in board.next_events] == ["Workshop Engagement"]
    assert [(r.title, r.contact_name) for r in board.open_responses] == [
        ("Workshop Engagement", "Stefan Groß")
    ]


def test_dashboard_counts_people_not_yet_invited_as_waiting(
    core_db: Database, people: dict[str, int]
) -> None:
    """Four people on a workshop's list who were never invited are four open answers, not
    "Alle Eingeladenen haben geantwortet"."""
    with core_db.session() as s:
        sc.create_event(
            s,
            _workshop(
                participants=[
                    sc.ParticipantData(people["lena"]),
                    sc.ParticipantData(people["stefan"]),
                ]
            ),
        )
        board = ds.dashboard(s, now=D(2021, 9, 1, tzinfo=UTC))
    assert sorted((r.contact_name, r.invited) for r in board.open_responses) == [
        ("Lena Müller", False),
        ("Stefan Groß", False),
    ]
    with core_db.session() as s:  # after the event nobody is waiting any more
        assert ds.dashboard(s, now=D(2021, 10, 1, tzinfo=UTC)).open_responses == []


def test_undo_event_edit_restores_sequence(core_db: Database, people: dict[str, int]) -> None:
    stack = UndoStack(core_db)
    with core_db.session() as s:
        created = sc.create_event(s, _workshop()).event
    stack.push(created_event(created))
    eid = created.id or 0
    with core_db.session() as s:
        before = sc.get_event(s, eid)
        changed = sc.get_event(s, eid)
        changed.start, changed.end = D(2021, 9, 23, 16), D(2021, 9, 23, 19)
        changed.participants = [sc.ParticipantData(people["lena"])]
        after = sc.update_event(s, eid, changed).event
    stack.push(updated_event(before, after))
    stack.undo()
    with core_db.session() as s:
        restored = sc.get_event(s, eid)
        assert (restored.start, restored.sequence, restored.participants) == (
            D(2021, 9, 22, 16),
            0,
            [],
        )
    stack.redo()
    with core_db.session() as s:
        again = sc.get_event(s, eid)
        assert (again.start, again.sequence, len(again.participants)) == (D(2021, 9, 23, 16), 1, 1)
    stack.undo()
    stack.undo()
    with core_db.session() as s:
        assert sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC)) == []


def test_undo_of_cancelling_a_changed_occurrence_brings_it_back(core_db: Database) -> None:
    from contactdesk.core.undo import cancelled_occurrence

    stack = UndoStack(core_db)
    dec = D(2021, 12, 7, 9, tzinfo=UTC)
    with core_db.session() as s:
        sid = (
            sc.create_event(
                s,
                _workshop(
                    start=D(2021, 9, 7, 10),
                    end=D(2021, 9, 7, 11),
                    rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
                ),
            ).event.id
            or 0
        )
        moved = sc.occurrence_data(s, sid, dec)
        moved.title = "Mit Gast"
        sc.edit_occurrence(s, sid, dec, moved)
    with core_db.session() as s:
        before = sc.get_event(s, sid)
        override = sc.override_id(s, sid, dec)
        sc.cancel_occurrence(s, sid, dec)
    stack.push(cancelled_occurrence(before, dec, override))
    window = (D(2021, 12, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC))
    with core_db.session() as s:
        assert sc.occurrences(s, *window) == []
    stack.undo()
    with core_db.session() as s:
        assert [o.title for o in sc.occurrences(s, *window)] == ["Mit Gast"]
    stack.redo()
    with core_db.session() as s:
        assert sc.occurrences(s, *window) == []
        # editing the cancelled date again brings it back with the new data
        again = sc.occurrence_data(s, sid, dec)
        again.title = "Doch"
        sc.edit_occurrence(s, sid, dec, again)
        assert [o.title for o in sc.occurrences(s, *window)] == ["Doch"]
