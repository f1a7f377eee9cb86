"""Imports of files as other programs write them (tests/data/realworld/, see its README).

Each file is shaped after its producer's known output: Outlook (Windows, German and English UI,
Mac), Thunderbird 115, Google, Apple/iCloud, and Outlook/Exchange/Thunderbird meeting mails. The
second half covers shapes found in files that these programs really wrote (collected from public
test suites and bug reports, see the README), each rebuilt with our own content.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import ical
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import schedule as sc
from tests.core.realworld_support import (
    BERLIN,
    DATA,
    ROOT,
    by_title,
    contacts,
    events,
    import_calendar,
    import_contacts,
    occurrences,
    read,
)


@pytest.fixture
def session(core_db: Database) -> Iterator[Session]:
    with core_db.session() as s:
        yield s


# --------------------------------------------------------------------------- every file


def test_every_corpus_file_is_read_or_refused_in_german() -> None:
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".ics", ".eml"):
            cals = calx.calendars_in(path)
            assert cals and all(c.events for c in cals), path.name
        elif path.suffix in (".vcf", ".csv"):
            items = cx.read_file(path)
            assert any(i.contact for i in items), path.name
            for item in items:
                text = " ".join([*item.problems, *item.warnings])
                assert "\ufffd" not in text and "Ã" not in text, path.name
        elif path.suffix == ".msg":
            with pytest.raises(ImportError_, match="wird nicht unterstützt"):
                cx.read_file(path)


# --------------------------------------------------------------------------- calendars


def test_outlook365_german_series_with_exdates_and_moved_occurrences(session: Session) -> None:
    items = events("outlook365_de_kalender.ics")
    [master] = [e for e in items if e.rrule and e.title == "Jour fixe Bürgermeisterbüro"]
    assert len([e for e in items if e.uid == master.uid]) == 3  # master and two overrides
    assert master.tz == "Europe/Berlin"  # "W. Europe Standard Time"
    assert master.start == datetime(2024, 1, 9, 10, 0)
    assert master.rrule == "FREQ=MONTHLY;COUNT=12;BYDAY=2TU"
    assert len(master.exdates) == 2  # one EXDATE line with a list and a TZID
    assert master.organiser and master.organiser.name == "Schulz, Anna"
    assert [a.name for a in master.attendees] == ["Müller, Jörg", "Öztürk, Ayşe"]
    assert master.attendees[1].role == "OPT-PARTICIPANT"

    report = import_calendar(session, "outlook365_de_kalender.ics")
    assert len(report.created) == 7 and not report.invalid
    occ = occurrences(session, "Jour fixe")
    starts = {o.start.astimezone(BERLIN).replace(tzinfo=None): o for o in occ}
    # February and March are cancelled (EXDATE)
    assert not any(s.month in (2, 3) for s in starts)
    # April: after the change to summer time, moved to 14:00 in another room (RECURRENCE-ID)
    april = starts[datetime(2024, 4, 9, 14, 0)]
    assert april.title == "Jour fixe Bürgermeisterbüro (verschoben)"
    assert april.location == "Ratssaal"
    assert datetime(2024, 4, 9, 10, 0) not in starts
    # the wall-clock time stays 10:00 in summer and in winter
    assert datetime(2024, 7, 9, 10, 0) in starts and datetime(2024, 12, 10, 10, 0) in starts
    assert starts[datetime(2024, 7, 9, 10, 0)].start.utcoffset().total_seconds() == 7200
    # November: the changed occurrence at 10:30 (winter time) replaces the one at 10:00
    assert datetime(2024, 11, 12, 10, 30) in starts and datetime(2024, 11, 12, 10, 0) not in starts
    assert len(occ) == 12 - 2


def test_outlook365_german_all_day_monthly_and_summer_events() -> None:
    items = events("outlook365_de_kalender.ics")
    [fest] = by_title(items, "Stadtfest „Wolfen feiert“")
    assert (
        fest.all_day and fest.start == datetime(2024, 8, 23) and fest.end == datetime(2024, 8, 26)
    )
    [amtsblatt] = by_title(items, "Redaktionsschluss Amtsblatt")
    assert "BYMONTHDAY=15" in (amtsblatt.rrule or "")
    [summer] = by_title(items, "Ältestenrat – Sommersitzung")
    assert (summer.start, summer.tz) == (datetime(2024, 7, 4, 9, 0), "Europe/Berlin")
    assert "Weiß, Bernd (Fraktion Bürger für Wolfen)" in [a.name for a in summer.attendees]
    [winter] = by_title(items, "Bürgersprechstunde")
    assert winter.start == datetime(2024, 3, 30, 9, 0)


def test_outlook2016_english_windows_and_custom_zones() -> None:
    items = events("outlook2016_en_calendar.ics")
    [call] = by_title(items, "Twin town call (Partnerstadt)")
    assert (call.tz, call.start) == ("Europe/Berlin", datetime(2024, 3, 20, 15, 0))
    assert len(call.exdates) == 2  # two EXDATE lines
    [paris] = by_title(items, "Visit Paris delegation")
    assert (paris.tz, paris.start) == ("Europe/Paris", datetime(2024, 6, 12, 16, 0))
    [budget] = by_title(items, "Budget review")  # TZID "(UTC+01:00) Amsterdam, Berlin, ..."
    assert (budget.tz, budget.start) == ("Europe/Berlin", datetime(2024, 11, 5, 8, 30))
    [london] = by_title(items, "Call with London office")
    assert (london.tz, london.start) == ("Europe/London", datetime(2024, 7, 15, 13, 0))
    [unity] = by_title(items, "German Unity Day")
    assert unity.all_day and unity.rrule


def test_google_utc_times_are_shown_in_the_calendar_zone(session: Session) -> None:
    items = events("google_kalender.ics")
    [press] = by_title(items, "Pressegespräch Stadtentwicklung")  # DTSTART:20240315T090000Z
    assert (press.tz, press.start) == ("Europe/Berlin", datetime(2024, 3, 15, 10, 0))
    [summer] = by_title(items, "Sommergespräch mit Vereinen")  # 08:00Z in summer time
    assert (summer.tz, summer.start) == ("Europe/Berlin", datetime(2024, 8, 15, 10, 0))
    # a description folded inside "ü" (two UTF-8 bytes on two lines) keeps its umlauts
    assert "Eingang Süd. Grüße, Ihr Büro" in press.description
    assert "\ufffd" not in press.description

    import_calendar(session, "google_kalender.ics")
    occ = occurrences(session, "Fraktionssitzung")
    local = [o.start.astimezone(BERLIN).replace(tzinfo=None) for o in occ]
    assert datetime(2024, 4, 1, 17, 0) not in local  # EXDATE Easter Monday
    assert datetime(2024, 4, 8, 18, 0) in local  # override written in UTC (16:00Z)
    assert datetime(2024, 4, 8, 17, 0) not in local
    assert datetime(2024, 3, 25, 17, 0) in local and datetime(2024, 4, 15, 17, 0) in local
    [moved] = [o for o in occ if o.start.astimezone(BERLIN).hour == 18]
    assert moved.start.tzinfo is not None and str(moved.start.tzinfo) == "Europe/Berlin"


def test_google_x_wr_timezone_decides_floating_and_utc_times() -> None:
    floating, utc = events("google_kalender_x_wr_timezone_london.ics")
    assert (floating.tz, floating.start) == ("Europe/London", datetime(2024, 7, 4, 18, 0))
    assert (utc.tz, utc.start) == ("Europe/London", datetime(2024, 1, 10, 13, 0))


def test_icloud_structured_location_alarms_and_dst_night() -> None:
    items = events("icloud_kalender.ics")  # LF line ends, long folded X-APPLE-... line
    [reading] = by_title(items, "Lesung mit Schülerinnen und Schülern")
    assert reading.start == datetime(2024, 3, 28, 10, 0)
    assert reading.location.startswith("Stadtbibliothek Bitterfeld\nWalther-Rathenau-Straße 12")
    [birthday] = by_title(items, "Geburtstag Frau Käßner")
    assert birthday.all_day and birthday.rrule == "FREQ=YEARLY"
    [night] = by_title(items, "Nachtwanderung Goitzsche (Zeitumstellung)")
    # 01:30 summer time to 03:30 winter time: three hours, wall clock kept
    assert (night.start, night.end) == (
        datetime(2024, 10, 27, 1, 30),
        datetime(2024, 10, 27, 3, 30),
    )


def test_thunderbird_series_override_and_tasks_reported(session: Session) -> None:
    [cal] = calx.calendars_in(DATA / "thunderbird_115_kalender.ics")  # UTF-8 with BOM
    assert cal.problems == [
        "1 Aufgabe (VTODO) nicht importiert: contactdesk übernimmt aus Kalenderdateien nur Termine."
    ]
    master = cal.events[0]
    assert master.title == "Ausschuss für Bau, Umwelt und Verkehr"
    assert master.sequence == 2 and "INTERVAL=4" in (master.rrule or "")
    assert [a.name for a in master.attendees] == ["Weiß, Bernd", "Dr. Ingrid Köhler"]
    assert master.attendees[1].partstat == "TENTATIVE"
    report = import_calendar(session, "thunderbird_115_kalender.ics")
    assert len(report.created) == 3
    assert report.invalid == [f"thunderbird_115_kalender.ics: {cal.problems[0]}"]
    local = {
        o.start.astimezone(BERLIN).replace(tzinfo=None): o.title
        for o in occurrences(session, "Ausschuss")
    }
    assert local[datetime(2024, 4, 4, 18, 0)].endswith("(Sondersitzung)")
    assert datetime(2024, 4, 4, 17, 0) not in local
    assert datetime(2024, 7, 25, 17, 0) not in local  # EXDATE
    assert datetime(2024, 11, 14, 17, 0) in local  # winter time, same wall clock


# --------------------------------------------------------------------------- iTIP mails


def test_outlook_invitation_replies_and_cancellation(session: Session) -> None:
    import_contacts(session, "thunderbird_115_adressbuch.vcf", "outlook2016_de_visitenkarte_21.vcf")
    report = import_calendar(session, "outlook365_de_einladung.eml")  # base64 text/calendar
    assert report.created == ["Abstimmung Haushalt 2025 (outlook365_de_einladung.eml)"]
    event_id = sc.find_by_uid(session, events("outlook365_de_einladung.eml")[0].uid)
    assert event_id is not None
    data = sc.get_event(session, event_id)
    assert data.start == datetime(2024, 10, 29, 10, 0) and data.tz == "Europe/Berlin"
    assert data.start_utc == datetime(2024, 10, 29, 9, 0, tzinfo=UTC)  # after the DST change
    assert data.description.endswith("Mit freundlichen Grüßen\nAnna Schulz\n")
    assert {p.contact_name for p in data.participants} == {
        "Dr. Jörg Müller",
        "Ayşe Öztürk",
        "Bernd Weiß",
    }

    # quoted-printable REPLY, address in other case; base64 REPLY; Thunderbird REPLY twice
    replies = import_calendar(
        session,
        "outlook365_de_antwort_zugesagt.eml",
        "outlook2016_en_reply_tentative.eml",
        "thunderbird_115_antwort_abgelehnt.eml",
    )
    assert len(replies.responses) == 3 and not replies.invalid
    stored_title = sc.get_event(session, event_id).title
    assert all(r.endswith(f"„{stored_title}“") for r in replies.responses), replies.responses
    responses = {p.contact_name: p.response for p in sc.get_event(session, event_id).participants}
    assert responses == {
        "Dr. Jörg Müller": "zusage",
        "Ayşe Öztürk": "vorbehalt",
        "Bernd Weiß": "absage",
    }

    cancel = import_calendar(session, "outlook2010_de_absage_cp1252.eml")  # windows-1252 part
    assert len(cancel.cancelled) == 1
    assert sc.get_event(session, event_id).status == "abgesagt"
    [ev] = events("outlook2010_de_absage_cp1252.eml")
    assert ev.description.startswith("Der Termin entfällt leider. Grüße")
    assert ev.attendees[0].name == "Müller, Jörg"


def test_outlook_moved_occurrence_by_mail_joins_the_series(session: Session) -> None:
    import_calendar(session, "outlook365_de_kalender.ics")
    report = import_calendar(session, "outlook365_de_serie_einzeltermin_verschoben.eml")
    assert len(report.created) == 1 and not report.invalid
    local = {
        o.start.astimezone(BERLIN).replace(tzinfo=None): o for o in occurrences(session, "Jour")
    }
    moved = local[datetime(2024, 6, 11, 8, 0)]
    assert moved.series_id is not None and moved.location == "Ratssaal"
    assert datetime(2024, 6, 11, 10, 0) not in local


# --------------------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_cli_dry_run_json_over_the_whole_corpus(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(DATA.iterdir()) if p.suffix in (".vcf", ".csv", ".ics", ".eml")]
    db = tmp_path / "rw.sqlite"
    result = run_cli("import", *files, "--dry-run", "--json", "--database", str(db))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["preview"]["errors"] == []
    counts = data["preview"]["counts"]
    # the same people appear in several files: later ones are duplicates of earlier ones
    assert counts["neu"] >= 10 and counts["doppelt"] >= 10 and counts["ungültig"] == 1
    actions = [e["action"] for e in data["calendar"]["preview"]]
    # replies and cancellations refer to invitations and series of the same import
    assert actions.count("neu") >= 25
    assert actions.count("antwort") == 3 and actions.count("absagen") == 3

    result = run_cli("import", *files, "--json", "--database", str(db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["calendar"]["report"]
    assert len(report["responses"]) == 3 and len(report["cancelled"]) == 3
    result = run_cli("import", str(DATA / "outlook365_kontakt_gezogen.msg"), "--database", str(db))
    assert result.returncode != 0
    # the file is only the header of a compound file: read as Outlook's, refused as damaged
    assert "Die Outlook-Datei ist beschädigt" in result.stderr


def test_same_invitation_twice_in_one_import_is_created_once(session: Session) -> None:
    name = "outlook365_de_einladung.eml"
    preview = calx.preview_ics(session, [DATA / name, DATA / name])
    assert [e.action for e in preview.entries] == ["neu", "unverändert"]
    report = calx.commit_ics(session, preview)
    assert len(report.created) == 1 and len(report.skipped) == 1


def test_crcrlf_line_ends_of_a_windows_program_are_read(tmp_path: Path) -> None:
    path = tmp_path / "kalender.ics"
    path.write_bytes(read("outlook365_de_kalender.ics").replace(b"\r\n", b"\r\r\n"))
    titles = [ev.title for cal in calx.calendars_in(path) for ev in cal.events]
    assert len(titles) == 7 and "Ältestenrat – Sommersitzung" in titles


# --------------------------------------------------------------------------- shapes of real files


def days(session: Session, title_part: str) -> dict[date, sc.Occurrence]:
    return {o.start.astimezone(BERLIN).date(): o for o in occurrences(session, title_part)}


def test_exchange_all_day_series_with_date_times_at_midnight_of_another_zone(
    session: Session,
) -> None:
    """Exchange writes EXDATE and RECURRENCE-ID of an all-day series as date-times at midnight
    of the organiser's Windows zone; they mean that day, here in Berlin."""
    master, moved = events("exchange2010_en_gb_ganztaegig_serie_exdate.ics")
    berlin_midnight = [datetime(2024, 7, 15, tzinfo=BERLIN), datetime(2024, 8, 12, tzinfo=BERLIN)]
    assert master.all_day and master.exdates == [d.astimezone(UTC) for d in berlin_midnight]
    assert moved.recurrence_id == datetime(2024, 7, 29, tzinfo=BERLIN).astimezone(UTC)

    report = import_calendar(session, "exchange2010_en_gb_ganztaegig_serie_exdate.ics")
    assert len(report.created) == 2 and not report.invalid  # no traceback for the moved week
    found = days(session, "Youth exchange")
    assert sorted(found) == [date(2024, 7, 1), date(2024, 7, 30), date(2024, 8, 26)]
    assert found[date(2024, 7, 30)].title.endswith("trip to Goitzsche lake")
    assert found[date(2024, 7, 30)].end.astimezone(BERLIN).date() == date(2024, 8, 3)


def test_outlook_published_calendar_exdates_at_midnight_cancel_that_day(session: Session) -> None:
    """Outlook's published calendars (zone "tzone://Microsoft/Utc") write the EXDATE of a
    13:30 UTC series at midnight; it cancels the occurrence of that day."""
    [master, _] = events("outlook365_veroeffentlicht_exdate_mitternacht.ics")
    assert master.exdates == [
        datetime(2024, 8, 21, 13, 30, tzinfo=UTC),
        datetime(2024, 10, 16, 13, 30, tzinfo=UTC),
    ]
    import_calendar(session, "outlook365_veroeffentlicht_exdate_mitternacht.ics")
    found = days(session, "Videokonferenz")
    assert date(2024, 8, 21) not in found and date(2024, 10, 16) not in found
    assert found[date(2024, 9, 18)].start.astimezone(BERLIN).hour == 15  # 13:30 UTC
    assert date(2024, 6, 19) not in found and date(2024, 6, 20) in found  # moved a day


def test_a_date_exdate_of_a_timed_series_cancels_that_days_occurrence(tmp_path: Path) -> None:
    path = tmp_path / "serie.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//PIMUTILS.ORG//NONSGML khal / icalendar"
        b"//EN\r\nBEGIN:VEVENT\r\nUID:serie-mit-datum-exdate\r\nDTSTAMP:20240101T000000Z\r\n"
        b"DTSTART;TZID=Europe/Berlin:20240902T180000\r\nDURATION:PT1H\r\n"
        b"RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;VALUE=DATE:20240909\r\n"
        b"SUMMARY:Chorprobe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [[ev]] = [cal.events for cal in calx.calendars_in(path)]
    assert ev.exdates == [datetime(2024, 9, 9, 18, tzinfo=BERLIN).astimezone(UTC)]


def test_events_without_uid_get_one_that_finds_them_again(session: Session, tmp_path: Path) -> None:
    first = events("ohne_uid_latin1.ics")  # Latin-1, floating times, no UID at all
    assert [e.title for e in first] == ["Sprechstunde Ortsbürgermeister", "Übergabe Förderbescheid"]
    assert first[0].start == datetime(2024, 9, 2, 15, 0) and first[0].tz == "Europe/Berlin"
    uids = [e.uid for e in first]
    assert all(uids) and len(set(uids)) == 2
    assert uids == [e.uid for e in events("ohne_uid_latin1.ics")]  # the same every time

    assert len(import_calendar(session, "ohne_uid_latin1.ics").created) == 2
    again = calx.preview_ics(session, [DATA / "ohne_uid_latin1.ics"])
    assert [e.action for e in again.entries] == ["unverändert", "unverändert"]

    reply = tmp_path / "antwort.ics"  # a reply must name the event it answers
    reply.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        b"DTSTART:20240902T150000\r\nSUMMARY:Zugesagt\r\nATTENDEE;PARTSTAT=ACCEPTED:"
        b"mailto:a@example.de\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    [cal] = calx.calendars_in(reply)
    assert not cal.events and cal.problems == ["Termin 1 „Zugesagt“: keine UID."]


def test_google_html_description_becomes_plain_text_and_rdates_are_reported() -> None:
    [cal] = calx.calendars_in(DATA / "google_kalender_html_beschreibung.ics")
    [meeting, birthday] = cal.events
    assert meeting.description == (
        "Tagesordnung\n\n• Haushalt 2025\n• Straßenreinigung & Winterdienst\n"
        "Unterlagen: Vorlage 4711 (https://ratsinfo.example.de/vo/4711)\n\nGrüße, Ihr Büro"
    )
    assert (meeting.start, meeting.tz) == (datetime(2024, 9, 17, 17, 0), "Europe/Berlin")
    # Google's "RDATE:20231210Z" (a date with a Z) is read, not taken over, and said so
    assert birthday.all_day and birthday.start == datetime(2024, 12, 10)
    assert cal.problems == [
        "Termin 2 „Geburtstag Sabine Käßner“: Die zusätzlichen Termine der Serie "
        "(RDATE: 10.12.2023, 10.12.2022) werden nicht übernommen; bitte bei Bedarf als eigene "
        "Termine anlegen."
    ]
    assert ical.plain_description("a < b, 3 > 2") == "a < b, 3 > 2"  # no HTML: unchanged


def test_apple_change_for_this_and_all_following_is_reported() -> None:
    [cal] = calx.calendars_in(DATA / "apple_macos_serie_ab_hier_geaendert.ics")
    [_, changed] = cal.events
    assert changed.recurrence_id == datetime(2024, 9, 18, 9, tzinfo=BERLIN).astimezone(UTC)
    assert cal.problems == [
        "Termin 2 „Dienstberatung Ordnungsamt (donnerstags)“: Die Änderung gilt laut Datei für "
        "diesen und alle folgenden Termine der Serie (RANGE=THISANDFUTURE); übernommen wird sie "
        "nur für den Termin am 18.09.2024."
    ]


GOOGLE_SERIES = (
    "google_einladung_serie.eml",
    "google_serie_einzeltermin_verschoben.eml",
    "google_absage_serie.eml",
)


@pytest.mark.parametrize("together", [False, True])
def test_cancelling_a_series_also_cancels_its_moved_occurrence(
    session: Session, together: bool
) -> None:
    if together:
        report = import_calendar(session, *GOOGLE_SERIES)
        assert len(report.created) == 2 and report.cancelled
    else:
        for name in GOOGLE_SERIES:
            import_calendar(session, name)
    window = (datetime(2024, 9, 1, tzinfo=UTC), datetime(2024, 10, 1, tzinfo=UTC))
    found = [o for o in sc.occurrences(session, *window, sc.EventFilter(include_cancelled=True))]
    local = sorted(o.start.astimezone(BERLIN).replace(tzinfo=None) for o in found)
    assert local == [
        datetime(2024, 9, 16, 18, 0),
        datetime(2024, 9, 17, 19, 0),  # moved by an hour
        datetime(2024, 9, 18, 18, 0),
    ]
    assert {o.status for o in found} == {"abgesagt"}


def test_outlook_cancellation_of_one_occurrence_takes_it_out_of_the_series(
    session: Session,
) -> None:
    import_calendar(session, "outlook365_de_kalender.ics")
    report = import_calendar(session, "outlook365_de_absage_einzeltermin.eml")
    assert len(report.cancelled) == 1 and not report.skipped and not report.invalid
    local = {
        o.start.astimezone(BERLIN).replace(tzinfo=None): o for o in occurrences(session, "Jour")
    }
    assert datetime(2024, 7, 9, 10, 0) not in local
    assert datetime(2024, 6, 11, 10, 0) in local and datetime(2024, 8, 13, 10, 0) in local
    assert {o.status for o in local.values()} == {"geplant"}  # the series itself goes on


def test_reply_for_one_occurrence_is_skipped_with_its_reason(
    session: Session, tmp_path: Path
) -> None:
    """Outlook's "accept this occurrence" answers with a RECURRENCE-ID; it is no reply to an
    unknown event."""
    import_calendar(session, "outlook365_de_kalender.ics")
    [master] = [e for e in events("outlook365_de_kalender.ics") if e.rrule and "Jour" in e.title]
    path = tmp_path / "zugesagt.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n"
        f"METHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:{master.uid}\r\n"
        "RECURRENCE-ID;TZID=W. Europe Standard Time:20240709T100000\r\n"
        "DTSTART;TZID=W. Europe Standard Time:20240709T100000\r\nSUMMARY:Zugesagt: Jour fixe\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:joerg.mueller@example.de\r\n"
        "DTSTAMP:20240701T080000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    [entry] = calx.preview_ics(session, [path]).entries
    assert entry.action == "unverändert"
    assert entry.reason.startswith("Antwort nur für den Termin am 09.07.2024 der Serie")


def test_moved_occurrence_of_a_series_changed_here_joins_the_series(session: Session) -> None:
    """A RECURRENCE-ID that is no longer an occurrence (the series was moved in contactdesk)
    means the occurrence of that day; before, the whole import stopped with a traceback."""
    import_calendar(session, "google_einladung_serie.eml")
    series_id = sc.find_by_uid(session, "3v8c0s1kq2m5n7p9r4t6w8y0za@google.com")
    assert series_id is not None
    data = sc.get_event(session, series_id)
    data.start += timedelta(minutes=30)
    data.end += timedelta(minutes=30)
    sc.update_event(session, series_id, data)
    report = import_calendar(session, "google_serie_einzeltermin_verschoben.eml")
    assert len(report.created) == 1 and not report.invalid
    local = sorted(
        (o.start.astimezone(BERLIN).replace(tzinfo=None), o.series_id)
        for o in occurrences(session, "Festumzug")
    )
    assert local == [
        (datetime(2024, 9, 16, 18, 30), series_id),
        (datetime(2024, 9, 17, 19, 0), series_id),
        (datetime(2024, 9, 18, 18, 30), series_id),
    ]


def test_mail_with_the_invitation_only_in_winmail_dat_is_refused_in_german(
    tmp_path: Path,
) -> None:
    message = EmailMessage()
    message["From"] = "Anna Schulz <anna.schulz@bitterfeld-wolfen.de>"
    message["Subject"] = "Jour fixe"
    message.set_content("Siehe Einladung.")
    message.add_attachment(
        b"\x78\x9f\x3e\x22", maintype="application", subtype="ms-tnef", filename="winmail.dat"
    )
    path = tmp_path / "einladung.eml"
    path.write_bytes(message.as_bytes())
    with pytest.raises(ImportError_, match=r"nur im Outlook-eigenen Format \(winmail\.dat\)"):
        calx.calendars_in(path)


def test_outlook365_german_csv_home_phones_in_parentheses() -> None:
    [row] = contacts("outlook365_de_kontakte_telefon_privat_klammer.csv")
    assert row.contact is not None
    assert [(p.number, p.label) for p in row.contact.phones] == [
        ("0160 9876543", "mobil"),
        ("03494 123456", "privat"),  # "Telefon (privat)"
        ("03494 654321", "privat"),  # "Telefon (privat 2)"
    ]
    assert row.contact.addresses[0].street == "Mühlstraße 3"


# Numbers from abroad: read for the country of the contact's address, never refusing the contact.


def test_us_numbers_of_an_outlook_card_do_not_become_german(session: Session) -> None:
    preview = cx.preview_import(session, [DATA / "outlook2016_en_us_visitenkarten_21.vcf"])
    whitfield = preview.entries[0].contact
    assert whitfield is not None
    assert [p.number for p in whitfield.phones] == ["+17185550142", "+19175550199"]
    tremblay = preview.entries[1].contact
    assert tremblay is not None
    assert [p.number for p in tremblay.phones] == ["+19055550123"]


def test_a_foreign_number_does_not_refuse_the_whole_contact(session: Session) -> None:
    preview = cx.preview_import(session, [DATA / "outlook2016_en_us_visitenkarten_21.vcf"])
    assert [e.status for e in preview.entries] == ["neu", "neu"]
    assert all(not e.reasons for e in preview.entries)
