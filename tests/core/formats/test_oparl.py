"""OParl 1.1 export of a paper: parsed back, every reference resolves, ids stay stable."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from contactdesk.core.db import Database, open_database
from contactdesk.core.demo import demo_uid, load_demo
from contactdesk.core.formats import oparl
from contactdesk.core.services import papers as ps

SCHEMA = "https://schema.oparl.org/1.1/"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = open_database(tmp_path_factory.mktemp("oparl") / "demo.sqlite")
    with database.session() as session:
        load_demo(session)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def exported(demo_db: Database, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    target = tmp_path_factory.mktemp("out") / "M006-2021.json"
    with demo_db.session() as session:
        ps.export_oparl(session, ps.find_paper(session, "M006-2021"), target)
    return json.loads(target.read_text(encoding="utf-8"))


def test_paper_object(exported: dict) -> None:  # type: ignore[type-arg]
    paper = exported["paper"]
    assert paper["type"] == SCHEMA + "Paper"
    assert paper["id"] == f"urn:uuid:{demo_uid('paper:m006-2021')}"
    assert paper["reference"] == "M006-2021"
    assert paper["name"] == "Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“"
    assert paper["paperType"] == "Mitteilungsvorlage"
    assert paper["date"] == "2021-08-17"
    assert paper["body"] == exported["body"]["id"]
    assert exported["body"]["name"] == "Stadt Bitterfeld-Wolfen"
    persons = {p["id"]: p for p in exported["person"]}
    organizations = {o["id"]: o for o in exported["organization"]}
    assert [persons[i]["name"] for i in paper["originatorPerson"]] == ["Thomas Lehmann"]
    assert [organizations[i]["name"] for i in paper["underDirectionOf"]] == [
        "Persönlicher Referent"
    ]
    assert "auxiliaryFile" not in paper  # Anlagen: keine


def test_consultations_in_order_with_role_and_authoritative(exported: dict) -> None:  # type: ignore[type-arg]
    meetings = {m["id"]: m for m in exported["meeting"]}
    organizations = {o["id"]: o for o in exported["organization"]}
    rows = []
    for c in exported["paper"]["consultation"]:
        assert c["type"] == SCHEMA + "Consultation"
        assert c["paper"] == exported["paper"]["id"]
        assert c["authoritative"] is False
        meeting = meetings[c["meeting"]]
        assert meeting["type"] == SCHEMA + "Meeting"
        assert meeting["organization"] == c["organization"]
        rows.append((organizations[c["organization"][0]]["name"], meeting["start"], c["role"]))
    assert rows == [
        ("Haupt- und Finanzausschuss", "2021-09-02T17:00:00+02:00", "Kenntnisnahme"),
        ("Stadtrat Bitterfeld-Wolfen", "2021-09-08T17:00:00+02:00", "Kenntnisnahme"),
    ]
    assert {m["meetingState"] for m in meetings.values()} == {"durchgeführt"}
    assert (
        organizations[exported["paper"]["consultation"][1]["organization"][0]]["classification"]
        == "Parlament"
    )
    assert all(o["type"] == SCHEMA + "Organization" for o in organizations.values())


def test_main_file_is_the_released_pdf(demo_db: Database, exported: dict) -> None:  # type: ignore[type-arg]
    main = exported["paper"]["mainFile"]
    assert main["type"] == SCHEMA + "File"
    assert main["fileName"] == "M006-2021.pdf"
    assert main["mimeType"] == "application/pdf"
    assert main["paper"] == [exported["paper"]["id"]]
    with demo_db.session() as session:
        pdf = ps.paper_pdf(session, ps.find_paper(session, "M006-2021")).data
    assert main["size"] == len(pdf)
    assert main["sha1Checksum"] == hashlib.sha1(pdf).hexdigest()
    assert main["text"].startswith("Anfang 2021 erhielt die Stadt Bitterfeld-Wolfen die Einladung")


def test_ids_are_stable_and_base_url_is_used(demo_db: Database) -> None:
    with demo_db.session() as session:
        paper_id = ps.find_paper(session, "M006-2021")
        first = ps.oparl_export(session, paper_id)
        second = ps.oparl_export(session, paper_id)
        web = ps.oparl_export(session, paper_id, base_url="https://ris.example/oparl/")
    assert first["paper"] == second["paper"]
    assert first["meeting"] == second["meeting"]
    uid = demo_uid("paper:m006-2021")
    assert web["paper"]["id"] == f"https://ris.example/oparl/paper/{uid}"
    assert web["paper"]["mainFile"]["accessUrl"].startswith("https://ris.example/oparl/file/")
    assert all(m["id"].startswith("https://ris.example/oparl/meeting/") for m in web["meeting"])


def test_paper_with_attachment_and_decision(demo_db: Database, tmp_path: Path) -> None:
    from contactdesk.core.services import schedule as sc

    source = tmp_path / "Anlage 1.pdf"
    source.write_bytes(b"%PDF-1.4 anlage")
    with demo_db.session() as session:
        hfa = sc.find_by_uid(session, demo_uid("event:hfa"))
        assert hfa is not None
        paper = ps.create_paper(
            session,
            ps.PaperData(
                subject="Beschluss",
                type_code="B",
                consultations=[ps.ConsultationData(hfa, "entscheidung")],
            ),
        )
        assert paper.id is not None
        ps.add_file_attachment(session, paper.id, source, title="Kostenplan")
        data = ps.oparl_export(session, paper.id)
        session.rollback()
    assert "mainFile" not in data["paper"]  # not released yet
    [aux] = data["paper"]["auxiliaryFile"]
    assert (aux["name"], aux["fileName"], aux["size"]) == ("Kostenplan", "Anlage 1.pdf", 15)
    assert data["paper"]["consultation"][0]["authoritative"] is True
    assert data["paper"]["consultation"][0]["role"] == "Entscheidung"
    assert json.loads(oparl.to_json_bytes(data)) == data
