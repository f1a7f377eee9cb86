"""vCard reading (Outlook 2.1, Thunderbird 3.0/4.0, broken files) and writing, checked with vobject."""

from __future__ import annotations

import contextlib
import quopri
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contactdesk.core.errors import ImportError_
from contactdesk.core.formats import vcard
from contactdesk.core.services.contacts import (
    AddressData,
    ContactData,
    EmailData,
    PhoneData,
    RoleData,
    validate,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "contacts"


def parse_file(name: str) -> list[vcard.ParsedCard]:
    return vcard.parse((DATA / name).read_bytes(), name)


def person(**kw: object) -> ContactData:
    base: dict[str, object] = {
        "uid": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "salutation": "Herr",
        "title": "Dr.",
        "first_name": "Jörg",
        "last_name": "Müller-Weiß",
        "emails": [EmailData("j.mueller@bitterfeld-wolfen.example", "dienstlich")],
        "phones": [PhoneData("+493493400012", "dienstlich"), PhoneData("+491701234567", "mobil")],
        "addresses": [AddressData("Markt 1", "06749", "Bitterfeld-Wolfen", label="dienstlich")],
        "website": "https://www.bitterfeld-wolfen.de",
        "notes": "Zeile 1\nZeile 2, mit Komma; Semikolon und \\ Backslash. Straße " + "ß" * 40,
        "tags": ["Engagierte Stadt", "Komma, im Schlagwort"],
        "roles": [RoleData(1, "Referent", organisation_name="Stadt Bitterfeld-Wolfen")],
    }
    base.update(kw)
    return ContactData(**base)  # type: ignore[arg-type]


ORGS = [
    ContactData(
        kind="organisation", name="Jugendclub'83", uid="0190a1b2-c3d4-7e5f-8a9b-000000000083"
    ),
    ContactData(kind="organisation", name="Ayşe Öztürk Beratung; Köln", notes="Grüße"),
]


# --------------------------------------------------------------------------- foreign files


def test_outlook_windows_21_cp1252_with_quoted_printable_and_photo() -> None:
    (card,) = parse_file("outlook_win_21_cp1252.vcf")
    c = card.contact
    assert c is not None and card.problems == []
    assert (c.salutation, c.title, c.first_name, c.last_name) == (
        "Herr",
        "Dr.",
        "Jörg Peter",
        "Müller",
    )
    assert [(p.number, p.label) for p in c.phones] == [
        ("03493 4000 12", "dienstlich"),
        ("0170 1234567", "mobil"),
        ("03493 4000 99", "Fax"),
    ]
    assert c.emails[0].address == "j.mueller@bitterfeld-wolfen.example"
    assert (c.addresses[0].street, c.addresses[0].postal_code) == ("Markt 1", "06749")
    # Windows-1252 (ü, en dash), soft line break inside "Zeile", =3D for "=".
    assert c.notes.startswith("Erster Kontakt im Frühjahr 2021 – sehr hilfsbereit.\nZweite Zeile")
    assert "Straße und einem Gleichheitszeichen = am Ende=" in c.notes
    assert "Geburtstag: 15.03.1970" in c.notes
    assert c.tags == ["Engagierte Stadt", "Verwaltung"]
    assert card.affiliation.organisation == "Stadt Bitterfeld-Wolfen"
    assert card.affiliation.department == "Persönlicher Referent"
    assert card.affiliation.function == "Referent des Oberbürgermeisters"
    assert card.warnings == []  # the photo and X-MS-OL-DESIGN are skipped silently
    validate(c)


def test_outlook_21_explicit_charsets_and_company_card() -> None:
    cards = parse_file("outlook_win_21_charsets.vcf")
    assert [c.contact.kind for c in cards if c.contact] == ["person", "person", "organisation"]
    ayse, katrin, tgz = (c.contact for c in cards)
    assert ayse and (ayse.first_name, ayse.last_name) == ("Ayşe", "Öztürk")
    assert ayse.notes == (
        "Leitet die Jugendarbeit; spricht Türkisch und Deutsch.\nBitte über das Büro erreichen."
    )
    assert cards[0].affiliation.organisation == "Jugendclub'83"
    assert katrin and katrin.last_name == "Weiß"
    assert tgz and tgz.name == "TGZ Bitterfeld-Wolfen mbH"
    assert [c.line for c in cards] == [1, 11, 17]


def test_thunderbird_30() -> None:
    katrin, stefan = (c.contact for c in parse_file("thunderbird_30.vcf"))
    assert katrin and katrin.uid == "7d3f1a52-0c1e-4b39-9f5e-2b8a6f1c9d01"
    assert katrin.notes == (
        "Ansprechpartnerin im Netzwerk, zuständig für neue Städte.\n"
        "Termine bitte über das Büro; danke!"
    )
    assert [(e.address, e.label) for e in katrin.emails] == [
        ("k.weiss@engagiertestadt.example", "dienstlich"),
        ("katrin.weiss@privat.example", "privat"),
    ]
    assert [p.label for p in katrin.phones] == ["dienstlich", "mobil"]
    assert stefan and stefan.emails[0].address == "s.gross@weisswasser.example"  # item1.EMAIL
    assert stefan.notes == "Geburtstag: 15.03."


def test_thunderbird_40_kind_org_and_tel_uri() -> None:
    cards = parse_file("thunderbird_40.vcf")
    org, urban = (c.contact for c in cards)
    assert org and org.kind == "organisation" and org.name == "Stadt Weißwasser"
    assert org.uid == "0b9c7e1d-5a2f-4c3b-8e6d-9f1a2b3c4d5e"
    assert [(p.number, p.label) for p in org.phones] == [("+49-3576-2650", "dienstlich")]
    assert validate(org).phones[0].number == "+4935762650"
    assert urban and urban.notes == "Geburtstag: 15.03."  # BDAY:--03-15, photo ignored
    assert urban.phones[0].label == "mobil"
    assert all(not c.warnings for c in cards)


def test_lf_line_ends_tab_folding_and_bare_types() -> None:
    data = (
        b"begin:vcard\nversion:2.1\nN:Urban;Thomas\nTEL;WORK;VOICE:03493 4000 0\n"
        b"NOTE:lang\n\tweiter\nEND:VCARD\n"
    )
    (card,) = vcard.parse(data, "x.vcf")
    assert card.contact and card.contact.notes == "langweiter"
    assert card.contact.phones[0].label == "dienstlich"


def test_fn_only_and_org_only_cards() -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Prof. Dr. Ayşe Öztürk\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:Jugendclub'83\r\nEND:VCARD\r\n"
    ).encode()
    first, second = (c.contact for c in vcard.parse(data, "x.vcf"))
    assert first and (first.title, first.first_name, first.last_name) == (
        "Prof. Dr.",
        "Ayşe",
        "Öztürk",
    )
    assert second and second.kind == "organisation" and second.name == "Jugendclub'83"


def test_line_structure_edge_cases() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Urban;Thomas;;;\r\n"
        b'TEL;X-LABEL="Zentrale: Empfang";TYPE=cell:0171 1234567\r\n'  # colon in quotes
        b"NOTE:Rechnung=\r\nTITLE:Vorsitz\r\n"  # '=' at the end: no quoted-printable
        b"ORG:Verein;\r\n Abteilung\r\n\t Jugend\r\n"  # folded twice
        b"\r\n"
        b" nach der Leerzeile\r\n"  # after an empty line: no continuation
        b"EMAIL;TYPE=INTERNET:j@example.de\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Weiss;Anna\r\n"
        b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Stra=C3=9F=\r\ne 1\r\nEND:VCARD\r\n"
    )
    first, second = vcard.parse(data, "x.vcf")
    assert first.contact and second.contact
    assert [(p.number, p.label) for p in first.contact.phones] == [("0171 1234567", "mobil")]
    assert first.contact.notes == "Rechnung="
    assert first.affiliation == vcard.Affiliation("Verein", "Abteilung Jugend", "Vorsitz")
    assert [e.address for e in first.contact.emails] == ["j@example.de"]
    assert first.warnings == ["Karte 1 (Zeile 1): unverständliche Zeile 11 übersprungen."]
    assert second.contact.notes == "Straße 1" and not second.warnings


def test_unreadable_lines_are_reported_on_the_card_that_holds_them() -> None:
    lines = ["BEGIN:VCARD", "VERSION:3.0", "ein Satz", "FN:Anna Weiß", "END:VCARD", "noch einer"]
    lines += ["BEGIN:VCARD", "VERSION:3.0", "FN:Jörg Müller", "END:VCARD"]
    lines += ["BEGIN:VCARD", "VERSION:3.0", "und noch einer", "FN:Lena Maier", "END:VCARD"]
    cards = vcard.parse("\r\n".join(lines).encode(), "x.vcf")
    assert [c.warnings for c in cards] == [
        ["Karte 1 (Zeile 1): unverständliche Zeile 3 übersprungen."],
        [],
        ["Karte 3 (Zeile 11): unverständliche Zeile 13 übersprungen."],
    ]


# --------------------------------------------------------------------------- bad input


def test_truncated_file_reports_the_cut_card() -> None:
    cards = parse_file("truncated.vcf")
    assert cards[0].contact is not None
    assert cards[1].contact is None
    assert cards[1].problems[0].startswith("Karte 2 (Zeile 6): Die Karte ist unvollständig")


def test_card_without_name_is_a_problem_not_an_exception() -> None:
    cards = parse_file("no_name.vcf")
    assert cards[1].contact is None
    assert cards[1].problems == ["Karte 2 (Zeile 6): kein Name (weder FN noch N noch ORG)."]


def test_binary_file_is_refused_with_file_and_line() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\n" + bytes(range(256)) * 4
    with pytest.raises(ImportError_) as info:
        vcard.parse(data, "foto.vcf")
    assert "Binärdaten" in info.value.message
    assert info.value.file == "foto.vcf" and info.value.line == 3
    assert "Datei foto.vcf, Zeile 3" in str(info.value)


def test_no_vcard_at_all() -> None:
    with pytest.raises(ImportError_, match="BEGIN:VCARD fehlt"):
        vcard.parse(b"Name;E-Mail\nUrban;urban@example.org\n", "liste.vcf")
    with pytest.raises(ImportError_, match="leer"):
        vcard.parse(b"  \r\n", "leer.vcf")


def test_wrong_encoding_is_read_and_warned_about() -> None:
    (card,) = parse_file("latin1_declared_utf8.vcf")
    assert card.contact and card.contact.last_name == "Müller"
    assert card.contact.notes == "Straße falsch kodiert"
    assert len(card.warnings) == 1
    assert card.warnings[0].startswith("Karte 1 (Zeile 1), Zeile 3 (FN): Der Text ist nicht UTF-8")


def test_utf16_file_with_bom() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Köhler;Sandra;;;\r\nEND:VCARD\r\n"
    (card,) = vcard.parse(text.encode("utf-16"), "unicode.vcf")
    assert card.contact and card.contact.last_name == "Köhler"


def test_group_card_is_not_imported() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:group\r\nFN:Verteiler\r\nEND:VCARD\r\n"
    (card,) = vcard.parse(data, "x.vcf")
    assert card.contact is None and "Verteilerlisten" in card.problems[0]


# --------------------------------------------------------------------------- writing


def _lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    return lines


def test_write_30_is_read_by_vobject() -> None:
    contacts = [person(), *ORGS]
    data = vcard.write(contacts)
    for line in _lines(data):
        assert len(line) <= 75
        line.decode("utf-8")  # folding never splits a character
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert len(cards) == 3
    p = cards[0]
    assert p.version.value == "3.0"
    assert p.uid.value == "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    assert (p.n.value.family, p.n.value.given, p.n.value.prefix) == (
        "Müller-Weiß",
        "Jörg",
        "Herr Dr.",
    )
    assert p.fn.value == "Dr. Jörg Müller-Weiß"
    assert p.org.value == ["Stadt Bitterfeld-Wolfen"]
    assert p.title.value == "Referent"
    assert p.note.value == person().notes
    assert [t.value for t in p.tel_list] == ["+493493400012", "+491701234567"]
    assert "WORK" in [t.upper() for t in p.tel_list[0].params["TYPE"]]
    assert p.adr.value.street == "Markt 1" and p.adr.value.code == "06749"
    assert p.categories.value == ["Engagierte Stadt", "Komma, im Schlagwort"]
    assert p.url.value == "https://www.bitterfeld-wolfen.de"
    assert cards[1].fn.value == "Jugendclub'83" and cards[1].org.value == ["Jugendclub'83"]
    assert cards[2].org.value == ["Ayşe Öztürk Beratung; Köln"]


def test_write_40_is_read_by_vobject() -> None:
    data = vcard.write([person(), ORGS[0]], "4.0")
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert cards[0].version.value == "4.0"
    assert cards[0].uid.value == "urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    assert cards[0].tel.value == "tel:+493493400012"
    assert cards[1].kind.value == "org"
    back = [c.contact for c in vcard.parse(data, "x.vcf")]
    assert back[0] and back[0].uid == "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    assert back[1] and back[1].kind == "organisation"


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252"])
def test_write_21_for_outlook_is_read_by_vobject(charset: str) -> None:
    data = vcard.write([person(), *ORGS], "2.1", charset=charset)
    text = data.decode("ascii")  # quoted-printable: plain ASCII on the wire
    assert all(len(line) <= 76 for line in _lines(data))
    expected = "CHARSET=UTF-8" if charset == "utf-8" else "CHARSET=WINDOWS-1252"
    assert f"N;{expected};ENCODING=QUOTED-PRINTABLE:" in text
    assert "TEL;WORK;VOICE:+493493400012" in text
    cards = list(vobject.readComponents(text, allowQP=True))
    p = cards[0]
    assert p.version.value == "2.1"
    assert p.n.value.family == "Müller-Weiß" and p.n.value.given == "Jörg"
    assert p.fn.value == "Dr. Jörg Müller-Weiß"
    assert cards[2].fn.value == "Ayşe Öztürk Beratung; Köln"
    # vobject reads 2.1 text with the 3.0 rules (a "," splits values); check NOTE with quopri.
    codec = "utf-8" if charset == "utf-8" else "cp1252"
    assert _qp_value(text, "NOTE").decode(codec).replace("\r\n", "\n") == person().notes


def _qp_value(text: str, name: str) -> bytes:
    """The raw value of the first `name` property, soft line breaks joined, QP-decoded."""
    lines = text.split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name};"))
    value = lines[start].split(":", 1)[1]
    i = start
    while value.endswith("="):
        i += 1
        value = value[:-1] + lines[i]
    return quopri.decodestring(value.encode("ascii"))


def test_round_trip_keeps_everything_we_write() -> None:
    contacts = [person(), *ORGS]
    for version in vcard.VERSIONS:
        back = [c.contact for c in vcard.parse(vcard.write(contacts, version), "x.vcf")]
        p = back[0]
        assert p is not None
        src = person()
        for attr in ("uid", "salutation", "title", "first_name", "last_name", "notes", "website"):
            assert getattr(p, attr) == getattr(src, attr), (version, attr)
        assert [ph.number for ph in p.phones] == [ph.number for ph in src.phones]
        assert [a.street for a in p.addresses] == ["Markt 1"]
        assert p.tags == src.tags
        assert [(c.kind, c.name) for c in back[1:] if c] == [(o.kind, o.name) for o in ORGS]


def test_write_each_gives_safe_unique_file_names() -> None:
    contacts = [
        person(first_name="Jörg", last_name="Müller"),
        person(first_name="Jörg", last_name="Müller", uid=None),
        ContactData(kind="organisation", name='Verein "A/B": 1?'),
        ContactData(kind="organisation", name="CON"),
    ]
    files = vcard.write_each(contacts)
    names = [name for name, _ in files]
    assert names == ["Müller, Jörg.vcf", "Müller, Jörg (2).vcf", "Verein _A_B__ 1_.vcf", "_CON.vcf"]
    for _, data in files:
        assert data.count(b"BEGIN:VCARD") == 1
        assert b"VERSION:2.1" in data


# --------------------------------------------------------------------------- properties

_TEXT = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"
)
_NAME = st.text(_TEXT, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s != "")
_NOTE = st.text(st.one_of(_TEXT, st.just("\n"), st.sampled_from("\\;,:=\"'")), max_size=300).map(
    str.strip
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=_NAME,
    last=_NAME,
    notes=_NOTE,
    org=_NAME,
    version=st.sampled_from(vcard.VERSIONS),
)
def test_property_write_parse_round_trip(
    first: str, last: str, notes: str, org: str, version: str
) -> None:
    contacts = [
        ContactData(first_name=first, last_name=last, notes=notes),
        ContactData(kind="organisation", name=org, notes=notes),
    ]
    data = vcard.write(contacts, version)
    back = [c.contact for c in vcard.parse(data, "rund.vcf")]
    assert back[0] is not None and back[1] is not None
    assert (back[0].first_name, back[0].last_name, back[0].notes) == (first, last, notes)
    assert (back[1].kind, back[1].name, back[1].notes) == ("organisation", org, notes)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_property_random_bytes_raise_only_import_errors(data: bytes) -> None:
    with contextlib.suppress(ImportError_):
        vcard.parse(data, "zufall.vcf")


_FRAGMENT = st.one_of(
    st.sampled_from(
        [
            b"BEGIN:VCARD",
            b"END:VCARD",
            b"VERSION:2.1",
            b"VERSION:4.0",
            b"N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:M=C3=BC=",
            b"NOTE;QUOTED-PRINTABLE:=ZZ=",
            b'TEL;VALUE=uri;TYPE="work,voice":tel:+49',
            b"ADR;TYPE=work:;;;;",
            b"FN;CHARSET=x-unknown:\xfc",
            b"AGENT:",
            b"BDAY:--1399",
            b" folded",
            b"\tfolded",
            b"KIND:org",
            b"ORG:\\",
            b"item1.EMAIL:\\n",
            b"",
        ]
    ),
    st.binary(max_size=30).map(lambda b: b.replace(b"\x00", b"")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_FRAGMENT, max_size=25), st.sampled_from([b"\r\n", b"\n", b"\r"]))
def test_property_vcard_like_garbage_never_crashes(lines: list[bytes], newline: bytes) -> None:
    try:
        cards = vcard.parse(newline.join(lines), "kaputt.vcf")
    except ImportError_:
        return
    for card in cards:
        assert (card.contact is None) == bool(card.problems)


def test_properties_without_a_field_are_kept_in_the_notes() -> None:
    """Nickname, role, anniversary, chat, related names and a foreign state are not dropped."""
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Whitfield;Jordan;;;\r\nFN:Jordan Whitfield\r\n"
        b"ORG:Twin Town Association Inc.\r\nTITLE:Secretary\r\nROLE:Partnerschaften\r\n"
        b"NICKNAME:Jordy\r\nANNIVERSARY:20100612\r\nIMPP:xmpp:jordan@example.org\r\n"
        b"item1.X-ABRELATEDNAMES:Sam Whitfield\r\nitem1.X-ABLabel:_$!<Spouse>!$_\r\n"
        b'NOTE:Provided \\"AS IS\\"\\, without warranty\r\n'
        b"ADR;TYPE=WORK:;;43-20 203rd Street;Bayside;NY;11361;United States of America\r\n"
        b"ADR;TYPE=HOME:;;Markt 1;Bitterfeld-Wolfen;Sachsen-Anhalt;06766;Deutschland\r\n"
        b"END:VCARD\r\n"
    )
    (card,) = vcard.parse(data, "apple.vcf")
    contact = card.contact
    assert contact is not None
    assert card.affiliation.function == "Secretary; Partnerschaften"
    assert set(contact.notes.split("\n\n")) == {
        'Provided "AS IS", without warranty',
        "Spitzname: Jordy",
        "Jahrestag: 12.06.2010",
        "Chat: xmpp:jordan@example.org",
        "Beziehung: Sam Whitfield",
    }
    # the state belongs to an address abroad; a German address needs no Land
    assert [a.city for a in contact.addresses] == ["Bayside, NY", "Bitterfeld-Wolfen"]


def test_apple_labels_of_grouped_properties() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Urban;Jens;;;\r\n"
        b"item1.EMAIL;type=INTERNET:j.urban@example.org\r\n"
        b"item1.X-ABLabel:Netzwerkb\xc3\xbcro\r\n"
        b"item2.TEL;type=pref:0171 1234567\r\n"
        b"item2.X-ABLabel:_$!<Mobile>!$_\r\n"
        b"TEL;type=WORK;type=VOICE:03494 6660\r\n"
        b"item3.TEL:03494 6661\r\n"
        b"item3.X-ABLabel:_$!<Other>!$_\r\n"
        b"item4.ADR;type=HOME:;;Markt 1;Wolfen;;06766;Deutschland\r\n"
        b"item4.X-ABLabel:_$!<Work>!$_\r\n"
        b"END:VCARD\r\n"
    )
    (card,) = vcard.parse(data, "apple.vcf")
    contact = card.contact
    assert contact is not None
    assert [(e.address, e.label) for e in contact.emails] == [
        ("j.urban@example.org", "Netzwerkbüro")
    ]
    assert [p.label for p in contact.phones] == ["mobil", "dienstlich", ""]
    assert [a.label for a in contact.addresses] == ["dienstlich"]
