"""Council-grade papers: versions with stamp, drafts marked on every page, changed-since-release,
what a session summary lists as held, attendance of the session, new paper fields, PDF/A-2b."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from contactdesk.core.db import Database
from contactdesk.core.demo import demo_uid
from contactdesk.core.errors import ValidationError
from contactdesk.core.models import Contact, Event
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import ConsultationData, PaperData

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(demo_db: Database) -> Database:
    """A fresh copy of the demo database for each test, on SQLite and on PostgreSQL."""
    return demo_db


def pages_of(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def _contact(session, key: str) -> int:  # type: ignore[no-untyped-def]
    cid = session.scalar(select(Contact.id).where(Contact.uid == demo_uid(key)))
    assert cid is not None
    return cid


def _hfa(session) -> int:  # type: ignore[no-untyped-def]
    hfa = sc.find_by_uid(session, demo_uid("event:hfa"))
    return session.scalar(select(Event.committee_id).where(Event.id == hfa))


def _event(session, title: str, kind: str, start: datetime, **kw) -> int:  # type: ignore[no-untyped-def]
    result = sc.create_event(
        session,
        sc.EventData(
            title=title, kind=kind, start=start, end=start.replace(hour=start.hour + 2), **kw
        ),
    )
    return result.event.id


def _paper(session, **kw) -> int:  # type: ignore[no-untyped-def]
    base = {
        "subject": "Förderung der Präsenzveranstaltungen im Netzwerk",
        "submitter": "Oberbürgermeister",
        "lead_office": "Persönlicher Referent",
        "paper_date": date(2026, 11, 20),
        "body": "## Anlass\n\nDas Netzwerk wächst.\n\n" + "Ein längerer Absatz. " * 400,
    }
    base.update(kw)
    return ps.create_paper(session, PaperData(**base)).id


# --------------------------------------------------------------------------- session summary


def test_summary_lists_only_what_happened_before_the_print_day_and_the_session(
    db: Database,
) -> None:
    with db.session() as session:
        committee = _hfa(session)
        meeting = _event(
            session,
            "Sitzung des HFA",
            "gremiensitzung",
            datetime(2027, 1, 14, 17, tzinfo=BERLIN),
            committee_id=committee,
            participants=[
                sc.ParticipantData(_contact(session, "person:ob"), attended=True),
                sc.ParticipantData(_contact(session, "person:urban"), response="absage"),
                sc.ParticipantData(_contact(session, "person:tgz"), attended=False),
                sc.ParticipantData(_contact(session, "person:jugendclub")),
            ],
        )
        _event(session, "Werkstatt Dezember", "workshop", datetime(2026, 12, 1, 16, tzinfo=BERLIN))
        _event(session, "Werkstatt Januar", "workshop", datetime(2027, 1, 5, 16, tzinfo=BERLIN))
        summary = ps.session_summary(session, meeting, as_of=date(2026, 12, 7))
        held = [e.title for e in summary.events_held]
        assert "Werkstatt Dezember" in held
        assert "Werkstatt Januar" not in held
        assert {(a.name.split()[-1], a.status) for a in summary.attendance} >= {
            ("Lehmann", "anwesend"),
            ("Urban", "entschuldigt"),
        }
        assert all(a.status for a in summary.attendance)
        result = ps.session_summary_pdf(session, meeting, as_of=date(2026, 12, 7))
        later = ps.session_summary(session, meeting, as_of=date(2027, 1, 10))
    text = " ".join(pages_of(result.data))
    assert "Werkstatt Dezember" in text and "Werkstatt Januar" not in text
    assert "Anwesenheit" in text and "entschuldigt" in text and "nicht erschienen" in text
    assert "Stand: 07.12.2026" in text
    assert "Werkstatt Januar" in [e.title for e in later.events_held]


def test_summary_keeps_the_papers_own_agenda_numbers(db: Database) -> None:
    with db.session() as session:
        stadtrat = sc.find_by_uid(session, demo_uid("event:stadtrat"))
        result = ps.session_summary_pdf(session, stadtrat, as_of=date(2021, 9, 1))
    text = " ".join(pages_of(result.data))
    assert "Eröffnung und Feststellung" in text
    # the agenda's items are not numbered a second time ("1.", "2.")
    assert "1. Eröffnung" not in text and "2. M006-2021" not in text


# --------------------------------------------------------------------------- versions


def test_every_release_prints_its_version_and_stamp_on_every_page(db: Database) -> None:
    with db.session() as session:
        pid = _paper(session)
        first = ps.release_paper(session, pid, on_date=date(2026, 11, 24))
        data = ps.get_paper(session, pid)
        data.body += "\n\nErgänzung nach der Vorberatung."
        ps.update_paper(session, pid, data)
        second = ps.release_paper(session, pid, on_date=date(2026, 12, 1))
        v1 = ps.paper_pdf(session, pid, version=1).data
        v2 = ps.paper_pdf(session, pid).data
    assert second.version.version == 2
    p1, p2 = pages_of(v1), pages_of(v2)
    assert len(p1) >= 2 and len(p2) >= 2
    assert "Fassung 1 vom 24.11.2026" in p1[0] and "Neufassung" not in " ".join(p1)
    assert "Fassung 2 vom 01.12.2026 (1. Neufassung)" in p2[0]
    stamp1 = f"freigegeben am 24.11.2026 · SHA-256 {first.version.content_sha256[:12]}"
    stamp2 = f"freigegeben am 01.12.2026 · SHA-256 {second.version.content_sha256[:12]}"
    assert all(stamp1 in page for page in p1)
    assert all(stamp2 in page for page in p2)
    assert first.version.content_sha256 != second.version.content_sha256
    assert "ENTWURF" not in " ".join(p1 + p2)


def test_changed_paper_says_so_and_draft_gives_current_text_marked_on_every_page(
    db: Database, tmp_path: Path
) -> None:
    with db.session() as session:
        pid = _paper(session)
        ps.release_paper(session, pid, on_date=date(2026, 11, 24))
        reference = ps.get_paper(session, pid).reference
        assert ps.paper_pdf(session, pid).warnings == []
        data = ps.get_paper(session, pid)
        data.subject = "Förderung der Präsenzveranstaltungen 2027"
        assert not ps.get_paper(session, pid).changed_since_release
        ps.update_paper(session, pid, data)
        assert ps.get_paper(session, pid).changed_since_release
    database = db.url
    cli = [sys.executable, "main.py", "--database", database, "papers", "pdf", reference]
    out = tmp_path / "v.pdf"
    run = subprocess.run(
        [*cli, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "seit der Freigabe" in run.stderr and "--draft" in run.stderr
    assert "Präsenzveranstaltungen 2027" not in " ".join(pages_of(out.read_bytes()))
    draft = tmp_path / "d.pdf"
    run = subprocess.run(
        [*cli, "--draft", "--out", str(draft)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    pages = pages_of(draft.read_bytes())
    assert len(pages) >= 2
    assert "Präsenzveranstaltungen 2027" in pages[0]
    assert all("ENTWURF" in page for page in pages)


def test_a_result_recorded_after_the_session_does_not_count_as_a_change(db: Database) -> None:
    with db.session() as session:
        meeting = _event(
            session,
            "HFA",
            "gremiensitzung",
            datetime(2026, 12, 10, 17, tzinfo=BERLIN),
            committee_id=_hfa(session),
        )
        pid = _paper(
            session,
            type_code="B",
            proposal="Der Ausschuss beschließt die Förderung.",
            consultations=[ConsultationData(meeting, role="entscheidung")],
        )
        ps.release_paper(session, pid, on_date=date(2026, 11, 24))
        data = ps.get_paper(session, pid)
        data.consultations[0].result = "Der Ausschuss beschließt die Förderung."
        data.consultations[0].votes_yes, data.consultations[0].votes_no = 9, 2
        data.consultations[0].votes_abstain = 1
        ps.update_paper(session, pid, data)
        assert ps.paper_pdf(session, pid).warnings == []
        assert not ps.get_paper(session, pid).changed_since_release
        preview = pages_of(ps.render_draft(session, pid).data)
    text = " ".join(preview)
    assert "Beschlussvorschlag" in text
    assert "Abstimmungsergebnis: ja 9 · nein 2 · Enthaltung 1" in text
    assert "ENTWURF" not in text


# --------------------------------------------------------------------------- new fields


def test_new_fields_are_stored_validated_and_printed(db: Database) -> None:
    with db.session() as session:
        meeting = _event(
            session,
            "HFA",
            "gremiensitzung",
            datetime(2026, 12, 10, 17, tzinfo=BERLIN),
            committee_id=_hfa(session),
        )
        pid = _paper(
            session,
            type_code="A",
            is_public=False,
            body="Wie viele Ehrenamtliche sind in der Stadt tätig?",
            answer="Nach der Erhebung 2026 rund 3.400.",
            clerk="Frau Beispiel",
            clerk_phone="03494 666-123",
            file_number="10.2/021-2026",
            signed_by="Armin Schenk",
            signer_function="Oberbürgermeister",
            finance_product="36.30.01/5431000",
            finance_year=2027,
            finance_amount=Decimal("12500.5"),
            consultations=[ConsultationData(meeting, public=False)],
        )
        data = ps.get_paper(session, pid)
        assert (data.clerk_phone, data.finance_amount) == ("03494 666-123", Decimal("12500.50"))
        assert data.consultations[0].public is False
        text = pages_of(ps.render_draft(session, pid).data)
        with pytest.raises(ValidationError) as err:
            ps.update_paper(session, pid, PaperData(**{**vars(data), "finance_year": 1066}))
        assert "Haushaltsjahr" in str(err.value.fields["finance_year"])
    joined = " ".join(text)
    for fact in (
        "Anfrage/Antwort",
        "Bearbeiter/in:",
        "Telefon 03494 666-123",
        "Aktenzeichen: 10.2/021-2026",
        "Antwort der Verwaltung",
        "Produkt/Sachkonto",
        "12.500,50 €",
        "gez. Armin Schenk, Oberbürgermeister",
        "Ö/N",
    ):
        assert fact in joined, fact
    assert all("NICHT ÖFFENTLICH – VERTRAULICH" in page for page in text)


# --------------------------------------------------------------------------- PDF/A-2b


def _render_released(db: Database) -> bytes:
    with db.session() as session:
        pid = ps.find_paper(session, "M006-2021")
        return ps.render_draft(session, pid).data


def test_released_paper_and_summary_are_pdfa_2b_and_reproducible(db: Database) -> None:
    with db.session() as session:
        pid = ps.find_paper(session, "M006-2021")
        stored = ps.paper_pdf(session, pid).data
        again = ps.render_draft(session, pid).data
        stadtrat = sc.find_by_uid(session, demo_uid("event:stadtrat"))
        summary = ps.session_summary_pdf(session, stadtrat, as_of=date(2021, 9, 1)).data
        summary2 = ps.session_summary_pdf(session, stadtrat, as_of=date(2021, 9, 1)).data
    assert summary == summary2
    # the demo stores its release rendered by this code: a fresh rendering is the same file
    assert again == stored
    for data in (stored, summary):
        assert b"/Encrypt" not in data
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "de-DE"
        intent = root["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFA1"
        profile = intent["/DestOutputProfile"].get_object()
        assert profile["/N"] == 3
        assert profile.get_data()[36:40] == b"acsp"
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
        assert "de-DE" in xmp
        for page in reader.pages:
            resources = page["/Resources"]
            for font in resources["/Font"].values():
                font = font.get_object()
                descendant = (
                    font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                )
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, font["/BaseFont"]
            for xobject in (resources.get("/XObject") or {}).values():
                assert "/SMask" not in xobject.get_object()
            for annot in page.get("/Annots") or []:
                assert int(annot.get_object()["/F"]) & 4
        assert b"/SMask" not in data and b"/CA " not in data and b"/ca " not in data


def test_two_processes_render_the_same_bytes(db: Database, tmp_path: Path) -> None:
    first = _render_released(db)
    code = (
        "import sys\n"
        "from contactdesk.core.db import open_database\n"
        "from contactdesk.core.services import papers as ps\n"
        "db = open_database(sys.argv[1])\n"
        "with db.session() as s:\n"
        "    sys.stdout.buffer.write(ps.render_draft(s, ps.find_paper(s, 'M006-2021')).data)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, db.url], cwd=ROOT, capture_output=True, check=True
    )
    assert hashlib.sha256(run.stdout).hexdigest() == hashlib.sha256(first).hexdigest()


def test_town_and_logo_come_from_the_settings_store(db: Database, tmp_path: Path) -> None:
    from PIL import Image as PILImage

    logo = tmp_path / "wappen.png"
    PILImage.new("RGB", (80, 80), (200, 30, 30)).save(logo)
    config = tmp_path / "config"
    env = {**os.environ, "CONTACTDESK_CONFIG_DIR": str(config)}
    database = db.url
    base = [sys.executable, "main.py", "--database", database]
    for key, value in (("town.name", "Gemeinde Musterhausen"), ("town.logo", str(logo))):
        subprocess.run([*base, "config", "set", key, value], cwd=ROOT, env=env, check=True)
    out = tmp_path / "m.pdf"
    run = subprocess.run(
        [*base, "papers", "pdf", "M006-2021", "--draft", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    reader = PdfReader(out)
    assert "Gemeinde Musterhausen" in reader.pages[0].extract_text()
    assert reader.pages[0]["/Resources"].get("/XObject")


def test_demo_paper_prints_every_fact_of_the_source_in_order(db: Database) -> None:
    with db.session() as session:
        data = ps.paper_pdf(session, ps.find_paper(session, "M006-2021")).data
    text = " ".join(pages_of(data)).replace("- ", "")  # hyphenation at line ends
    facts = [
        "Anfang 2021",
        "Interesse",
        "Seit 2015",
        "engagierte Kommunen",
        "gute Bedingungen für bürgerschaftliches Engagement und für Beteiligung",
        "Bertelsmann Stiftung",
        "Bundesfamilienministerium",
        "Deutsche Städtetag",
        "Zugang zu den Ressourcen und Kontakten",
        "weiteren Förderprogrammen von Wirtschaft und Gesellschaft",
        "frühzeitige Informationen",
        "Mitgliedsbeitrag wird nicht erhoben",
        "Alle Mitglieder des Stadtrates haben das Logo",
        "Online-Abstimmung",
        "Vertrauen in die politischen Gremien",
        "Gestaltung der LAGA vor Ort",
        "Strukturwandel",
        "„Digitale Bürgerdialoge“ mit Anleitung und Unterstützung",
        "Erfahrungsschatz des Netzwerks",
        "Bertelsmann Stiftung begleitet es als Beraterin",
        "100 Kommunen",
        "Gemeindeverbände",
        "10.000 bis 100.000",
        "übertragen",
        "Patenstadt",
        "Jugendclub'83 (Verbindung zur Zivilgesellschaft)",
        "TGZ Bitterfeld-Wolfen mbH (Verbindung zur Wirtschaft)",
        "Warum die Stadt Weißwasser?",
        "engagiertestadt.de/weisswasser/",
        "Warum der Gemeindeverwaltungsverband Vorderes Kandertal?",
        "seit den 1970er-Jahren Erfahrung mit dem Zusammenschluss",
        "vorderes-kandertal/",
        "Im Mai 2021",
        "ohne weitere Bewerbung",
        "erfreuliche Überraschung",
        "Stadt, Wirtschaft und Bürgergesellschaft",
        "in den kommenden Sitzungen gemeinsam beraten",
        "Im August 2021",
        "Netzwerkvereinbarung unterzeichnet",
        "vollen Zugang",
        "Workshops",
        "Anfang Oktober 2021 eine Präsenzveranstaltung",
        "Herr Urban",
        "Finanzielle Auswirkungen keine",
        "Oberbürgermeister Vorlage M006-2021",
        "Anlagen keine",
    ]
    position = 0
    for fact in facts:
        found = text.find(fact, position)
        assert found >= 0, (fact, text[position : position + 300])
        position = found + len(fact)
    # the two "Warum …?" reasons are two separate lists (4 and 5 points)
    with db.session() as session:
        body = ps.get_paper(session, ps.find_paper(session, "M006-2021")).body
    weiss = body.split("## Warum die Stadt Weißwasser?")[1].split("##")[0]
    kander = body.split("## Warum der Gemeindeverwaltungsverband Vorderes Kandertal?")[1]
    kander = kander.split("##")[0]
    assert weiss.count("\n- ") == 4 and kander.count("\n- ") == 5
    reader = PdfReader(io.BytesIO(data))
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Sachverhalt" in outline and "Anlagen" in outline


def test_oparl_command_line_warns_about_non_public_papers(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        meeting = _event(
            session,
            "HFA",
            "gremiensitzung",
            datetime(2026, 12, 10, 17, tzinfo=BERLIN),
            committee_id=_hfa(session),
        )
        pid = _paper(
            session, is_public=False, consultations=[ConsultationData(meeting, agenda_item="12")]
        )
        reference = ps.get_paper(session, pid).reference
    base = [sys.executable, "main.py", "--database", db.url]
    url = ["--base-url", "https://ris.example.de/oparl/v1.1"]
    out = tmp_path / "o.json"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*base, *args, "--out", str(out), *url], cwd=ROOT, capture_output=True, text=True
        )

    refused = run("papers", "oparl", reference)
    assert refused.returncode != 0 and "--include-non-public" in refused.stderr
    allowed = run("papers", "oparl", reference, "--include-non-public")
    assert allowed.returncode == 0, allowed.stderr
    assert "nichtöffentlich" in allowed.stderr
    session_run = run("sessions", "oparl", str(meeting))
    assert session_run.returncode == 0, session_run.stderr
    assert f"nicht exportiert: {reference}" in session_run.stderr
    assert '"paper": []' in out.read_text(encoding="utf-8")
    with_it = run("sessions", "oparl", str(meeting), "--include-non-public")
    assert with_it.returncode == 0 and f"exportiert: {reference}" in with_it.stderr
    assert reference in out.read_text(encoding="utf-8")
