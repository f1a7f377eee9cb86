"""Optimistic locking and the audit trail, on SQLite and PostgreSQL (core_db runs both)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from contactdesk.core import audit
from contactdesk.core.db import Database
from contactdesk.core.models import Contact
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.team.versions import VersionConflictError


def _contact(db: Database) -> cs.ContactData:
    with db.session() as s:
        return cs.create_contact(
            s,
            cs.ContactData(
                first_name="Jörg", last_name="Müller", emails=[cs.EmailData("j@tgz.example")]
            ),
        )


def test_second_save_over_a_newer_version_is_refused_naming_who_what_when(
    core_db: Database,
) -> None:
    created = _contact(core_db)
    cid = created.id or 0
    # two editors show the same contact
    with core_db.session() as s:
        mine = cs.get_contact(s, cid)
        theirs = cs.get_contact(s, cid)
    assert mine.row_version == theirs.row_version == created.row_version
    first = created.row_version or 0
    theirs.last_name = "Müller-Lüdenscheidt"
    with core_db.session() as s:
        s.info["audit_user"] = "referent"
        saved = cs.update_contact(s, cid, theirs, expected_version=theirs.row_version)
    assert (saved.row_version or 0) > first
    mine.notes = "Mein Text, der nicht verloren gehen darf"
    with pytest.raises(VersionConflictError) as caught, core_db.session() as s:
        cs.update_contact(s, cid, mine, expected_version=mine.row_version)
    message = caught.value.message
    assert "„Jörg Müller-Lüdenscheidt“" in message
    assert "von referent geändert" in message
    assert "Nachname" in message
    assert datetime.now(UTC).astimezone(caught.value.when.tzinfo).strftime("%d.%m.%Y") in message
    with core_db.session() as s:
        stored = cs.get_contact(s, cid)
    assert stored.last_name == "Müller-Lüdenscheidt"
    assert stored.notes == ""
    assert mine.notes == "Mein Text, der nicht verloren gehen darf"  # the editor still has it


def test_changing_only_an_email_raises_the_version_and_is_audited(core_db: Database) -> None:
    created = _contact(core_db)
    cid = created.id or 0
    data = dataclasses.replace(created, emails=[cs.EmailData("neu@tgz.example")])
    with core_db.session() as s:
        saved = cs.update_contact(s, cid, data, expected_version=created.row_version)
    assert (saved.row_version or 0) > (created.row_version or 0)
    with core_db.session() as s:
        rows = [r for r in audit.list_entries(s) if r.record_id == cid]
    assert [r.action for r in rows] == [audit.CREATED, audit.CHANGED]
    assert "email" in rows[1].fields or "emails" in rows[1].fields
    assert rows[1].user_name == core_db.user_name
    with pytest.raises(VersionConflictError), core_db.session() as s:
        cs.update_contact(s, cid, data, expected_version=created.row_version)


def test_a_save_racing_another_between_read_and_write_is_refused(core_db: Database) -> None:
    """The version check passed, then someone else committed before the UPDATE: the UPDATE's
    WHERE row_version finds nothing and the save is refused, not written over theirs."""
    cid = _contact(core_db).id or 0
    with pytest.raises(VersionConflictError), core_db.session() as s:
        contact = s.get(Contact, cid)
        assert contact is not None
        contact.notes = "mein Text"
        with core_db.engine.begin() as other:  # another desk saves meanwhile
            other.execute(
                update(Contact.__table__)
                .where(Contact.id == cid)
                .values(notes="ihr Text", row_version=Contact.row_version + 1)
            )
        s.flush()
    with core_db.session() as s:
        assert cs.get_contact(s, cid).notes == "ihr Text"


def test_audit_lists_create_change_delete_restore_since_a_date(core_db: Database) -> None:
    cid = _contact(core_db).id or 0
    with core_db.session() as s:
        cs.delete_contact(s, cid)
    with core_db.session() as s:
        cs.restore_contact(s, cid)
    with core_db.session() as s:
        rows = audit.list_entries(s, since=datetime.now(UTC) - timedelta(minutes=5))
        later = audit.list_entries(s, since=datetime.now(UTC) + timedelta(minutes=5))
        latest = audit.latest_id(s)
    assert [(r.action, r.record_label) for r in rows] == [
        (audit.CREATED, "Jörg Müller"),
        (audit.DELETED, "Jörg Müller"),
        (audit.RESTORED, "Jörg Müller"),
    ]
    assert later == []
    assert latest == rows[-1].id


def test_agreement_event_and_paper_refuse_stale_saves(core_db: Database) -> None:
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
        paper = ps.create_paper(
            s,
            ps.PaperData(
                subject="Testvorlage",
                submitter="Oberbürgermeister",
                lead_office="Persönlicher Referent",
                paper_date=date(2026, 3, 1),
            ),
        )
    with core_db.session() as s:
        agreement2 = ag.update_agreement(
            s, agreement.id or 0, agreement, expected_version=agreement.row_version
        )
        event2 = sc.update_event(s, event.id or 0, event, expected_version=event.row_version)
        paper2 = ps.update_paper(s, paper.id or 0, paper, expected_version=paper.row_version)
    assert (agreement2.row_version or 0) > (agreement.row_version or 0)
    assert (event2.event.row_version or 0) > (event.row_version or 0)
    assert (paper2.row_version or 0) > (paper.row_version or 0)
    for call in (
        lambda s: ag.update_agreement(
            s, agreement.id or 0, agreement, expected_version=agreement.row_version
        ),
        lambda s: sc.update_event(s, event.id or 0, event, expected_version=event.row_version),
        lambda s: ps.update_paper(s, paper.id or 0, paper, expected_version=paper.row_version),
    ):
        with pytest.raises(VersionConflictError), core_db.session() as s:
            call(s)
