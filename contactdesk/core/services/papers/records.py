"""Reading papers: load a row, turn it into PaperData (Beratungsfolge, links, versions, attachments)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import NotFoundError
from contactdesk.core.models import (
    Contact,
    Event,
    EventStatus,
    Paper,
    PaperAttachment,
    PaperType,
    PaperVersion,
    paper_agreement,
    paper_contact,
    paper_event,
)
from contactdesk.core.services.papers.data import (
    AttachmentInfo,
    ConsultationData,
    PaperData,
    PaperStatusChangeData,
    VersionInfo,
)


def type_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(PaperType.code, PaperType.name)).all())


def session_rows(session: Session, event_ids: list[int]) -> dict[int, Any]:
    if not event_ids:
        return {}
    return {
        r.id: r
        for r in session.execute(
            select(
                Event.id,
                Event.uid,
                Event.kind,
                Event.title,
                Event.start_utc,
                Event.end_utc,
                Event.tz,
                Event.committee_id,
                Event.is_public,
                Event.status,
                Event.rrule,
                Event.deleted_at,
                Event.location,
                Event.room,
                Event.created_at,
                Event.updated_at,
                Contact.display_name.label("committee_name"),
            )
            .outerjoin(Contact, Contact.id == Event.committee_id)
            .where(Event.id.in_(event_ids))
        )
    }


def local_time(start_utc: datetime, tz: str) -> datetime:
    return start_utc.astimezone(tzs.zone(tz))


def load_paper(session: Session, paper_id: int) -> Paper:
    paper = session.scalars(
        select(Paper)
        .where(Paper.id == paper_id)
        .options(
            selectinload(Paper.consultations),
            selectinload(Paper.attachments),
            selectinload(Paper.versions),
            selectinload(Paper.history),
        )
    ).one_or_none()
    if paper is None:
        raise NotFoundError("Die Vorlage wurde nicht gefunden. Vielleicht wurde sie gelöscht.")
    return paper


def linked_ids(session: Session, table: Any, column: str, paper_id: int) -> list[int]:
    return list(
        session.scalars(select(getattr(table.c, column)).where(table.c.paper_id == paper_id))
    )


def consultation_data(session: Session, paper: Paper) -> list[ConsultationData]:
    rows = session_rows(session, [c.event_id for c in paper.consultations])
    result = []
    for c in paper.consultations:
        row = rows[c.event_id]
        result.append(
            ConsultationData(
                event_id=c.event_id,
                role=c.role,
                agenda_item=c.agenda_item,
                result=c.result,
                public=c.is_public,
                votes_yes=c.votes_yes,
                votes_no=c.votes_no,
                votes_abstain=c.votes_abstain,
                id=c.id,
                uid=c.uid,
                committee_id=row.committee_id,
                committee_name=row.committee_name or "",
                session_title=row.title,
                start=local_time(row.start_utc, row.tz),
                is_public=row.is_public,
                cancelled=row.status == EventStatus.ABGESAGT.value,
            )
        )
    return result


def version_info(v: PaperVersion) -> VersionInfo:
    return VersionInfo(
        v.id,
        v.uid,
        v.version,
        v.released_on,
        v.released_at,
        v.reference,
        v.size,
        v.sha256,
        v.note,
        v.content_sha256 or "",
    )


def to_data(session: Session, paper: Paper) -> PaperData:
    data = _data(session, paper)
    data.row_version = paper.row_version
    latest = data.versions[-1] if data.versions else None
    if latest is not None and latest.content_sha256:
        # release builds on this module; imported here to keep the modules in layers
        from contactdesk.core.services.papers import release

        current = release.content_hash(release.print_data(session, data, draft=False))
        data.content_changed = current != latest.content_sha256
    return data


def _data(session: Session, paper: Paper) -> PaperData:
    return PaperData(
        id=paper.id,
        uid=paper.uid,
        reference=paper.reference,
        number=paper.number,
        year=paper.year,
        type_code=paper.type_code,
        type_name=type_names(session).get(paper.type_code, paper.type_code),
        subject=paper.subject,
        is_public=paper.is_public,
        paper_date=paper.paper_date,
        submitter=paper.submitter,
        submitter_id=paper.submitter_id,
        lead_office=paper.lead_office,
        lead_office_id=paper.lead_office_id,
        body=paper.body,
        financial_effects=paper.financial_effects,
        consultations=consultation_data(session, paper),
        proposal=paper.proposal or "",
        answer=paper.answer or "",
        clerk=paper.clerk or "",
        clerk_phone=paper.clerk_phone or "",
        file_number=paper.file_number or "",
        signed_by=paper.signed_by or "",
        signer_function=paper.signer_function or "",
        finance_product=paper.finance_product or "",
        finance_year=paper.finance_year,
        finance_amount=paper.finance_amount,
        contact_ids=linked_ids(session, paper_contact, "contact_id", paper.id),
        agreement_ids=linked_ids(session, paper_agreement, "agreement_id", paper.id),
        event_ids=linked_ids(session, paper_event, "event_id", paper.id),
        is_example=paper.is_example,
        status=paper.status,
        attachments=[attachment_info(a) for a in paper.attachments],
        versions=[version_info(v) for v in paper.versions],
        history=[
            PaperStatusChangeData(h.from_status, h.to_status, h.on_date, h.note, h.recorded_at)
            for h in paper.history
        ],
        created_at=paper.created_at,
        updated_at=paper.updated_at,
        deleted=paper.deleted_at is not None,
    )


def get_paper(session: Session, paper_id: int) -> PaperData:
    return to_data(session, load_paper(session, paper_id))


def attachment_info(row: PaperAttachment) -> AttachmentInfo:
    return AttachmentInfo(
        row.id,
        row.title,
        row.document_id,
        row.filename,
        row.mime_type,
        row.size,
        row.sha256,
        row.added_at,
    )
