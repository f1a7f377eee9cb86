"""What calendar files say, kept: all-day events free for Outlook, VALARM only when set,
TRANSP/CLASS/PRIORITY and reminders written back, the organiser in a PUBLISH file, and a
calendar moved between two contactdesks with every kind, status, room and committee."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from pathlib import Path

from icalendar import Calendar

from contactdesk.core.db import Database, open_database
from contactdesk.core.enums import EventKind, EventStatus
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from tests.core.formats.icaljs import parse_with_icaljs

NOW = datetime(2027, 1, 10, 9, tzinfo=UTC)
ORGANISER = calx.Organiser("Jörg Urban", "urban@bitterfeld-wolfen.example")


def _events(cal: bytes) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in Calendar.from_ical(cal).walk("VEVENT")}


def test_all_day_is_free_and_only_set_reminders_are_written(
    core_db: Database, tmp_path: Path
) -> None:
    with core_db.session() as s:
        day = sc.create_event(
            s,
            sc.EventData(title="Aktionstag", start=datetime(2027, 5, 8), end=datetime(2027, 5, 9),
                         all_day=True),
        ).event.id  # fmt: skip
        sc.create_event(
            s,
            sc.EventData(title="Sitzung", start=datetime(2027, 5, 10, 17),
                         end=datetime(2027, 5, 10, 19), reminder_minutes=30),
        )  # fmt: skip
        cal = calx.calendar_for(s, name="Test", now=NOW, organiser=ORGANISER)
    events = _events(cal)
    allday = events["Aktionstag"]
    assert str(allday["TRANSP"]) == "TRANSPARENT"
    assert str(allday["X-MICROSOFT-CDO-BUSYSTATUS"]) == "FREE"
    assert str(allday["X-MICROSOFT-CDO-ALLDAYEVENT"]) == "TRUE"
    assert not allday.walk("VALARM")  # no reminder set
    assert str(allday["ORGANIZER"]) == f"mailto:{ORGANISER.email}"  # PUBLISH carries it
    meeting = events["Sitzung"]
    assert str(meeting["TRANSP"]) == "OPAQUE" and "X-MICROSOFT-CDO-ALLDAYEVENT" not in meeting
    path = tmp_path / "test.ics"
    path.write_bytes(cal)
    parsed = {e["summary"]: e for e in parse_with_icaljs(path)["events"]}
    assert parsed["Sitzung"]["alarms"] == ["-PT30M"] and parsed["Aktionstag"]["alarms"] == []
    assert parsed["Aktionstag"]["is_date"]
    assert day is not None


FOREIGN = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
    "BEGIN:VEVENT\r\nUID:outlook-1\r\nDTSTAMP:20270101T000000Z\r\n"
    "DTSTART;TZID=Europe/Berlin:20270601T100000\r\nDTEND;TZID=Europe/Berlin:20270601T110000\r\n"
    "SUMMARY:Vertrauliches Gespräch\r\nTRANSP:TRANSPARENT\r\nCLASS:PRIVATE\r\nPRIORITY:1\r\n"
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Erinnerung\r\nTRIGGER:-PT45M\r\nEND:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:outlook-2\r\nDTSTAMP:20270101T000000Z\r\n"
    "DTSTART;VALUE=DATE:20270602\r\nDTEND;VALUE=DATE:20270603\r\n"
    "SUMMARY:Urlaub\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_imported_transp_class_priority_and_reminder_are_written_back(
    core_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "outlook.ics"
    path.write_text(FOREIGN, encoding="utf-8")
    with core_db.session() as s:
        calx.commit_ics(s, calx.preview_ics(s, [path]))
    with core_db.session() as s:
        events = _events(calx.calendar_for(s, name="Zurück", now=NOW))
    private = events["Vertrauliches Gespräch"]
    assert str(private["TRANSP"]) == "TRANSPARENT"
    assert str(private["CLASS"]) == "PRIVATE" and int(private["PRIORITY"]) == 1
    [alarm] = private.walk("VALARM")
    assert alarm.decoded("TRIGGER").total_seconds() == -45 * 60
    holiday = events["Urlaub"]  # an all-day event the file said is busy stays busy
    assert str(holiday["TRANSP"]) == "OPAQUE"
    assert str(holiday["X-MICROSOFT-CDO-BUSYSTATUS"]) == "BUSY"
    assert not holiday.walk("VALARM")


def test_a_calendar_moved_between_two_contactdesks_loses_nothing(
    core_db: Database, tmp_path: Path
) -> None:
    kinds = [k.value for k in EventKind]
    statuses = [s.value for s in EventStatus]
    with core_db.session() as s:
        committee = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Haupt- und Finanzausschuss",
                              org_kind="gremium"),
        ).id  # fmt: skip
        for number, (kind, status) in enumerate(product(kinds, statuses)):
            all_day = number % 7 == 3
            start = datetime(2027, 2, 1 + number % 27, 0 if all_day else 9 + number % 8)
            sc.create_event(
                s,
                sc.EventData(
                    title=f"Termin {number:02d}",
                    kind=kind,
                    status=status,
                    start=start,
                    end=start.replace(day=start.day + 1) if all_day else start.replace(
                        hour=start.hour + 1),
                    all_day=all_day,
                    room=f"Raum {number}" if number % 2 else "",
                    location="Rathaus Wolfen" if number % 3 else "",
                    committee_id=committee if kind == "gremiensitzung" else None,
                    reminder_minutes=10 if number % 5 == 0 else None,
                ),
            )  # fmt: skip
        before = sc.get_events(s, sc.event_ids(s))
        cal = calx.calendar_for(s, name="Umzug", now=NOW)
    path = tmp_path / "umzug.ics"
    path.write_bytes(cal)
    other = open_database(tmp_path / "zweite.sqlite")
    try:
        with other.session() as s:
            preview = calx.preview_ics(s, [path])
            bad = [(e.title, e.reason) for e in preview.entries if e.action != "neu"]
            assert bad == []
            calx.commit_ics(s, preview)
        with other.session() as s:
            after = sc.get_events(s, sc.event_ids(s))
    finally:
        other.dispose()

    def key(d: sc.EventData) -> tuple[object, ...]:
        return (d.title, d.kind, d.status, d.start, d.end, d.all_day, d.room, d.location,
                d.committee_name, d.reminder_minutes)  # fmt: skip

    assert len(before) == len(kinds) * len(statuses) == 30
    assert sorted(map(key, after)) == sorted(map(key, before))
    assert {d.kind for d in after} == set(kinds) and {d.status for d in after} == set(statuses)
