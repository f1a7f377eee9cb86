"""`contacts duplicates` and `contacts merge` as scripts call them (real subprocesses)."""

from __future__ import annotations

import json
from pathlib import Path

from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs

from ..test_cli import run


def test_duplicates_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    db = open_database(path)
    with db.session() as s:
        first = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Bärbel", last_name="Schößler", emails=[cs.EmailData("b@example.de")]
            ),
        )
        second = cs.create_contact(
            s, cs.ContactData(first_name="Baerbel", last_name="Schössler"), allow_duplicate=True
        )
        cs.create_contact(s, cs.ContactData(first_name="Paul", last_name="Kurz"))
    db.dispose()
    found = run("contacts", "duplicates", "--json", "--database", str(path))
    assert found.returncode == 0, found.stderr
    pairs = json.loads(found.stdout)
    assert [(p["keep_id"], p["other_id"]) for p in pairs] == [(first.id, second.id)]
    assert pairs[0]["reasons"][0].startswith("gleicher Name in anderer Schreibweise")
    text = run("contacts", "duplicates", "--database", str(path))
    assert "Bärbel Schößler" in text.stdout and "Baerbel Schössler" in text.stdout
    merged = run(
        "contacts", "merge", str(second.id), str(first.id), "--json", "--database", str(path)
    )
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["keep_id"] == first.id
    shown = json.loads(
        run("contacts", "show", str(first.id), "--json", "--database", str(path)).stdout
    )
    assert shown["last_name"] == "Schössler"  # KEEP_ID's fields win, the older id stays
    assert shown["emails"][0]["address"] == "b@example.de"
    again = run("contacts", "merge", str(first.id), str(second.id), "--database", str(path))
    assert again.returncode != 0 and again.stderr.startswith("Fehler: ")
    assert "Traceback" not in again.stderr
    assert json.loads(run("contacts", "duplicates", "--json", "--database", str(path)).stdout) == []
