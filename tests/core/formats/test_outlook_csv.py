"""Outlook CSV: German and English exports in, German layout out, no formula injection."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import outlook_csv
from contactdesk.core.services.contacts import (
    AddressData,
    ContactData,
    EmailData,
    PhoneData,
    RoleData,
    validate,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "contacts"


def parse_file(name: str) -> list[outlook_csv.ParsedRow]:
    return outlook_csv.parse((DATA / name).read_bytes(), name)


def read_back(data: bytes) -> list[dict[str, str]]:
    """The independent reader: the csv module with the German Outlook headers."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


# --------------------------------------------------------------------------- reading


def test_german_outlook_csv_with_bom_and_semicolons() -> None:
    rows = parse_file("outlook_de_bom_semicolon.csv")
    assert [r.line for r in rows] == [2, 4, 5, 6]  # the first row's notes span two lines
    joerg, ayse, tgz, nameless = rows
    c = joerg.contact
    assert c is not None
    assert (c.salutation, c.title, c.first_name, c.last_name) == ("Herr", "Dr.", "Jörg", "Müller")
    assert c.notes == (
        'Erste Zeile\nZweite Zeile; mit Semikolon und "Anführungszeichen"\n\nGeburtstag: 15.03.1970'
    )
    assert [(p.number, p.label) for p in c.phones] == [
        ("03493 4000 12", "dienstlich"),
        ("0170 1234567", "mobil"),
    ]
    assert joerg.affiliation.organisation == "Stadt Bitterfeld-Wolfen"
    assert joerg.affiliation.function == "Referent"
    validate(c)
    assert ayse.contact and (ayse.contact.first_name, ayse.contact.last_name) == ("Ayşe", "Öztürk")
    assert ayse.contact.notes == ""  # "0.0.00" is Outlook's empty birthday
    assert tgz.contact and tgz.contact.kind == "organisation"
    assert tgz.contact.name == "TGZ Bitterfeld-Wolfen mbH"
    assert nameless.contact is None
    assert nameless.problems == ["Zeile 6: kein Name und keine Firma."]


def test_german_outlook_csv_windows_1252_with_commas() -> None:
    (row,) = parse_file("outlook_de_cp1252_comma.csv")
    assert row.contact and row.contact.last_name == "Köhler"
    assert row.contact.notes == "Zuständig für Ehrenamt – Förderanträge"
    assert row.affiliation.department == "Bürgerbüro"


def test_english_outlook_csv_with_commas() -> None:
    stefan, bertelsmann = parse_file("outlook_en_comma.csv")
    c = stefan.contact
    assert c is not None and (c.salutation, c.first_name, c.last_name) == ("Herr", "Stefan", "Groß")
    assert c.tags == ["Patenstadt", "Engagierte Stadt"]
    assert c.notes == "Sehr aktiv im Netzwerk,\nzweite Zeile\n\nGeburtstag: 15.03.1970"
    assert c.addresses[0].city == "Weißwasser/O.L."
    assert bertelsmann.contact and bertelsmann.contact.kind == "organisation"


def test_unknown_headers_are_listed() -> None:
    with pytest.raises(ImportError_) as info:
        parse_file("unknown_headers.csv")
    message = str(info.value)
    assert "Spalten der CSV-Datei sind unbekannt" in message
    assert "„Kundennummer“, „Bezeichnung“, „Umsatz“" in message
    assert "Datei unknown_headers.csv, Zeile 1" in message


def test_binary_and_empty_files() -> None:
    with pytest.raises(ImportError_, match="Binärdaten"):
        outlook_csv.parse(b"PK\x03\x04\x00\x00garbage", "kontakte.csv")
    with pytest.raises(ImportError_, match="leer"):
        outlook_csv.parse(b"\r\n", "leer.csv")


def test_exchange_internal_address_is_skipped_with_warning() -> None:
    data = (
        b"Vorname;Nachname;E-Mail-Adresse;E-Mail-Typ\r\n"
        b"Thomas;Urban;/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=urban;EX\r\n"
    )
    (row,) = outlook_csv.parse(data, "ex.csv")
    assert row.contact and row.contact.emails == []
    assert "Exchange-interne Adresse" in row.warnings[0]


# --------------------------------------------------------------------------- writing


def _people() -> list[ContactData]:
    return [
        ContactData(
            salutation="Frau",
            first_name="Ayşe",
            last_name="Öztürk",
            emails=[EmailData("ayse@jugendclub83.example"), EmailData("a2@x.example")],
            phones=[
                PhoneData("+493493400012", "dienstlich"),
                PhoneData("+491701234567", "mobil"),
                PhoneData("+33123456789", "privat"),
            ],
            addresses=[AddressData("Straße des Friedens 83", "06766", "Bitterfeld-Wolfen")],
            notes='Erste Zeile\nZweite Zeile; mit "Anführung"',
            tags=["Engagierte Stadt", "Jugend"],
            roles=[RoleData(1, "Leiterin", organisation_name="Jugendclub'83")],
        ),
        ContactData(kind="organisation", name="Jugendclub'83", website="https://jc83.example"),
        ContactData(
            first_name="@SUMME(A1:A9)",
            last_name='=HYPERLINK("http://evil.example";"klick")',
            notes="+cmd|' /C calc'!A0",
            tags=["-2+3"],
        ),
    ]


def test_export_has_german_headers_bom_semicolons_and_readable_phones() -> None:
    data = outlook_csv.write(_people())
    assert b"\r\n" in data and data.count(b"\r\n") >= 4
    header = data.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.split(";")[:4] == ["Anrede", "Vorname", "Weitere Vornamen", "Nachname"]
    rows = read_back(data)
    ayse, club, evil = rows
    assert (ayse["Anrede"], ayse["Vorname"], ayse["Nachname"]) == ("Frau", "Ayşe", "Öztürk")
    assert ayse["Firma"] == "Jugendclub'83" and ayse["Position"] == "Leiterin"
    assert ayse["Telefon geschäftlich"] == "03493 400012"
    assert ayse["Mobiltelefon"] == "0170 1234567"
    assert ayse["Telefon privat"] == "0033 1 23 45 67 89"
    assert ayse["E-Mail 2: Adresse"] == "a2@x.example"
    assert ayse["Notizen"] == 'Erste Zeile\nZweite Zeile; mit "Anführung"'
    assert ayse["Kategorien"] == "Engagierte Stadt;Jugend"
    assert ayse["Straße geschäftlich"] == "Straße des Friedens 83"
    assert club["Firma"] == "Jugendclub'83" and club["Nachname"] == ""
    assert evil["Vorname"] == "'@SUMME(A1:A9)"


def test_export_never_starts_a_cell_with_a_formula_character() -> None:
    rows = read_back(outlook_csv.write(_people()))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    evil = rows[2]
    assert evil["Nachname"] == '\'=HYPERLINK("http://evil.example";"klick")'
    assert evil["Notizen"] == "'+cmd|' /C calc'!A0"
    assert evil["Kategorien"] == "'-2+3"


def test_export_round_trip_restores_values() -> None:
    people = _people()
    rows = outlook_csv.parse(outlook_csv.write(people), "rund.csv")
    ayse, club, evil = (r.contact for r in rows)
    assert ayse and (ayse.first_name, ayse.last_name, ayse.notes) == (
        "Ayşe",
        "Öztürk",
        people[0].notes,
    )
    assert [p.number for p in validate(ayse).phones] == [p.number for p in people[0].phones]
    assert rows[0].affiliation.organisation == "Jugendclub'83"
    assert club and club.kind == "organisation" and club.name == "Jugendclub'83"
    assert evil and evil.first_name == "@SUMME(A1:A9)"  # our apostrophe is removed again
    assert evil.notes == "+cmd|' /C calc'!A0"
    assert evil.tags == ["-2+3"]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_property_random_bytes_raise_only_import_errors(data: bytes) -> None:
    with contextlib.suppress(ImportError_):
        outlook_csv.parse(data, "zufall.csv")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_property_random_text_after_a_real_header(text: str) -> None:
    data = ("Vorname;Nachname;Firma;Notizen\r\n" + text).encode("utf-8", "surrogatepass")
    try:
        rows = outlook_csv.parse(data, "zufall.csv")
    except ImportError_:
        return
    for row in rows:
        assert (row.contact is None) == bool(row.problems)
