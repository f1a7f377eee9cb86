"""Contact imports lose nothing: an unknown company becomes an organisation (switchable off),
an invalid e-mail moves into the notes with a warning, Outlook's Bundesland/Kanton is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from contactdesk.core.db import Database, open_database
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import imports

HEADER = (
    "Vorname;Nachname;Firma;Abteilung;Position;Straße geschäftlich;Ort geschäftlich;"
    "Region geschäftlich;Postleitzahl geschäftlich;Land/Region geschäftlich;E-Mail-Adresse"
)
ROWS = [
    "Lena;Müller;Jugendclub '83 e.V.;Jugendarbeit;Leiterin;Am Markt 1;Bitterfeld-Wolfen;"
    "Sachsen-Anhalt;06766;Deutschland;lena(at)jugendclub83.example",
    "Maria;Lopez;Bayside Friends;;;12 Bell Blvd;Bayside;NY;11361;USA;maria@bayside.example",
    "Jens;Vogel;Jugendclub '83 e.V.;;Kassenwart;;;;;;jens@jugendclub83.example",
]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "outlook.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *ROWS]) + "\r\n").encode("utf-8"))
    return path


def _people(db: Database) -> dict[str, cs.ContactData]:
    with db.session() as s:
        rows = cs.list_contacts(s, cs.ContactFilter(), limit=100)
        return {r.display_name: cs.get_contact(s, r.id) for r in rows}


def test_unknown_company_invalid_email_and_region_are_kept(
    core_db: Database, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    with core_db.session() as s:
        plan = imports.preview(s, [path])
        assert plan.contacts is not None
        assert plan.contacts.new_organisations == ["Jugendclub '83 e.V.", "Bayside Friends"]
        assert [e.status for e in plan.contacts.entries] == ["neu", "neu", "neu"]
        [warning] = plan.contacts.entries[0].warnings
        assert "lena(at)jugendclub83.example" in warning and "Notizen" in warning
        imports.commit(s, plan)
    people = _people(core_db)
    club = people["Jugendclub '83 e.V."]
    assert club.kind == "organisation"
    lena = people["Lena Müller"]
    [role] = lena.roles
    assert role.organisation_name == "Jugendclub '83 e.V."
    assert role.function == "Leiterin, Jugendarbeit"
    assert lena.emails == []
    assert "E-Mail-Adresse (ungültig): lena(at)jugendclub83.example" in lena.notes
    assert "Bundesland/Kanton (dienstlich): Sachsen-Anhalt" in lena.notes
    assert [r.organisation_name for r in people["Jens Vogel"].roles] == ["Jugendclub '83 e.V."]
    maria = people["Maria Lopez"]
    assert maria.addresses[0].city == "Bayside, NY"
    assert [r.organisation_name for r in maria.roles] == ["Bayside Friends"]


def test_creating_organisations_can_be_switched_off(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    db = open_database(tmp_path / "ohne.sqlite")
    try:
        with db.session() as s:
            plan = imports.preview(s, [path])
            imports.commit(s, plan, imports.ImportOptions(create_organisations=False))
        people = _people(db)
    finally:
        db.dispose()
    assert "Jugendclub '83 e.V." not in people
    lena = people["Lena Müller"]
    assert lena.roles == []
    assert "Organisation: Jugendclub '83 e.V." in lena.notes  # kept in the notes instead


def test_a_known_company_is_not_created_twice(core_db: Database, tmp_path: Path) -> None:
    with core_db.session() as s:
        cs.create_contact(s, cs.ContactData(kind="organisation", name="Jugendclub '83 e.V."))
    with core_db.session() as s:
        plan = imports.preview(s, [_csv(tmp_path)])
        assert plan.contacts is not None
        assert plan.contacts.new_organisations == ["Bayside Friends"]
        imports.commit(s, plan)
    names = [n for n in _people(core_db) if n.startswith("Jugendclub")]
    assert names == ["Jugendclub '83 e.V."]


def test_command_line_preview_names_and_switch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from contactdesk.cli import main

    path = _csv(tmp_path)
    database = str(tmp_path / "cli.sqlite")
    assert main(["--database", database, "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Neue Organisationen" in out and "Jugendclub '83 e.V., Bayside Friends" in out
    assert main(["--database", database, "import", str(path), "--no-new-organisations"]) == 0
    capsys.readouterr()
    assert main(["--database", database, "contacts", "search", "Jugendclub", "--json"]) == 0
    assert '"kind": "organisation"' not in capsys.readouterr().out
