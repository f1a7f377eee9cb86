"""Contact files as other programs write them (tests/data/realworld/, see its README): vCards of
Outlook, Thunderbird, Apple and Google, and the CSV exports of Outlook, Thunderbird and Google."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.errors import ImportError_
from contactdesk.core.services import contact_exchange as cx
from tests.core.realworld_support import (
    DATA,
    contacts,
    person,
)


@pytest.fixture
def session(core_db: Database) -> Iterator[Session]:
    with core_db.session() as s:
        yield s


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
