"""Contact exchange: import preview and commit (all or nothing), exports, and the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import vobject

from contactdesk.core.db import Database
from contactdesk.core.errors import ConflictError, ContactdeskError, ValidationError
from contactdesk.core.services import contact_exchange as cx
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.contacts import ContactData, EmailData, PhoneData, RoleData

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "contacts"
GOOD = [
    "outlook_win_21_cp1252.vcf",
    "outlook_win_21_charsets.vcf",
    "thunderbird_30.vcf",
    "thunderbird_40.vcf",
    "outlook_de_bom_semicolon.csv",
    "outlook_de_cp1252_comma.csv",
    "outlook_en_comma.csv",
]


def copy(tmp_path: Path, *names: str) -> list[Path]:
    result = []
    for name in names:
        target = tmp_path / name
        shutil.copy(DATA / name, target)
        result.append(target)
    return result


def snapshot(db: Database) -> list[dict[str, object]]:
    with db.session() as session:
        rows = cs.list_contacts(session, cs.ContactFilter(include_deleted=True))
        return [cs.get_contact(session, r.id).to_dict() for r in rows]


def seed(db: Database) -> dict[str, int]:
    with db.session() as session:
        club = cs.create_contact(session, ContactData(kind="organisation", name="Jugendclub'83"))
        urban = cs.create_contact(
            session,
            ContactData(
                first_name="Thomas",
                last_name="Urban",
                emails=[EmailData("urban@bitterfeld-wolfen.example", "dienstlich")],
                phones=[PhoneData("03493 4000 0", "dienstlich")],
                notes="Erster Nutzer.",
                roles=[RoleData(club.id or 0, "Beirat")],
            ),
        )
        return {"club": club.id or 0, "urban": urban.id or 0}


# --------------------------------------------------------------------------- preview


def test_preview_reads_all_foreign_files(core_db: Database, tmp_path: Path) -> None:
    files = copy(tmp_path, *GOOD)
    with core_db.session() as session:
        preview = cx.preview_import(session, files)
    assert preview.errors == []
    by_name = {(e.file, e.display_name): e for e in preview.entries}
    assert by_name[("outlook_win_21_cp1252.vcf", "Dr. Jörg Peter Müller")].status == cx.NEW
    assert by_name[("thunderbird_40.vcf", "Stadt Weißwasser")].status == cx.NEW
    # Katrin Weiß is in two vCard files with the same e-mail: the later one is a duplicate.
    katrins = [e for e in preview.entries if e.display_name == "Katrin Weiß"]
    assert [e.status for e in katrins] == [cx.NEW, cx.DUPLICATE]
    invalid = [e for e in preview.entries if e.status == cx.INVALID]
    assert [(e.file, e.place) for e in invalid] == [("outlook_de_bom_semicolon.csv", "Zeile 6")]
    assert snapshot(core_db) == []  # a preview writes nothing


def test_preview_matches_by_uid_name_and_email(core_db: Database, tmp_path: Path) -> None:
    ids = seed(core_db)
    with core_db.session() as session:
        urban = cs.get_contact(session, ids["urban"])
    vcf = tmp_path / "mix.vcf"
    vcf.write_bytes(
        (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + (urban.uid or "") + "\r\nN:Urban;T.;;;\r\n"
            "END:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Urban;Thomas;;;\r\nTEL:+49 3493 40000\r\n"
            "END:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Stadtmann;Tom;;;\r\n"
            "EMAIL:URBAN@bitterfeld-wolfen.example\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nORG:JUGENDCLUB'83\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Neu;Nina;;;\r\nEMAIL:nina@example.org\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kaputt;Karl;;;\r\nEMAIL:kein-at-zeichen\r\nEND:VCARD\r\n"
        ).encode()
    )
    with core_db.session() as session:
        entries = cx.preview_import(session, [vcf]).entries
    assert [(e.status, e.match_id, e.match_reason) for e in entries[:4]] == [
        (cx.MATCH, ids["urban"], "gleiche UID"),
        (cx.MATCH, ids["urban"], "gleicher Name und gleiche E-Mail-Adresse oder Telefonnummer"),
        (cx.MATCH, ids["urban"], "gleiche E-Mail-Adresse"),
        (cx.MATCH, ids["club"], "gleicher Name"),
    ]
    assert entries[4].status == cx.NEW
    # an invalid e-mail does not refuse the contact: it moves into the notes, with a warning
    assert entries[5].status == cx.NEW
    assert entries[5].contact is not None and entries[5].contact.emails == []
    assert "E-Mail-Adresse (ungültig): kein-at-zeichen" in entries[5].contact.notes
    assert entries[5].warnings[0].startswith("Karte 6 (Zeile 25): „kein-at-zeichen“ ist keine")


def test_file_level_errors_name_the_file(core_db: Database, tmp_path: Path) -> None:
    big = tmp_path / "riesig.vcf"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    other = tmp_path / "kontakte.xlsx"
    other.write_bytes(b"PK\x03\x04")
    binary = tmp_path / "bild.vcf"
    binary.write_bytes(bytes(range(256)) * 10)
    files = [big, other, binary, tmp_path / "fehlt.csv", *copy(tmp_path, "unknown_headers.csv")]
    with core_db.session() as session:
        preview = cx.preview_import(session, files)
    assert preview.entries == []
    errors = preview.errors
    assert errors[0].startswith("Die Datei ist zu groß (21.0 MB)")
    assert "(Datei riesig.vcf)" in errors[0]
    assert "Dateiformat „.xlsx“ wird nicht unterstützt" in errors[1]
    assert "Binärdaten" in errors[2] and "Datei bild.vcf, Zeile 1" in errors[2]
    assert errors[3] == "Die Datei wurde nicht gefunden. (Datei fehlt.csv)"
    assert "Gefunden: „Kundennummer“" in errors[4]


# --------------------------------------------------------------------------- commit


def test_commit_creates_and_links_roles(core_db: Database, tmp_path: Path) -> None:
    ids = seed(core_db)
    files = copy(tmp_path, *GOOD)
    with core_db.session() as session:
        preview = cx.preview_import(session, files)
        report = cx.commit_import(session, preview)
    # the new entries, and the company of a new person nobody knew yet, as an organisation
    assert preview.new_organisations == ["Stadt Bitterfeld-Wolfen"]
    assert len(report.created) == preview.counts()[cx.NEW] + 1
    assert report.invalid == ["outlook_de_bom_semicolon.csv, Zeile 6: kein Name und keine Firma."]
    assert any("doppelt in der Importdatei" in s for s in report.skipped)
    with core_db.session() as session:
        found = cs.list_contacts(session, cs.ContactFilter(query="Öztürk"))
        ayse = cs.get_contact(session, found[0].id)
        # Jugendclub'83 exists: the company becomes a role; the unknown one is created.
        assert [(r.organisation_id, r.function) for r in ayse.roles] == [(ids["club"], "")]
        mueller = cs.list_contacts(session, cs.ContactFilter(query="Jörg Peter"))
        joerg = cs.get_contact(session, mueller[0].id)
        assert [r.organisation_name for r in joerg.roles] == ["Stadt Bitterfeld-Wolfen"]
        assert "Organisation: Stadt Bitterfeld-Wolfen" not in joerg.notes
        assert "Geburtstag: 15.03.1970" in joerg.notes
        assert [p.number for p in joerg.phones][:2] == ["+493493400012", "+491701234567"]
        assert cs.list_contacts(session, cs.ContactFilter(query="Weisswasser"))


def test_role_to_organisation_created_by_the_same_import(core_db: Database, tmp_path: Path) -> None:
    files = copy(tmp_path, "outlook_en_comma.csv", "thunderbird_40.vcf")
    with core_db.session() as session:
        cx.commit_import(session, cx.preview_import(session, files))
    with core_db.session() as session:
        (row,) = cs.list_contacts(session, cs.ContactFilter(query="Groß Stefan"))
        stefan = cs.get_contact(session, row.id)
    assert [(r.organisation_name, r.function) for r in stefan.roles] == [
        ("Stadt Weißwasser", "Bürgermeister")
    ]
    assert "Organisation:" not in stefan.notes


def test_reimport_of_own_export_matches_and_updates(core_db: Database, tmp_path: Path) -> None:
    ids = seed(core_db)
    out = tmp_path / "alle.vcf"
    with core_db.session() as session:
        assert cx.export_vcards(session, out).count == 2
    text = out.read_text("utf-8").replace("Erster Nutzer.", "Erster Nutzer. Neu: Büro 2.")
    out.write_text(text, "utf-8", newline="")
    with core_db.session() as session:
        preview = cx.preview_import(session, [out])
        assert {e.status for e in preview.entries} == {cx.MATCH}
        skipped = cx.commit_import(session, preview)
    assert skipped.created == [] and len(skipped.skipped) == 2
    with core_db.session() as session:
        preview = cx.preview_import(session, [out])
        urban = next(e for e in preview.entries if e.match_id == ids["urban"])
        report = cx.commit_import(session, preview, {urban.index: cx.UPDATE})
    assert report.updated == ["Thomas Urban"] and len(report.skipped) == 1
    with core_db.session() as session:
        urban_now = cs.get_contact(session, ids["urban"])
    assert urban_now.notes == "Erster Nutzer. Neu: Büro 2."
    assert [r.function for r in urban_now.roles] == ["Beirat"]  # roles are kept
    assert len(snapshot(core_db)) == 2


def test_failed_commit_changes_nothing(core_db: Database, tmp_path: Path) -> None:
    ids = seed(core_db)
    vcf = tmp_path / "zwei.vcf"
    vcf.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Neu;Nina;;;\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Urban;Thomas;;;\r\n"
        b"EMAIL:urban@bitterfeld-wolfen.example\r\nEND:VCARD\r\n"
    )
    before = snapshot(core_db)
    with core_db.session() as session:
        preview = cx.preview_import(session, [vcf])
    assert [e.status for e in preview.entries] == [cx.NEW, cx.MATCH]
    with core_db.session() as session:  # someone erases Urban between preview and commit
        cs.erase_contact(session, ids["urban"])
    after_erase = snapshot(core_db)
    with (
        pytest.raises(ConflictError, match="seit der Vorschau gelöscht"),
        core_db.session() as session,
    ):
        cx.commit_import(session, preview, default_for_matches=cx.UPDATE)
    assert snapshot(core_db) == after_erase  # Nina was not created either
    assert len(after_erase) == len(before) - 1


def test_decisions_are_checked(core_db: Database, tmp_path: Path) -> None:
    files = copy(tmp_path, "thunderbird_30.vcf")
    with core_db.session() as session:
        preview = cx.preview_import(session, files)
        with pytest.raises(ValidationError, match="Nur übereinstimmende Einträge"):
            cx.commit_import(session, preview, {0: cx.UPDATE})
        with pytest.raises(ValidationError, match="unbekannte Entscheidung"):
            cx.commit_import(session, preview, {0: "merge"})
        report = cx.commit_import(session, preview, {0: cx.SKIP})
    assert report.created == ["Stefan Groß"]


# --------------------------------------------------------------------------- export


def test_exports_are_read_by_independent_parsers(core_db: Database, tmp_path: Path) -> None:
    seed(core_db)
    with core_db.session() as session:
        cx.export_vcards(session, tmp_path / "a.vcf", version="4.0")
        cx.export_vcard_zip(session, tmp_path / "a.zip")
        cx.export_outlook_csv(session, tmp_path / "a.csv")
    cards = list(vobject.readComponents((tmp_path / "a.vcf").read_text("utf-8")))
    assert sorted(c.fn.value for c in cards) == ["Jugendclub'83", "Thomas Urban"]
    urban = next(c for c in cards if c.fn.value == "Thomas Urban")
    assert urban.org.value == ["Jugendclub'83"] and urban.title.value == "Beirat"
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert sorted(archive.namelist()) == ["Jugendclub'83.vcf", "Urban, Thomas.vcf"]
        single = archive.read("Urban, Thomas.vcf").decode("ascii")
    assert single.count("BEGIN:VCARD") == 1 and "VERSION:2.1" in single
    (card,) = vobject.readComponents(single, allowQP=True)
    assert card.n.value.family == "Urban"
    text = (tmp_path / "a.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert {r["Firma"] for r in rows} == {"Jugendclub'83"}
    assert (
        next(r for r in rows if r["Nachname"] == "Urban")["Telefon geschäftlich"] == "03493 40000"
    )


def test_export_to_missing_folder_leaves_nothing(core_db: Database, tmp_path: Path) -> None:
    seed(core_db)
    with core_db.session() as session, pytest.raises(ContactdeskError, match="existiert nicht"):
        cx.export_outlook_csv(session, tmp_path / "fehlt" / "a.csv")
    assert not (tmp_path / "fehlt").exists()


@pytest.mark.parametrize("export", [cx.export_vcards, cx.export_vcard_zip])
def test_an_unknown_vcard_version_is_refused_before_writing(
    export: Any, core_db: Database, tmp_path: Path
) -> None:
    seed(core_db)
    folder = tmp_path / "export"
    folder.mkdir()
    with core_db.session() as session, pytest.raises(ValidationError) as caught:
        export(session, folder / "a.vcf", version="5.0")
    assert caught.value.fields == {
        "version": "Die vCard-Version „5.0“ gibt es nicht (möglich: 2.1, 3.0, 4.0)."
    }
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------- CLI


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_cli_import_dry_run_commit_and_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    files = [str(p) for p in copy(tmp_path, "outlook_de_bom_semicolon.csv", "thunderbird_40.vcf")]
    dry = run("--database", db, "import", *files, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Vorschau (es wurde nichts gespeichert)" in dry.stdout
    assert "outlook_de_bom_semicolon.csv, Zeile 6" in dry.stdout
    listing = run("--database", db, "contacts", "list", "--json")
    assert json.loads(listing.stdout) == []
    done = run("--database", db, "import", *files, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["report"]
    # five contacts, and the two companies of people that the register did not know yet
    assert len(report["created"]) == 7 and len(report["invalid"]) == 1
    assert sorted(c for c in report["created"] if "aus der Firma angelegt" in c) == [
        "Jugendclub'83 (Organisation, aus der Firma angelegt)",
        "Stadt Bitterfeld-Wolfen (Organisation, aus der Firma angelegt)",
    ]
    again = run("--database", db, "import", *files)
    assert again.returncode == 0, again.stderr
    assert "0 angelegt, 0 aktualisiert, 5 übersprungen, 1 ungültig" in again.stdout
    for args in (
        ("vcf", "--out", str(tmp_path / "x.vcf")),
        ("vcf", "--out", str(tmp_path / "x21.vcf"), "--version", "2.1"),
        ("vcf", "--out", str(tmp_path / "x.zip"), "--zip"),
        ("csv", "--out", str(tmp_path / "x.csv")),
    ):
        result = run("--database", db, "export", *args)
        assert result.returncode == 0, result.stderr
        assert "7 Kontakte exportiert" in result.stdout
    assert "VERSION:2.1" in (tmp_path / "x21.vcf").read_text("ascii")


def test_cli_import_with_unreadable_file_imports_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.sqlite")
    good = copy(tmp_path, "thunderbird_30.vcf")[0]
    bad = tmp_path / "bild.vcf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("--database", db, "import", str(good), str(bad))
    assert result.returncode == 1
    assert "Fehler: Die Datei enthält Binärdaten" in result.stderr
    assert "Datei bild.vcf" in result.stderr and "nichts importiert" in result.stderr
    assert json.loads(run("--database", db, "contacts", "list", "--json").stdout) == []


def test_cli_export_formats_are_subcommands(tmp_path: Path) -> None:
    result = run("--database", str(tmp_path / "h.sqlite"), "export", "--help")
    assert result.returncode == 0
    assert "vcf" in result.stdout and "csv" in result.stdout
    wrong = run("--database", str(tmp_path / "h.sqlite"), "export", "pdf", "--out", "x")
    assert wrong.returncode == 2 and "ungültige Auswahl" in wrong.stderr


def _card(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "ausland.vcf"
    lines = ["BEGIN:VCARD", "VERSION:3.0", *body.strip().splitlines(), "END:VCARD", ""]
    path.write_bytes("\r\n".join(lines).encode())
    return path


def test_numbers_are_read_for_the_country_of_the_address(core_db: Database, tmp_path: Path) -> None:
    card = _card(
        tmp_path,
        """
N:Kowalska;Anna;;;
TEL;TYPE=WORK:(718) 279-4441
TEL;TYPE=CELL:0170 1234567
ADR;TYPE=WORK:;;43-20 203rd Street;Bayside;NY;11361;USA
""",
    )
    with core_db.session() as s:
        preview = cx.preview_import(s, [card])
    contact = preview.entries[0].contact
    assert contact is not None
    # the US number as the US dials it; a German mobile number is still read as German
    assert [p.number for p in contact.phones] == ["+17182794441", "+491701234567"]
    assert preview.entries[0].warnings == []


def test_an_unreadable_number_moves_into_the_notes(core_db: Database, tmp_path: Path) -> None:
    card = _card(
        tmp_path,
        """
N:Urban;Jens;;;
NOTE:Kennt alle im Stadtrat.
TEL;TYPE=WORK:12
EMAIL:urban@example.de
""",
    )
    with core_db.session() as s:
        preview = cx.preview_import(s, [card])
        entry = preview.entries[0]
        assert entry.status == cx.NEW
        assert entry.contact is not None
        assert entry.contact.phones == []
        assert entry.contact.notes.splitlines() == [
            "Kennt alle im Stadtrat.",
            "Telefonnummer (nicht erkannt, dienstlich): 12",
        ]
        assert len(entry.warnings) == 1 and "„12“" in entry.warnings[0]
        assert "Notizen" in entry.warnings[0]
        report = cx.commit_import(s, preview)
    assert report.created == ["Jens Urban"]
    with core_db.session() as s:
        (row,) = cs.list_contacts(s, cs.ContactFilter(query="Urban"))
        stored = cs.get_contact(s, row.id)
    assert "Telefonnummer (nicht erkannt, dienstlich): 12" in stored.notes
    assert [e.address for e in stored.emails] == ["urban@example.de"]
