"""Agreements: validation, status workflow with history, deadlines list, documents, undo."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from contactdesk.core.db import Database
from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.models import DocumentBlob
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.undo import (
    UndoStack,
    added_document,
    changed_status,
    created_agreement,
    updated_agreement,
)


@pytest.fixture
def parties(core_db: Database) -> dict[str, int]:
    with core_db.session() as s:
        town = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Stadt Bitterfeld-Wolfen")
        )
        club = cs.create_contact(s, cs.ContactData(kind="organisation", name="Jugendclub'83"))
        mayor = cs.create_contact(s, cs.ContactData(last_name="Lehmann", first_name="Thomas"))
    return {"town": town.id or 0, "club": club.id or 0, "mayor": mayor.id or 0}


def _agreement(parties: dict[str, int], **changes: object) -> ag.AgreementData:
    data = ag.AgreementData(
        title="Kooperationsvereinbarung Jugendclub'83",
        kind="kooperationsvereinbarung",
        valid_from=date(2021, 7, 1),
        valid_until=date(2022, 6, 30),
        renewal_months=12,
        notice_months=3,
        notice_to="laufzeitende",
        amount_yearly=Decimal("1500"),
        parties=[ag.PartyData(parties["town"]), ag.PartyData(parties["club"])],
        signed_for_town_by_id=parties["mayor"],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_create_and_read_back(core_db: Database, parties: dict[str, int]) -> None:
    with core_db.session() as s:
        created = ag.create_agreement(s, _agreement(parties))
    with core_db.session() as s:
        loaded = ag.get_agreement(s, created.id or 0)
    assert [p.contact_name for p in loaded.parties] == ["Stadt Bitterfeld-Wolfen", "Jugendclub'83"]
    assert loaded.signed_for_town_by == "Thomas Lehmann"
    assert loaded.amount_yearly == Decimal("1500.00")
    assert isinstance(loaded.amount_yearly, Decimal)
    assert loaded.status == "entwurf"
    assert [h.to_status for h in loaded.history] == ["entwurf"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "  "}, "title", "Titel"),
        ({"valid_until": date(2021, 6, 30)}, "valid_until", "vor ihrem Beginn"),
        ({"renewal_months": None, "notice_months": 13}, "notice_months", "länger als die Laufzeit"),
        ({"amount_yearly": Decimal("-5")}, "amount_yearly", "negativ"),
        ({"amount_once": 12.5}, "amount_once", "Gleitkommazahl"),
        ({"valid_until": None}, "renewal_months", "Laufzeitende"),
        ({"notice_months": 0}, "notice_months", "zwischen 1 und 120"),
    ],
)
def test_bad_input_is_refused_in_german(
    core_db: Database, parties: dict[str, int], changes: dict[str, object], field: str, words: str
) -> None:
    with core_db.session() as s, pytest.raises(ValidationError) as info:
        ag.create_agreement(s, _agreement(parties, **changes))
    assert words in info.value.fields[field]
    with core_db.session() as s:
        assert ag.list_agreements(s) == []


def test_failed_update_keeps_what_was_stored(core_db: Database, parties: dict[str, int]) -> None:
    with core_db.session() as s:
        created = ag.create_agreement(s, _agreement(parties))
    broken = _agreement(parties, valid_until=date(2020, 1, 1))
    with pytest.raises(ValidationError), core_db.session() as s:
        ag.update_agreement(s, created.id or 0, broken)
    with core_db.session() as s:
        assert ag.get_agreement(s, created.id or 0).valid_until == date(2022, 6, 30)


def test_status_workflow_offers_only_sensible_steps(
    core_db: Database, parties: dict[str, int]
) -> None:
    with core_db.session() as s:
        aid = ag.create_agreement(s, _agreement(parties)).id or 0
        assert "aktiv" not in ag.allowed_transitions("entwurf")
        with pytest.raises(ConflictError, match="kann nicht auf „aktiv“"):
            ag.change_status(s, aid, "aktiv")
        ag.change_status(s, aid, "in_abstimmung", on_date=date(2021, 6, 1), note="Entwurf versandt")
        signed = ag.change_status(s, aid, "unterzeichnet", on_date=date(2021, 6, 24))
        assert signed.signed_on == date(2021, 6, 24)
        ag.change_status(s, aid, "aktiv", on_date=date(2021, 7, 1))
        with pytest.raises(ValidationError, match="vor dem letzten Statuswechsel"):
            ag.change_status(s, aid, "gekuendigt", on_date=date(2021, 1, 1))
        final = ag.change_status(
            s, aid, "gekuendigt", on_date=date(2022, 3, 1), note="fristgerecht"
        )
        assert ag.allowed_transitions("aufgehoben") == ()
    assert [(h.from_status, h.to_status, h.on_date) for h in final.history[1:]] == [
        ("entwurf", "in_abstimmung", date(2021, 6, 1)),
        ("in_abstimmung", "unterzeichnet", date(2021, 6, 24)),
        ("unterzeichnet", "aktiv", date(2021, 7, 1)),
        ("aktiv", "gekuendigt", date(2022, 3, 1)),
    ]
    assert final.history[1].note == "Entwurf versandt"


def test_due_items_sorted_and_bounded(core_db: Database, parties: dict[str, int]) -> None:
    with core_db.session() as s:
        aid = ag.create_agreement(s, _agreement(parties)).id or 0
        ag.change_status(s, aid, "unterzeichnet", on_date=date(2021, 6, 24))
        ag.change_status(s, aid, "aktiv", on_date=date(2021, 7, 1))
        open_ended = _agreement(
            parties,
            title="Netzwerkvereinbarung",
            valid_until=None,
            renewal_months=None,
            notice_to="jahresende",
            amount_yearly=None,
        )
        nid = ag.create_agreement(s, open_ended).id or 0
        ag.change_status(s, nid, "unterzeichnet", on_date=date(2021, 8, 16))
        ag.change_status(s, nid, "aktiv", on_date=date(2021, 8, 16))
        ag.create_agreement(s, _agreement(parties, title="Entwurf ohne Fristen"))
        items = ag.due_items(s, today=date(2027, 3, 1), days=365)
        assert [(i.due_on, i.kind, i.title) for i in items] == [
            (date(2027, 3, 31), "kuendigungsfrist", "Kooperationsvereinbarung Jugendclub'83"),
            (date(2027, 7, 1), "verlaengerung", "Kooperationsvereinbarung Jugendclub'83"),
            (date(2027, 9, 30), "kuendigungsfrist", "Netzwerkvereinbarung"),
        ]
        assert items[0].urgency == "bald" and items[0].days_left == 30
        assert ag.due_items(s, today=date(2027, 3, 1), days=10) == []
        with pytest.raises(ValidationError):
            ag.due_items(s, days=-1)
        # a notice given: no more notice deadline or renewal, only the end
        ag.change_status(s, aid, "gekuendigt", on_date=date(2027, 3, 2))
        items = ag.due_items(s, today=date(2027, 3, 2), days=200)
        assert [(i.due_on, i.kind) for i in items if i.agreement_id == aid] == [
            (date(2027, 6, 30), "ablauf")
        ]


def test_deleted_party_stays_visible_and_cannot_be_erased(
    core_db: Database, parties: dict[str, int]
) -> None:
    with core_db.session() as s:
        aid = ag.create_agreement(s, _agreement(parties)).id or 0
        cs.delete_contact(s, parties["club"])
    with core_db.session() as s:
        loaded = ag.get_agreement(s, aid)
        assert [p.contact_deleted for p in loaded.parties] == [False, True]
        ag.update_agreement(s, aid, loaded)  # keeping a deleted party is allowed
        with pytest.raises(ConflictError, match="in Vereinbarungen genannt"):
            cs.erase_contact(s, parties["club"])
    with core_db.session() as s:
        other = _agreement(parties, title="Neu")
        with pytest.raises(ValidationError, match="existiert nicht mehr"):
            ag.create_agreement(s, other)  # a new agreement cannot name a deleted contact
    with core_db.session() as s:
        assert [r.title for r in ag.agreements_for_contact(s, parties["mayor"])] == [
            "Kooperationsvereinbarung Jugendclub'83"
        ]


def test_documents_are_stored_checked_and_exported(
    core_db: Database, parties: dict[str, int], tmp_path: Path
) -> None:
    pdf = tmp_path / "Netzwerkvereinbarung unterzeichnet.pdf"
    content = b"%PDF-1.4\n" + os.urandom(2048) + b"\n%%EOF\n"
    pdf.write_bytes(content)
    with core_db.session() as s:
        aid = ag.create_agreement(s, _agreement(parties)).id or 0
        info = ag.add_document(s, aid, pdf, note="unterschrieben")
    assert info.size == len(content)
    assert info.sha256 == hashlib.sha256(content).hexdigest()
    assert info.mime_type == "application/pdf"
    pdf.unlink()  # the app owns its copy
    with core_db.session() as s:
        out = ag.export_document(s, info.id, tmp_path / "export")
        assert out.read_bytes() == content
        assert ag.verify_documents(s, aid) == []
    # tamper with the stored bytes: detected, reported, never silently replaced
    with core_db.session() as s:
        blob = s.get(DocumentBlob, info.id)
        assert blob is not None
        blob.content = content[:-1] + b"X"
    with core_db.session() as s:
        problems = ag.verify_documents(s, aid)
        assert len(problems) == 1 and "Prüfsumme" in problems[0]
        with pytest.raises(ag.DocumentIntegrityError):
            ag.export_document(s, info.id, tmp_path / "again")
    assert not (tmp_path / "again" / pdf.name).exists()


def test_missing_unreadable_and_oversized_files(
    core_db: Database, parties: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with core_db.session() as s:
        aid = ag.create_agreement(s, _agreement(parties)).id or 0
    with core_db.session() as s, pytest.raises(ValidationError, match="gibt es nicht"):
        ag.add_document(s, aid, tmp_path / "fehlt.pdf")
    with core_db.session() as s, pytest.raises(ValidationError, match="keine Datei"):
        ag.add_document(s, aid, tmp_path)
    big = tmp_path / "riesig.pdf"
    with big.open("wb") as fh:  # a sparse 500 MB file: nothing is read
        fh.truncate(500 * 1024 * 1024)
    with core_db.session() as s, pytest.raises(ValidationError, match="höchstens 100 MB"):
        ag.add_document(s, aid, big)
    locked = tmp_path / "gesperrt.pdf"
    locked.write_bytes(b"x")
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda self: (_ for _ in ()).throw(PermissionError(13, "Keine Berechtigung")),
    )
    with core_db.session() as s, pytest.raises(ValidationError, match="kann nicht gelesen"):
        ag.add_document(s, aid, locked)
    with core_db.session() as s:
        assert ag.get_agreement(s, aid).documents == []


def test_undo_of_edit_status_and_document(
    core_db: Database, parties: dict[str, int], tmp_path: Path
) -> None:
    stack = UndoStack(core_db)
    with core_db.session() as s:
        created = ag.create_agreement(s, _agreement(parties))
    stack.push(created_agreement(created))
    aid = created.id or 0
    with core_db.session() as s:
        before = ag.get_agreement(s, aid)
        changed = ag.get_agreement(s, aid)
        changed.title = "Neuer Titel"
        after = ag.update_agreement(s, aid, changed)
    stack.push(updated_agreement(before, after))
    with core_db.session() as s:
        ag.change_status(s, aid, "unterzeichnet", on_date=date(2021, 6, 24))
    stack.push(changed_status(aid, after.title, "unterzeichnet", date(2021, 6, 24), ""))
    doc = tmp_path / "anlage.pdf"
    doc.write_bytes(b"%PDF-1.4 anlage")
    with core_db.session() as s:
        info = ag.add_document(s, aid, doc)
    stack.push(added_document(info.id, info.filename))

    stack.undo()
    with core_db.session() as s:
        assert ag.get_agreement(s, aid).documents == []
    stack.undo()
    with core_db.session() as s:
        loaded = ag.get_agreement(s, aid)
        assert loaded.status == "entwurf"
        assert len(loaded.history) == 1
    stack.undo()
    with core_db.session() as s:
        assert ag.get_agreement(s, aid).title == "Kooperationsvereinbarung Jugendclub'83"
    stack.undo()
    with core_db.session() as s:
        assert ag.list_agreements(s) == []
    for _ in range(4):
        stack.redo()
    with core_db.session() as s:
        loaded = ag.get_agreement(s, aid)
        assert (loaded.title, loaded.status, len(loaded.documents)) == (
            "Neuer Titel",
            "unterzeichnet",
            1,
        )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,50", Decimal("1234.50")),
        ("1234,5 €", Decimal("1234.5")),
        ("250", Decimal("250")),
        ("keine", None),
        ("", None),
    ],
)
def test_parse_amount(text: str, value: Decimal | None) -> None:
    assert ag.parse_amount(text) == value


def test_parse_amount_rejects_text() -> None:
    with pytest.raises(ValidationError, match="kein Geldbetrag"):
        ag.parse_amount("zwölf Euro")


def test_format_amount_and_financial_effects() -> None:
    assert ag.format_amount(Decimal("1234.5")) == "1.234,50 €"
    assert ag.format_amount(None) == "keine"
    assert ag.financial_effects(ag.AgreementData()) == "keine"
    assert (
        ag.financial_effects(
            ag.AgreementData(amount_once=Decimal("100"), amount_yearly=Decimal("1500"))
        )
        == "einmalig 100,00 €, jährlich 1.500,00 €"
    )


def test_undoing_a_status_step_empties_the_dates_it_filled(
    core_db: Database, parties: dict[str, int]
) -> None:
    with core_db.session() as s:
        aid = ag.create_agreement(s, _agreement(parties, valid_from=None)).id or 0
        ag.change_status(s, aid, "unterzeichnet", on_date=date(2021, 6, 24))
        ag.change_status(s, aid, "aktiv", on_date=date(2021, 7, 1))
        ag.revert_status_change(s, aid)
        assert ag.get_agreement(s, aid).valid_from is None
        reverted = ag.revert_status_change(s, aid)
        assert (reverted.status, reverted.signed_on) == ("entwurf", None)
        dated = ag.create_agreement(
            s, _agreement(parties, title="Schon datiert", signed_on=date(2021, 6, 1))
        )
        ag.change_status(s, dated.id or 0, "unterzeichnet", on_date=date(2021, 6, 24))
        assert ag.revert_status_change(s, dated.id or 0).signed_on == date(2021, 6, 1)
