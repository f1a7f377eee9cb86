"""The agenda (schedule.occurrences) against a brute-force expansion of every stored event.

A seeded random mix of single, all-day and overnight events and of series (COUNT, UNTIL,
endless; cancelled and changed occurrences) in Berlin, New York and London, looked at through
months, weeks around the changes of summer time, windows across month ends and random
windows, with and without filters."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.models import Contact, Event, Organisation
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc

D = datetime
BERLIN = ZoneInfo("Europe/Berlin")
ZONES = ("Europe/Berlin", "Europe/Berlin", "America/New_York", "Europe/London")
RULES = (
    "FREQ=WEEKLY;COUNT=12",
    "FREQ=WEEKLY;BYDAY=MO,TH;COUNT=25",
    "FREQ=DAILY;INTERVAL=3;COUNT=40",
    "FREQ=DAILY;UNTIL=20211120T000000Z",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=YEARLY",
    "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=6",
)


def _free(local: datetime, zone: str) -> datetime:
    """A wall time that exists once in the zone (moved out of the changes of summer time)."""
    zi = ZoneInfo(zone)
    while True:
        a, b = local.replace(tzinfo=zi, fold=0), local.replace(tzinfo=zi, fold=1)
        if (
            a.utcoffset() == b.utcoffset()
            and a.astimezone(UTC).astimezone(zi).replace(tzinfo=None) == local
        ):
            return local
        local += timedelta(hours=1)


def _instant(rnd: random.Random) -> datetime:
    """Mostly close to the changes of summer time and to month ends of 2021."""
    anchor = rnd.choice(
        (
            D(2021, 3, 14),
            D(2021, 3, 28),
            D(2021, 10, 31),
            D(2021, 11, 7),
            D(2021, 1, 31),
            D(2021, 6, 30),
            D(2021, 12, 31),
            D(2022, 2, 28),
        )
    )
    return anchor + timedelta(days=rnd.randint(-40, 40), hours=rnd.randint(0, 23))


@pytest.fixture
def agenda(core_db: Database) -> dict[str, Any]:
    rnd = random.Random(20211031)
    with core_db.session() as s:
        committee = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Stadtrat", org_kind="gremium")
        ).id
        gone = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Alter Ausschuss", org_kind="gremium")
        ).id
        people = [
            cs.create_contact(s, cs.ContactData(first_name=f"P{i}", last_name="Test")).id
            for i in range(3)
        ]
        assert committee and gone and all(people)
        created: list[int] = []
        series: list[int] = []
        for i in range(70):
            zone = rnd.choice(ZONES)
            all_day = i % 7 == 0
            start = _free(_instant(rnd), zone)
            if all_day:
                start = D(start.year, start.month, start.day)
                end = start + timedelta(days=rnd.randint(1, 3))
            else:
                end = _free(start + timedelta(minutes=rnd.choice((30, 90, 600, 2000))), zone)
            data = sc.EventData(
                title=f"Termin {i:02d}",
                kind=rnd.choice(("workshop", "gremiensitzung", "online_termin")),
                start=start,
                end=end,
                tz=zone,
                all_day=all_day,
                location=rnd.choice(("", "TGZ")),
                room=rnd.choice(("", "Raum 1")),
            )
            if data.kind == "gremiensitzung":
                data.committee_id = rnd.choice((committee, gone))
            if i % 3 == 0:
                data.rrule = rnd.choice(RULES)
            if i % 4 == 0:
                data.capacity = 1
                data.participants = [
                    sc.ParticipantData(contact_id=p) for p in rnd.sample(people, rnd.randint(1, 3))
                ]
            event = sc.create_event(s, data).event
            assert event.id is not None
            created.append(event.id)
            if data.rrule:
                series.append(event.id)
        # Cancelled and changed occurrences, a deleted and a cancelled event.
        for n, series_id in enumerate(series):
            master = sc.get_event(s, series_id)
            first = master.start.replace(tzinfo=ZoneInfo(master.tz))
            found = sc.occurrences(
                s, first.astimezone(UTC), first.astimezone(UTC) + timedelta(days=120)
            )
            mine = [o for o in found if o.event_id == series_id]
            if len(mine) > 2 and n % 2 == 0:
                assert mine[1].recurrence_id is not None
                sc.cancel_occurrence(s, series_id, mine[1].recurrence_id)
            if len(mine) > 3:
                occ = mine[2]
                assert occ.recurrence_id is not None
                changed = sc.occurrence_data(s, series_id, occ.recurrence_id)
                changed.start += timedelta(hours=2)
                changed.end += timedelta(hours=2)
                changed.start, changed.end = (
                    _free(changed.start, changed.tz),
                    _free(changed.end, changed.tz),
                )
                changed.title = f"{changed.title} (verschoben)"
                sc.edit_occurrence(s, series_id, occ.recurrence_id, changed)
        sc.delete_event(s, created[5])
        sc.cancel_event(s, created[8])
        cs.delete_contact(s, gone)
    return {"committee": committee, "people": people}


def _committees(session: Session) -> dict[int, str]:
    contact, org = Contact.__table__, Organisation.__table__
    return dict(
        session.execute(
            select(contact.c.id, contact.c.display_name)
            .join(org, org.c.id == contact.c.id)
            .where(org.c.org_kind == "gremium", contact.c.deleted_at.is_(None))
        ).all()
    )


def brute_force(
    session: Session, start: datetime, end: datetime, flt: sc.EventFilter
) -> list[sc.Occurrence]:
    """Every stored event, each series walked from its first occurrence, each checked."""
    events = list(session.scalars(select(Event)))
    committees = _committees(session)
    found: list[sc.Occurrence] = []
    for ev in events:
        if ev.deleted_at is not None:
            continue
        if flt.kind and ev.kind != flt.kind:
            continue
        if flt.committee_id and ev.committee_id != flt.committee_id:
            continue
        if flt.participant_id and flt.participant_id not in {p.contact_id for p in ev.participants}:
            continue
        if not flt.include_cancelled and ev.status == "abgesagt":
            continue
        zone = ZoneInfo(ev.tz)

        def occurrence(begin: datetime, finish: datetime, rid: datetime | None) -> sc.Occurrence:
            return sc.Occurrence(
                event_id=ev.id,  # noqa: B023
                series_id=ev.id if ev.rrule else ev.series_id,  # noqa: B023
                recurrence_id=rid,
                title=ev.title,  # noqa: B023
                kind=ev.kind,  # noqa: B023
                start=begin,
                end=finish,
                all_day=ev.all_day,  # noqa: B023
                location=ev.location,  # noqa: B023
                room=ev.room,  # noqa: B023
                status=ev.status,  # noqa: B023
                committee=committees.get(ev.committee_id or -1, ""),  # noqa: B023
                is_public=ev.is_public,  # noqa: B023
                participants=sum(1 for p in ev.participants if not p.waiting_list),  # noqa: B023
                is_series=bool(ev.rrule) or ev.series_id is not None,  # noqa: B023
            )

        if ev.rrule is None:
            if ev.start_utc < end and ev.end_utc > start:
                found.append(
                    occurrence(
                        ev.start_utc.astimezone(zone),
                        ev.end_utc.astimezone(zone),
                        ev.recurrence_id_utc,
                    )
                )
            continue
        skipped = {x.original_start_utc for x in ev.exdates} | {
            o.recurrence_id_utc for o in events if o.series_id == ev.id and o.deleted_at is None
        }
        first = ev.start_utc.astimezone(zone)
        duration = ev.end_utc - ev.start_utc
        wall = ev.end_utc.astimezone(zone).replace(tzinfo=None) - first.replace(tzinfo=None)
        for occ in rrulestr(ev.rrule, dtstart=first, forceset=False, cache=False):
            if occ > end.astimezone(zone) + timedelta(days=2):
                break
            begin = occ.replace(fold=0)
            begin_utc = begin.astimezone(UTC)
            if begin_utc in skipped:
                continue
            if begin_utc < end and (begin + duration).astimezone(UTC) > start:
                finish = (begin.replace(tzinfo=None) + wall).replace(tzinfo=zone)
                found.append(occurrence(begin, finish, begin_utc))
    found.sort(key=lambda o: (o.start, o.title))
    return found


def _view(items: list[sc.Occurrence]) -> list[tuple[object, ...]]:
    """Everything of an occurrence, the zones and wall times of its start and end included."""
    return [
        (
            o,
            o.start.replace(tzinfo=None),
            str(o.start.tzinfo),
            o.end.replace(tzinfo=None),
            str(o.end.tzinfo),
        )
        for o in items
    ]


def _windows() -> list[tuple[datetime, datetime]]:
    windows = []
    for year in (2021, 2022):
        for month in range(1, 13):
            first = D(year, month, 1, tzinfo=BERLIN)
            windows.append((first, (first + timedelta(days=32)).replace(day=1)))
    for day in (date(2021, 3, 14), date(2021, 3, 28), date(2021, 10, 31), date(2021, 11, 7)):
        around = D(day.year, day.month, day.day, tzinfo=UTC)
        windows.append((around - timedelta(days=1), around + timedelta(days=1)))
        windows.append((around + timedelta(hours=1), around + timedelta(hours=2)))
    rnd = random.Random(7)
    for _ in range(16):
        zone = ZoneInfo(rnd.choice(ZONES))
        begin = (_instant(rnd) + timedelta(minutes=rnd.randint(0, 59))).replace(tzinfo=zone)
        windows.append((begin, begin + timedelta(hours=rnd.choice((1, 5, 30, 200, 900)))))
    return windows


def test_agenda_is_the_brute_force_expansion(core_db: Database, agenda: dict[str, Any]) -> None:
    with core_db.session() as s:
        total = 0
        for start, end in _windows():
            expected = brute_force(s, start, end, sc.EventFilter())
            assert _view(sc.occurrences(s, start, end)) == _view(expected), (start, end)
            total += len(expected)
        assert total > 300  # the windows do see the events


def test_agenda_with_filters_is_the_brute_force_expansion(
    core_db: Database, agenda: dict[str, Any]
) -> None:
    filters = [
        sc.EventFilter(include_cancelled=False),
        sc.EventFilter(kind="gremiensitzung"),
        sc.EventFilter(committee_id=agenda["committee"]),
        sc.EventFilter(participant_id=agenda["people"][0]),
    ]
    with core_db.session() as s:
        for flt in filters:
            seen = 0
            for start, end in _windows()[::3]:
                expected = brute_force(s, start, end, flt)
                assert _view(sc.occurrences(s, start, end, flt)) == _view(expected), (flt, start)
                seen += len(expected)
            assert seen, flt


def test_agenda_limit_keeps_the_first(core_db: Database, agenda: dict[str, Any]) -> None:
    start, end = D(2021, 1, 1, tzinfo=UTC), D(2022, 6, 1, tzinfo=UTC)
    with core_db.session() as s:
        everything = brute_force(s, start, end, sc.EventFilter())
        assert len(everything) > 50
        for limit in (1, 7, 50):
            assert _view(sc.occurrences(s, start, end, limit=limit)) == _view(everything[:limit])


def test_agenda_shows_committee_names_and_seats(core_db: Database, agenda: dict[str, Any]) -> None:
    start, end = D(2020, 1, 1, tzinfo=UTC), D(2023, 1, 1, tzinfo=UTC)
    with core_db.session() as s:
        found = sc.occurrences(s, start, end)
    assert {o.committee for o in found} == {"", "Stadtrat"}  # the deleted committee is not shown
    assert {o.participants for o in found} == {0, 1}  # capacity 1: the others wait
    assert any(o.is_series and o.series_id != o.event_id for o in found)  # changed occurrences


def test_series_masters_are_found_through_their_partial_index(sqlite_db: Database) -> None:
    """Migration 0005: the agenda's query for series does not read every earlier event."""
    with sqlite_db.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_event_series_start'"
        ).scalar_one()
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM event WHERE deleted_at IS NULL "
                "AND rrule IS NOT NULL AND start_utc < '2022-01-01'"
            )
        )
    assert "WHERE rrule IS NOT NULL" in sql
    assert "ix_event_series_start" in plan
