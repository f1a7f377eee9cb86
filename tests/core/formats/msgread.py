"""Reading .msg files in the tests: the genuine files' folder and the checks every .msg test
makes on a calendar result (our reader finds no problem; ical.js reads the same bytes)."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime
from pathlib import Path

from contactdesk.core.formats import ical
from contactdesk.core.formats.msg import MsgContent, read_msg
from tests.core.formats import msgbuild as mb
from tests.core.formats.icaljs import parse_with_icaljs

DATA = Path(__file__).resolve().parents[2] / "data" / "msg"
OUTLOOK_UID_PREFIX = "040000008200E00074C5B7101A82E008"


def parts(rule: str | None) -> dict[str, str]:
    """An RRULE as its parts: the reader may put them in another order."""
    assert rule is not None
    return dict(part.split("=", 1) for part in rule.split(";"))


def read(name: str) -> MsgContent:
    return read_msg((DATA / name).read_bytes(), source=name)


def calendar(content: MsgContent) -> ical.InCalendar:
    assert content.ics is not None
    cal = ical.parse(content.ics, "x.ics")
    assert cal.problems == []
    return cal


def icaljs(content: MsgContent, tmp_path: Path, occurrences: int = 60) -> dict:
    assert content.ics is not None
    path = tmp_path / "item.ics"
    path.write_bytes(content.ics)
    return parse_with_icaljs(path, occurrences)


BERLIN = "W. Europe Standard Time"
A, M, C = mb.PSETID_APPOINTMENT, mb.PSETID_MEETING, mb.PSETID_COMMON


def meeting(
    message_class: str = "IPM.Schedule.Meeting.Request",
    *,
    uid: str | None = "6f1e3c1a-0b52-4f0e-9d7c-contactdesk",
    start: datetime = datetime(2026, 12, 8, 9, tzinfo=UTC),
    end: datetime = datetime(2026, 12, 8, 11, 30, tzinfo=UTC),
    zone: str = BERLIN,
) -> mb.MsgBuilder:
    b = mb.MsgBuilder(message_class)
    b.props.text(0x0037, "Vorstandssitzung Bürgerstiftung").text(
        0x1000, "Tagesordnung:\n1. Haushalt"
    )
    b.props.set(0x0036, mb.PT_LONG, 2).set(0x0017, mb.PT_LONG, 2)  # private, high importance
    b.props.text(0x0042, "Anna Schulz").text(0x0065, "anna@stadt.example").text(0x0064, "SMTP")
    b.props.text(0x0C1A, "Anna Schulz").text(0x0C1F, "anna@stadt.example").text(0x0C1E, "SMTP")
    b.props.set(0x3008, mb.PT_SYSTIME, datetime(2026, 12, 1, 8, tzinfo=UTC))
    b.named(A, 0x820D, mb.PT_SYSTIME, start).named(A, 0x820E, mb.PT_SYSTIME, end)
    b.named(A, 0x8208, mb.PT_UNICODE, "Rathaus, Saal 2; Erdgeschoss")
    b.named(A, 0x8201, mb.PT_LONG, 3).named(A, 0x8205, mb.PT_LONG, 2)
    b.named(A, 0x825E, mb.PT_BINARY, mb.tz_definition(zone))
    b.named(C, 0x8503, mb.PT_BOOLEAN, True).named(C, 0x8501, mb.PT_LONG, 30)
    goid = mb.global_id(uid) if uid else mb.global_id(raw=bytes(range(16)))
    b.named(M, 0x0003, mb.PT_BINARY, goid).named(M, 0x0023, mb.PT_BINARY, goid)
    b.recipient("Anna Schulz", "anna@stadt.example", kind=1, flags=3)
    b.recipient("Jörg Müller", "mueller@buergerstiftung.example", kind=1, track=3)
    b.recipient("Lena Öztürk", "lena@jugendclub83.example", kind=2, track=4)
    b.recipient("Saal 2", "saal2@stadt.example", kind=3)
    return b


#: Monday and Wednesday every second week from 2 March to 1 April 2026, 9-10, with 4 March
#: deleted and 16 March moved to the 17th, 14-15 ("Ä")
FORTNIGHTLY_BLOB = mb.recurrence(
    frequency=0x200B,
    pattern=0x1,
    period=2,
    specific=struct.pack("<I", 0b0001010),
    first=date(2026, 3, 2),
    start_minutes=9 * 60,
    end_minutes=10 * 60,
    end_type=0x2021,
    last=date(2026, 4, 1),
    deleted=(date(2026, 3, 4),),
    changed=(
        (datetime(2026, 3, 16, 9), datetime(2026, 3, 17, 14), datetime(2026, 3, 17, 15), "Ä"),
    ),
)
