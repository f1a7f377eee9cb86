"""The paper register: validate, list, create and update papers and their Beratungsfolge."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from contactdesk.core.errors import ConflictError, ValidationError
from contactdesk.core.models import (
    Agreement,
    Consultation,
    ConsultationRole,
    Contact,
    Event,
    EventKind,
    EventStatus,
    Paper,
    PaperStatusChange,
    PaperVersion,
    paper_agreement,
    paper_contact,
    paper_event,
    utcnow,
)
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services.papers.data import (
    FINAL,
    PS,
    STATUS_LABELS,
    ConsultationData,
    DeadlineRule,
    PaperData,
    PaperFilter,
    PaperRow,
)
from contactdesk.core.services.papers.deadlines import submission_deadline
from contactdesk.core.services.papers.numbering import assign_number, format_reference
from contactdesk.core.services.papers.records import (
    get_paper,
    load_paper,
    local_time,
    session_rows,
    to_data,
    type_names,
)
from contactdesk.core.team import versions

#: one-line text fields of a paper: (field, most characters, German name for the message)
TEXT_LIMITS = (
    ("clerk", 200, "Der Name der Bearbeiterin/des Bearbeiters"),
    ("clerk_phone", 60, "Die Telefonnummer der Bearbeitung"),
    ("file_number", 100, "Das Aktenzeichen"),
    ("signed_by", 200, "Der Name unter der Unterschrift"),
    ("signer_function", 200, "Die Funktion unter der Unterschrift"),
    ("finance_product", 100, "Produkt/Sachkonto"),
)


def validate(session: Session, data: PaperData) -> PaperData:
    """A cleaned copy; ValidationError with German messages for everything wrong."""
    errors: dict[str, str] = {}
    clean = dataclasses.replace(
        data,
        consultations=[dataclasses.replace(c) for c in data.consultations],
        contact_ids=list(dict.fromkeys(data.contact_ids)),
        agreement_ids=list(dict.fromkeys(data.agreement_ids)),
        event_ids=list(dict.fromkeys(data.event_ids)),
    )
    clean.subject = " ".join(clean.subject.split())
    clean.submitter = clean.submitter.strip()
    clean.lead_office = clean.lead_office.strip()
    clean.body = clean.body.replace("\r\n", "\n").strip("\n")
    if not clean.subject:
        errors["subject"] = (
            "Bitte geben Sie den Gegenstand der Vorlage ein (Mitteilungsgegenstand)."
        )
    elif len(clean.subject) > 500:
        errors["subject"] = "Der Gegenstand ist zu lang (höchstens 500 Zeichen)."
    if clean.type_code not in type_names(session):
        errors["type_code"] = f"Unbekannte Vorlagenart „{clean.type_code}“."
    if len(clean.submitter) > 200:
        errors["submitter"] = "Der Einreicher ist zu lang (höchstens 200 Zeichen)."
    if len(clean.lead_office) > 200:
        errors["lead_office"] = "Die federführende Stelle ist zu lang (höchstens 200 Zeichen)."
    for name, limit, label in TEXT_LIMITS:
        value = " ".join(str(getattr(clean, name) or "").split())
        setattr(clean, name, value)
        if len(value) > limit:
            errors[name] = f"{label} ist zu lang (höchstens {limit} Zeichen)."
    clean.proposal = (clean.proposal or "").replace("\r\n", "\n").strip("\n")
    clean.answer = (clean.answer or "").replace("\r\n", "\n").strip("\n")
    if clean.finance_year is not None and not 1990 <= clean.finance_year <= 2100:
        errors["finance_year"] = (
            f"Das Haushaltsjahr {clean.finance_year} ist nicht plausibel (1990 bis 2100)."
        )
    if clean.finance_amount is not None:
        try:
            amount = Decimal(str(clean.finance_amount)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors["finance_amount"] = "Der Betrag ist keine Zahl (z. B. 1250,00)."
        else:
            if abs(amount) >= Decimal("1e12"):
                errors["finance_amount"] = "Der Betrag ist zu groß."
            clean.finance_amount = amount
    for index, c in enumerate(clean.consultations):
        c.agenda_item = c.agenda_item.strip()
        if c.role not in {r.value for r in ConsultationRole}:
            errors[f"consultations.{index}"] = f"Unbekannte Zuständigkeit „{c.role}“."
        for votes in (c.votes_yes, c.votes_no, c.votes_abstain):
            if votes is not None and not 0 <= votes <= 10000:
                errors[f"consultations.{index}"] = (
                    "Die Stimmenzahlen müssen ganze Zahlen ab 0 sein (ja, nein, Enthaltung)."
                )
    if errors:
        raise ValidationError(errors)
    _check_consultations(session, clean.consultations)
    _check_links(session, clean)
    return clean


def _check_consultations(session: Session, consultations: list[ConsultationData]) -> None:
    rows = session_rows(session, [c.event_id for c in consultations])
    seen: set[int] = set()
    previous: tuple[datetime, str] | None = None
    for index, c in enumerate(consultations):
        key = f"consultations.{index}"
        row = rows.get(c.event_id)
        if (
            row is None
            or row.deleted_at is not None
            or row.kind != EventKind.GREMIENSITZUNG.value
            or row.committee_id is None
        ):
            raise ValidationError(
                {
                    key: "Eine Vorlage kann nur auf eine Sitzung eines Gremiums gesetzt werden, "
                    "die es im Terminplan gibt. Bitte legen Sie die Sitzung zuerst unter "
                    "„Termine“ an."
                }
            )
        if row.rrule:
            raise ValidationError(
                {key: "Bitte wählen Sie einen einzelnen Sitzungstermin, nicht eine ganze Serie."}
            )
        if c.event_id in seen:
            raise ValidationError({key: "Dieselbe Sitzung steht zweimal in der Beratungsfolge."})
        seen.add(c.event_id)
        start = local_time(row.start_utc, row.tz)
        name = row.committee_name or row.title
        if previous is not None and row.start_utc < previous[0]:
            before = local_time(previous[0], row.tz)
            raise ValidationError(
                {
                    key: f"Die Beratungsfolge geht zeitlich zurück: „{name}“ am "
                    f"{start:%d.%m.%Y} liegt vor „{previous[1]}“ am {before:%d.%m.%Y}. "
                    "Bitte ordnen Sie die Sitzungen nach ihrem Datum."
                }
            )
        previous = (row.start_utc, name)


def _check_links(session: Session, data: PaperData) -> None:
    contact_ids = set(data.contact_ids) | {i for i in (data.submitter_id, data.lead_office_id) if i}
    if contact_ids:
        found = set(session.scalars(select(Contact.id).where(Contact.id.in_(contact_ids))))
        if found != contact_ids:
            raise ValidationError(
                {"contact_ids": "Ein verknüpfter Kontakt existiert nicht mehr im Kontaktregister."}
            )
    if data.agreement_ids:
        found = set(
            session.scalars(select(Agreement.id).where(Agreement.id.in_(data.agreement_ids)))
        )
        if found != set(data.agreement_ids):
            raise ValidationError({"agreement_ids": "Eine verknüpfte Vereinbarung fehlt."})
    if data.event_ids:
        found = set(session.scalars(select(Event.id).where(Event.id.in_(data.event_ids))))
        if found != set(data.event_ids):
            raise ValidationError({"event_ids": "Ein verknüpfter Termin fehlt."})


def list_papers(
    session: Session,
    flt: PaperFilter | None = None,
    *,
    today: date | None = None,
    rule: DeadlineRule | None = None,
) -> list[PaperRow]:
    """The paper list, newest first, with the next session and its deadline state."""
    flt = flt or PaperFilter()
    today = today or date.today()
    rule = rule or DeadlineRule()
    stmt = select(Paper)
    if not flt.include_deleted:
        stmt = stmt.where(Paper.deleted_at.is_(None))
    if flt.status:
        stmt = stmt.where(Paper.status == flt.status)
    if flt.type_code:
        stmt = stmt.where(Paper.type_code == flt.type_code)
    if flt.year:
        stmt = stmt.where(Paper.year == flt.year)
    if flt.event_id:
        stmt = stmt.where(
            Paper.id.in_(select(Consultation.paper_id).where(Consultation.event_id == flt.event_id))
        )
    if flt.text.strip():
        needle = f"%{flt.text.strip()}%"
        stmt = stmt.where(or_(Paper.subject.ilike(needle), Paper.reference.ilike(needle)))
    papers = list(
        session.scalars(stmt.order_by(Paper.year.desc(), Paper.type_code, Paper.number.desc()))
    )
    ids = [p.id for p in papers]
    versions = dict(
        session.execute(
            select(PaperVersion.paper_id, func.count())
            .where(PaperVersion.paper_id.in_(ids))
            .group_by(PaperVersion.paper_id)
        ).all()
    )
    sessions: dict[int, list[Any]] = {}
    for r in session.execute(
        select(
            Consultation.paper_id,
            Event.start_utc,
            Event.tz,
            Contact.display_name,
        )
        .join(Event, Event.id == Consultation.event_id)
        .outerjoin(Contact, Contact.id == Event.committee_id)
        .where(
            Consultation.paper_id.in_(ids),
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
        )
        .order_by(Event.start_utc)
    ):
        sessions.setdefault(r.paper_id, []).append(r)
    names = type_names(session)
    result = []
    for p in papers:
        upcoming = [
            r for r in sessions.get(p.id, []) if local_time(r.start_utc, r.tz).date() >= today
        ]
        nxt = upcoming[0] if upcoming else None
        day = local_time(nxt.start_utc, nxt.tz).date() if nxt else None
        deadline = submission_deadline(day, rule) if day else None
        state = ""
        if deadline and p.status == PS.ENTWURF.value:
            left = (deadline - today).days
            state = "verspaetet" if left < 0 else ("knapp" if left <= rule.warn_days else "")
        result.append(
            PaperRow(
                id=p.id,
                reference=p.reference,
                type_code=p.type_code,
                type_name=names.get(p.type_code, p.type_code),
                subject=p.subject,
                status=p.status,
                status_label=STATUS_LABELS.get(p.status, p.status),
                is_public=p.is_public,
                paper_date=p.paper_date,
                versions=versions.get(p.id, 0),
                next_session=day,
                next_committee=(nxt.display_name or "") if nxt else "",
                deadline=deadline,
                deadline_state=state,
                deleted=p.deleted_at is not None,
            )
        )
    return result


def suggest_financial_effects(session: Session, agreement_ids: list[int]) -> str:
    """'keine', or the amounts of the linked agreements (one line each)."""
    lines = []
    for agreement_id in agreement_ids:
        data = agreement_service.get_agreement(session, agreement_id)
        effect = agreement_service.financial_effects(data)
        if effect != "keine":
            lines.append(f"- {data.title}: {effect}")
    return "\n".join(lines) if lines else "keine"


def _apply(session: Session, paper: Paper, clean: PaperData) -> None:
    paper.is_public = clean.is_public
    paper.submitter = clean.submitter
    paper.submitter_id = clean.submitter_id
    paper.lead_office = clean.lead_office
    paper.lead_office_id = clean.lead_office_id
    paper.subject = clean.subject
    paper.body = clean.body
    paper.financial_effects = (clean.financial_effects or "").strip() or suggest_financial_effects(
        session, clean.agreement_ids
    )
    paper.is_example = clean.is_example
    paper.proposal = clean.proposal
    paper.answer = clean.answer
    paper.clerk = clean.clerk
    paper.clerk_phone = clean.clerk_phone
    paper.file_number = clean.file_number
    paper.signed_by = clean.signed_by
    paper.signer_function = clean.signer_function
    paper.finance_product = clean.finance_product
    paper.finance_year = clean.finance_year
    paper.finance_amount = clean.finance_amount
    existing = {c.event_id: c for c in paper.consultations}
    rows = []
    for position, c in enumerate(clean.consultations):
        row = existing.get(c.event_id) or Consultation(event_id=c.event_id)
        row.position = position
        row.role = c.role
        row.agenda_item = c.agenda_item
        row.result = c.result
        row.is_public = c.public
        row.votes_yes = c.votes_yes
        row.votes_no = c.votes_no
        row.votes_abstain = c.votes_abstain
        rows.append(row)
    paper.consultations = rows
    session.flush()
    for table, column, values in (
        (paper_contact, "contact_id", clean.contact_ids),
        (paper_agreement, "agreement_id", clean.agreement_ids),
        (paper_event, "event_id", clean.event_ids),
    ):
        session.execute(delete(table).where(table.c.paper_id == paper.id))
        if values:
            session.execute(insert(table), [{"paper_id": paper.id, column: v} for v in values])


def create_paper(
    session: Session,
    data: PaperData,
    *,
    number: int | None = None,
    number_format: str | None = None,
) -> PaperData:
    """A new paper in status Entwurf with the next number of its type and year.

    `number` is for recording a historical paper with its known number (M006-2021); it must be
    above every number of that type and year handed out so far.
    """
    clean = validate(session, data)
    paper_date = clean.paper_date or date.today()
    assigned = assign_number(session, clean.type_code, paper_date.year, number)
    paper = Paper(
        type_code=clean.type_code,
        year=paper_date.year,
        number=assigned,
        reference=format_reference(clean.type_code, assigned, paper_date.year, number_format),
        paper_date=paper_date,
        status=PS.ENTWURF.value,
    )
    if clean.uid:
        paper.uid = clean.uid
    paper.history = [
        PaperStatusChange(
            from_status=None,
            to_status=PS.ENTWURF.value,
            on_date=paper_date,
            note="angelegt",
            recorded_at=utcnow(),
        )
    ]
    session.add(paper)
    _apply(session, paper, clean)
    session.flush()
    return to_data(session, paper)


def update_paper(
    session: Session, paper_id: int, data: PaperData, *, expected_version: int | None = None
) -> PaperData:
    """Save the editor's fields. Type, number and year stay; released PDFs stay as they were.
    `expected_version` refuses the save when someone else saved the paper meanwhile."""
    paper = load_paper(session, paper_id)
    versions.check(session, paper, expected_version)
    if paper.status in FINAL:
        raise ConflictError(
            f"Die Vorlage {paper.reference} ist {STATUS_LABELS[paper.status]} und kann nicht mehr "
            "geändert werden."
        )
    clean = validate(session, dataclasses.replace(data, type_code=paper.type_code))
    if clean.paper_date and clean.paper_date.year != paper.year:
        raise ValidationError(
            {
                "paper_date": f"Das Datum muss im Jahr {paper.year} liegen, denn die Nummer "
                f"{paper.reference} gehört zu diesem Jahr."
            }
        )
    if clean.paper_date:
        paper.paper_date = clean.paper_date
    _apply(session, paper, clean)
    paper.updated_at = utcnow()
    session.flush()
    return to_data(session, paper)


def set_consultations(
    session: Session, paper_id: int, consultations: list[ConsultationData]
) -> PaperData:
    """Replace the Beratungsfolge (in order); refuses sessions that go back in time."""
    data = get_paper(session, paper_id)
    data.consultations = consultations
    return update_paper(session, paper_id, data)
