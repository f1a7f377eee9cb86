"""Imports of files as other programs write them (tests/data/realworld/, see its README).

Each file is shaped after its producer's known output: Outlook (Windows, German and English UI,
Mac), Thunderbird 115, Google, Apple/iCloud, and Outlook/Exchange/Thunderbird meeting mails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import ical, outlook_csv, vcard
from contactdesk.core.services import calendar_exchange as calx
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import schedule as sc

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "realworld"
BERLIN = ZoneInfo("Europe/Berlin")


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def events(name: str) -> list[ical.InEvent]:
    return [ev for cal in calx.calendars_in(DATA / name) for ev in cal.events]


def by_title(items: list[ical.InEvent], title: str) -> list[ical.InEvent]:
    return [ev for ev in items if ev.title == title]


def contacts(name: str) -> list[vcard.ParsedCard] | list[outlook_csv.ParsedRow]:
    return cx.read_file(DATA / name)


def person(items: list, last: str):  # type: ignore[no-untyped-def]
    [found] = [i.contact for i in items if i.contact and i.contact.last_name == last]
    return found


@pytest.fixture
def session(core_db: Database) -> Iterator[Session]:
    with core_db.session() as s:
        yield s


def occurrences(session: Session, title_part: str) -> list[sc.Occurrence]:
    window = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))
    return [o for o in sc.occurrences(session, *window) if title_part in o.title]


def import_calendar(session: Session, *names: str) -> calx.CalendarImportReport:
    preview = calx.preview_ics(session, [DATA / n for n in names])
    return calx.commit_ics(session, preview)


def import_contacts(session: Session, *names: str) -> cx.ImportReport:
    preview = cx.preview_import(session, [DATA / n for n in names])
    assert not preview.errors
    return cx.commit_import(session, preview)


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


# --------------------------------------------------------------------------- vCards


def test_outlook_vcard_21_windows_1252_quoted_printable() -> None:
    [card] = contacts("outlook2016_de_visitenkarte_21.vcf")
    c = card.contact
    assert c is not None and not card.warnings
    assert (c.salutation, c.title, c.first_name, c.last_name) == ("Herr", "Dr.", "Jörg", "Müller")
    # soft line breaks and =0D=0A inside the note, en dash in Windows-1252
    assert c.notes == (
        "Kennt die Förderprogramme.\nRückruf bitte über Frau Käßner (Sekretariat); "
        "nicht vor 9 Uhr – Termine über Outlook."
    )
    assert [p.label for p in c.phones] == ["dienstlich", "mobil", "Fax"]
    assert c.addresses[0].street == "Ernst-Thälmann-Straße 21"
    assert card.affiliation.organisation == "Stadtwerke Bitterfeld-Wolfen GmbH"
    assert card.affiliation.function == "Geschäftsführer"


def test_outlook_several_21_cards_in_mixed_charsets() -> None:
    names = [
        (c.contact.first_name, c.contact.last_name)
        for c in contacts("outlook2016_de_mehrere_21.vcf")
        if c.contact
    ]
    assert names == [("Sabine", "Käßner"), ("Bernd", "Weiß"), ("Ayşe", "Öztürk")]


def test_thunderbird_vcard_40() -> None:
    cards = contacts("thunderbird_115_adressbuch.vcf")
    weiss = person(cards, "Weiß")
    assert weiss.emails[0].address == "bernd.weiss@example.de"
    assert [p.number for p in weiss.phones] == ["+49 160 9876543", "+49-3494-123456"]
    assert "Geburtstag: 12.04.1968" in weiss.notes
    assert person(cards, "Öztürk").phones[0].number == "+49-3494-555001 ext. 12"
    org = cards[2].contact
    assert org is not None and org.kind == "organisation" and org.name == "Heimatverein Wolfen e.V."


def test_apple_vcard_groups_and_long_photo() -> None:
    cards = contacts("apple_icloud_kontakte.vcf")
    assert [c.problems for c in cards] == [[], [], []]
    kaessner = person(cards, "Käßner")
    assert [e.address for e in kaessner.emails] == [
        "s.kaessner@bitterfeld-wolfen.de",
        "sabine.k@icloud.example",
    ]
    assert kaessner.website == "https://www.bitterfeld-wolfen.de"
    assert "Abläufe im Rathaus; bevorzugt" in kaessner.notes
    company = cards[1].contact
    assert company is not None and company.kind == "organisation"
    assert company.addresses[0].street == "Zörbiger Straße 22"


def test_google_and_outlook_mac_vcards() -> None:
    google = contacts("google_contacts.vcf")
    assert person(google, "Müller").website == "https://www.stadtwerke-bw.de"
    assert person(google, "Müller").tags == ["Energiebeirat"]  # not Google's "myContacts"
    assert (
        google[1].contact is not None and google[1].contact.name == "Förderverein Stadtbibliothek"
    )
    assert google[2].contact is None and "kein Name" in google[2].problems[0]
    [mac] = contacts("outlook_mac_16_kontakte_30.vcf")
    assert mac.contact is not None and mac.contact.title == "Dr."
    assert mac.contact.addresses[0].city == "Köthen (Anhalt)"


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    "name", ["outlook2016_de_kontakte.csv", "outlook365_de_kontakte_komma.csv"]
)
def test_outlook_german_csv(name: str) -> None:
    rows = contacts(name)
    assert len(rows) == 3
    mueller = person(rows, "Müller")
    assert (mueller.salutation, mueller.title) == ("Herr", "Dr.")
    assert mueller.notes.startswith(
        'Kennt die Förderprogramme.\nRückruf über Sekretariat; "dringend"'
    )
    assert "Geburtstag: 20.05.1966" in mueller.notes
    # "Haupttelefon" is kept too
    assert [p.number for p in mueller.phones] == [
        "+49 (3494) 6660-100",
        "03494 6660-0",
        "0171 2345678",
    ]
    assert mueller.tags == ["Energiebeirat", "Stadtwerke"]
    kaessner = person(rows, "Käßner")
    assert [e.address for e in kaessner.emails] == ["s.kaessner@bitterfeld-wolfen.de"]
    assert "03494 123987" in [p.number for p in kaessner.phones]  # "Telefon privat 2"
    assert rows[2].contact is not None and rows[2].contact.name == "Heimatverein Wolfen e.V."


def test_outlook_com_english_csv() -> None:
    rows = contacts("outlook_com_en_contacts.csv")
    obrien = person(rows, "O'Brien")
    assert obrien.addresses[0].street == "1 High Street, Suite 4"  # CRLF inside the cell
    assert obrien.salutation == "Frau" and "Geburtstag: 15.03.1970" in obrien.notes
    assert [p.number for p in person(rows, "Lefèvre").phones] == [
        "+33 1 44 55 66 77",  # "Primary Phone"
        "+33 6 12 34 56 78",
    ]


@pytest.mark.parametrize(
    "name", ["thunderbird_115_adressbuch_en.csv", "thunderbird_115_adressbuch_de.csv"]
)
def test_thunderbird_csv(name: str) -> None:
    rows = contacts(name)
    weiss = person(rows, "Weiß")
    assert [e.address for e in weiss.emails] == [
        "bernd.weiss@example.de",
        "bernd@weiss-familie.example",
    ]
    assert [p.number for p in weiss.phones] == ["03494 123456", "0160 9876543"]
    assert weiss.addresses[0].street == "Mühlstraße 3"
    assert "Geburtstag: 12.04.1968" in weiss.notes  # German "Geburtstag" is the day here
    assert rows[0].affiliation.organisation == "Fraktion Bürger für Wolfen"
    archive = rows[1].contact
    assert archive is not None and archive.name == "Stadtarchiv"  # only a display name
    assert "nur der Anzeigename" in rows[1].warnings[0]


def test_google_contacts_csv_both_layouts() -> None:
    rows = contacts("google_contacts.csv")
    mueller = person(rows, "Müller")
    assert [e.address for e in mueller.emails] == ["joerg.mueller@example.de", "jm@privat.example"]
    assert [(p.number, p.label) for p in mueller.phones] == [
        ("0171 2345678", "mobil"),
        ("03494 6660-100", "dienstlich"),
    ]
    assert mueller.addresses[0].city == "Bitterfeld-Wolfen"
    assert mueller.tags == ["Energiebeirat"]  # without Google's "* myContacts"
    assert "Geburtstag: 20.05.1966" in mueller.notes
    assert rows[1].contact is not None and rows[1].contact.name == "Förderverein Stadtbibliothek"
    [old] = contacts("google_contacts_alt_2019.csv")
    assert old.contact is not None and old.contact.last_name == "Käßner"
    assert old.contact.emails[0].address == "s.kaessner@bitterfeld-wolfen.de"
    assert old.affiliation.function == "Büroleiterin"


def test_unknown_csv_columns_are_refused_in_german(tmp_path: Path) -> None:
    path = tmp_path / "excel_liste.csv"
    path.write_bytes("Spalte A;Spalte B\r\nx;y\r\n".encode("cp1252"))
    with pytest.raises(ImportError_, match="Die Spalten der CSV-Datei sind unbekannt"):
        cx.read_file(path)


def test_contacts_import_into_the_register(session: Session) -> None:
    names = sorted(p.name for p in DATA.iterdir() if p.suffix in (".vcf", ".csv"))
    preview = cx.preview_import(session, [DATA / n for n in names])
    assert not preview.errors
    report = cx.commit_import(session, preview)
    assert report.created and not report.errors


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
    # replies and the cancellation refer to the invitation of the same import
    assert actions.count("neu") >= 25
    assert actions.count("antwort") == 3 and actions.count("absagen") == 1

    result = run_cli("import", *files, "--json", "--database", str(db))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["calendar"]["report"]
    assert len(report["responses"]) == 3 and len(report["cancelled"]) == 1
    result = run_cli("import", str(DATA / "outlook365_kontakt_gezogen.msg"), "--database", str(db))
    assert result.returncode != 0
    assert "Das Dateiformat „.msg“ wird nicht unterstützt" in result.stderr


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
