"""A register in which one person is linked from every kind of record, for the merge, report
and erasure tests. Built through the services where they exist, else with ORM rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from contactdesk.core.db import Database
from contactdesk.core.models import (
    Agreement,
    AgreementParty,
    Document,
    DocumentBlob,
    Event,
    Paper,
    PaperAttachment,
    Participant,
    paper_contact,
)
from contactdesk.core.models.schedule import event_organisation
from contactdesk.core.services import contacts as cs

#: What must never be found after the erasure (names, address, numbers, mail)
SECRETS = [
    "Wilhelmine",
    "Zwiebelkönig",
    "Zwiebelkoenig",
    "zwiebel.w@example.org",
    "Quittengasse",
    "+4934198765432",
    "034198765432",
]


@dataclass
class World:
    person_id: int
    twin_id: int  # a second record of the same person (merge tests)
    org_id: int
    event_id: int
    held_event_id: int
    agreement_id: int
    paper_id: int
    document_id: int


def person_data(**changes: object) -> cs.ContactData:
    data = cs.ContactData(
        salutation="Frau",
        first_name="Wilhelmine",
        last_name="Zwiebelkönig",
        emails=[cs.EmailData("zwiebel.w@example.org", "privat")],
        phones=[cs.PhoneData("0341 98765432", "mobil")],
        addresses=[cs.AddressData("Quittengasse 7", "04109", "Leipzig")],
        tags=["Ehrenamt"],
        notes="mag Quittengelee",
        consents=[
            cs.ConsentData(
                "kontaktdaten", date(2024, 3, 1), "schriftlich", source="Anmeldeformular 2024"
            ),
            cs.ConsentData("einladungen", date(2024, 3, 1), "email", valid_until=date(2025, 3, 1)),
        ],
        interactions=[
            cs.InteractionData(
                "anruf", datetime(2025, 5, 2, 9, 30, tzinfo=UTC), "Anruf wegen Quittenfest", "KD"
            )
        ],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def build(db: Database) -> World:
    with db.session() as s:
        org = cs.create_contact(
            s, cs.ContactData(kind="organisation", name="Verein Obstwiese", org_kind="verein")
        )
        person = cs.create_contact(
            s,
            person_data(
                roles=[cs.RoleData(org.id or 0, "Kassenwartin", start_date=date(2023, 1, 1))]
            ),
        )
        twin = cs.create_contact(
            s,
            cs.ContactData(
                first_name="Wilhelmine",
                last_name="Zwiebelkoenig",
                phones=[cs.PhoneData("0341 11112222")],
                tags=["Presse"],
            ),
            allow_duplicate=True,
        )
        other = cs.create_contact(s, cs.ContactData(first_name="Otto", last_name="Normal"))
        pid = person.id or 0
        now = datetime(2025, 6, 1, 10, tzinfo=UTC)
        coming = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=60)
        event = Event(
            kind="workshop",
            title="Quittenworkshop",
            start_utc=coming,
            end_utc=coming + timedelta(hours=2),
            organiser_id=pid,
            last_modified=now,
        )
        held = Event(
            kind="netzwerktreffen",
            title="Netzwerktreffen Mai",
            start_utc=now - timedelta(days=30),
            end_utc=now - timedelta(days=30, hours=-2),
            last_modified=now,
        )
        s.add_all([event, held])
        s.flush()
        s.add_all(
            [
                Participant(event_id=event.id, contact_id=pid, invitation="eingeladen"),
                Participant(
                    event_id=held.id,
                    contact_id=pid,
                    invitation="eingeladen",
                    response="zugesagt",
                    attended=True,
                    note="bringt Quittenkuchen",
                ),
                Participant(event_id=held.id, contact_id=other.id, attended=True),
            ]
        )
        s.execute(insert(event_organisation).values(event_id=event.id, contact_id=org.id))
        agreement = Agreement(
            title="Patenschaft Obstwiese",
            kind="patenschaft",
            description="Pflege der Obstwiese",
            signed_for_town_by_id=pid,
        )
        s.add(agreement)
        s.flush()
        s.add_all(
            [
                AgreementParty(agreement_id=agreement.id, contact_id=pid, role="unterzeichner"),
                AgreementParty(
                    agreement_id=agreement.id, contact_id=org.id, role="vertragspartner"
                ),
            ]
        )
        content = "Protokoll: Wilhelmine Zwiebelkönig übernimmt die Patenschaft.".encode()
        document = Document(
            agreement_id=agreement.id,
            filename="protokoll.txt",
            mime_type="text/plain",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            added_at=now,
        )
        document.blob = DocumentBlob(content=content)
        s.add(document)
        paper = Paper(
            type_code="M",
            year=2025,
            number=7,
            reference="M007-2025",
            paper_date=date(2025, 6, 1),
            submitter="Wilhelmine Zwiebelkönig",
            submitter_id=pid,
            subject="Obstwiese",
            body="Frau Zwiebelkönig berichtet über die Obstwiese.",
        )
        s.add(paper)
        s.flush()
        s.execute(insert(paper_contact).values(paper_id=paper.id, contact_id=pid))
        s.add(
            PaperAttachment(
                paper_id=paper.id,
                title="Anlage",
                filename="anlage.txt",
                mime_type="text/plain",
                content=b"Anlage zu Zwiebelkoenig",
                size=23,
                added_at=now,
            )
        )
        s.flush()
        return World(
            person_id=pid,
            twin_id=twin.id or 0,
            org_id=org.id or 0,
            event_id=event.id,
            held_event_id=held.id,
            agreement_id=agreement.id,
            paper_id=paper.id,
            document_id=document.id,
        )
