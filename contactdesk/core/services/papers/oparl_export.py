"""OParl 1.1 export of papers with their consultations, meetings and files."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import oparl
from contactdesk.core.formats import pdf as pdfout
from contactdesk.core.models import (
    Contact,
    EventStatus,
    NetworkRole,
    Organisation,
    Person,
)
from contactdesk.core.services.papers.attachments import attachment_content
from contactdesk.core.services.papers.records import get_paper, load_paper, session_rows
from contactdesk.core.services.papers.release import version_pdf


def _ref(kind: str, uid: str) -> oparl.OParlRef:
    return oparl.OParlRef(kind, uid)


def _own_town(session: Session, town_name: str) -> tuple[str, str]:
    row = session.execute(
        select(Organisation.uid, Organisation.name)
        .where(
            Organisation.network_role == NetworkRole.EIGENE_KOMMUNE.value,
            Organisation.deleted_at.is_(None),
        )
        .order_by(Organisation.id)
    ).first()
    if row:
        return row.uid, row.name
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"contactdesk:body:{town_name}")), town_name


def oparl_export(
    session: Session,
    paper_id: int,
    *,
    base_url: str | None = None,
    town_name: str = pdfout.PdfSettings().town_name,
    exported_at: datetime | None = None,
) -> dict[str, Any]:
    """The paper with its Beratungsfolge, sessions, committees and files as OParl 1.1 objects."""
    data = get_paper(session, paper_id)
    paper = load_paper(session, paper_id)
    body_uid, body_name = _own_town(session, town_name)
    rows = session_rows(session, [c.event_id for c in data.consultations])
    committee_ids = {r.committee_id for r in rows.values() if r.committee_id}
    contact_ids = committee_ids | {i for i in (data.submitter_id, data.lead_office_id) if i}
    contacts = {
        c.id: c for c in session.scalars(select(Contact).where(Contact.id.in_(contact_ids)))
    }
    organizations: dict[int, oparl.OParlOrganization] = {}
    persons: dict[int, oparl.OParlPerson] = {}

    def org_ref(contact_id: int, org_type: str, classification: str = "") -> oparl.OParlRef:
        c = contacts[contact_id]
        if contact_id not in organizations:
            organizations[contact_id] = oparl.OParlOrganization(
                ref=_ref("organization", c.uid),
                name=c.display_name,
                organization_type=org_type,
                classification=classification,
                website=c.website or "",
                created=c.created_at,
                modified=c.updated_at,
            )
        return organizations[contact_id].ref

    def person_ref(contact_id: int) -> oparl.OParlRef:
        c = contacts[contact_id]
        assert isinstance(c, Person)
        if contact_id not in persons:
            persons[contact_id] = oparl.OParlPerson(
                ref=_ref("person", c.uid),
                name=c.display_name,
                family_name=c.last_name,
                given_name=c.first_name,
                form_of_address=c.salutation,
                created=c.created_at,
                modified=c.updated_at,
            )
        return persons[contact_id].ref

    def committee_class(name: str) -> str:
        return "Parlament" if "stadtrat" in name.casefold() else "Ausschuss"

    meetings = []
    consultations = []
    for c in data.consultations:
        row = rows[c.event_id]
        org = [org_ref(row.committee_id, "Gremium", committee_class(row.committee_name or ""))]
        meeting_ref = _ref("meeting", row.uid)
        state = {
            EventStatus.DURCHGEFUEHRT.value: "durchgeführt",
            EventStatus.EINGELADEN.value: "eingeladen",
        }.get(row.status, "terminiert")
        meetings.append(
            oparl.OParlMeeting(
                ref=meeting_ref,
                name=row.title,
                start=row.start_utc.astimezone(tzs.zone(row.tz)),
                end=row.end_utc.astimezone(tzs.zone(row.tz)),
                organizations=org,
                state=state,
                cancelled=row.status == EventStatus.ABGESAGT.value,
                location=", ".join(x for x in (row.room, row.location) if x),
                created=row.created_at,
                modified=row.updated_at,
            )
        )
        consultations.append(
            oparl.OParlConsultation(
                ref=_ref("consultation", c.uid or ""),
                meeting=meeting_ref,
                organizations=org,
                role=c.role_label,
                authoritative=c.authoritative,
                agenda_item=c.agenda_item,
            )
        )
    originator_persons, originator_orgs, direction = [], [], []
    for contact_id, target in ((data.submitter_id, "submitter"), (data.lead_office_id, "lead")):
        if not contact_id or contact_id not in contacts:
            continue
        contact = contacts[contact_id]
        if isinstance(contact, Person):
            if target == "submitter":  # the lead office is an office (see below), not a person
                originator_persons.append(person_ref(contact_id))
        else:
            ref = org_ref(contact_id, "Verwaltungsbereich")
            (originator_orgs if target == "submitter" else direction).append(ref)
    if not direction and data.lead_office:
        import uuid

        lead_uid = str(
            uuid.uuid5(uuid.NAMESPACE_URL, f"contactdesk:office:{body_uid}:{data.lead_office}")
        )
        organizations[-1] = oparl.OParlOrganization(
            ref=_ref("organization", lead_uid),
            name=data.lead_office,
            organization_type="Verwaltungsbereich",
        )
        direction.append(organizations[-1].ref)

    main_file = None
    if data.versions:
        v = data.versions[-1]
        content = version_pdf(session, v.id)
        main_file = oparl.OParlFile(
            ref=_ref("file", v.uid),
            name=f"{data.type_name} {data.reference} (Fassung {v.version})",
            file_name=f"{data.reference}.pdf",
            mime_type="application/pdf",
            size=v.size,
            created=v.released_at,
            sha1=hashlib.sha1(content).hexdigest(),
            text=pdfout.plain_text(data.body),
        )
    aux = []
    for a, row in zip(data.attachments, paper.attachments, strict=True):
        content = attachment_content(session, a.id)
        aux.append(
            oparl.OParlFile(
                ref=_ref("file", row.uid),
                name=a.title,
                file_name=a.filename,
                mime_type=a.mime_type,
                size=a.size,
                created=a.added_at,
                sha1=hashlib.sha1(content).hexdigest(),
            )
        )
    export = oparl.OParlPaper(
        ref=_ref("paper", data.uid or ""),
        body=_ref("body", body_uid),
        body_name=body_name,
        name=data.subject,
        reference=data.reference,
        paper_date=data.paper_date or date.today(),
        paper_type=data.type_name,
        consultations=consultations,
        originator_persons=originator_persons,
        originator_organizations=originator_orgs,
        under_direction_of=direction,
        main_file=main_file,
        auxiliary_files=aux,
        keywords=["öffentlich" if data.is_public else "nichtöffentlich"],
        public=data.is_public,
        created=data.created_at,
        modified=data.updated_at,
    )
    return oparl.export_paper(
        export,
        meetings,
        list(organizations.values()),
        list(persons.values()),
        base_url=base_url,
        exported_at=exported_at,
    )


def export_oparl(
    session: Session, paper_id: int, target: Path | str, *, base_url: str | None = None
) -> Path:
    return atomic_write(
        Path(target), oparl.to_json_bytes(oparl_export(session, paper_id, base_url=base_url))
    )
