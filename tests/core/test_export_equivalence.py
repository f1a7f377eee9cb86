"""The fast contact export writes exactly the bytes of the former export (issue 18).

The former path is kept in tests/core/export_reference.py: every contact read with
get_contact() and written field by field by the former writers. Compared byte for byte, on SQLite
and PostgreSQL, for the demo data, the contacts of the foreign files in tests/data (imported as a
user would) and hand-made edge cases: all contacts and a selection in its own order, CSV,
vCard 2.1/3.0/4.0 and the zip of single cards. The files are also read back with independent
parsers (csv.reader, vobject). At the format level, hypothesis compares random contacts.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from contactdesk.core.contact_data import (
    AddressData,
    ContactData,
    EmailData,
    PhoneData,
    RoleData,
)
from contactdesk.core.db import Database
from contactdesk.core.demo import load_demo
from contactdesk.core.errors import ContactdeskError
from contactdesk.core.formats import outlook_csv, vcard
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import contacts as cs
from tests.core import export_reference as ref

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = sorted(
    p
    for folder in (DATA / "contacts", DATA / "realworld")
    for p in folder.iterdir()
    if p.suffix.lower() in (".vcf", ".csv")
)
TODAY = date.today()


def _edge_cases(session: object, org_ids: dict[str, int]) -> None:
    """Contacts that take every branch of the writers."""
    people = [
        ContactData(
            salutation="Frau",
            title="Dr.",
            first_name="Ayşe",
            last_name="Öztürk-Weiß",
            emails=[EmailData(f"a{i}@example.de", label) for i, label in enumerate(LABELS)],
            phones=[
                PhoneData("+493493400012", "dienstlich"),
                PhoneData("+491701234567", "mobil"),
                PhoneData("+33123456789", "privat"),
                PhoneData("+493493400013", "Fax"),
                PhoneData("+493493400014", "zentrale"),
                PhoneData("+493493400015", "mobil"),
                PhoneData("+12025550143", "dienstlich"),
                PhoneData("+493493400016", "Sekretariat"),
                PhoneData("+493493400017", ""),
            ],
            addresses=[
                AddressData("Straße des Friedens 83", "06766", "Bitterfeld-Wolfen"),
                AddressData("Weg 2", "06749", "Sandersdorf", label="privat"),
                AddressData("Zweitweg 3; Hinterhaus, links", "06749", "Ort", "Österreich"),
                AddressData("Gartenweg 4", "06749", "Ort", label="Privat"),
            ],
            tags=["Ehrenamt", "LAGA, Beirat", "a;b", "back\\slash", "=1+1"],
            roles=[
                RoleData(org_ids["old"], "Kassenwart", end_date=TODAY - timedelta(days=1)),
                RoleData(org_ids["club"], "Vorsitz; kommissarisch", end_date=TODAY),
            ],
            notes="Erste Zeile\r\nZweite Zeile\rDritte; mit, Zeichen \\ und "
            + "sehr langem Text über die Faltgrenze hinaus — Ümläute ß € 𝄞 " * 3,
            website="https://example.de/a,b;c",
        ),
        ContactData(
            first_name="@SUMME(A1:A9)",
            last_name='=HYPERLINK("http://evil.example";"klick")',
            notes="+cmd|' /C calc'!A0",
            tags=["-2+3"],
            roles=[RoleData(org_ids["old"], "", end_date=TODAY - timedelta(days=10))],
        ),
        ContactData(first_name="Nur", last_name="Name"),
        ContactData(title="Prof.", last_name="Ohne-Vorname", notes=" führendes Leerzeichen"),
    ]
    for data in people:
        cs.create_contact(session, data, allow_duplicate=True)  # type: ignore[arg-type]
    gone = cs.create_contact(session, ContactData(first_name="Weg", last_name="Gelöscht"))  # type: ignore[arg-type]
    cs.delete_contact(session, gone.id or 0)  # type: ignore[arg-type]


LABELS = ["dienstlich", "privat", "", "mobil", "Sonstiges"]


@pytest.fixture
def filled(core_db: Database, tmp_path: Path) -> Database:
    with core_db.session() as session:
        load_demo(session)
        club = cs.create_contact(
            session, ContactData(kind="organisation", name="Verein, Miteinander; e.V.")
        )
        old = cs.create_contact(session, ContactData(kind="organisation", name="Altverein"))
        _edge_cases(session, {"club": club.id or 0, "old": old.id or 0})
        session.commit()
    imported = 0
    for path in CORPUS:
        with core_db.session() as session:
            try:
                report = cx.commit_import(session, cx.preview_import(session, [path]))
            except ContactdeskError:
                continue  # a file the import refuses as a whole adds nothing
            session.commit()
            imported += len(report.created)
    assert imported > 20  # the corpus really is in the database
    return core_db


def _reference(db: Database, ids: list[int] | None) -> list[ContactData]:
    with db.session() as session:
        if ids is None:
            ids = [row.id for row in cs.list_contacts(session, cs.ContactFilter())]
        return [cs.get_contact(session, cid) for cid in ids]


def _selection(db: Database) -> list[int]:
    with db.session() as session:
        ids = [row.id for row in cs.list_contacts(session, cs.ContactFilter())]
    return ids[::-3] + ids[:2]  # not in name order, with repeats


@pytest.mark.parametrize("which", ["alle", "auswahl"])
def test_csv_is_byte_identical_to_the_former_export(
    filled: Database, tmp_path: Path, which: str
) -> None:
    ids = _selection(filled) if which == "auswahl" else None
    expected = ref.write_csv(_reference(filled, ids))
    with filled.session() as session:
        result = cx.export_outlook_csv(session, tmp_path / "k.csv", ids)
    data = result.path.read_bytes()
    assert data == expected
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == list(outlook_csv.EXPORT_HEADERS)
    assert len(rows) - 1 == result.count == len(_reference(filled, ids))
    assert all(len(row) == len(outlook_csv.EXPORT_HEADERS) for row in rows)


@pytest.mark.parametrize("version", vcard.VERSIONS)
@pytest.mark.parametrize("which", ["alle", "auswahl"])
def test_vcard_is_byte_identical_to_the_former_export(
    filled: Database, tmp_path: Path, version: str, which: str
) -> None:
    ids = _selection(filled) if which == "auswahl" else None
    contacts = _reference(filled, ids)
    expected = ref.write_vcards(contacts, version)
    with filled.session() as session:
        result = cx.export_vcards(session, tmp_path / "k.vcf", ids, version=version)
    data = result.path.read_bytes()
    assert data == expected
    assert result.count == len(contacts)
    if version != "2.1":  # vobject reads 3.0/4.0 text; 2.1 quoted-printable it leaves encoded
        cards = list(vobject.readComponents(data.decode("utf-8")))
        assert len(cards) == len(contacts)
        assert [c.fn.value for c in cards] == [
            (" ".join(p for p in (c.title, c.first_name, c.last_name) if p) or c.display_name)
            if c.is_person
            else (c.name or c.display_name)
            for c in contacts
        ]


def test_vcard_zip_is_byte_identical_to_the_former_export(filled: Database, tmp_path: Path) -> None:
    contacts = _reference(filled, None)
    with filled.session() as session:
        result = cx.export_vcard_zip(session, tmp_path / "k.zip")
    with zipfile.ZipFile(result.path) as archive:
        got = [(info.filename, archive.read(info)) for info in archive.infolist()]
    expected_names = [name for name, _ in vcard.write_each(contacts)]
    assert [name for name, _ in got] == expected_names
    assert [data for _, data in got] == [ref.write_vcards([c], "2.1") for c in contacts]
    assert result.count == len(contacts)


# --------------------------------------------------------------------------- format level

_text = st.text(
    alphabet=st.sampled_from([*"aZ09 äöüß€𝄞\\;,:\n\r\t=+-@'\"", "＝", "é", "—"]),
    max_size=90,
)
_label = st.sampled_from(
    ["", "dienstlich", "privat", "Privat", "mobil", "Fax", "zentrale", "Büro  2", "x"]
)
_phone = st.one_of(
    st.from_regex(r"\+49[1-9][0-9]{6,11}", fullmatch=True),
    st.from_regex(r"\+[1-9][0-9]{7,14}", fullmatch=True),
    _text,
)
_end = st.one_of(st.none(), st.integers(-400, 400).map(lambda d: TODAY + timedelta(days=d)))
_person = st.builds(
    ContactData,
    kind=st.just("person"),
    uid=st.one_of(st.none(), st.uuids().map(str), _text),
    salutation=_text,
    title=_text,
    first_name=_text,
    last_name=_text,
    display_name=_text,
    website=_text,
    notes=_text,
    emails=st.lists(st.builds(EmailData, _text, _label), max_size=5),
    phones=st.lists(st.builds(PhoneData, _phone, _label), max_size=9),
    addresses=st.lists(st.builds(AddressData, _text, _text, _text, _text, _label), max_size=4),
    tags=st.lists(_text, max_size=3),
    roles=st.lists(
        st.builds(RoleData, st.just(1), _text, end_date=_end, organisation_name=_text),
        max_size=3,
    ),
)
_organisation = st.builds(
    ContactData,
    kind=st.just("organisation"),
    uid=st.one_of(st.none(), st.uuids().map(str)),
    name=_text,
    display_name=_text,
    website=_text,
    notes=_text,
    emails=st.lists(st.builds(EmailData, _text, _label), max_size=4),
    phones=st.lists(st.builds(PhoneData, _phone, _label), max_size=4),
    addresses=st.lists(st.builds(AddressData, _text, _text, _text, _text, _label), max_size=3),
    tags=st.lists(_text, max_size=3),
)
_contacts = st.lists(st.one_of(_person, _organisation), max_size=4)


@settings(max_examples=300, deadline=None)
@given(_contacts)
def test_property_csv_writer_equals_the_former_writer(contacts: list[ContactData]) -> None:
    assert outlook_csv.write(contacts) == ref.write_csv(contacts)


@settings(max_examples=300, deadline=None)
@given(_contacts, st.sampled_from(["2.1", "3.0", "4.0"]), st.sampled_from(["utf-8", "cp1252"]))
def test_property_vcard_writer_equals_the_former_writer(
    contacts: list[ContactData], version: str, charset: str
) -> None:
    assert vcard.write(contacts, version, charset=charset) == ref.write_vcards(
        contacts, version, charset=charset
    )


def test_unknown_version_and_charset_are_refused_as_before() -> None:
    with pytest.raises(ValueError):
        vcard.write([], "5.0")
    with pytest.raises(ValueError):
        vcard.write([], "3.0", charset="latin-1")
    with pytest.raises(ValueError):
        ref.write_vcards([], "3.0", charset="latin-1")
