"""A backup taken before an erasure still holds the person: restoring it erases them again,
and the erasure list of the restored database is complete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from contactdesk.core import backup as bk
from contactdesk.core.db import open_database
from contactdesk.core.errors import NotFoundError
from contactdesk.core.models import Erasure
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import privacy_erase
from contactdesk.core.services.privacy_files import FileLocations

from ..test_cli import run
from .world import build


def test_restore_applies_the_erasure_again(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite"
    db = open_database(path)
    w = build(db)
    db.dispose()
    saved = bk.create_backup(path, tmp_path / "sicherung.sqlite")
    db = open_database(path)
    privacy_erase.erase_person(db, w.person_id, files=FileLocations())
    db.dispose()

    bk.restore_backup(saved, path)
    db = open_database(path)
    with db.session() as s:
        with pytest.raises(NotFoundError):
            cs.get_contact(s, w.person_id)
        assert [e.contact_id for e in s.scalars(select(Erasure))] == [w.person_id]
        assert cs.list_contacts(s, cs.ContactFilter(query="Quittengasse")) == []
    db.dispose()
    assert b"Quittengasse" not in path.read_bytes()


def test_cli_erase_dry_run_and_erase(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    db = open_database(path)
    w = build(db)
    db.dispose()
    dry = run("privacy", "erase", str(w.person_id), "--dry-run", "--json", "--database", str(path))
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["dry_run"] is True and data["counts"]["participations_anonymised"] == 1
    shown = run("contacts", "show", str(w.person_id), "--json", "--database", str(path))
    assert json.loads(shown.stdout)["last_name"] == "Zwiebelkönig"
    done = run("privacy", "erase", str(w.person_id), "--database", str(path))
    assert done.returncode == 0, done.stderr
    assert "gelöscht" in done.stdout and "Sicherungen" in done.stderr
    gone = run("contacts", "show", str(w.person_id), "--database", str(path))
    assert gone.returncode != 0 and gone.stderr.startswith("Fehler: ")
    org = run("privacy", "erase", str(w.org_id), "--database", str(path))
    assert org.returncode != 0 and "Nur Personen" in org.stderr and "Traceback" not in org.stderr


def test_cli_review(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite"
    db = open_database(path)
    w = build(db)  # her invitation consent ended on 01.03.2025
    db.dispose()
    done = run("privacy", "review", "--json", "--database", str(path))
    assert done.returncode == 0, done.stderr
    rows = {r["contact_id"]: r for r in json.loads(done.stdout)}
    assert rows[w.person_id]["lapsed"] == ["einladungen"]
    text = run("privacy", "review", "--database", str(path))
    assert "Zwiebelkönig" in text.stdout and "abgelaufen am 01.03.2025" in text.stdout
