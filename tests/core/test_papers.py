"""Committee papers: numbering, Beratungsfolge, workflow, released versions, deadlines, help."""

from __future__ import annotations

import hashlib
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.demo import demo_uid, load_demo
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.models import Event, Paper, PaperNumberCounter, PaperVersion
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import ConsultationData, DeadlineRule, PaperData


@pytest.fixture
def db(demo_db: Database) -> Database:
    """A fresh copy of the demo database for each test, on SQLite and on PostgreSQL."""
    return demo_db


def _event(session: Session, key: str) -> int:
    event_id = sc.find_by_uid(session, demo_uid(key))
    assert event_id is not None
    return event_id


def _committee_session(session: Session, committee_key: str, day: datetime) -> int:
    committee_id = session.scalar(
        select(Event.committee_id).where(Event.id == _event(session, "event:hfa"))
    )
    if committee_key == "stadtrat":
        committee_id = session.scalar(
            select(Event.committee_id).where(Event.id == _event(session, "event:stadtrat"))
        )
    result = sc.create_event(
        session,
        sc.EventData(
            title="Sitzung",
            kind="gremiensitzung",
            committee_id=committee_id,
            start=day,
            end=day.replace(hour=day.hour + 2),
        ),
    )
    assert result.event.id is not None
    return result.event.id


def _paper(**kw: object) -> PaperData:
    base = {
        "subject": "Testvorlage",
        "submitter": "Oberbürgermeister",
        "lead_office": "Persönlicher Referent",
        "paper_date": date(2022, 3, 1),
    }
    base.update(kw)
    return PaperData(**base)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- demo


def test_demo_paper_is_m006_2021_as_in_the_source(db: Database) -> None:
    with db.session() as session:
        paper = ps.get_paper(session, ps.find_paper(session, "M006-2021"))
    assert paper.reference == "M006-2021"
    assert paper.type_name == "Mitteilungsvorlage"
    assert paper.is_public
    assert paper.submitter == "Oberbürgermeister"
    assert paper.lead_office == "Persönlicher Referent"
    assert paper.subject == "Stadt Bitterfeld-Wolfen wird Partnerin im Netzwerk „Engagierte Stadt“"
    assert [(c.committee_name, c.start.date(), c.role_label) for c in paper.consultations] == [
        ("Haupt- und Finanzausschuss", date(2021, 9, 2), "Kenntnisnahme"),
        ("Stadtrat Bitterfeld-Wolfen", date(2021, 9, 8), "Kenntnisnahme"),
    ]
    assert paper.financial_effects == "keine"
    assert paper.attachments == []
    assert paper.status == "zur_kenntnis_genommen"
    assert [v.version for v in paper.versions] == [1]
    for fact in ("Bertelsmann Stiftung", "Weißwasser", "Jugendclub'83", "Herr Urban", "LAGA"):
        assert fact in paper.body
    assert "- Zugang zu den Ressourcen" in paper.body


def test_demo_twice_adds_no_second_paper(db: Database) -> None:
    with db.session() as session:
        report = load_demo(session)
        assert report.created == []
        assert session.scalar(select(Paper.id).where(Paper.uid == demo_uid("paper:m006-2021")))
        assert len(ps.list_papers(session)) == 1


# --------------------------------------------------------------------------- numbering


def test_numbers_count_per_type_and_year(db: Database) -> None:
    with db.session() as session:
        a = ps.create_paper(session, _paper())
        b = ps.create_paper(session, _paper())
        c = ps.create_paper(session, _paper(type_code="B"))
        d = ps.create_paper(session, _paper(paper_date=date(2023, 1, 5)))
        e = ps.create_paper(session, _paper(paper_date=date(2021, 10, 1)))
    assert [a.reference, b.reference, c.reference, d.reference] == [
        "M001-2022",
        "M002-2022",
        "B001-2022",
        "M001-2023",
    ]
    assert e.reference == "M007-2021"  # after the demo's M006-2021


@pytest.mark.parametrize(
    ("number_format", "expected"),
    [
        ("{code}/{number:03d}/{year}", "M/001/2022"),
        ("{code} {number}/{year}", "M 1/2022"),
        ("{year}/{code}{number:04d}", "2022/M0001"),
    ],
)
def test_the_towns_number_format(db: Database, number_format: str, expected: str) -> None:
    with db.session() as session:
        assert ps.next_reference(session, "M", 2022, number_format) == expected
        made = ps.create_paper(session, _paper(), number_format=number_format)
        assert made.reference == expected
        assert ps.find_paper(session, expected) == made.id  # found by the stored number
        with pytest.raises(ValidationError, match="Nummernformat"):
            ps.create_paper(session, _paper(), number_format="{kuerzel}-{jahr}")


def test_numbers_are_never_reused_after_deletion(db: Database) -> None:
    with db.session() as session:
        first = ps.create_paper(session, _paper())
        second = ps.create_paper(session, _paper())
        assert second.id is not None and first.id is not None
        ps.delete_paper(session, second.id)
        # even a paper erased from the table cannot hand its number back
        session.delete(session.get(Paper, second.id))
        session.flush()
        third = ps.create_paper(session, _paper())
        assert third.reference == "M003-2022"
        assert [r.reference for r in ps.list_papers(session, ps.PaperFilter(year=2022))] == [
            "M003-2022",
            "M001-2022",
        ]
        counter = session.get(PaperNumberCounter, ("M", 2022))
        assert counter is not None and counter.last_number == 3


def test_explicit_number_must_be_above_every_number_handed_out(db: Database) -> None:
    with db.session() as session:
        with pytest.raises(ConflictError, match="nie ein zweites Mal"):
            ps.create_paper(session, _paper(paper_date=date(2021, 6, 1)), number=6)
        created = ps.create_paper(session, _paper(paper_date=date(2021, 6, 1)), number=12)
        assert created.reference == "M012-2021"
        assert ps.next_reference(session, "M", 2021) == "M013-2021"


def test_reference_parsing_and_paper_types(db: Database) -> None:
    assert ps.parse_reference("m6/2021") == ("M", 6, 2021)
    with pytest.raises(ValidationError, match="keine Vorlagennummer"):
        ps.parse_reference("Vorlage sechs")
    with db.session() as session:
        assert ps.list_paper_types(session) == [
            ("M", "Mitteilungsvorlage"),
            ("B", "Beschlussvorlage"),
            ("I", "Informationsvorlage"),
            ("A", "Anfrage/Antwort"),
        ]
        ps.add_paper_type(session, "AN", "Antrag")
        with pytest.raises(ConflictError):
            ps.add_paper_type(session, "an", "Antrag")
        assert ps.create_paper(session, _paper(type_code="AN")).reference == "AN001-2022"
        assert ps.create_paper(session, _paper(type_code="A")).reference == "A001-2022"
        with pytest.raises(ValidationError, match="Unbekannte Vorlagenart"):
            ps.create_paper(session, _paper(type_code="Z"))
        with pytest.raises(NotFoundError, match="M099-2021"):
            ps.find_paper(session, "M099-2021")


def test_paper_without_subject_is_refused_in_german(db: Database) -> None:
    with db.session() as session, pytest.raises(ValidationError) as info:
        ps.create_paper(session, _paper(subject="   "))
    assert "Gegenstand" in info.value.fields["subject"]


# --------------------------------------------------------------------------- Beratungsfolge


def test_beratungsfolge_going_backwards_is_refused(db: Database) -> None:
    with db.session() as session:
        hfa, stadtrat = _event(session, "event:hfa"), _event(session, "event:stadtrat")
        with pytest.raises(ValidationError) as info:
            ps.create_paper(
                session,
                _paper(consultations=[ConsultationData(stadtrat), ConsultationData(hfa)]),
            )
        message = info.value.fields["consultations.1"]
        assert "geht zeitlich zurück" in message
        assert "02.09.2021" in message and "08.09.2021" in message
        ok = ps.create_paper(
            session, _paper(consultations=[ConsultationData(hfa), ConsultationData(stadtrat)])
        )
        assert [c.event_id for c in ok.consultations] == [hfa, stadtrat]
        assert ok.id is not None
        with pytest.raises(ValidationError, match="zeitlich zurück"):
            ps.set_consultations(
                session, ok.id, [ConsultationData(stadtrat), ConsultationData(hfa)]
            )


def test_paper_only_goes_on_an_existing_committee_session(db: Database) -> None:
    with db.session() as session:
        workshop = _event(session, "event:workshop1")
        hfa = _event(session, "event:hfa")
        for consultations in (
            [ConsultationData(workshop)],
            [ConsultationData(999_999)],
        ):
            with pytest.raises(ValidationError, match="Sitzung eines Gremiums"):
                ps.create_paper(session, _paper(consultations=consultations))
        with pytest.raises(ValidationError, match="zweimal"):
            ps.create_paper(
                session, _paper(consultations=[ConsultationData(hfa), ConsultationData(hfa)])
            )
        with pytest.raises(ValidationError, match="Zuständigkeit"):
            ps.create_paper(session, _paper(consultations=[ConsultationData(hfa, "abstimmen")]))


def test_consultations_keep_their_uid_when_the_paper_is_saved_again(db: Database) -> None:
    with db.session() as session:
        hfa, stadtrat = _event(session, "event:hfa"), _event(session, "event:stadtrat")
        paper = ps.create_paper(session, _paper(consultations=[ConsultationData(hfa)]))
        assert paper.id is not None
        uid = paper.consultations[0].uid
        paper.consultations.append(ConsultationData(stadtrat, "entscheidung"))
        saved = ps.update_paper(session, paper.id, paper)
        assert saved.consultations[0].uid == uid
        assert saved.consultations[1].authoritative


# --------------------------------------------------------------------------- workflow


def test_release_stores_versions_and_never_overwrites_them(db: Database) -> None:
    with db.session() as session:
        hfa = _event(session, "event:hfa")
        paper = ps.create_paper(
            session, _paper(paper_date=date(2021, 8, 1), consultations=[ConsultationData(hfa)])
        )
        assert paper.id is not None
        draft = ps.paper_pdf(session, paper.id)
        first = ps.release_paper(session, paper.id, on_date=date(2021, 8, 2))
        assert first.paper.status == "freigegeben"
        assert first.version.version == 1
        released = ps.paper_pdf(session, paper.id).data
        assert hashlib.sha256(released).hexdigest() == first.version.sha256
        assert released != draft.data  # the draft carries the ENTWURF mark

        # a change after release does not touch the stored bytes
        paper = ps.get_paper(session, paper.id)
        paper.body = "Geänderter Sachverhalt."
        changed = ps.update_paper(session, paper.id, paper)
        assert changed.changed_since_release
        assert ps.paper_pdf(session, paper.id).data == released

        second = ps.release_paper(session, paper.id, on_date=date(2021, 8, 3), note="korrigiert")
        assert [v.version for v in second.paper.versions] == [1, 2]
        assert ps.paper_pdf(session, paper.id, version=1).data == released
        assert ps.paper_pdf(session, paper.id).data != released
        assert not second.paper.changed_since_release
        stored = session.scalars(
            select(PaperVersion).where(PaperVersion.paper_id == paper.id)
        ).all()
        assert [hashlib.sha256(v.pdf).hexdigest() for v in stored] == [
            v.sha256 for v in second.paper.versions
        ]
        with pytest.raises(NotFoundError):
            ps.paper_pdf(session, paper.id, version=7)


def test_status_workflow(db: Database) -> None:
    with db.session() as session:
        paper = ps.create_paper(session, _paper())
        assert paper.id is not None
        with pytest.raises(ConflictError, match="Freigeben"):
            ps.change_status(session, paper.id, "freigegeben")
        with pytest.raises(ConflictError, match="nicht auf"):
            ps.change_status(session, paper.id, "beschlossen")
        ps.release_paper(session, paper.id, on_date=date(2022, 3, 2))
        ps.change_status(session, paper.id, "in_beratung", on_date=date(2022, 3, 10))
        done = ps.change_status(session, paper.id, "beschlossen", on_date=date(2022, 3, 20))
        assert [h.to_status for h in done.history] == [
            "entwurf",
            "freigegeben",
            "in_beratung",
            "beschlossen",
        ]
        assert done.status_label == "beschlossen"
        with pytest.raises(ConflictError, match="nicht mehr"):
            ps.update_paper(session, paper.id, done)
        with pytest.raises(ConflictError):
            ps.release_paper(session, paper.id)


def test_status_steps_can_be_reverted(db: Database) -> None:
    with db.session() as session:
        paper = ps.create_paper(session, _paper())
        assert paper.id is not None
        ps.release_paper(session, paper.id, on_date=date(2022, 3, 2))
        ps.change_status(session, paper.id, "in_beratung", on_date=date(2022, 3, 10))
        ps.change_status(session, paper.id, "beschlossen", on_date=date(2022, 3, 20))
        with pytest.raises(ConflictError, match="inzwischen"):
            ps.revert_status_change(session, paper.id, expected="in_beratung")
        back = ps.revert_status_change(session, paper.id, expected="beschlossen")
        assert back.status == "in_beratung"
        assert [h.to_status for h in back.history] == ["entwurf", "freigegeben", "in_beratung"]
        back = ps.revert_status_change(session, paper.id, expected="in_beratung")
        assert back.status == "freigegeben"
        with pytest.raises(ConflictError, match="Freigabe"):
            ps.revert_status_change(session, paper.id, expected="freigegeben")
        # Back to draft and undone: released again, with the same single version.
        ps.change_status(session, paper.id, "entwurf", on_date=date(2022, 3, 4))
        again = ps.revert_status_change(session, paper.id, expected="entwurf")
        assert again.status == "freigegeben"
        assert [v.version for v in again.versions] == [1]
        # Redo is the step itself.
        redone = ps.change_status(session, paper.id, "zurueckgezogen", on_date=date(2022, 3, 5))
        assert redone.status == "zurueckgezogen"
        assert ps.revert_status_change(session, paper.id, expected="zurueckgezogen").status == (
            "freigegeben"
        )


def test_release_needs_submitter_and_lead_office(db: Database) -> None:
    with db.session() as session:
        paper = ps.create_paper(session, _paper(submitter="", lead_office=""))
        assert paper.id is not None
        with pytest.raises(ValidationError) as info:
            ps.release_paper(session, paper.id)
    assert set(info.value.fields) == {"submitter", "lead_office"}


def test_financial_effects_are_prefilled_from_linked_agreements(db: Database) -> None:
    with db.session() as session:
        netzwerk = session.scalar(select(Paper.id).where(Paper.uid == demo_uid("paper:m006-2021")))
        assert netzwerk is not None
        agreement_ids = ps.get_paper(session, netzwerk).agreement_ids
        free = ps.create_paper(session, _paper(agreement_ids=agreement_ids))
        assert free.financial_effects == "keine"
        from contactdesk.core.models import Agreement

        jugendclub = session.scalar(
            select(Agreement.id).where(Agreement.uid == demo_uid("agreement:jugendclub"))
        )
        assert jugendclub is not None
        costly = ps.create_paper(session, _paper(agreement_ids=[*agreement_ids, jugendclub]))
        assert costly.financial_effects == (
            "- Kooperationsvereinbarung Jugendclub'83: jährlich 1.500,00 €"
        )
        typed = ps.create_paper(session, _paper(financial_effects="5.000 € aus dem Budget"))
        assert typed.financial_effects == "5.000 € aus dem Budget"


def test_attachments_from_register_and_from_files(db: Database, tmp_path: Path) -> None:
    from contactdesk.core.models import Agreement
    from contactdesk.core.services import agreements as ag

    source = tmp_path / "Vereinbarung.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    with db.session() as session:
        agreement_id = session.scalar(
            select(Agreement.id).where(Agreement.uid == demo_uid("agreement:netzwerk"))
        )
        assert agreement_id is not None
        doc = ag.add_document(session, agreement_id, source)
        paper = ps.create_paper(session, _paper())
        assert paper.id is not None
        a1 = ps.add_document_attachment(session, paper.id, doc.id, title="Netzwerkvereinbarung")
        other = tmp_path / "Übersicht Partner.txt"
        other.write_text("Partnerliste", encoding="utf-8")
        a2 = ps.add_file_attachment(session, paper.id, other)
        with pytest.raises(ConflictError):
            ps.add_document_attachment(session, paper.id, doc.id)
        with pytest.raises(ValidationError, match="gibt es nicht"):
            ps.add_file_attachment(session, paper.id, tmp_path / "fehlt.pdf")
        assert ps.attachment_content(session, a1.id) == b"%PDF-1.4 test"
        assert ps.attachment_content(session, a2.id) == b"Partnerliste"
        titles = [a.title for a in ps.get_paper(session, paper.id).attachments]
        assert titles == ["Netzwerkvereinbarung", "Übersicht Partner"]
        ps.remove_attachment(session, a1.id)
        assert [a.title for a in ps.get_paper(session, paper.id).attachments] == [
            "Übersicht Partner"
        ]


# --------------------------------------------------------------------------- deadlines


def test_submission_deadline_moves_back_to_a_working_day() -> None:
    # 14 days before Thursday 02.09.2021 is Thursday 19.08.2021
    assert ps.submission_deadline(date(2021, 9, 2)) == date(2021, 8, 19)
    # 14 days before Monday 20.09.2021 is a Monday; 10 days before is a Friday
    assert ps.submission_deadline(date(2021, 9, 19)) == date(2021, 9, 3)  # Sunday -> Friday
    assert ps.submission_deadline(date(2021, 9, 18)) == date(2021, 9, 3)  # Saturday -> Friday
    # with public holidays: 3 October 2022 is a Monday holiday -> Friday 30.09.
    rule = DeadlineRule(days_before=14, public_holidays=True)
    assert ps.submission_deadline(date(2022, 10, 17), rule) == date(2022, 9, 30)
    # Reformationstag 31.10.2022 (Monday) in Sachsen-Anhalt
    assert ps.submission_deadline(date(2022, 11, 14), rule) == date(2022, 10, 28)
    assert ps.submission_deadline(date(2022, 11, 14)) == date(2022, 10, 31)
    assert date(2021, 4, 2) in ps.german_holidays(2021)  # Karfreitag
    assert date(2021, 11, 17) in ps.german_holidays(2021, "SN")  # Buß- und Bettag


def test_deadline_warnings_for_late_and_close_papers(db: Database) -> None:
    with db.session() as session:
        soon = _committee_session(session, "hfa", datetime(2022, 3, 24, 17))
        later = _committee_session(session, "stadtrat", datetime(2022, 4, 28, 17))
        late = ps.create_paper(
            session, _paper(subject="Spät", consultations=[ConsultationData(soon)])
        )
        fine = ps.create_paper(
            session, _paper(subject="Rechtzeitig", consultations=[ConsultationData(later)])
        )
        close = ps.create_paper(
            session, _paper(subject="Knapp", consultations=[ConsultationData(later)])
        )
        assert close.id is not None and fine.id is not None
        ps.release_paper(session, fine.id, on_date=date(2022, 3, 12))
        today = date(2022, 3, 12)  # deadline for 24.03. was 10.03., for 28.04. is 14.04.
        warnings = ps.deadline_warnings(session, today=today)
        assert [(w.reference, w.state) for w in warnings] == [(late.reference, "verspaetet")]
        assert "verspätet" in warnings[0].message and "10.03.2022" in warnings[0].message
        warnings = ps.deadline_warnings(session, today=date(2022, 4, 9))
        assert [(w.reference, w.state, w.days_left) for w in warnings] == [
            (close.reference, "knapp", 5)
        ]
        rows = {r.reference: r for r in ps.list_papers(session, today=today)}
        assert rows[late.reference].deadline_state == "verspaetet"
        assert rows[late.reference].deadline == date(2022, 3, 10)
        assert rows[fine.reference].deadline_state == ""
        assert rows[fine.reference].versions == 1


# --------------------------------------------------------------------------- writing help


def test_writing_blocks_come_from_the_data(db: Database) -> None:
    from contactdesk.core.formats.pdf import parse_markup

    with db.session() as session:
        partners = ps.block_partners(session)
        assert "- Bertelsmann Stiftung (Berater)" in partners
        assert "- Jugendclub'83 (Projektpartner)" in partners
        assert "Stadt Bitterfeld-Wolfen" not in partners  # the town itself is no partner
        from contactdesk.core.models import Agreement

        netzwerk = session.scalar(
            select(Agreement.id).where(Agreement.uid == demo_uid("agreement:netzwerk"))
        )
        assert netzwerk is not None
        status = ps.block_agreement_status(session, netzwerk)
        assert "am 16.08.2021 von Thomas Lehmann unterzeichnet" in status
        assert "Kosten: keine" in status
        workshops = ps.block_upcoming_workshops(
            session, now=datetime.fromisoformat("2021-09-08T12:00:00+00:00")
        )
        assert "22.09.2021, 16:00 Uhr: Auftaktworkshop" in workshops
        assert "07.10.2021" in workshops
        candidates = ps.block_patenstadt_candidates(session)
        assert "**Stadt Weißwasser**: sehr aktiv im Netzwerk" in candidates
        assert "Fusionserfahrung" in candidates
    for block in (partners, status, workshops, candidates):
        kinds = [b.kind for b in parse_markup(block)]
        assert kinds[0] == "h" and "ul" in kinds


# --------------------------------------------------------------------------- session summary


def test_session_summary_of_the_stadtrat_session(db: Database) -> None:
    with db.session() as session:
        summary = ps.session_summary(session, _event(session, "event:stadtrat"))
        with pytest.raises(ValidationError, match="keine Gremiensitzung"):
            ps.session_summary(session, _event(session, "event:workshop1"))
        with pytest.raises(NotFoundError):
            ps.session_summary(session, 999_999)
    assert summary.committee == "Stadtrat Bitterfeld-Wolfen"
    assert f"{summary.start:%d.%m.%Y %H:%M}" == "08.09.2021 17:00"
    assert summary.is_public
    assert [(p.reference, p.role) for p in summary.papers] == [("M006-2021", "Kenntnisnahme")]
    assert summary.papers[0].extract.startswith("Anfang 2021 erhielt die Stadt")
    held = {e.title: e for e in summary.events_held}
    assert held["Unterzeichnung der Netzwerkvereinbarung"].attended == 2
    assert "Sitzung des Haupt- und Finanzausschusses" not in held
    signed = [c for c in summary.agreement_changes if "unterzeichnet" in c.change]
    assert any(c.day == date(2021, 8, 16) and "Netzwerkvereinbarung" in c.title for c in signed)
    assert [u.start.date() for u in summary.upcoming] == [
        date(2021, 9, 22),
        date(2021, 9, 29),
        date(2021, 10, 7),
    ]
    assert any(
        d.label == "Kündigungsfrist" and d.day == date(2021, 9, 30) for d in summary.deadlines
    )


def test_session_summary_report_starts_at_the_previous_session(db: Database) -> None:
    with db.session() as session:
        nxt = _committee_session(session, "stadtrat", datetime(2021, 10, 20, 17))
        summary = ps.session_summary(session, nxt)
    assert summary.since == date(2021, 9, 8)
    assert [e.title for e in summary.events_held][:2] == [
        "Auftaktworkshop „Engagierte Stadt Bitterfeld-Wolfen“",
        "Workshop Engagement junger Menschen",
    ]
    assert all(e.start.date() > date(2021, 9, 8) for e in summary.events_held)


def test_two_desks_numbering_the_first_papers_of_a_year_at_once(db: Database) -> None:
    """The first paper of a year creates its counter: a second desk creating one at the same
    moment waits and gets the next number (on PostgreSQL it used to fail on the counter's key)."""
    from contactdesk.core.db import open_database
    from contactdesk.core.services.papers.numbering import parse_reference

    other = open_database(db.url)
    outcome: dict[str, object] = {}

    def second_desk() -> None:
        try:
            with other.session() as session:
                outcome["reference"] = ps.create_paper(
                    session,
                    PaperData(
                        subject="Zweite Vorlage 2031",
                        submitter="Oberbürgermeister",
                        lead_office="Persönlicher Referent",
                        paper_date=date(2031, 1, 6),
                    ),
                ).reference
        except Exception as exc:  # reported below with its type
            outcome["error"] = exc

    try:
        with db.session() as session:
            first = ps.create_paper(
                session,
                PaperData(
                    subject="Erste Vorlage 2031",
                    submitter="Oberbürgermeister",
                    lead_office="Persönlicher Referent",
                    paper_date=date(2031, 1, 5),
                ),
            )
            desk = threading.Thread(target=second_desk)
            desk.start()
            desk.join(1.0)  # the second desk now waits for this transaction
        desk.join(60)
    finally:
        other.dispose()
    assert "error" not in outcome, repr(outcome.get("error"))
    numbers = sorted(
        parse_reference(str(ref))[1:] for ref in (first.reference, outcome["reference"])
    )
    assert numbers == [(1, 2031), (2, 2031)]
