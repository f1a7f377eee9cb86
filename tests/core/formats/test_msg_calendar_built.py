"""Outlook .msg calendar items built per [MS-OXMSG] by tests/core/formats/msgbuild.py: meeting
requests, answers, cancellations and recurrence patterns with their exceptions. Results are read
back with our iCalendar reader and with ical.js (Thunderbird's library) as the independent
parser."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from contactdesk.core.formats import ical
from contactdesk.core.formats.msg import read_msg
from contactdesk.core.formats.msg_recurrence import (
    uid_from_global_id,
)
from tests.core.formats import msgbuild as mb
from tests.core.formats.msgread import (
    BERLIN,
    FORTNIGHTLY_BLOB,
    A,
    M,
    calendar,
    icaljs,
    meeting,
    parts,
)

# --------------------------------------------------------------------------- built calendar items


def test_meeting_request_every_field(tmp_path: Path) -> None:
    content = read_msg(meeting().build(), source="Einladung.msg")
    assert content.message_class == "IPM.Schedule.Meeting.Request" and content.warnings == []
    assert content.contacts == []
    cal = calendar(content)
    assert cal.method == "REQUEST"
    (ev,) = cal.events
    assert ev.uid == "6f1e3c1a-0b52-4f0e-9d7c-contactdesk"  # from the vCal-Uid marker
    assert (ev.title, ev.tz, ev.start, ev.end, ev.all_day) == (
        "Vorstandssitzung Bürgerstiftung",
        "Europe/Berlin",
        datetime(2026, 12, 8, 10),
        datetime(2026, 12, 8, 12, 30),
        False,
    )
    assert ev.location == "Rathaus, Saal 2; Erdgeschoss"
    assert ev.description == "Tagesordnung:\n1. Haushalt"
    assert ev.sequence == 3
    assert ev.organiser == ical.Person("anna@stadt.example", "Anna Schulz", "REQ-PARTICIPANT")
    assert [(a.email, a.name, a.role, a.partstat) for a in ev.attendees] == [
        ("mueller@buergerstiftung.example", "Jörg Müller", "REQ-PARTICIPANT", "ACCEPTED"),
        ("lena@jugendclub83.example", "Lena Öztürk", "OPT-PARTICIPANT", "DECLINED"),
        ("saal2@stadt.example", "Saal 2", "NON-PARTICIPANT", "NEEDS-ACTION"),
    ]
    parsed = icaljs(content, tmp_path)
    assert parsed["method"] == "REQUEST" and parsed["timezones"] == ["Europe/Berlin"]
    (js,) = parsed["events"]
    assert (js["start_utc"], js["end_utc"]) == (
        "2026-12-08T09:00:00.000Z",
        "2026-12-08T11:30:00.000Z",
    )
    assert js["alarms"] == ["-PT30M"] and js["sequence"] == 3
    text = content.ics.decode() if content.ics else ""
    for line in ("CLASS:PRIVATE", "PRIORITY:1", "TRANSP:OPAQUE", "X-MICROSOFT-CDO-BUSYSTATUS:BUSY"):
        assert line in text.split("\r\n")


def test_custom_form_of_an_appointment_is_an_appointment() -> None:
    content = read_msg(meeting("IPM.Appointment.Vereinstermin").build(), source="f.msg")
    assert content.message_class == "IPM.Appointment.Vereinstermin"
    assert calendar(content).method == "PUBLISH"


def test_attendee_with_only_an_exchange_address_is_named_in_a_warning() -> None:
    b = meeting()
    exchange = b.recipient("Kämmerei", "/o=Stadt/ou=Exchange/cn=Recipients/cn=kaemmerei")
    exchange.text(0x3002, "EX").text(0x39FE, "")
    content = read_msg(b.build(), source="e.msg")
    assert [a.email for a in calendar(content).events[0].attendees] == [
        "mueller@buergerstiftung.example",
        "lena@jugendclub83.example",
        "saal2@stadt.example",
    ]
    assert content.warnings == [
        "Ohne E-Mail-Adresse (nur Exchange-intern) und daher nicht als Teilnehmende "
        "übernommen: Kämmerei."
    ]


def test_cancellation_and_free_time() -> None:
    b = meeting("IPM.Schedule.Meeting.Canceled")
    b.named(A, 0x8205, mb.PT_LONG, 0)
    content = read_msg(b.build(), source="Absage.msg")
    cal = calendar(content)
    assert cal.method == "CANCEL" and cal.events[0].status == "CANCELLED"
    assert "TRANSP:TRANSPARENT" in content.ics.decode().split("\r\n")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("suffix", "partstat"),
    [("Pos", "ACCEPTED"), ("Neg", "DECLINED"), ("Tent", "TENTATIVE")],
)
def test_responses_are_replies_of_the_sender(suffix: str, partstat: str, tmp_path: Path) -> None:
    b = mb.MsgBuilder(f"IPM.Schedule.Meeting.Resp.{suffix}")
    b.props.text(0x0037, "Zugesagt: Vorstandssitzung").text(0x0E1D, "Vorstandssitzung")
    b.props.text(0x0C1A, "Jörg Müller").text(0x0C1F, "/o=Exchange/cn=jm").text(0x0C1E, "EX")
    b.props.text(0x5D01, "mueller@buergerstiftung.example")
    b.named(A, 0x820D, mb.PT_SYSTIME, datetime(2026, 12, 8, 9, tzinfo=UTC))
    b.named(A, 0x820E, mb.PT_SYSTIME, datetime(2026, 12, 8, 11, tzinfo=UTC))
    b.named(A, 0x8201, mb.PT_LONG, 2)
    b.named(M, 0x0023, mb.PT_BINARY, mb.global_id("our-uid-1"))
    b.recipient("Anna Schulz", "anna@stadt.example")
    content = read_msg(b.build(), source="Antwort.msg")
    cal = calendar(content)
    assert cal.method == "REPLY"
    (ev,) = cal.events
    assert (ev.uid, ev.sequence, ev.title) == ("our-uid-1", 2, "Vorstandssitzung")
    assert ev.start.replace(tzinfo=None) == datetime(2026, 12, 8, 10)  # Berlin wall time
    assert [(a.email, a.name, a.partstat) for a in ev.attendees] == [
        ("mueller@buergerstiftung.example", "Jörg Müller", partstat)
    ]
    parsed = icaljs(content, tmp_path)
    assert parsed["events"][0]["start_utc"] == "2026-12-08T09:00:00.000Z"


def test_outlook_global_id_is_the_uid_and_an_occurrence_reply_names_it() -> None:
    raw = bytes(range(16))
    series = mb.global_id(raw=raw)
    one_day = mb.global_id(raw=raw, day=date(2026, 12, 15))
    assert uid_from_global_id(series) == series.hex().upper()
    assert uid_from_global_id(one_day) == series.hex().upper()  # the series, not the day
    b = mb.MsgBuilder("IPM.Schedule.Meeting.Resp.Pos")
    b.props.text(0x0037, "Vorstand").text(0x0C1F, "jm@example.org").text(0x0C1E, "SMTP")
    b.named(A, 0x820D, mb.PT_SYSTIME, datetime(2026, 12, 15, 9, tzinfo=UTC))
    b.named(A, 0x8228, mb.PT_SYSTIME, datetime(2026, 12, 15, 8, tzinfo=UTC))
    b.named(M, 0x0003, mb.PT_BINARY, one_day)
    (ev,) = calendar(read_msg(b.build(), source="a.msg")).events
    assert ev.uid == series.hex().upper()
    assert ev.recurrence_id == datetime(2026, 12, 15, 8, tzinfo=UTC)


def series(blob: bytes, zone: str = BERLIN, all_day: bool = False) -> mb.MsgBuilder:
    b = meeting("IPM.Appointment", zone=zone)
    b.named(A, 0x8223, mb.PT_BOOLEAN, True).named(A, 0x8216, mb.PT_BINARY, blob)
    b.named(A, 0x8260, mb.PT_BINARY, mb.tz_definition(zone))
    if all_day:
        b.named(A, 0x8215, mb.PT_BOOLEAN, True)
    return b


def test_monthly_second_tuesday_ten_times(tmp_path: Path) -> None:
    blob = mb.recurrence(
        frequency=0x200C,
        pattern=0x3,
        period=1,
        specific=struct.pack("<II", 0b0000100, 2),
        first=date(2026, 1, 13),
        start_minutes=18 * 60,
        end_minutes=20 * 60,
        end_type=0x2022,
        count=10,
    )
    content = read_msg(series(blob).build(), source="s.msg")
    (ev,) = calendar(content).events
    assert parts(ev.rrule) == parts("FREQ=MONTHLY;BYDAY=2TU;COUNT=10")
    assert (ev.start, ev.end, ev.tz) == (
        datetime(2026, 1, 13, 18),
        datetime(2026, 1, 13, 20),
        "Europe/Berlin",
    )
    walls = [o["start_wall"] for o in icaljs(content, tmp_path)["events"][0]["occurrences"]]
    assert walls[:3] == ["2026-01-13T18:00:00", "2026-02-10T18:00:00", "2026-03-10T18:00:00"]
    assert len(walls) == 10 and walls[-1] == "2026-10-13T18:00:00"  # after the change to CET


def test_fortnightly_until_with_deleted_and_changed_occurrences(tmp_path: Path) -> None:
    blob = FORTNIGHTLY_BLOB
    content = read_msg(series(blob).build(), source="s.msg")
    master, moved = calendar(content).events
    assert parts(master.rrule) == parts(
        "FREQ=WEEKLY;INTERVAL=2;WKST=MO;BYDAY=MO,WE;UNTIL=20260401T070000Z"
    )
    assert master.exdates == [datetime(2026, 3, 4, 8, tzinfo=UTC)]
    assert moved.recurrence_id == datetime(2026, 3, 16, 8, tzinfo=UTC)
    assert (moved.title, moved.start) == ("Ä", datetime(2026, 3, 17, 14))
    walls = [o["start_wall"][:10] for o in icaljs(content, tmp_path)["events"][0]["occurrences"]]
    # 03-04 deleted, 03-16 moved to 03-17 (ical.js applies the changed occurrence)
    assert walls == ["2026-03-02", "2026-03-17", "2026-03-18", "2026-03-30", "2026-04-01"]


@pytest.mark.parametrize(
    ("frequency", "pattern", "period", "specific", "rule"),
    [
        (0x200C, 0x2, 1, struct.pack("<I", 31), "FREQ=MONTHLY;BYMONTHDAY=-1"),
        (0x200C, 0x4, 3, struct.pack("<I", 31), "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
        (0x200D, 0x3, 12, struct.pack("<II", 0b1000000, 5), "FREQ=YEARLY;BYMONTH=1;BYDAY=-1SA"),
        (0x200A, 0x0, 3 * 1440, b"", "FREQ=DAILY;INTERVAL=3"),
        (
            0x200C,
            0x3,
            1,
            struct.pack("<II", 0b0111110, 1),
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        ),
    ],
)
def test_other_patterns(
    frequency: int, pattern: int, period: int, specific: bytes, rule: str
) -> None:
    blob = mb.recurrence(
        frequency=frequency,
        pattern=pattern,
        period=period,
        specific=specific,
        first=date(2026, 1, 31),
        start_minutes=0,
        end_minutes=1440,
    )
    (ev,) = calendar(read_msg(series(blob, all_day=True).build(), source="s.msg")).events
    assert parts(ev.rrule) == parts(rule) and ev.all_day


def test_meeting_object_recurring_flag_and_other_calendars() -> None:
    """PidLidIsRecurring (PSETID_Meeting) marks a series as well; a Hijri pattern is refused
    with a warning and the first occurrence stays."""
    weekly = mb.recurrence(
        frequency=0x200B,
        pattern=0x1,
        period=1,
        specific=struct.pack("<I", 0b10),
        first=date(2026, 3, 2),
        start_minutes=9 * 60,
        end_minutes=10 * 60,
    )
    b = meeting()
    b.named(A, 0x8216, mb.PT_BINARY, weekly).named(M, 0x0005, mb.PT_BOOLEAN, True)
    b.named(A, 0x8260, mb.PT_BINARY, mb.tz_definition(BERLIN))
    (ev,) = calendar(read_msg(b.build(), source="r.msg")).events
    assert parts(ev.rrule) == parts("FREQ=WEEKLY;BYDAY=MO")
    hijri = mb.recurrence(
        frequency=0x200C,
        pattern=0xA,
        period=1,
        specific=struct.pack("<I", 10),
        first=date(2026, 3, 2),
        start_minutes=9 * 60,
        end_minutes=10 * 60,
    )
    content = read_msg(series(hijri).build(), source="h.msg")
    (ev,) = calendar(content).events
    assert ev.rrule is None and "Hidschri" in content.warnings[0]


def test_unknown_zone_of_a_series_falls_back_to_utc_with_a_warning() -> None:
    blob = mb.recurrence(
        frequency=0x200B,
        pattern=0x1,
        period=1,
        specific=struct.pack("<I", 0b10),
        first=date(2026, 3, 2),
        start_minutes=9 * 60,
        end_minutes=10 * 60,
    )
    content = read_msg(series(blob, zone="Mars Standard Time").build(), source="s.msg")
    (ev,) = calendar(content).events
    assert ev.tz == "Europe/Berlin"  # the reader shows UTC times on the user's wall clock
    assert ev.start == datetime(2026, 3, 2, 10)  # 09:00 UTC
    (warning,) = content.warnings
    assert "„Mars Standard Time“" in warning and "UTC" in warning


def test_unreadable_recurrence_becomes_a_single_event_with_a_warning() -> None:
    content = read_msg(series(b"\x04\x30\x04\x30\x0a").build(), source="s.msg")
    (ev,) = calendar(content).events
    assert ev.rrule is None and ev.start == datetime(2026, 12, 8, 10)
    assert "abgeschnitten" in content.warnings[0] and "einzelner Termin" in content.warnings[0]


def test_appointment_without_global_id_gets_a_stable_uid() -> None:
    b = meeting("IPM.Appointment", uid=None)
    b.named(M, 0x0003, mb.PT_BINARY, b"").named(M, 0x0023, mb.PT_BINARY, b"")
    first = calendar(read_msg(b.build(), source="a.msg")).events[0].uid
    again = calendar(read_msg(b.build(), source="b.msg")).events[0].uid
    assert first == again and len(first) == 36
