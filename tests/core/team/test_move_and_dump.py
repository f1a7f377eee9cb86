"""Moving a register from a desk to the team server and back; pg_dump backup and restore."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from contactdesk.core.db import open_database
from contactdesk.core.demo import load_demo
from contactdesk.core.models import AuditEntry, DocumentBlob
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.team import pgdump
from contactdesk.core.team.move import MoveError, copy_database
from tests.pg import PgServer

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CONTACTDESK_DATABASE"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A single desk's SQLite file with the demo data and a stored document."""
    path = tmp_path / "desk.sqlite"
    database = open_database(path)
    doc = tmp_path / "Vertrag Jugendclub.pdf"
    doc.write_bytes(b"%PDF-1.4\n" + os.urandom(4096))
    with database.session() as s:
        load_demo(s)
        agreement_id = ag.list_agreements(s)[0].id
        ag.add_document(s, agreement_id, doc)
    database.dispose()
    return path


def _blob_hashes(url: str) -> set[str]:
    database = open_database(url)
    try:
        with database.session() as s:
            return {hashlib.sha256(b).hexdigest() for b in s.scalars(select(DocumentBlob.content))}
    finally:
        database.dispose()


def test_desk_to_team_and_back(desk: Path, pg_empty_url: str, tmp_path: Path) -> None:
    before = desk.read_bytes()
    result = run("--database", str(desk), "migrate-to", pg_empty_url, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"]["contact"] > 10 and report["files_checked"] >= 2
    assert desk.read_bytes() == before  # the desk's file is untouched
    assert _blob_hashes(pg_empty_url) == _blob_hashes(str(desk))

    team = open_database(pg_empty_url)
    with team.session() as s:  # the team works on: search, new ids, audit
        assert [r.display_name for r in cs.list_contacts(s, cs.ContactFilter("weisswasser"))]
        created = cs.create_contact(s, cs.ContactData(first_name="Neu", last_name="Im Team"))
        assert (created.id or 0) > report["rows"]["contact"]
        assert s.scalar(select(AuditEntry.user_name).order_by(AuditEntry.id.desc()).limit(1))
    team.dispose()

    back = tmp_path / "zurueck.sqlite"
    result = run("--database", pg_empty_url, "migrate-to", str(back))
    assert result.returncode == 0, result.stderr
    assert "Die Quelle wurde nicht verändert" in result.stdout
    home = open_database(back)
    with home.session() as s:
        assert "Neu Im Team" in [
            r.display_name for r in cs.list_contacts(s, cs.ContactFilter("im team"))
        ]
    home.dispose()


def test_move_refuses_a_target_that_is_not_empty(desk: Path, pg_url: str) -> None:
    with pytest.raises(MoveError) as caught:
        copy_database(str(desk), pg_url)
    assert "nicht leer" in caught.value.message


def test_move_refuses_an_existing_target_file(desk: Path, tmp_path: Path) -> None:
    other = tmp_path / "schon-da.sqlite"
    other.write_bytes(b"x")
    with pytest.raises(MoveError):
        copy_database(str(desk), str(other))
    assert other.read_bytes() == b"x"


def test_pg_dump_backup_and_restore_into_an_empty_database(
    pg_server: PgServer, pg_empty_url: str, tmp_path: Path
) -> None:
    source = pg_server.new_database()
    database = open_database(source)
    with database.session() as s:
        load_demo(s)
    database.dispose()
    out = tmp_path / "team.dump"
    result = run("--database", source, "backup", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "pg_dump-Format" in result.stdout
    assert "geheim" not in result.stdout + result.stderr
    assert out.read_bytes().startswith(b"PGDMP")

    refused = run("--database", source, "restore", str(out))  # not empty: refused
    assert refused.returncode == 1
    assert "nicht leer" in refused.stderr and "Traceback" not in refused.stderr

    restored = run("--database", pg_empty_url, "restore", str(out))
    assert restored.returncode == 0, restored.stderr
    assert _blob_hashes(pg_empty_url) == _blob_hashes(source)
    pg_server.drop_database(source)


def test_restore_refuses_files_that_are_not_contactdesk_dumps(
    pg_empty_url: str, tmp_path: Path
) -> None:
    text_file = tmp_path / "notizen.dump"
    text_file.write_text("Einkaufsliste")
    with pytest.raises(pgdump.PgToolError) as caught:
        pgdump.restore(text_file, pg_empty_url)
    assert "keine Sicherung eines Datenbankservers" in caught.value.message
    broken = tmp_path / "kaputt.dump"
    broken.write_bytes(b"PGDMP" + os.urandom(200))
    with pytest.raises(pgdump.PgToolError) as caught:
        pgdump.restore(broken, pg_empty_url)
    assert "beschädigt" in caught.value.message


def test_missing_pg_dump_is_said_clearly(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pgdump.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pgdump.glob, "glob", lambda _pattern: [])
    with pytest.raises(pgdump.PgToolError) as caught:
        pgdump.backup(pg_url, tmp_path / "x.dump")
    assert "pg_dump wurde nicht gefunden" in caught.value.message
    assert "postgresql-client" in caught.value.message
    assert not (tmp_path / "x.dump").exists()
