"""Undo and redo check versions: a step never overwrites what someone else saved meanwhile.

Two Database objects (two engines, as two desks) on one database, SQLite file and PostgreSQL
(core_db runs both); the stack's steps are refused with the save's conflict message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from contactdesk.core import undo
from contactdesk.core.db import Database, open_database
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import schedule as sc
from contactdesk.core.team.versions import VersionConflictError


@pytest.fixture
def other_desk(core_db: Database) -> Iterator[Database]:
    """A second engine on the same database, whose changes are audited as "stellvertretung"."""
    database = open_database(core_db.url)
    database.user_name = "stellvertretung"
    yield database
    database.dispose()


def _edit_contact(db: Database, stack: undo.UndoStack, cid: int, **changes: Any) -> None:
    """What the contact editor does on saving: update with the version read, push the command."""
    with db.session() as s:
        before = cs.get_contact(s, cid)
        after = cs.update_contact(
            s, cid, dataclasses.replace(before, **changes), expected_version=before.row_version
        )
    stack.push(undo.updated_contact(before, after))


def _save_as(db: Database, user: str, cid: int, **changes: Any) -> None:
    with db.session() as s:
        s.info["audit_user"] = user
        current = cs.get_contact(s, cid)
        cs.update_contact(
            s, cid, dataclasses.replace(current, **changes), expected_version=current.row_version
        )


def _stored(db: Database, cid: int) -> cs.ContactData:
    with db.session() as s:
        return cs.get_contact(s, cid)


@pytest.fixture
def contact_id(core_db: Database) -> int:
    with core_db.session() as s:
        created = cs.create_contact(s, cs.ContactData(first_name="Jörg", last_name="Müller"))
    assert created.id is not None
    return created.id


def test_undo_and_redo_without_others_go_back_and_forth(core_db: Database, contact_id: int) -> None:
    stack = undo.UndoStack(core_db)
    _edit_contact(core_db, stack, contact_id, notes="erste Fassung")
    _edit_contact(core_db, stack, contact_id, notes="zweite Fassung")
    assert stack.undo() == "Ändern von „Jörg Müller“"
    assert _stored(core_db, contact_id).notes == "erste Fassung"
    stack.undo()
    assert _stored(core_db, contact_id).notes == ""
    stack.redo()
    stack.redo()
    assert _stored(core_db, contact_id).notes == "zweite Fassung"
    stack.undo()  # each step expects the version the step before it left
    assert _stored(core_db, contact_id).notes == "erste Fassung"


def test_undo_over_a_newer_version_is_refused_and_the_stack_stays(
    core_db: Database, other_desk: Database, contact_id: int
) -> None:
    stack = undo.UndoStack(core_db)
    _edit_contact(core_db, stack, contact_id, notes="mein Text")
    _save_as(other_desk, "stellvertretung", contact_id, last_name="Müller-Lüdenscheidt")
    with pytest.raises(VersionConflictError) as caught:
        stack.undo()
    message = caught.value.message
    assert "von stellvertretung geändert" in message
    assert "Nachname" in message
    assert "Ihre Änderungen wurden nicht gespeichert" in message
    stored = _stored(core_db, contact_id)
    assert (stored.last_name, stored.notes) == ("Müller-Lüdenscheidt", "mein Text")
    # nothing moved: the same step is still the one to undo, nothing to redo
    assert stack.can_undo and not stack.can_redo
    assert stack.undo_text == "Ändern von „Jörg Müller“"
    with pytest.raises(VersionConflictError):
        stack.undo()  # refused again, not half-applied the first time


def test_redo_over_a_newer_version_is_refused(
    core_db: Database, other_desk: Database, contact_id: int
) -> None:
    stack = undo.UndoStack(core_db)
    _edit_contact(core_db, stack, contact_id, notes="mein Text")
    stack.undo()
    _save_as(other_desk, "stellvertretung", contact_id, first_name="Jürgen")
    with pytest.raises(VersionConflictError) as caught:
        stack.redo()
    assert "Vorname" in caught.value.message
    assert _stored(core_db, contact_id).first_name == "Jürgen"
    assert _stored(core_db, contact_id).notes == ""
    assert stack.can_redo and not stack.can_undo


def test_agreement_and_event_undo_are_refused_over_a_newer_version(
    core_db: Database, other_desk: Database
) -> None:
    with core_db.session() as s:
        town = cs.create_contact(s, cs.ContactData(kind="organisation", name="Stadt"))
        agreement = ag.create_agreement(
            s,
            ag.AgreementData(
                title="Kooperation",
                kind="kooperationsvereinbarung",
                parties=[ag.PartyData(town.id or 0)],
            ),
        )
        event = sc.create_event(
            s,
            sc.EventData(
                title="Workshop",
                kind="workshop",
                start=datetime(2026, 9, 22, 16),
                end=datetime(2026, 9, 22, 19),
            ),
        ).event
    aid, eid = agreement.id or 0, event.id or 0
    stack = undo.UndoStack(core_db)
    with core_db.session() as s:
        a_before = ag.get_agreement(s, aid)
        a_after = ag.update_agreement(
            s,
            aid,
            dataclasses.replace(a_before, title="Kooperation 2027"),
            expected_version=a_before.row_version,
        )
        e_before = sc.get_event(s, eid)
        e_after = sc.update_event(
            s,
            eid,
            dataclasses.replace(e_before, location="Rathaus"),
            expected_version=e_before.row_version,
        ).event
    stack.push(undo.updated_agreement(a_before, a_after))
    stack.push(undo.updated_event(e_before, e_after))
    with other_desk.session() as s:
        s.info["audit_user"] = "referent"
        current = sc.get_event(s, eid)
        sc.update_event(
            s,
            eid,
            dataclasses.replace(current, location="Bürgerhaus"),
            expected_version=current.row_version,
        )
    with pytest.raises(VersionConflictError) as caught:
        stack.undo()
    assert "von referent geändert" in caught.value.message
    assert "Ort" in caught.value.message
    with core_db.session() as s:
        assert sc.get_event(s, eid).location == "Bürgerhaus"
    assert stack.undo_text == "Ändern von „Workshop“"
    # the agreement's edit lies below it, untouched by others: the event step is dropped
    # (as after reloading), and the agreement's undo goes through; then the other desk
    # changes the agreement, and its redo is refused
    stack.clear()
    stack.push(undo.updated_agreement(a_before, a_after))
    stack.undo()
    with core_db.session() as s:
        assert ag.get_agreement(s, aid).title == "Kooperation"
    with other_desk.session() as s:
        s.info["audit_user"] = "referent"
        theirs = ag.get_agreement(s, aid)
        ag.update_agreement(
            s,
            aid,
            dataclasses.replace(theirs, title="Kooperation Stadt"),
            expected_version=theirs.row_version,
        )
    with pytest.raises(VersionConflictError) as caught:
        stack.redo()
    assert "Titel" in caught.value.message
    with core_db.session() as s:
        assert ag.get_agreement(s, aid).title == "Kooperation Stadt"


def test_own_steps_in_between_are_no_conflict(core_db: Database, contact_id: int) -> None:
    """A delete and its undo in this window raise the version too: the edit below them is
    still undone (the stack knows the versions its own steps left)."""
    stack = undo.UndoStack(core_db)
    _edit_contact(core_db, stack, contact_id, notes="mein Text")
    with core_db.session() as s:
        cs.delete_contact(s, contact_id)
    stack.push(undo.deleted_contact(contact_id, "Jörg Müller"))
    stack.undo()  # restore
    stack.undo()  # the edit
    stored = _stored(core_db, contact_id)
    assert stored.notes == ""
    stack.redo()
    stack.redo()
    with core_db.session() as s:
        assert cs.list_contacts(s, cs.ContactFilter(query="Müller")) == []


def test_paper_undo_is_refused_over_a_newer_version(
    core_db: Database, other_desk: Database
) -> None:
    from contactdesk.core.services import papers as ps

    with core_db.session() as s:
        paper = ps.create_paper(
            s,
            ps.PaperData(
                subject="Testvorlage",
                submitter="Oberbürgermeister",
                lead_office="Persönlicher Referent",
                paper_date=datetime(2026, 3, 1).date(),
            ),
        )
    pid = paper.id or 0
    stack = undo.UndoStack(core_db)
    with core_db.session() as s:
        before = ps.get_paper(s, pid)
        after = ps.update_paper(
            s,
            pid,
            dataclasses.replace(before, subject="Testvorlage neu"),
            expected_version=before.row_version,
        )
    stack.push(undo.updated_paper("Ändern von Testvorlage", before, after))
    with other_desk.session() as s:
        s.info["audit_user"] = "referent"
        theirs = ps.get_paper(s, pid)
        ps.update_paper(
            s,
            pid,
            dataclasses.replace(theirs, subject="Vorlage des Referenten"),
            expected_version=theirs.row_version,
        )
    with pytest.raises(VersionConflictError) as caught:
        stack.undo()
    assert "von referent geändert" in caught.value.message
    with core_db.session() as s:
        assert ps.get_paper(s, pid).subject == "Vorlage des Referenten"
