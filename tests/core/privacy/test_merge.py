"""Merging two records of one person: per-field choice, joined lists, every reference moved,
the older id kept; undone and redone through the core undo stack."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contactdesk.core import undo
from contactdesk.core.db import Database
from contactdesk.core.errors import ConflictError, NotFoundError
from contactdesk.core.models import AgreementParty, Event, Paper, Participant
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import merge

from .world import build


def snapshot_of(db: Database, *ids: int) -> list[dict]:
    with db.session() as s:
        return [cs.get_contact(s, i).to_dict() for i in ids]


def test_merge_joins_lists_moves_references_and_undoes(core_db: Database) -> None:
    w = build(core_db)
    # the twin is newer: merge the older record (person) with the twin, twin's phone joins
    before = snapshot_of(core_db, w.person_id, w.twin_id)
    stack = undo.UndoStack(core_db)
    with core_db.session() as s:
        snap, result = merge.merge_undoable(s, w.person_id, w.twin_id, {"last_name": "other"})
    stack.push(
        undo.merged_contacts(
            w.person_id, w.twin_id, {"last_name": "other"}, snap, result.display_name
        )
    )
    with core_db.session() as s:
        merged = cs.get_contact(s, w.person_id)
        assert merged.last_name == "Zwiebelkoenig"  # chosen from the other record
        assert merged.first_name == "Wilhelmine" and merged.salutation == "Frau"
        assert [p.number for p in merged.phones] == ["+4934198765432", "+4934111112222"]
        assert merged.tags == ["Ehrenamt", "Presse"]
        assert len(merged.consents) == 2 and len(merged.interactions) == 1
        with pytest.raises(NotFoundError):
            cs.get_contact(s, w.twin_id)
    assert stack.undo_text.startswith("Zusammenführen")
    stack.undo()
    assert snapshot_of(core_db, w.person_id, w.twin_id) == before
    stack.redo()
    with core_db.session() as s:
        assert cs.get_contact(s, w.person_id).last_name == "Zwiebelkoenig"
    stack.undo()
    assert snapshot_of(core_db, w.person_id, w.twin_id) == before


def test_every_reference_moves_to_the_kept_record(core_db: Database) -> None:
    w = build(core_db)
    with core_db.session() as s:
        snap = merge.snapshot(s, [w.twin_id, w.person_id])
        # the twin's fields win, but the older record (person) keeps its id
        result = merge.merge_contacts(s, w.twin_id, w.person_id)
        assert (result.keep_id, result.removed_id) == (w.person_id, w.twin_id)
        pid = w.person_id
        assert s.scalars(
            select(Participant.contact_id).where(Participant.event_id == w.event_id)
        ).all() == [pid]
        assert s.scalar(select(Event.organiser_id).where(Event.id == w.event_id)) == pid
        assert (
            s.scalar(
                select(AgreementParty.contact_id).where(AgreementParty.role == "unterzeichner")
            )
            == pid
        )
        assert s.scalar(select(Paper.submitter_id)) == pid
        data = cs.get_contact(s, pid)
        assert data.last_name == "Zwiebelkoenig"  # the kept record's name wins by default
        assert [r.function for r in data.roles] == ["Kassenwartin"]
        assert data.emails[0].address == "zwiebel.w@example.org"  # filled from the other
        # the search finds the merged record under the removed record's address
        assert [r.id for r in cs.list_contacts(s, cs.ContactFilter(query="Quittengasse"))] == [pid]
    with core_db.session() as s:
        merge.restore(s, snap, [w.twin_id, w.person_id])
    with core_db.session() as s:
        assert s.scalar(select(Paper.submitter_id)) == w.person_id
        assert [r.id for r in cs.list_contacts(s, cs.ContactFilter(query="Quittengasse"))] == [
            w.person_id
        ]


def test_person_and_organisation_cannot_be_merged(core_db: Database) -> None:
    w = build(core_db)
    with core_db.session() as s, pytest.raises(ConflictError):
        merge.merge_contacts(s, w.org_id, w.person_id)


def test_merging_organisations_moves_the_people(core_db: Database) -> None:
    with core_db.session() as s:
        first = cs.create_contact(s, cs.ContactData(kind="organisation", name="Verein Obstwiese"))
        second = cs.create_contact(
            s,
            cs.ContactData(kind="organisation", name="Verein Obstwiese e.V."),
            allow_duplicate=True,
        )
        person = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Otto",
                last_name="Kern",
                roles=[cs.RoleData(second.id or 0, "Vorstand")],
            ),
        )
        merge.merge_contacts(s, first.id or 0, second.id or 0)
    with core_db.session() as s:
        roles = cs.get_contact(s, person.id or 0).roles
        assert [(r.organisation_id, r.function) for r in roles] == [(first.id, "Vorstand")]
        assert cs.get_contact(s, person.id or 0).display_name == "Otto Kern"
        found = {r.id for r in cs.list_contacts(s, cs.ContactFilter(query="Obstwiese"))}
        assert found == {first.id, person.id}  # the removed record left the search index
