"""Outlook .msg calendar items through the calendar import: responses to our invitations (by UID
or, when Outlook lost it, by subject and start), and meeting requests with a series."""

from __future__ import annotations

import struct
from datetime import UTC, date, datetime

import pytest

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats.msg import read_msg
from contactdesk.core.services import calendar_exchange as cx
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from tests.core.formats import msgbuild as mb

A, M = mb.PSETID_APPOINTMENT, mb.PSETID_MEETING
TITLE = "Netzwerktreffen Engagierte Stadt"


@pytest.fixture
def world(core_db: Database) -> dict[str, int]:
    with core_db.session() as s:
        lena = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Lena",
                last_name="Öztürk",
                emails=[cs.EmailData("lena@jugendclub83.example")],
            ),
        )
        event = sc.create_event(
            s,
            sc.EventData(
                title=TITLE,
                kind="sonstiger_termin",
                start=datetime(2026, 12, 8, 10),
                end=datetime(2026, 12, 8, 12),
                participants=[sc.ParticipantData(lena.id or 0)],
            ),
        ).event
    return {"lena": lena.id or 0, "event": event.id or 0}


def response(goid: bytes, subject: str, start: datetime, suffix: str = "Pos") -> bytes:
    b = mb.MsgBuilder(f"IPM.Schedule.Meeting.Resp.{suffix}")
    b.props.text(0x0037, subject)
    b.props.text(0x0C1A, "Lena Öztürk").text(0x0C1F, "lena@jugendclub83.example")
    b.props.text(0x0C1E, "SMTP")
    b.named(A, 0x820D, mb.PT_SYSTIME, start).named(A, 0x8201, mb.PT_LONG, 0)
    b.named(M, 0x0003, mb.PT_BINARY, goid)
    return b.build()


def responses(db: Database, event_id: int) -> dict[int, str]:
    with db.session() as s:
        return {p.contact_id: p.response for p in sc.get_event(s, event_id).participants}


def preview(db: Database, *items: tuple[str, bytes]) -> cx.CalendarImportPreview:
    ics = []
    for name, data in items:
        content = read_msg(data, source=name)
        assert content.ics is not None
        ics.append((name, content.ics))
    with db.session() as s:
        return cx.preview_ics_data(s, ics)


def commit(db: Database, items: list[tuple[str, bytes]]) -> cx.CalendarImportReport:
    with db.session() as s:
        result = cx.preview_ics_data(s, [(n, read_msg(d, source=n).ics or b"") for n, d in items])
        report = cx.commit_ics(s, result)
        s.commit()
    return report


def test_response_to_our_invitation_is_matched_by_its_uid(
    core_db: Database, world: dict[str, int]
) -> None:
    with core_db.session() as s:
        uid = sc.get_event(s, world["event"]).uid
    data = response(mb.global_id(uid), f"Zugesagt: {TITLE}", datetime(2026, 12, 8, 9, tzinfo=UTC))
    (entry,) = preview(core_db, ("Zusage.msg", data)).entries
    assert (entry.action, entry.existing_id, entry.reason) == ("antwort", world["event"], "")
    report = commit(core_db, [("Zusage.msg", data)])
    assert report.responses and not report.invalid
    assert responses(core_db, world["event"])[world["lena"]] == "zusage"


def test_response_with_outlooks_own_uid_is_matched_by_subject_and_start(
    core_db: Database, world: dict[str, int]
) -> None:
    goid = mb.global_id(raw=bytes(range(16)))
    data = response(goid, f"Abgelehnt: {TITLE}", datetime(2026, 12, 8, 9, tzinfo=UTC), "Neg")
    (entry,) = preview(core_db, ("Absage.msg", data)).entries
    assert (entry.action, entry.existing_id) == ("antwort", world["event"])
    assert entry.reason == "zugeordnet über Betreff und Beginn"
    report = commit(core_db, [("Absage.msg", data)])
    assert report.responses and not report.invalid
    assert responses(core_db, world["event"])[world["lena"]] == "absage"


def test_subject_and_start_must_name_exactly_one_event(
    core_db: Database, world: dict[str, int]
) -> None:
    goid = mb.global_id(raw=bytes(range(16)))
    wrong_time = response(goid, f"Zugesagt: {TITLE}", datetime(2026, 12, 8, 10, tzinfo=UTC))
    (entry,) = preview(core_db, ("a.msg", wrong_time)).entries
    assert (entry.action, entry.reason) == ("ungültig", "Antwort auf einen unbekannten Termin")
    with core_db.session() as s:  # a second event with the same title and start
        sc.create_event(
            s,
            sc.EventData(
                title=TITLE,
                kind="sonstiger_termin",
                start=datetime(2026, 12, 8, 10),
                end=datetime(2026, 12, 8, 11),
            ),
        )
    same = response(goid, f"Zugesagt: {TITLE}", datetime(2026, 12, 8, 9, tzinfo=UTC))
    (entry,) = preview(core_db, ("b.msg", same)).entries
    assert entry.action == "ungültig" and entry.existing_id is None
    assert responses(core_db, world["event"])[world["lena"]] == "offen"


def test_reply_subject_prefixes() -> None:
    assert cx.reply_subject("Zugesagt: Mit Vorbehalt: Vorstand") == "Vorstand"
    assert cx.reply_subject("Accepted: Zugesagt ist gut") == "Zugesagt ist gut"


def test_meeting_request_series_is_imported_with_exdates(core_db: Database) -> None:
    blob = mb.recurrence(
        frequency=0x200B,
        pattern=0x1,
        period=1,
        specific=struct.pack("<I", 0b100),  # Tuesday
        first=date(2027, 1, 5),
        start_minutes=17 * 60,
        end_minutes=18 * 60 + 30,
        end_type=0x2022,
        count=6,
        deleted=(date(2027, 1, 19),),
    )
    b = mb.MsgBuilder("IPM.Schedule.Meeting.Request")
    b.props.text(0x0037, "Stammtisch Ehrenamt").text(0x0C1F, "anna@stadt.example")
    b.named(A, 0x820D, mb.PT_SYSTIME, datetime(2027, 1, 5, 16, tzinfo=UTC))
    b.named(A, 0x820E, mb.PT_SYSTIME, datetime(2027, 1, 5, 17, 30, tzinfo=UTC))
    b.named(A, 0x8223, mb.PT_BOOLEAN, True).named(A, 0x8216, mb.PT_BINARY, blob)
    b.named(A, 0x8260, mb.PT_BINARY, mb.tz_definition("W. Europe Standard Time"))
    b.named(M, 0x0003, mb.PT_BINARY, mb.global_id("stammtisch-2027"))
    data = b.build()
    (entry,) = preview(core_db, ("Einladung.msg", data)).entries
    assert entry.action == "neu" and entry.start == datetime(2027, 1, 5, 17)
    report = commit(core_db, [("Einladung.msg", data)])
    assert len(report.created) == 1 and not report.invalid
    with core_db.session() as s:
        event_id = sc.find_by_uid(s, "stammtisch-2027")
        assert event_id is not None
        event = sc.get_event(s, event_id)
        assert (event.title, event.tz, event.start) == (
            "Stammtisch Ehrenamt",
            "Europe/Berlin",
            datetime(2027, 1, 5, 17),
        )
        assert event.rrule is not None and "COUNT=6" in event.rrule and "BYDAY=TU" in event.rrule
        assert event.exdates == [datetime(2027, 1, 19, 16, tzinfo=UTC)]
    # the same request again: the same SEQUENCE and LAST-MODIFIED change nothing
    (again,) = preview(core_db, ("Einladung.msg", data)).entries
    assert again.action == "unverändert"


def test_eml_answer_given_as_bytes(core_db: Database, world: dict[str, int]) -> None:
    """preview_ics_data reads the calendar parts of an e-mail given as bytes."""
    from email.message import EmailMessage

    with core_db.session() as s:
        uid = sc.get_event(s, world["event"]).uid
    reply = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//DE\r\nMETHOD:REPLY\r\n"
        "BEGIN:VEVENT\r\nATTENDEE;PARTSTAT=TENTATIVE:mailto:lena@jugendclub83.example\r\n"
        f"DTSTART:20261208T090000Z\r\nUID:{uid}\r\nDTSTAMP:20261201T090000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message = EmailMessage()
    message["From"] = "lena@jugendclub83.example"
    message["Subject"] = "Mit Vorbehalt: Netzwerktreffen"
    message.set_content("Vielleicht.")
    message.add_alternative(reply, subtype="calendar", params={"method": "REPLY"})
    with core_db.session() as s:
        result = cx.preview_ics_data(s, [("Antwort.eml", message.as_bytes())])
        assert [(e.action, e.existing_id) for e in result.entries] == [("antwort", world["event"])]
        cx.commit_ics(s, result)
        s.commit()
    assert responses(core_db, world["event"])[world["lena"]] == "vorbehalt"


def test_too_large_calendar_bytes_are_refused_with_the_name(core_db: Database) -> None:
    with core_db.session() as s, pytest.raises(ImportError_) as info:
        cx.preview_ics_data(s, [("riesig.msg", b"x" * (cx.MAX_IMPORT_BYTES + 1))])
    assert "riesig.msg" in info.value.message


def test_cancelled_occurrence_of_an_imported_series(core_db: Database) -> None:
    blob = mb.recurrence(
        frequency=0x200B,
        pattern=0x1,
        period=1,
        specific=struct.pack("<I", 0b100),
        first=date(2027, 1, 5),
        start_minutes=17 * 60,
        end_minutes=18 * 60,
        end_type=0x2022,
        count=4,
    )
    request = mb.MsgBuilder("IPM.Schedule.Meeting.Request")
    request.props.text(0x0037, "Chorprobe").text(0x0C1F, "anna@stadt.example")
    request.named(A, 0x820D, mb.PT_SYSTIME, datetime(2027, 1, 5, 16, tzinfo=UTC))
    request.named(A, 0x820E, mb.PT_SYSTIME, datetime(2027, 1, 5, 17, tzinfo=UTC))
    request.named(A, 0x8223, mb.PT_BOOLEAN, True).named(A, 0x8216, mb.PT_BINARY, blob)
    request.named(A, 0x8260, mb.PT_BINARY, mb.tz_definition("W. Europe Standard Time"))
    request.named(M, 0x0003, mb.PT_BINARY, mb.global_id("chor-2027"))
    cancel = mb.MsgBuilder("IPM.Schedule.Meeting.Canceled")
    cancel.props.text(0x0037, "Abgesagt: Chorprobe").text(0x0C1F, "anna@stadt.example")
    cancel.named(A, 0x820D, mb.PT_SYSTIME, datetime(2027, 1, 12, 16, tzinfo=UTC))
    cancel.named(A, 0x820E, mb.PT_SYSTIME, datetime(2027, 1, 12, 17, tzinfo=UTC))
    cancel.named(A, 0x8228, mb.PT_SYSTIME, datetime(2027, 1, 12, 16, tzinfo=UTC))
    cancel.named(A, 0x825E, mb.PT_BINARY, mb.tz_definition("W. Europe Standard Time"))
    cancel.named(A, 0x8201, mb.PT_LONG, 1)
    cancel.named(M, 0x0003, mb.PT_BINARY, mb.global_id("chor-2027", day=date(2027, 1, 12)))
    report = commit(core_db, [("Serie.msg", request.build()), ("Absage.msg", cancel.build())])
    assert len(report.created) == 1 and len(report.cancelled) == 1 and not report.invalid
    with core_db.session() as s:
        event_id = sc.find_by_uid(s, "chor-2027")
        assert event_id is not None
        assert sc.get_event(s, event_id).exdates == [datetime(2027, 1, 12, 16, tzinfo=UTC)]
