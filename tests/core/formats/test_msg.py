"""Outlook .msg files: genuine ones written by Outlook (tests/data/msg, see its README) and ones
built per [MS-OXMSG] by tests/core/formats/msgbuild.py. Calendar results are read back with our
iCalendar reader and with ical.js (Thunderbird's library) as the independent parser."""

from __future__ import annotations

import contextlib
import struct
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import ical
from contactdesk.core.formats.msg import MsgContent, read_msg
from contactdesk.core.formats.msg_recurrence import (
    RecurrenceError,
    parse_recurrence,
    uid_from_global_id,
)
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


# --------------------------------------------------------------------------- genuine files


@pytest.mark.parametrize("name", ["contactUnicode.msg", "contactAnsi.msg"])
def test_genuine_contact_unicode_and_ansi(name: str) -> None:
    """Outlook's Japanese contact, once with UTF-16 strings, once in code page 932 (the message
    locale 1041 names it)."""
    content = read(name)
    assert content.message_class == "IPM.Contact"
    assert content.ics is None and content.warnings == []
    (card,) = content.cards
    contact = card.contact
    assert contact is not None and content.contacts == [contact]
    assert (contact.kind, contact.salutation, contact.title) == ("person", "Herr", "")
    assert (contact.first_name, contact.last_name) == ("コム ドット", "イグザンプル")
    assert card.raw_name == "Mr. イグザンプル ドット コム 殿"
    assert (card.affiliation.organisation, card.affiliation.department) == (
        "My work company",
        "My division",
    )
    assert card.affiliation.function == "My position"
    assert [(e.address, e.label) for e in contact.emails] == [("test@example.com", "")]
    assert [(p.number, p.label) for p in contact.phones] == [
        ("06-0001-0002", "dienstlich"),
        ("06-0001-0001", "privat"),
        ("080-0001-0001", "mobil"),
        ("06-0001-0003", "Fax"),
    ]
    (address,) = contact.addresses
    assert (address.street, address.postal_code, address.city, address.country) == (
        "Somewhere",
        "544-0001",
        "Osaka, Osaka",
        "日本",
    )
    assert address.label == "dienstlich"
    assert contact.website == "https://example.com"
    assert contact.notes == "Namenszusatz: 殿\n\nGeburtstag: 01.01.2000"
    assert contact.tags == []


def test_genuine_weekly_series_with_a_cancelled_and_a_moved_occurrence(tmp_path: Path) -> None:
    """Its body says: "Jan 6 cancel, Jan 13 rescheduled to Jan 12" (Tokyo time)."""
    content = read("Lanch time  every friday  in 2023 chgs1.msg")
    assert content.message_class == "IPM.Appointment" and content.warnings == []
    cal = calendar(content)
    assert cal.method == "PUBLISH"
    master, moved = cal.events
    assert master.uid.startswith(OUTLOOK_UID_PREFIX) and moved.uid == master.uid
    assert master.title == "Lanch time, every friday, in 2023"
    assert master.description.startswith("Changes:")
    assert (master.tz, master.start, master.end) == (
        "Asia/Tokyo",
        datetime(2023, 1, 6, 12),
        datetime(2023, 1, 6, 13),
    )
    assert parts(master.rrule) == parts("FREQ=WEEKLY;UNTIL=20231231T030000Z;BYDAY=FR")
    assert master.exdates == [datetime(2023, 1, 6, 3, tzinfo=UTC)]
    assert moved.recurrence_id == datetime(2023, 1, 13, 3, tzinfo=UTC)
    assert (moved.start, moved.end) == (datetime(2023, 1, 12, 12), datetime(2023, 1, 12, 13))
    assert moved.title == "Lanch time, every friday, in 2023 [rescheduled!]"
    parsed = icaljs(content, tmp_path)
    first = parsed["events"][0]
    assert first["tzid"] == "Asia/Tokyo"
    starts = [o["start_utc"] for o in first["occurrences"]]
    # Jan 6 cancelled, Jan 13 moved to Jan 12 (ical.js applies the changed occurrence)
    assert starts[:2] == ["2023-01-12T03:00:00.000Z", "2023-01-20T03:00:00.000Z"]
    assert len(starts) == 51 and starts[-1] == "2023-12-29T03:00:00.000Z"
    assert parsed["events"][1]["recurrence_id"] == "2023-01-13T03:00:00.000Z"


def test_genuine_meeting_series_with_a_renamed_occurrence() -> None:
    cal = calendar(read("Friday Lunch.msg"))
    master, *changed = cal.events
    assert parts(master.rrule) == parts("FREQ=WEEKLY;UNTIL=20231231T030000Z;BYDAY=FR")
    assert master.organiser is not None
    assert master.organiser.email == "ku@digitaldolphins.onmicrosoft.com"
    assert [(c.title, c.start, c.recurrence_id) for c in changed] == [
        ("Monday Lunch", datetime(2023, 1, 9, 12), datetime(2023, 1, 13, 3, tzinfo=UTC)),
        ("Friday Lunch", datetime(2023, 1, 20, 12), datetime(2023, 1, 20, 3, tzinfo=UTC)),
    ]


@pytest.mark.parametrize(
    ("name", "rule", "start", "all_day"),
    [
        ("A daily 1.msg", "FREQ=WEEKLY;COUNT=1;BYDAY=MO,TU,WE,TH,FR", datetime(2022, 12, 12), True),
        ("A weekly 1.msg", "FREQ=WEEKLY;COUNT=1;BYDAY=MO", datetime(2022, 12, 12, 16), False),
        ("A monthly 1.msg", "FREQ=MONTHLY;COUNT=1;BYMONTHDAY=12", datetime(2022, 12, 12), True),
        (
            "A yearly 1.msg",
            "FREQ=YEARLY;COUNT=1;BYMONTH=12;BYMONTHDAY=12",
            datetime(2022, 12, 12),
            True,
        ),
        ("7 days  everyday.msg", "FREQ=DAILY;UNTIL=20221207", datetime(2022, 12, 1), True),
    ],
)
def test_genuine_recurrence_patterns(
    name: str, rule: str, start: datetime, all_day: bool, tmp_path: Path
) -> None:
    content = read(name)
    (event,) = calendar(content).events
    assert parts(event.rrule) == parts(rule)
    assert (event.start, event.all_day) == (start, all_day)
    parsed = icaljs(content, tmp_path)
    occurrences = parsed["events"][0]["occurrences"]
    expected = 7 if name.startswith("7 days") else 1
    assert len(occurrences) == expected
    assert occurrences[0]["start_wall"].startswith(start.date().isoformat())


def test_genuine_single_appointments_in_their_zones() -> None:
    (est,) = calendar(read("Appointment sample EST.msg")).events
    assert (est.tz, est.start, est.end) == (
        "America/New_York",
        datetime(2022, 12, 4, 8),
        datetime(2022, 12, 4, 8, 30),
    )
    schedule = read("A schedule.msg")
    assert schedule.warnings == []  # the Exchange-only recipient is the organiser
    (meeting,) = calendar(schedule).events
    assert (meeting.tz, meeting.start) == ("Asia/Tokyo", datetime(2021, 10, 13, 18, 30))
    assert meeting.description.strip() == "A message body."
    assert meeting.organiser is not None and meeting.organiser.name == "UnoKenji"
    assert meeting.attendees == []  # the one recipient is the organiser (an Exchange address)
    (friday,) = calendar(read("A black friday (w tz).msg")).events
    assert friday.all_day and (friday.start, friday.end) == (
        datetime(2022, 12, 2),
        datetime(2022, 12, 3),
    )


@pytest.mark.parametrize("name", ["test1.msg", "msgInMsg.msg"])
def test_genuine_mails_without_contact_or_event_are_refused(name: str) -> None:
    with pytest.raises(ImportError_) as info:
        read(name)
    assert "enthält weder Kontakt noch Termin" in info.value.message
    assert name in info.value.message


# --------------------------------------------------------------------------- built contacts


def german_contact() -> mb.MsgBuilder:
    b = mb.MsgBuilder("IPM.Contact")
    p = b.props
    p.text(0x3A06, "Jörg").text(0x3A44, "Peter").text(0x3A11, "Müller-Weiß")
    p.text(0x3A45, "Herr Dr.").text(0x3001, "Dr. Jörg Peter Müller-Weiß").text(0x3A05, "jun.")
    p.text(0x3A16, "Bürgerstiftung Weißwasser").text(0x3A17, "Vorsitzender")
    p.text(0x3A18, "Vorstand")
    p.text(0x3A08, "03576 1234-5").text(0x3A09, "03576 98765").text(0x3A1C, "0171 2345678")
    p.text(0x3A24, "03576 1234-9").text(0x3A57, "03576 1234-0")
    p.text(0x3A4F, "Jö")
    p.text(0x1000, "Kennt alle Vereine.\r\nBitte vormittags anrufen.")
    p.set(0x3A42, mb.PT_SYSTIME, datetime(1970, 3, 14, 23, tzinfo=UTC))  # 15.03. in Berlin
    p.text(0x3A51, "https://buergerstiftung.example")
    p.text(0x3A5D, "Am Markt 3\r\nHinterhaus").text(0x3A59, "Weißwasser/O.L.")
    p.text(0x3A5B, "02943").text(0x3A5A, "Deutschland")
    p.text(0x3A63, "1 Main St").text(0x3A5F, "Bayside").text(0x3A62, "NY")
    p.text(0x3A61, "11361").text(0x3A60, "USA")
    a = mb.PSETID_ADDRESS
    b.named(a, 0x8045, mb.PT_UNICODE, "Marktplatz 1").named(a, 0x8046, mb.PT_UNICODE, "Weißwasser")
    b.named(a, 0x8048, mb.PT_UNICODE, "02943").named(a, 0x8049, mb.PT_UNICODE, "Deutschland")
    b.named(a, 0x8083, mb.PT_UNICODE, "mueller@buergerstiftung.example")
    b.named(a, 0x8082, mb.PT_UNICODE, "SMTP")
    b.named(a, 0x8080, mb.PT_UNICODE, "Jörg Müller (mueller@buergerstiftung.example)")
    b.named(a, 0x8093, mb.PT_UNICODE, "/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=jm")
    b.named(a, 0x8092, mb.PT_UNICODE, "EX")
    b.named(a, 0x8094, mb.PT_UNICODE, "j.mueller@weisswasser.example")
    b.named(a, 0x8090, mb.PT_UNICODE, "Jörg im Rathaus")  # given by the user: the label
    b.named(a, 0x80A3, mb.PT_UNICODE, "MUELLER@buergerstiftung.example")  # the first again
    b.named(a, 0x8062, mb.PT_UNICODE, "joerg.mw")
    b.named(mb.PS_PUBLIC_STRINGS, "Keywords", mb.PT_MV_UNICODE, ["Ehrenamt", "Presse", "Ehrenamt"])
    return b


def test_built_contact_every_field() -> None:
    content = read_msg(german_contact().build(), source="Müller.msg")
    assert content.message_class == "IPM.Contact" and content.ics is None
    (card,) = content.cards
    c = card.contact
    assert c is not None
    assert (c.kind, c.salutation, c.title, c.first_name, c.last_name) == (
        "person",
        "Herr",
        "Dr.",
        "Jörg Peter",
        "Müller-Weiß",
    )
    assert card.raw_name == "Dr. Jörg Peter Müller-Weiß"
    assert (
        card.affiliation.organisation,
        card.affiliation.department,
        card.affiliation.function,
    ) == ("Bürgerstiftung Weißwasser", "Vorstand", "Vorsitzender")
    assert [(e.address, e.label) for e in c.emails] == [
        ("mueller@buergerstiftung.example", ""),  # "Jörg Müller (…)" is Outlook's own name
        ("j.mueller@weisswasser.example", "Jörg im Rathaus"),  # Exchange: the SMTP form
    ]
    assert [(p.number, p.label) for p in c.phones] == [
        ("03576 1234-5", "dienstlich"),
        ("03576 1234-0", "zentrale"),
        ("03576 98765", "privat"),
        ("0171 2345678", "mobil"),
        ("03576 1234-9", "Fax"),
    ]
    assert [(a.label, a.street, a.postal_code, a.city, a.country) for a in c.addresses] == [
        ("dienstlich", "Marktplatz 1", "02943", "Weißwasser", "Deutschland"),
        ("privat", "Am Markt 3, Hinterhaus", "02943", "Weißwasser/O.L.", "Deutschland"),
        ("", "1 Main St", "11361", "Bayside, NY", "USA"),
    ]
    assert c.website == "https://buergerstiftung.example"
    assert c.tags == ["Ehrenamt", "Presse"]
    assert c.notes.split("\n\n") == [
        "Kennt alle Vereine.\nBitte vormittags anrufen.",
        "Namenszusatz: jun.",
        "Spitzname: Jö",
        "Chat: joerg.mw",
        "Geburtstag: 15.03.1970",
    ]


def test_built_contact_of_an_organisation_and_one_without_name() -> None:
    b = mb.MsgBuilder("IPM.Contact")
    b.props.text(0x3A16, "Jugendclub '83 e. V.").text(0x3001, "Jugendclub '83 e. V.")
    b.props.text(0x3A08, "03493 22 33 44")
    (card,) = read_msg(b.build(), source="jc.msg").cards
    assert card.contact is not None
    assert (card.contact.kind, card.contact.name) == ("organisation", "Jugendclub '83 e. V.")
    assert not card.affiliation
    nameless = mb.MsgBuilder("IPM.Contact")
    nameless.props.text(0x3A08, "0351 1")
    content = read_msg(nameless.build(), source="leer.msg")
    assert content.contacts == [] and content.cards[0].problems == [
        "Outlook-Kontakt: kein Name (weder Vorname, Nachname noch Firma)."
    ]
    assert content.cards[0].place == "Outlook-Kontakt"


# --------------------------------------------------------------------------- built calendar items

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
    blob = mb.recurrence(
        frequency=0x200B,
        pattern=0x1,
        period=2,
        specific=struct.pack("<I", 0b0001010),  # Monday and Wednesday
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


# --------------------------------------------------------------------------- mails and errors


def test_mail_with_vcf_ics_and_an_attached_contact() -> None:
    vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Öztürk;Ayşe;;;\r\nFN:Ayşe Öztürk\r\nEND:VCARD\r\n"
    ics = meeting().build()
    mail = mb.MsgBuilder("IPM.Note")
    mail.props.text(0x0037, "Kontakte und Termin")
    mail.attach_file("Öztürk.vcf", vcf.encode(), "text/vcard")
    mail.attach_file("Einladung.ics", read_msg(ics, source="x").ics or b"", "text/calendar")
    mail.attach_file("Logo.png", b"\x89PNG\r\n", "image/png")
    mail.attach_item(german_contact())
    content = read_msg(mail.build(), source="Mail.msg")
    assert content.message_class == "IPM.Note" and content.warnings == []
    assert [c.last_name for c in content.contacts] == ["Öztürk", "Müller-Weiß"]
    assert [card.place for card in content.cards] == [
        "Anhang „Öztürk.vcf“, Karte 1 (Zeile 1)",
        "Anhang 4 „Element.msg“: Outlook-Kontakt",
    ]
    assert calendar(content).events[0].uid == "6f1e3c1a-0b52-4f0e-9d7c-contactdesk"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "leer"),
        (b"BEGIN:VCARD\r\n", "keine Outlook-Nachricht"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "beschädigt"),
    ],
)
def test_broken_files_are_refused_in_german_with_the_name(data: bytes, words: str) -> None:
    with pytest.raises(ImportError_) as info:
        read_msg(data, source="kaputt.msg")
    assert words in info.value.message and "kaputt.msg" in info.value.message


def test_truncated_genuine_file_is_refused() -> None:
    data = (DATA / "Friday Lunch.msg").read_bytes()
    for cut in (1024, len(data) // 2, len(data) - 700):
        with pytest.raises(ImportError_) as info:
            read_msg(data[:cut], source="halb.msg")
        assert "halb.msg" in info.value.message


def test_distribution_list_and_plain_mail_are_refused() -> None:
    with pytest.raises(ImportError_, match="Verteilerliste"):
        read_msg(mb.MsgBuilder("IPM.DistList").build(), source="liste.msg")
    plain = mb.MsgBuilder("IPM.Note")
    plain.props.text(0x0037, "Hallo").text(0x1000, "Nur Text")
    with pytest.raises(ImportError_, match="weder Kontakt noch Termin"):
        read_msg(plain.build(), source="mail.msg")
    with pytest.raises(ImportError_, match="ist eine Aufgabe; importiert werden nur Kontakte"):
        read_msg(mb.MsgBuilder("IPM.Task").build(), source="aufgabe.msg")
    no_start = mb.MsgBuilder("IPM.Appointment")
    with pytest.raises(ImportError_, match="keinen Beginn"):
        read_msg(no_start.build(), source="t.msg")


def test_zone_from_the_old_time_zone_struct() -> None:
    """Outlook 2003 items have no TZDEFINITION, only PidLidTimeZoneStruct (Berlin: bias -60,
    standard time from the last Sunday of October, summer time from the last Sunday of March)."""
    std = struct.pack("<HHHHHHHH", 0, 10, 0, 5, 3, 0, 0, 0)
    dst = struct.pack("<HHHHHHHH", 0, 3, 0, 5, 2, 0, 0, 0)
    tz_struct = struct.pack("<iiiH", -60, 0, -60, 0) + std + struct.pack("<H", 0) + dst
    blob = mb.recurrence(
        frequency=0x200B,
        pattern=0x1,
        period=1,
        specific=struct.pack("<I", 0b100000),
        first=date(2026, 3, 6),
        start_minutes=19 * 60,
        end_minutes=21 * 60,
        end_type=0x2022,
        count=3,
    )
    b = meeting("IPM.Appointment", zone="")
    b.named(A, 0x825E, mb.PT_BINARY, b"")
    b.named(A, 0x8223, mb.PT_BOOLEAN, True).named(A, 0x8216, mb.PT_BINARY, blob)
    b.named(A, 0x8233, mb.PT_BINARY, tz_struct)
    content = read_msg(b.build(), source="alt.msg")
    (ev,) = calendar(content).events
    assert (ev.tz, ev.start) == ("Europe/Berlin", datetime(2026, 3, 6, 19)) and not content.warnings


def test_damaged_bytes_never_crash(tmp_path: Path) -> None:
    """Flipped bytes in a genuine file give a result or a German ImportError_, nothing else."""
    import random

    rng = random.Random(12)
    original = (DATA / "Lanch time  every friday  in 2023 chgs1.msg").read_bytes()
    for _ in range(150):
        data = bytearray(original)
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(512, len(data))] = rng.randrange(256)
        try:
            content = read_msg(bytes(data), source="kaputt.msg")
        except ImportError_ as exc:
            assert "kaputt.msg" in exc.message
            continue
        if content.ics:
            ical.parse(content.ics, "kaputt.ics")


def test_built_contact_passes_the_contact_validation() -> None:
    from contactdesk.core.services import contacts as cs

    (contact,) = read_msg(german_contact().build(), source="m.msg").contacts
    valid = cs.validate(contact, region="DE")
    assert [p.number for p in valid.phones][:2] == ["+49357612345", "+49357612340"]


def test_cancellation_of_one_occurrence_names_it() -> None:
    goid = mb.global_id("serie-1", day=date(2026, 12, 15))
    b = meeting("IPM.Schedule.Meeting.Canceled", uid=None)
    b.named(M, 0x0003, mb.PT_BINARY, goid).named(M, 0x0023, mb.PT_BINARY, goid)
    b.named(A, 0x8228, mb.PT_SYSTIME, datetime(2026, 12, 15, 9, tzinfo=UTC))
    (ev,) = calendar(read_msg(b.build(), source="a.msg")).events
    assert ev.uid == "serie-1" and ev.recurrence_id == datetime(2026, 12, 15, 9, tzinfo=UTC)
    b.named(A, 0x8228, mb.PT_SYSTIME, datetime(1601, 1, 1, tzinfo=UTC))  # no replace time
    (ev,) = calendar(read_msg(b.build(), source="b.msg")).events
    assert ev.recurrence_id == datetime(2026, 12, 15, 9, tzinfo=UTC)  # day + the start's time


def test_own_appointment_with_html_body_and_no_organiser() -> None:
    b = mb.MsgBuilder("IPM.Appointment")
    b.props.text(0x0037, "Zahnarzt").text(0x0C1F, "ich@example.org")
    b.props.set(0x1013, mb.PT_BINARY, b"<html><body><p>Bitte <b>Karte</b> mitbringen</p>")
    b.named(A, 0x820D, mb.PT_SYSTIME, datetime(2026, 12, 9, 7, tzinfo=UTC))
    b.named(A, 0x820E, mb.PT_SYSTIME, datetime(2026, 12, 9, 8, tzinfo=UTC))
    b.named(A, 0x825E, mb.PT_BINARY, mb.tz_definition(BERLIN))
    (ev,) = calendar(read_msg(b.build(), source="z.msg")).events
    assert ev.organiser is None and ev.attendees == []
    assert ev.description == "Bitte Karte mitbringen" and ev.start == datetime(2026, 12, 9, 8)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_recurrence_blob_garbage_is_refused_not_crashing(blob: bytes) -> None:
    with contextlib.suppress(RecurrenceError, OverflowError):  # anything else fails
        parse_recurrence(blob)


VALID_BLOB = mb.recurrence(
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


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(VALID_BLOB) - 1), st.integers(0, 255)), max_size=6))
def test_damaged_recurrence_blob_is_refused_not_crashing(changes: list[tuple[int, int]]) -> None:
    blob = bytearray(VALID_BLOB)
    for position, value in changes:
        blob[position] = value
    with contextlib.suppress(RecurrenceError, OverflowError):  # anything else fails
        parse_recurrence(bytes(blob))
