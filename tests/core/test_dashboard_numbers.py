"""The start page's numbers (core/services/dashboard.py) on hand-made data and on the demo.

Hand-made: a known week around Monday 07.12.2026 12:00 (Berlin) with events today, later this
week, next week, a cancelled one and a weekly series; participants in every state of invitation
and answer. Demo: the numbers are recounted from the records themselves (get_events, due_items).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contactdesk.core.db import Database
from contactdesk.core.demo import load_demo
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import dashboard as ds
from contactdesk.core.services import schedule as sc

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=BERLIN).astimezone(UTC)
D = datetime


def _person(s: object, first: str, last: str) -> int:
    data = cs.ContactData(first_name=first, last_name=last)
    return cs.create_contact(s, data).id or 0  # type: ignore[arg-type]


def _event(s: object, title: str, start: datetime, hours: int = 1, **more: object) -> int:
    data = sc.EventData(
        title=title, kind="workshop", start=start, end=start + timedelta(hours=hours)
    )
    for key, value in more.items():
        setattr(data, key, value)
    return sc.create_event(s, data).event.id or 0  # type: ignore[arg-type]


@pytest.fixture
def week(core_db: Database) -> dict[str, int]:
    with core_db.session() as s:
        ids = {
            k: _person(s, k.capitalize(), "Test")
            for k in ("anna", "ben", "cem", "dora", "emil", "fritz")
        }
        ids["morning"] = _event(s, "Frühstück heute", D(2026, 12, 7, 8))
        ids["thursday"] = _event(
            s,
            "Workshop Donnerstag",
            D(2026, 12, 10, 10),
            participants=[
                sc.ParticipantData(ids["anna"]),
                sc.ParticipantData(ids["ben"]),
                sc.ParticipantData(ids["cem"]),
            ],
        )
        ids["next_week"] = _event(s, "Nächste Woche", D(2026, 12, 14, 10))
        ids["cancelled"] = _event(
            s, "Abgesagt", D(2026, 12, 9, 10), participants=[sc.ParticipantData(ids["emil"])]
        )
        ids["past"] = _event(
            s, "Vorbei", D(2026, 12, 1, 10), participants=[sc.ParticipantData(ids["dora"])]
        )
        ids["running"] = _event(
            s,
            "Läuft gerade",
            D(2026, 12, 7, 11),
            hours=3,
            participants=[sc.ParticipantData(ids["fritz"])],
        )
        ids["series"] = _event(s, "Stammtisch", D(2026, 11, 30, 18), rrule="FREQ=WEEKLY")
        # Anna invited, no answer: waiting. Ben invited, answered: not waiting.
        # Cem on the list, never invited. Dora: event over. Emil: event cancelled.
        # Fritz: invited, no answer, but the event has begun (it runs until 14:00).
        sc.mark_invited(s, ids["thursday"], [ids["anna"], ids["ben"]])
        sc.record_response(s, ids["thursday"], ids["ben"], "zusage")
        sc.mark_invited(s, ids["past"])
        sc.mark_invited(s, ids["cancelled"])
        sc.cancel_event(s, ids["cancelled"])
        sc.mark_invited(s, ids["running"])
    return ids


def test_today_and_this_week(core_db: Database, week: dict[str, int]) -> None:
    with core_db.session() as s:
        board = ds.dashboard(s, now=NOW)
    assert board.today == date(2026, 12, 7)
    # today: the breakfast (over, but today), the running workshop, the series' evening
    assert [o.title for o in board.week_events] == [
        "Frühstück heute",
        "Läuft gerade",
        "Stammtisch",
        "Workshop Donnerstag",
    ]
    assert board.today_count == 3
    # next events start from now: the breakfast is over, the cancelled one is left out
    titles = [o.title for o in board.next_events]
    assert titles[:4] == ["Läuft gerade", "Stammtisch", "Workshop Donnerstag", "Nächste Woche"]
    assert "Abgesagt" not in titles and "Frühstück heute" not in titles
    assert len(board.next_events) == ds.NEXT_EVENTS  # the weekly series fills the list


def test_waiting_for_answer(core_db: Database, week: dict[str, int]) -> None:
    with core_db.session() as s:
        board = ds.dashboard(s, now=NOW)
        counts = ds.nav_counts(s, now=NOW)
    assert [(r.contact_name, r.title) for r in board.waiting] == [
        ("Anna Test", "Workshop Donnerstag")
    ]
    assert [(r.contact_name, r.title) for r in board.not_invited] == [
        ("Cem Test", "Workshop Donnerstag")
    ]
    # everybody without an answer on a coming or running event is still listed
    assert {r.contact_name for r in board.open_responses} == {"Anna Test", "Cem Test", "Fritz Test"}
    assert counts.waiting == 1
    assert counts.today == 3


def test_an_answer_or_the_start_ends_the_wait(core_db: Database, week: dict[str, int]) -> None:
    with core_db.session() as s:
        sc.record_response(s, week["thursday"], week["anna"], "absage")
    with core_db.session() as s:
        assert ds.nav_counts(s, now=NOW).waiting == 0
        sc.record_response(s, week["thursday"], week["anna"], "offen")
    later = datetime(2026, 12, 10, 10, 30, tzinfo=BERLIN)
    with core_db.session() as s:
        assert ds.nav_counts(s, now=NOW).waiting == 1
        assert ds.nav_counts(s, now=later).waiting == 0
        assert ds.dashboard(s, now=later).waiting == []


def test_today_is_the_local_date(core_db: Database, week: dict[str, int]) -> None:
    """00:30 in Berlin on Tuesday is still Monday in UTC: the numbers are Tuesday's."""
    tuesday = datetime(2026, 12, 8, 0, 30, tzinfo=BERLIN)
    with core_db.session() as s:
        board = ds.dashboard(s, now=tuesday)
        counts = ds.nav_counts(s, now=tuesday)
    assert board.today == date(2026, 12, 8)
    assert board.today_count == counts.today == 0
    assert "Frühstück heute" not in [o.title for o in board.week_events]
    assert "Nächste Woche" in [o.title for o in board.week_events]


def test_demo_numbers_recounted_from_the_records(core_db: Database) -> None:
    with core_db.session() as s:
        load_demo(s)
    with core_db.session() as s:
        board = ds.dashboard(s, now=NOW)
        counts = ds.nav_counts(s, now=NOW)
        events = sc.get_events(s, sc.event_ids(s))
        due = agreement_service.due_items(s, today=date(2026, 12, 7), days=90)
    expected_waiting = sorted(
        (e.title, p.contact_id)
        for e in events
        if e.status != "abgesagt" and e.start.replace(tzinfo=ZoneInfo(e.tz)) > NOW
        for p in e.participants
        if p.invitation == "eingeladen" and p.response == "offen"
    )
    assert sorted((r.title, r.contact_id) for r in board.waiting) == expected_waiting
    assert counts.waiting == len(expected_waiting)
    assert [(d.agreement_id, d.kind) for d in board.deadlines] == [
        (d.agreement_id, d.kind) for d in due
    ]
    assert board.deadlines, "the demo has a notice deadline within 90 days"
    assert counts.deadlines == sum(1 for d in due if d.days_left <= ds.NAV_DEADLINE_DAYS)
    assert board.deadline_count == len(board.deadlines) + len(board.paper_warnings)
    assert counts.papers == len(board.paper_warnings)
    assert counts.today == board.today_count
