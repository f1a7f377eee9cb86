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
from contactdesk.core.formats.msg import read_msg
from contactdesk.core.formats.msg_recurrence import (
    RecurrenceError,
    parse_recurrence,
)
from tests.core.formats import msgbuild as mb
from tests.core.formats.msgread import (
    BERLIN,
    DATA,
    FORTNIGHTLY_BLOB,
    OUTLOOK_UID_PREFIX,
    A,
    M,
    calendar,
    icaljs,
    meeting,
    parts,
    read,
)

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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(FORTNIGHTLY_BLOB) - 1), st.integers(0, 255)), max_size=6)
)
def test_damaged_recurrence_blob_is_refused_not_crashing(changes: list[tuple[int, int]]) -> None:
    blob = bytearray(FORTNIGHTLY_BLOB)
    for position, value in changes:
        blob[position] = value
    with contextlib.suppress(RecurrenceError, OverflowError):  # anything else fails
        parse_recurrence(bytes(blob))
