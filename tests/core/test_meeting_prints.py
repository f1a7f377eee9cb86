"""Ergebnisprotokoll, Teilnehmerliste and Einladung from the demo data: read back with pypdf,
through the services and through the command line (German errors, non-zero exit)."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from contactdesk.core.db import Database
from contactdesk.core.demo import demo_uid
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.models import Event
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import ConsultationData, PaperData

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def db(demo_db: Database) -> Database:
    """A fresh copy of the demo database for each test, on SQLite and on PostgreSQL."""
    return demo_db


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def event(session, key: str) -> int:  # type: ignore[no-untyped-def]
    found = sc.find_by_uid(session, demo_uid(key))
    assert found is not None
    return found


def test_minutes_of_the_workshop_show_attendance_results_and_tasks(db: Database) -> None:
    with db.session() as session:
        workshop = event(session, "event:workshop1")
        m = ps.minutes(session, workshop, as_of=date(2021, 9, 23))
        data = ps.minutes_pdf(session, workshop, as_of=date(2021, 9, 23)).data
        again = ps.minutes_pdf(session, workshop, as_of=date(2021, 9, 23)).data
    assert data == again
    assert {p.name for p in m.attended} == {"Stefan Groß", "Lena Müller", "Katrin Weiß"}
    assert [p.name for p in m.absent] == ["Ayşe Öztürk"]
    assert [t.owner for t in m.tasks] == [
        "Herr Urban",
        "Herr Urban",
        "TGZ Bitterfeld-Wolfen mbH",
    ]
    text = text_of(data)
    for fact in (
        "Ergebnisprotokoll",
        "Auftaktworkshop",
        "22.09.2021",
        "16:00 – 19:00 Uhr",
        "Seminarraum 1",
        "Teilnehmende",
        "Jugendclub'83",
        "Nicht erschienen Ayşe Öztürk (Stadt Weißwasser)",
        "Gute Beteiligung",
        "Zwölf Vereine",
        "Einladungen zur Präsenzveranstaltung versenden",
        "24.09.2021",
        "Stand: 23.09.2021",
    ):
        assert fact in text, fact


def test_minutes_list_the_excused_apart(db: Database) -> None:
    with db.session() as session:
        second = event(session, "event:workshop2")
        m = ps.minutes(session, second, as_of=date(2021, 10, 1))
        data = ps.minutes_pdf(session, second, as_of=date(2021, 10, 1)).data
    assert [p.name for p in m.excused] and not m.absent
    assert "Entschuldigt" in text_of(data)
    assert "Es wurden keine Aufgaben vereinbart." in text_of(data)


def test_tasks_are_validated_in_german(db: Database) -> None:
    with db.session() as session:
        workshop = event(session, "event:workshop1")
        with pytest.raises(ValidationError, match="Zeile 2: Bitte beschreiben"):
            ps.set_event_tasks(session, workshop, [ps.TaskData("a"), ps.TaskData("  ")])
        with pytest.raises(NotFoundError, match="Termin"):
            ps.set_event_tasks(session, 99999, [])
        stored = ps.set_event_tasks(
            session, workshop, [ps.TaskData("  Flyer  drucken ", "Herr Urban", date(2021, 10, 1))]
        )
        assert stored[0].text == "Flyer drucken"
        assert [t.text for t in ps.event_tasks(session, workshop)] == ["Flyer drucken"]


def test_attendance_list_has_a_row_to_sign_for_everyone_and_blank_rows(db: Database) -> None:
    with db.session() as session:
        praesenz = event(session, "event:praesenz")
        sheet = ps.attendance_sheet(session, praesenz)
        data = ps.attendance_sheet_pdf(session, praesenz).data
        excused = [
            p.name
            for p in ps.people_of_event(session, praesenz, on=date(2021, 10, 7))
            if p.attendance == "entschuldigt"
        ]
    names = [p.name for p in sheet.people]
    assert "Lena Müller" in names and "Ayşe Öztürk" in names
    assert excused and not set(excused) & set(names)  # who declined is not on the list
    text = text_of(data)
    for fact in ("Teilnehmerliste", "Nr. Name Organisation Unterschrift Fotos", "Lena Müller"):
        assert fact in text, fact
    assert "Einwilligung kann jederzeit widerrufen werden" in text
    # one tick box per row: the people plus the empty rows
    assert text.count("\u2610") == len(sheet.people) + sheet.blank_rows


def test_invitation_splits_public_and_non_public_part(db: Database) -> None:
    with db.session() as session:
        hfa = event(session, "event:hfa")
        committee = session.scalar(select(Event.committee_id).where(Event.id == hfa))
        meeting = sc.create_event(
            session,
            sc.EventData(
                title="Sitzung des HFA",
                kind="gremiensitzung",
                committee_id=committee,
                start=datetime(2027, 1, 14, 17, tzinfo=BERLIN),
                end=datetime(2027, 1, 14, 19, tzinfo=BERLIN),
                agenda=["TOP 1 Eröffnung", "TOP 9 Verschiedenes"],
            ),
        ).event.id
        base = {"submitter": "OB", "lead_office": "Referent", "paper_date": date(2026, 12, 1)}
        ps.create_paper(
            session,
            PaperData(
                subject="Grundstücksangelegenheit Hauptstraße",
                is_public=False,
                consultations=[ConsultationData(meeting, agenda_item="12")],
                **base,
            ),
        )
        ps.create_paper(
            session,
            PaperData(
                subject="Bericht aus dem Netzwerk",
                consultations=[ConsultationData(meeting, agenda_item="5.1")],
                **base,
            ),
        )
        ps.create_paper(
            session,
            PaperData(
                subject="Personalangelegenheit",
                consultations=[ConsultationData(meeting, agenda_item="13", public=False)],
                **base,
            ),
        )
        inv = ps.invitation(session, meeting, on=date(2026, 12, 30))
        data = ps.invitation_pdf(session, meeting, on=date(2026, 12, 30)).data
        with pytest.raises(ValidationError, match="keine Gremiensitzung"):
            ps.invitation(session, event(session, "event:workshop1"))
    assert [i.text for i in inv.public_items] == [
        "TOP 1 Eröffnung",
        "TOP 9 Verschiedenes",
        "Bericht aus dem Netzwerk",
    ]
    assert [(i.number, i.text) for i in inv.closed_items] == [
        ("TOP 12", "Grundstücksangelegenheit Hauptstraße"),
        ("TOP 13", "Personalangelegenheit"),
    ]
    text = text_of(data)
    public, _sep, closed = text.partition("Nichtöffentlicher Teil")
    assert "Öffentlicher Teil" in public and "TOP 5.1" in public
    assert "Grundstücksangelegenheit" in closed and "Grundstücksangelegenheit" not in public
    assert "Einladung vom 30.12.2026" in text


def test_command_line_writes_the_three_papers_and_fails_in_german(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        workshop = event(session, "event:workshop1")
        stadtrat = event(session, "event:stadtrat")
    base = [sys.executable, "main.py", "--database", db.url]
    for args, word in (
        (["events", "summary", str(workshop), "--as-of", "23.09.2021"], "Ergebnisprotokoll"),
        (["events", "attendance-list", str(workshop)], "Teilnehmerliste"),
        (["sessions", "invitation", str(stadtrat), "--on", "25.08.2021"], "Einladung"),
    ):
        out = tmp_path / f"{word}.pdf"
        run = subprocess.run(
            [*base, *args, "--out", str(out)], cwd=ROOT, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        assert f"{word} gespeichert" in run.stdout
        assert word in text_of(out.read_bytes())
    for args, message in (
        (["events", "summary", "99999"], "Den Termin mit der ID 99999 gibt es nicht"),
        (["events", "attendance-list", "99999"], "gibt es nicht"),
        (["sessions", "invitation", str(workshop)], "keine Gremiensitzung"),
        (["sessions", "invitation", str(stadtrat), "--on", "31.02.2021"], "kein Datum"),
    ):
        run = subprocess.run(
            [*base, *args, "--out", str(tmp_path / "x.pdf")],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert run.returncode != 0
        assert message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.pdf").exists()
