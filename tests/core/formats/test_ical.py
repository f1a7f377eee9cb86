"""iCalendar export and import, each export parsed back by ical.js (independent of icalendar)."""

from __future__ import annotations

import contextlib
import email
import email.policy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_, ValidationError
from contactdesk.core.formats import ical
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import calendar_exchange as cx
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from tests.core.formats.icaljs import parse_with_icaljs

D = datetime
DATA = Path(__file__).resolve().parents[2] / "data" / "ics"
NOW = D(2021, 9, 10, 12, tzinfo=UTC)


@pytest.fixture
def world(core_db: Database) -> dict[str, int]:
    """An organiser, three invitees (one without consent, one without e-mail) and a workshop."""
    with core_db.session() as s:
        consent = [cs.ConsentData("einladungen", date(2021, 1, 1), "email")]
        urban = cs.create_contact(
            s,
            cs.ContactData(
                salutation="Herr",
                last_name="Urban",
                emails=[cs.EmailData("urban@bitterfeld-wolfen.example")],
            ),
        )
        lena = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Lena",
                last_name="Müller",
                emails=[cs.EmailData("lena@jugendclub83.example")],
                consents=consent,
            ),
        )
        ayse = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Ayşe",
                last_name="Öztürk, Dr.",
                emails=[cs.EmailData("ayse@weisswasser.example")],
                consents=consent,
            ),
        )
        stefan = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Stefan", last_name="Groß", emails=[cs.EmailData("gross@tgz.example")]
            ),
        )
        nomail = cs.create_contact(
            s, cs.ContactData(first_name="Kein", last_name="Postfach", consents=consent)
        )
        event = sc.create_event(
            s,
            sc.EventData(
                title="Workshop „Engagement“; Teil 1, mit Jugendclub'83",
                kind="workshop",
                start=D(2021, 11, 4, 16),
                end=D(2021, 11, 4, 19),
                location="TGZ Bitterfeld-Wolfen mbH",
                room="Seminarraum 1",
                description="Zeile eins\nZeile zwei: Ä Ö Ü ß; \\ Backslash, Komma",
                organiser_id=urban.id,
                participants=[
                    sc.ParticipantData(lena.id or 0, response="zusage"),
                    sc.ParticipantData(ayse.id or 0, role="optional"),
                    sc.ParticipantData(stefan.id or 0),
                    sc.ParticipantData(nomail.id or 0),
                ],
            ),
        ).event
    return {
        "event": event.id or 0,
        "lena": lena.id or 0,
        "ayse": ayse.id or 0,
        "stefan": stefan.id or 0,
    }


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_invitation_as_outlook_needs_it(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with core_db.session() as s:
        result = cx.invitation_for(s, world["event"], now=NOW)
    raw = result.ics
    path = _write(tmp_path, "einladung.ics", raw)
    parsed = parse_with_icaljs(path)
    assert parsed["method"] == "REQUEST"
    assert parsed["calname"] is None
    assert len(parsed["events"]) == 1
    ev = parsed["events"][0]
    assert ev["summary"] == "Workshop „Engagement“; Teil 1, mit Jugendclub'83"
    assert ev["description"].startswith("Zeile eins\nZeile zwei: Ä Ö Ü ß; \\ Backslash, Komma")
    assert ev["location"] == "Seminarraum 1, TGZ Bitterfeld-Wolfen mbH"
    assert ev["organizer"] == "mailto:urban@bitterfeld-wolfen.example"
    assert [
        (a["email"], a["cn"], a["role"], a["partstat"], a["rsvp"]) for a in ev["attendees"]
    ] == [
        ("lena@jugendclub83.example", "Lena Müller", "REQ-PARTICIPANT", "ACCEPTED", "TRUE"),
        ("ayse@weisswasser.example", "Ayşe Öztürk, Dr.", "OPT-PARTICIPANT", "NEEDS-ACTION", "TRUE"),
    ]
    assert sorted(result.left_out) == [
        ("Kein Postfach", "keine E-Mail-Adresse"),
        ("Stefan Groß", "keine Einwilligung, Einladungen zu erhalten"),
    ]
    # 04.11.2021 is after the change to winter time (31.10.): 16:00 CET = 15:00 UTC
    assert (ev["start_wall"], ev["start_utc"]) == (
        "2021-11-04T16:00:00",
        "2021-11-04T15:00:00.000Z",
    )
    assert ev["tzid"] == "Europe/Berlin" and parsed["timezones"] == ["Europe/Berlin"]
    assert ev["alarms"] == []  # no reminder set for this event: no VALARM
    assert ev["sequence"] == 0
    text = raw.decode("utf-8")
    assert "DTSTAMP:20210910T120000Z" in text
    assert "RDATE" not in text
    assert text.count("BEGIN:STANDARD") == 1 and text.count("BEGIN:DAYLIGHT") == 1
    assert 'CN="Ayşe Öztürk, Dr."' in text.replace("\r\n ", "")
    assert "X-ALT-DESC;FMTTYPE=text/html:" in text


def test_lines_are_crlf_and_folded_at_75_octets_without_splitting_characters(
    core_db: Database, world: dict[str, int]
) -> None:
    with core_db.session() as s:
        data = sc.get_event(s, world["event"])
        data.description = "Weißwasser, Jugendclub'83, Öztürk – " * 20 + "€" * 40
        sc.update_event(s, world["event"], data)
        raw = cx.invitation_for(s, world["event"], now=NOW).ics
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a folded line never ends inside a UTF-8 sequence


def test_update_and_cancellation_keep_uid_and_raise_sequence(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with core_db.session() as s:
        first = parse_with_icaljs(
            _write(tmp_path, "1.ics", cx.invitation_for(s, world["event"], now=NOW).ics)
        )
        data = sc.get_event(s, world["event"])
        data.start, data.end = D(2021, 11, 5, 16), D(2021, 11, 5, 19)
        sc.update_event(s, world["event"], data)
        update = parse_with_icaljs(
            _write(tmp_path, "2.ics", cx.invitation_for(s, world["event"], now=NOW).ics)
        )
        cancel_raw = cx.invitation_for(s, world["event"], method="CANCEL", now=NOW).ics
        assert sc.get_event(s, world["event"]).status == "abgesagt"
    cancel = parse_with_icaljs(_write(tmp_path, "3.ics", cancel_raw))
    uids = {first["events"][0]["uid"], update["events"][0]["uid"], cancel["events"][0]["uid"]}
    assert len(uids) == 1
    sequences = [x["events"][0]["sequence"] for x in (first, update, cancel)]
    assert sequences == [0, 1, 2]
    assert cancel["method"] == "CANCEL"
    assert cancel["events"][0]["status"] == "CANCELLED"
    assert [a["email"] for a in cancel["events"][0]["attendees"]] == [
        "lena@jugendclub83.example",
        "ayse@weisswasser.example",
    ]
    assert cancel["events"][0]["alarms"] == []


def test_invitation_needs_an_organiser_address(core_db: Database) -> None:
    with core_db.session() as s:
        eid = (
            sc.create_event(
                s,
                sc.EventData(
                    title="Ohne Veranstalter", start=D(2021, 10, 1, 10), end=D(2021, 10, 1, 11)
                ),
            ).event.id
            or 0
        )
        with pytest.raises(ValidationError, match="Veranstalter"):
            cx.invitation_for(s, eid)
        raw = cx.invitation_for(
            s, eid, organiser=cx.Organiser("Herr Urban", "urban@example.de"), now=NOW
        ).ics
    assert b"ORGANIZER;CN=" in raw and b"Herr Urban" in raw


def test_publish_calendar_with_series_all_day_and_deadlines(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with core_db.session() as s:
        series = sc.create_event(
            s,
            sc.EventData(
                title="Online-Netzwerktreffen",
                kind="online_termin",
                start=D(2021, 9, 7, 10),
                end=D(2021, 9, 7, 11),
                rrule="FREQ=MONTHLY;BYDAY=1TU;COUNT=8",
            ),
        ).event
        sid = series.id or 0
        sc.cancel_occurrence(s, sid, D(2021, 11, 2, 9, tzinfo=UTC))
        moved = sc.occurrence_data(s, sid, D(2021, 12, 7, 9, tzinfo=UTC))
        moved.start, moved.end = D(2021, 12, 7, 14), D(2021, 12, 7, 15)
        sc.edit_occurrence(s, sid, D(2021, 12, 7, 9, tzinfo=UTC), moved)
        sc.create_event(
            s,
            sc.EventData(
                title="Präsenzveranstaltung", all_day=True, start=D(2021, 10, 7), end=D(2021, 10, 8)
            ),
        )
        town = cs.create_contact(s, cs.ContactData(kind="organisation", name="Stadt"))
        agreement = ag.create_agreement(
            s,
            ag.AgreementData(
                title="Netzwerkvereinbarung",
                kind="netzwerkvereinbarung",
                valid_from=date(2021, 8, 16),
                notice_months=3,
                notice_to="jahresende",
                parties=[ag.PartyData(town.id or 0)],
            ),
        )
        ag.change_status(s, agreement.id or 0, "unterzeichnet", on_date=date(2021, 8, 16))
        ag.change_status(s, agreement.id or 0, "aktiv", on_date=date(2021, 8, 16))
        raw = cx.calendar_for(s, include_deadlines=True, name="Engagierte Stadt", now=NOW)
        ours = [
            o.start.astimezone(UTC).isoformat()
            for o in sc.occurrences(s, D(2021, 9, 1, tzinfo=UTC), D(2022, 6, 1, tzinfo=UTC))
            if o.title == "Online-Netzwerktreffen"
        ]
    parsed = parse_with_icaljs(_write(tmp_path, "kalender.ics", raw))
    assert parsed["method"] == "PUBLISH" and parsed["calname"] == "Engagierte Stadt"
    by_title: dict[str, list[dict]] = {}
    for ev in parsed["events"]:
        by_title.setdefault(ev["summary"], []).append(ev)
    master = next(e for e in by_title["Online-Netzwerktreffen"] if e["rrule"])
    theirs = [o["start_utc"].replace(".000Z", "+00:00") for o in master["occurrences"]]
    assert theirs == ours  # the same wall times across the DST change, EXDATE and override applied
    assert [o["start_wall"][11:16] for o in master["occurrences"]] == [
        "10:00",
        "10:00",
        "14:00",
    ] + ["10:00"] * 4
    assert all(not e["attendees"] for e in parsed["events"])
    day = by_title["Präsenzveranstaltung"][0]
    assert day["is_date"] and day["start_wall"] == "2021-10-07" and day["end_wall"] == "2021-10-08"
    deadline = by_title["Kündigungsfrist: Netzwerkvereinbarung"][0]
    assert deadline["is_date"] and deadline["start_wall"] == "2021-09-30"
    assert deadline["alarms"] == ["-P1D"]


def test_rule_outlook_cannot_express_becomes_single_events(tmp_path: Path) -> None:
    assert ical.outlook_can_express("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20211231T230000Z")
    assert ical.outlook_can_express("FREQ=MONTHLY;BYDAY=-1FR")
    assert not ical.outlook_can_express("FREQ=MONTHLY;BYMONTHDAY=1,15")
    assert not ical.outlook_can_express("FREQ=DAILY;BYHOUR=9,15")
    event = ical.OutEvent(
        uid="serie-1",
        title="Sprechstunde",
        start=D(2021, 10, 1, 9),
        end=D(2021, 10, 1, 10),
        tz="Europe/Berlin",
        rrule="FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=4",
    )
    parsed = parse_with_icaljs(_write(tmp_path, "x.ics", ical.calendar([event], "x", NOW)))
    assert [(e["uid"], e["start_wall"], e["rrule"]) for e in parsed["events"]] == [
        ("serie-1-20211001T0900", "2021-10-01T09:00:00", None),
        ("serie-1-20211015T0900", "2021-10-15T09:00:00", None),
        ("serie-1-20211101T0900", "2021-11-01T09:00:00", None),
        ("serie-1-20211115T0900", "2021-11-15T09:00:00", None),
    ]


def test_vtimezone_is_understood_by_icaljs_in_summer_and_winter(tmp_path: Path) -> None:
    events = [
        ical.OutEvent(
            uid=f"e{i}", title="t", start=start, end=start + timedelta(hours=1), tz="Europe/Berlin"
        )
        for i, start in enumerate(
            [D(2026, 3, 28, 12), D(2026, 3, 30, 12), D(2026, 10, 24, 12), D(2026, 10, 26, 12)]
        )
    ]
    parsed = parse_with_icaljs(_write(tmp_path, "dst.ics", ical.calendar(events, "dst", NOW)))
    assert [e["start_utc"] for e in parsed["events"]] == [
        "2026-03-28T11:00:00.000Z",
        "2026-03-30T10:00:00.000Z",
        "2026-10-24T10:00:00.000Z",
        "2026-10-26T11:00:00.000Z",
    ]


def test_email_invitation_is_an_outlook_draft(core_db: Database, world: dict[str, int]) -> None:
    """Classic Outlook opens an .eml as an editable draft only with X-Unsent: 1 and no From."""
    with core_db.session() as s:
        raw, result = cx.email_for(s, world["event"], now=NOW)
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert "From" not in message and "Sender" not in message
    assert [a.addr_spec for a in message["To"].addresses] == [
        "lena@jugendclub83.example",
        "ayse@weisswasser.example",
    ]
    assert message["Subject"].startswith("Einladung: Workshop")
    assert message.get_content_type() == "multipart/mixed"
    alternative = message.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    kinds = [p.get_content_type() for p in alternative.get_payload()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar_part = alternative.get_payload()[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_content_charset() == "utf-8"
    assert "METHOD:REQUEST" in calendar_part.get_content()
    organizer = Calendar.from_ical(calendar_part.get_content()).walk("VEVENT")[0]["ORGANIZER"]
    assert str(organizer) == "mailto:urban@bitterfeld-wolfen.example"
    attachment = message.get_payload()[1]
    assert attachment.get_filename() == "einladung.ics"
    assert attachment.get_payload(decode=True) == result.ics
    assert "Begr" not in alternative.get_payload()[0].get_content()  # no agenda in this workshop
    assert "Ort: Seminarraum 1, TGZ" in alternative.get_payload()[0].get_content()
    assert raw.count(b"MIME-Version") == 1


def test_email_without_reachable_participants_is_refused(core_db: Database) -> None:
    with core_db.session() as s:
        eid = (
            sc.create_event(
                s, sc.EventData(title="Leer", start=D(2021, 10, 1, 10), end=D(2021, 10, 1, 11))
            ).event.id
            or 0
        )
        with pytest.raises(ValidationError, match="Niemand kann eingeladen werden"):
            cx.email_for(s, eid, organiser=cx.Organiser("U", "u@example.de"))


# --------------------------------------------------------------------------- import


def test_import_outlook_calendar_with_windows_zones(core_db: Database) -> None:
    path = DATA / "outlook_windows_tz.ics"
    with core_db.session() as s:
        preview = cx.preview_ics(s, [path])
        assert [e.action for e in preview.entries] == ["neu", "neu", "neu"]
        report = cx.commit_ics(s, preview)
    assert len(report.created) == 3 and not report.invalid
    with core_db.session() as s:
        occ = sc.occurrences(s, D(2021, 10, 1, tzinfo=UTC), D(2021, 12, 31, tzinfo=UTC))
        summary = [(o.title, o.start.strftime("%d.%m.%Y %H:%M"), o.all_day) for o in occ]
        meeting = sc.get_event(
            s, next(o.event_id for o in occ if o.title == "Vorbereitung Präsenzveranstaltung")
        )
    assert ("Tag der Deutschen Einheit", "03.10.2021 00:00", True) in summary
    assert ("Vorbereitung Präsenzveranstaltung", "14.10.2021 14:00", False) in summary
    assert meeting.tz == "Europe/Berlin"
    assert meeting.location == "Rathaus Bitterfeld-Wolfen, Raum 2.14"
    assert meeting.description.startswith(
        "Abstimmung der Themen für die Präsenzveranstaltung.\n\nBitte Unterlagen"
    )
    jour_fixe = [o.start.strftime("%d.%m. %H:%M") for o in occ if o.title == "Jour fixe Jugendclub"]
    assert jour_fixe == [
        "05.10. 09:30",
        "19.10. 09:30",
        "16.11. 09:30",
        "30.11. 09:30",
    ]  # 02.11. excluded


def test_reimport_follows_sequence(core_db: Database, tmp_path: Path) -> None:
    original = (DATA / "thunderbird.ics").read_bytes()
    with core_db.session() as s:
        cx.commit_ics(s, cx.preview_ics(s, [DATA / "thunderbird.ics"]))
    with core_db.session() as s:
        again = cx.preview_ics(s, [DATA / "thunderbird.ics"])
        assert [e.action for e in again.entries] == ["unverändert"]
        report = cx.commit_ics(s, again)
        assert report.skipped and not report.created
    newer = (
        original.replace(b"SEQUENCE:2", b"SEQUENCE:3")
        .replace(b"T170000", b"T180000")
        .replace(b"T183000", b"T193000")
    )
    path = _write(tmp_path, "neu.ics", newer)
    with core_db.session() as s:
        preview = cx.preview_ics(s, [path])
        assert [e.action for e in preview.entries] == ["aktualisieren"]
        cx.commit_ics(s, preview)
    with core_db.session() as s:
        occ = sc.occurrences(s, D(2021, 10, 1, tzinfo=UTC), D(2021, 11, 1, tzinfo=UTC))
        assert [(o.title, o.start.hour) for o in occ] == [
            ("Netzwerktreffen Ostdeutschland (Weißwasser)", 18)
        ]
        assert sc.get_event(s, occ[0].event_id).sequence == 3
    cancelled = newer.replace(b"BEGIN:VEVENT", b"METHOD:CANCEL\r\nBEGIN:VEVENT", 0).replace(
        b"SEQUENCE:3", b"SEQUENCE:4\r\nSTATUS:CANCELLED"
    )
    with core_db.session() as s:
        report = cx.commit_ics(s, cx.preview_ics(s, [_write(tmp_path, "abgesagt.ics", cancelled)]))
        assert report.cancelled
        assert (
            sc.occurrences(s, D(2021, 10, 1, tzinfo=UTC), D(2021, 11, 1, tzinfo=UTC))[0].status
            == "abgesagt"
        )


def test_own_export_reimports_without_duplicates(
    core_db: Database, world: dict[str, int], tmp_path: Path
) -> None:
    with core_db.session() as s:
        path = _write(tmp_path, "eigen.ics", cx.calendar_for(s, now=NOW))
        preview = cx.preview_ics(s, [path])
    assert [e.action for e in preview.entries] == ["unverändert"]


def test_replies_update_responses(core_db: Database, world: dict[str, int], tmp_path: Path) -> None:
    with core_db.session() as s:
        uid = sc.get_event(s, world["event"]).uid
    reply = (
        "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nVERSION:2.0\r\n"
        "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        'ATTENDEE;PARTSTAT=DECLINED;CN="Öztürk, Ayşe":mailto:AYSE@weisswasser.example\r\n'
        "DTSTART;TZID=W. Europe Standard Time:20211104T160000\r\n"
        f"UID:{uid}\r\nSEQUENCE:0\r\nDTSTAMP:20211001T090000Z\r\n"
        "SUMMARY;LANGUAGE=de:Abgelehnt: Workshop\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    ics_path = _write(tmp_path, "antwort.ics", reply)
    with core_db.session() as s:
        report = cx.commit_ics(s, cx.preview_ics(s, [ics_path]))
        assert report.responses and not report.invalid
        assert {p.contact_id: p.response for p in sc.get_event(s, world["event"]).participants}[
            world["ayse"]
        ] == "absage"
    # the same as an e-mail from Outlook, accepting
    accepted = reply.replace(b"DECLINED", b"ACCEPTED")
    message = email.message.EmailMessage()
    message["From"] = "ayse@weisswasser.example"
    message["Subject"] = "Zugesagt: Workshop"
    message.set_content("Ich komme gern.")
    message.add_alternative(accepted.decode(), subtype="calendar", params={"method": "REPLY"})
    eml_path = _write(tmp_path, "antwort.eml", message.as_bytes())
    with core_db.session() as s:
        cx.commit_ics(s, cx.preview_ics(s, [eml_path]))
        assert {p.contact_id: p.response for p in sc.get_event(s, world["event"]).participants}[
            world["ayse"]
        ] == "zusage"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "Binärdaten"),
        (b"Hallo Welt", "BEGIN:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n", "unvollständig"),
    ],
)
def test_broken_files_are_refused_with_file_name(
    core_db: Database, tmp_path: Path, content: bytes, words: str
) -> None:
    path = _write(tmp_path, "kaputt.ics", content)
    with core_db.session() as s, pytest.raises(ImportError_) as info:
        cx.preview_ics(s, [path])
    assert words in info.value.message and "kaputt.ics" in info.value.message


def test_bad_events_are_reported_and_nothing_partial(core_db: Database, tmp_path: Path) -> None:
    body = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
        "BEGIN:VEVENT\r\nUID:ohne-beginn\r\nSUMMARY:Ohne Beginn\r\nDTSTAMP:20210101T000000Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:rueckwaerts\r\nSUMMARY:Rückwärts\r\nDTSTART:20211001T100000Z\r\n"
        "DTEND:20211001T090000Z\r\nDTSTAMP:20210101T000000Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:gut\r\nSUMMARY:Gut\r\nDTSTART:20211001T100000Z\r\n"
        "DTEND:20211001T110000Z\r\nDTSTAMP:20210101T000000Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:zone\r\nSUMMARY:Unbekannte Zone\r\nDTSTART;TZID=Nirgendwo/Irgendwo:20211001T100000\r\n"
        "DTEND;TZID=Nirgendwo/Irgendwo:20211001T110000\r\nDTSTAMP:20210101T000000Z\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    path = _write(tmp_path, "gemischt.ics", body.encode())
    with core_db.session() as s:
        preview = cx.preview_ics(s, [path])
    reasons = " ".join(e.reason for e in preview.entries if e.action == "ungültig")
    assert "DTSTART" in reasons and "vor dem Beginn" in reasons
    assert [e.title for e in preview.entries if e.action == "neu"][:1] == ["Gut"]
    # an import that fails half-way leaves nothing behind
    with pytest.raises(RuntimeError), core_db.session() as s:
        cx.commit_ics(s, preview)
        raise RuntimeError("Abbruch mitten im Import")
    with core_db.session() as s:
        assert sc.occurrences(s, D(2021, 1, 1, tzinfo=UTC), D(2022, 1, 1, tzinfo=UTC)) == []


def test_twenty_megabytes_are_refused_unread(core_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "riesig.ics"
    with path.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    with core_db.session() as s, pytest.raises(ImportError_, match="höchstens 20 MB"):
        cx.preview_ics(s, [path])


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_parse_never_crashes_on_garbage(data: bytes) -> None:
    with contextlib.suppress(ImportError_):
        ical.parse(data, "zufall.ics")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
        str.strip
    ),
    description=st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
)
def test_text_survives_a_round_trip(tmp_path: Path, title: str, description: str) -> None:
    event = ical.OutEvent(
        uid="rt",
        title=title,
        start=D(2021, 10, 1, 10),
        end=D(2021, 10, 1, 11),
        tz="Europe/Berlin",
        description=description,
    )
    back = ical.parse(ical.calendar([event], "rt", NOW), "rt.ics").events[0]
    assert back.title == (title.strip() or "(ohne Titel)")
    assert back.description == ical.clean_text(description)


def test_control_characters_are_removed() -> None:
    assert ical.clean_text("a\x00b\x1bc\r\nd\te") == "abc\nd\te"


def _vevent(uid: str, *lines: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20260301T080000Z",
            "DTSTART:20260310T090000Z",
            "DTEND:20260310T100000Z",
            "SUMMARY:Abstimmung",
            *lines,
            "END:VEVENT",
        ]
    )


def test_online_meeting_links_of_teams_meet_and_zoom_invitations() -> None:
    teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=x"
    events = [
        _vevent(
            "teams",
            "LOCATION:Microsoft Teams-Besprechung",
            "DESCRIPTION:Jetzt an der Besprechung teilnehmen <" + teams[:40],
            " " + teams[40:] + ">",
            "X-MICROSOFT-SKYPETEAMSMEETINGURL:" + teams,
        ),
        _vevent("meet", "X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij"),
        _vevent(
            "zoom",
            "LOCATION:Rathaus\\, Raum 2 / Zoom",
            "DESCRIPTION:Einwahl: https://us02web.zoom.us/j/123456789?pwd=xyz.\\nBis dann",
        ),
        _vevent("conference", "CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://meet.jit.si/Netz"),
        _vevent("plain", "LOCATION:Rathaus Wolfen", "DESCRIPTION:Kein Link hier."),
    ]
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//DE", *events])
    parsed = ical.parse((text + "\r\nEND:VCALENDAR\r\n").encode(), "online.ics")
    links = {ev.uid: ev.url for ev in parsed.events}
    assert links == {
        "teams": teams,
        "meet": "https://meet.google.com/abc-defg-hij",
        "zoom": "https://us02web.zoom.us/j/123456789?pwd=xyz",
        "conference": "https://meet.jit.si/Netz",
        "plain": "",
    }
