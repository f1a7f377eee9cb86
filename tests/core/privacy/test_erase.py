"""Löschung (Art. 17): a person linked from every kind of record is erased; afterwards no table,
no FTS shadow table, no recovery file, no log file and no raw byte of the database file or its
WAL holds their names, address or numbers. The report listed every link before."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from contactdesk.core.db import Database, open_database
from contactdesk.core.i18n import source_language
from contactdesk.core.models import Erasure, Event, Participant
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import merge, privacy, privacy_erase
from contactdesk.core.services.privacy_files import FileLocations

from .world import SECRETS, build


def _variants(secret: str) -> list[bytes]:
    out = []
    for s in {secret, secret.lower(), secret.upper()}:
        out += [s.encode("utf-8"), s.encode("utf-16-le")]
        with contextlib.suppress(UnicodeEncodeError):
            out.append(s.encode("cp1252"))
    return out


def _find_bytes(data: bytes) -> list[str]:
    return [s for s in SECRETS if any(v in data for v in _variants(s))]


def _raw(db_path: Path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _every_text_cell(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    hits = []
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:  # includes contact_fts_data, _idx, _content, _docsize, _config
        for row in con.execute(f'SELECT * FROM "{table}"'):
            for cell in row:
                blob = cell if isinstance(cell, bytes) else str(cell).encode("utf-8")
                for secret in _find_bytes(blob):
                    hits.append((table, secret))
    con.close()
    return hits


@pytest.fixture
def files(tmp_path: Path) -> FileLocations:
    return FileLocations(
        recovery=tmp_path / "Wiederherstellung",
        logs=tmp_path / "logs",
        opened_documents=tmp_path / "dokumente",
    )


def test_erasure_leaves_no_trace(db_path: Path, files: FileLocations) -> None:
    db = open_database(db_path)
    w = build(db)
    with db.session() as s:  # besides what the audit trail wrote itself: a row naming her
        s.execute(
            text(
                "INSERT INTO audit_entry (at, user_name, action, record_type, record_id, "
                "record_label, fields) VALUES ('2025-06-01 10:00:00', 'kd', 'geändert', "
                "'contact', :id, 'Wilhelmine Zwiebelkönig', 'notes')"
            ),
            {"id": w.person_id},
        )
        # another contact's note and an agenda item name her
        other = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Otto", last_name="Quer", notes="Kennt Frau Zwiebelkönig vom Quittenfest"
            ),
        )
    files.recovery.mkdir()
    (files.recovery / "wiederherstellung-20250601-100000.json").write_text(
        json.dumps({"bereiche": [{"Nachname": "Zwiebelkönig", "Telefon": "0341 98765432"}]}),
        encoding="utf-8",
    )
    (files.recovery / "wiederherstellung-20250601-110000.json").write_text(
        json.dumps({"bereiche": [{"Nachname": "Normal"}]}), encoding="utf-8"
    )
    files.logs.mkdir()
    (files.logs / "contactdesk.log").write_text(
        "2025-06-01 INFO saved\n2025-06-01 WARNING mail to zwiebel.w@example.org failed\n",
        encoding="utf-8",
    )
    files.opened_documents.mkdir()
    (files.opened_documents / "protokoll.txt").write_text("Wilhelmine Zwiebelkönig", "utf-8")

    # the report lists every link before the erasure (and the second record of her)
    with db.session() as s, source_language():
        rep = privacy.report(s, w.person_id)
    assert rep["possible_duplicates"][0]["contact_id"] == w.twin_id
    assert rep["audit_trail"][0]["action"] == "geändert"
    for key in ("roles", "consents", "contact_log", "participations", "events", "agreements"):
        assert rep[key], key
    assert rep["papers"] and {d["filename"] for d in rep["documents"]} == {
        "protokoll.txt",
        "anlage.txt",
    }
    with db.session() as s:  # before the merge the dry run names her second record
        warned = privacy_erase.erase_in_session(s, w.person_id, dry_run=True).warnings
        s.rollback()
    assert any("Zwiebelkoenig (Nr." in x for x in warned)
    with db.session() as s:  # as the app suggests: merge the second record first
        merge.merge_contacts(s, w.person_id, w.twin_id)

    # the search below can see her: every secret is in the file or its WAL before the erasure
    assert sorted(_find_bytes(_raw(db_path))) == sorted(SECRETS)
    dry = privacy_erase.erase_person(db, w.person_id, dry_run=True, files=files)
    assert dry.dry_run and dry.counts["participations_anonymised"] == 1
    assert dry.counts["participations_dropped"] == 1 and dry.counts["files"] == 3
    assert any("Sicherungen" in x for x in dry.warnings)
    with db.session() as s:
        assert cs.get_contact(s, w.person_id).last_name == "Zwiebelkönig"  # nothing changed

    done = privacy_erase.erase_person(db, w.person_id, files=files)
    assert not done.dry_run
    with db.session() as s:
        # the held event keeps its numbers; the coming one lost the invitation
        held = s.scalars(select(Participant).where(Participant.event_id == w.held_event_id)).all()
        assert len(held) == 2 and all(p.attended for p in held)
        placeholder = cs.get_contact(s, held[0].contact_id)
        assert placeholder.display_name == "gelöschte Person (Kassenwartin, Verein Obstwiese)"
        assert s.scalars(select(Participant).where(Participant.event_id == w.event_id)).all() == []
        assert s.scalar(select(Event.organiser_id).where(Event.id == w.event_id)) is not None
        erased = s.scalars(select(Erasure)).one()
        assert erased.contact_id == w.person_id and erased.erased_by
        assert "Quittenfest" in cs.get_contact(s, other.id or 0).notes
        assert cs.list_contacts(s, cs.ContactFilter(query="Zwiebelkönig")) == []
    db.dispose()

    assert _every_text_cell(db_path) == []
    con = sqlite3.connect(db_path)  # the audit entry stays, without the name
    rows = con.execute(
        "SELECT action, record_label FROM audit_entry WHERE record_type = 'contact' "
        "AND record_id = ?",
        (w.person_id,),
    ).fetchall()
    assert rows and ("geändert", "gelöschte Person") in rows
    assert {label for _action, label in rows} == {"gelöschte Person"}
    con.close()
    assert _find_bytes(_raw(db_path)) == []
    for folder in (files.recovery, files.logs, files.opened_documents):
        for path in folder.rglob("*"):
            if path.is_file():
                assert _find_bytes(path.read_bytes()) == [], path
    assert "saved" in (files.logs / "contactdesk.log").read_text("utf-8")
    assert (files.recovery / "wiederherstellung-20250601-110000.json").exists()
    assert not (files.opened_documents / "protokoll.txt").exists()


def test_archive_may_keep_the_name_when_the_user_decides_so(core_db: Database, files) -> None:
    w = build(core_db)
    privacy_erase.erase_person(core_db, w.person_id, keep_names_in_archive=True, files=files)
    with core_db.session() as s:
        held = s.scalars(select(Participant).where(Participant.event_id == w.held_event_id)).all()
        names = {cs.get_contact(s, p.contact_id).display_name for p in held}
    assert "Wilhelmine Zwiebelkönig (Kassenwartin, Verein Obstwiese)" in names


def test_only_people_are_erased(core_db: Database, files) -> None:
    from contactdesk.core.errors import ConflictError

    w = build(core_db)
    with pytest.raises(ConflictError):
        privacy_erase.erase_person(core_db, w.org_id, files=files)


def test_a_second_record_is_left_whole_and_named(core_db: Database, files) -> None:
    w = build(core_db)
    done = privacy_erase.erase_person(core_db, w.person_id, files=files)
    assert any("Zwiebelkoenig (Nr." in x for x in done.warnings)
    with core_db.session() as s:
        twin = cs.get_contact(s, w.twin_id)
    assert (twin.first_name, twin.last_name) == ("Wilhelmine", "Zwiebelkoenig")
    assert twin.display_name == "Wilhelmine Zwiebelkoenig"
