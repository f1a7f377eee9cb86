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
BASE = "https://ris.example.de/oparl/v1.1"


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
        ps.export_oparl(session, ps.find_paper(session, "M006-2021"), target, base_url=BASE)
    return json.loads(target.read_text(encoding="utf-8"))


def test_paper_object(exported: dict) -> None:  # type: ignore[type-arg]
    paper = exported["paper"]
    assert paper["type"] == SCHEMA + "Paper"
    assert paper["id"] == f"{BASE}/paper/{demo_uid('paper:m006-2021')}"
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
        first = ps.oparl_export(session, paper_id, base_url=BASE)
        second = ps.oparl_export(session, paper_id, base_url=BASE)
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
        data = ps.oparl_export(session, paper.id, base_url=BASE)
        session.rollback()
    assert "mainFile" not in data["paper"]  # not released yet
    [aux] = data["paper"]["auxiliaryFile"]
    assert (aux["name"], aux["fileName"], aux["size"]) == ("Kostenplan", "Anlage 1.pdf", 15)
    assert data["paper"]["consultation"][0]["authoritative"] is True
    assert data["paper"]["consultation"][0]["role"] == "Entscheidung"
    assert json.loads(oparl.to_json_bytes(data)) == data


# --------------------------------------------------------------------------- schema rules


def _all_problems(data: dict) -> list[str]:  # type: ignore[type-arg]
    from tests.core.formats.oparl_rules import validate

    problems = validate(data["body"], "Body")
    papers = data["paper"] if isinstance(data["paper"], list) else [data["paper"]]
    meetings = data["meeting"] if isinstance(data["meeting"], list) else [data["meeting"]]
    problems += [p for paper in papers for p in validate(paper, "Paper")]
    problems += [p for m in meetings for p in validate(m, "Meeting")]
    problems += [p for o in data["organization"] for p in validate(o, "Organization")]
    problems += [p for o in data["person"] for p in validate(o, "Person")]
    return problems


def test_rules_catch_what_the_old_export_got_wrong() -> None:
    from tests.core.formats.oparl_rules import validate

    assert validate({"id": "urn:uuid:1", "type": SCHEMA + "Paper"}, "Paper")
    file = {"id": BASE + "/file/1", "type": SCHEMA + "File", "accessUrl": BASE + "/f"}
    assert not validate(file, "File")
    assert validate({**file, "date": "2021-08-18T10:00:00+00:00"}, "File")
    assert validate({"id": BASE + "/body/1", "type": SCHEMA + "Body", "name": "x"}, "Body")
    meeting = {"id": BASE + "/m/1", "type": SCHEMA + "Meeting"}
    assert validate({**meeting, "location": {"type": SCHEMA + "Location"}}, "Meeting")


def test_paper_export_follows_the_oparl_rules(exported: dict) -> None:  # type: ignore[type-arg]
    assert _all_problems(exported) == []
    ids = [exported["paper"]["id"], *(m["id"] for m in exported["meeting"])]
    assert all(i.startswith(BASE + "/") for i in ids)
    assert exported["paper"]["mainFile"]["date"] == "2021-08-18"
    every_id = json.dumps(exported).count('"id": "')
    assert every_id > 5 and "urn:uuid" not in json.dumps(exported)


def test_non_public_paper_needs_include_non_public(demo_db: Database) -> None:
    from contactdesk.core.errors import ValidationError

    with demo_db.session() as session:
        paper = ps.create_paper(
            session, ps.PaperData(subject="Grundstück", type_code="B", is_public=False)
        )
        assert paper.id is not None
        with pytest.raises(ValidationError, match="nichtöffentlich"):
            ps.oparl_export(session, paper.id, base_url=BASE)
        data = ps.oparl_export(session, paper.id, base_url=BASE, include_non_public=True)
        session.rollback()
    assert data["paper"]["keyword"] == ["nichtöffentlich"]
    assert _all_problems(data) == []


def test_missing_base_url_is_explained_in_german(demo_db: Database) -> None:
    from contactdesk.core.errors import ValidationError

    with demo_db.session() as session:
        paper_id = ps.find_paper(session, "M006-2021")
        with pytest.raises(ValidationError, match=r"oparl\.base_url"):
            ps.oparl_export(session, paper_id)
        with pytest.raises(ValidationError, match="keine Basisadresse"):
            ps.oparl_export(session, paper_id, base_url="ris.example.de")


def test_base_url_from_the_settings_store(demo_db: Database) -> None:
    from contactdesk.core.settings import load_settings

    store = load_settings()
    store.set("oparl.base_url", "https://ratsinfo.example.de/oparl/v1.1/")
    store.save()
    try:
        with demo_db.session() as session:
            data = ps.oparl_export(session, ps.find_paper(session, "M006-2021"))
    finally:
        store.set("oparl.base_url", "")
        store.save()
    assert data["paper"]["id"].startswith("https://ratsinfo.example.de/oparl/v1.1/paper/")


def test_session_export_has_meeting_agenda_items_and_papers(demo_db: Database) -> None:
    from contactdesk.core.services import schedule as sc

    with demo_db.session() as session:
        stadtrat = sc.find_by_uid(session, demo_uid("event:stadtrat"))
        assert stadtrat is not None
        result = ps.oparl_meeting_export(session, stadtrat, base_url=BASE)
        workshop = sc.find_by_uid(session, demo_uid("event:workshop1"))
        assert workshop is not None
        from contactdesk.core.errors import ValidationError

        with pytest.raises(ValidationError, match="keine Gremiensitzung"):
            ps.oparl_meeting_export(session, workshop, base_url=BASE)
    data = result.data
    assert _all_problems(data) == []
    meeting = data["meeting"]
    items = meeting["agendaItem"]
    assert [i["order"] for i in items] == [1, 2]
    assert items[1]["number"] == "2" and "M006-2021" in items[1]["name"]
    consultation_ids = {c["id"] for c in data["paper"][0]["consultation"]}
    assert items[1]["consultation"] in consultation_ids
    assert meeting["location"]["id"].startswith(BASE + "/location/")
    assert [p["reference"] for p in data["paper"]] == ["M006-2021"]
    assert result.left_out == []
