"""The agreement register: read one agreement or the list (with each one's next deadline),
the agreements of a contact, the deadlines due soon; create, change, delete and restore.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from contactdesk.core import deadlines, due
from contactdesk.core.due import RUNNING, AgreementTerms, DueItem
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.models import (
    Agreement,
    AgreementParty,
    Contact,
    PartyRole,
    StatusChange,
    utcnow,
)
from contactdesk.core.services.agreements.data import (
    AgreementData,
    AgreementFilter,
    AgreementRow,
    PartyData,
    StatusChangeData,
    document_info,
)
from contactdesk.core.services.agreements.validation import check_contacts, validate
from contactdesk.core.team import versions


def load_agreement(session: Session, agreement_id: int) -> Agreement:
    """The agreement with its parties, history and documents; NotFoundError if it is gone."""
    agreement = session.scalars(
        select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(
            selectinload(Agreement.parties),
            selectinload(Agreement.history),
            selectinload(Agreement.documents),
        )
    ).one_or_none()
    if agreement is None:
        raise NotFoundError("Die Vereinbarung wurde nicht gefunden. Vielleicht wurde sie gelöscht.")
    return agreement


def to_data(session: Session, agreement: Agreement) -> AgreementData:
    """AgreementData of a loaded agreement, with the stored version the editor saves against."""
    data = _build_data(session, agreement)
    data.row_version = agreement.row_version
    return data


def _build_data(session: Session, agreement: Agreement) -> AgreementData:
    ids = [p.contact_id for p in agreement.parties]
    if agreement.signed_for_town_by_id:
        ids.append(agreement.signed_for_town_by_id)
    contacts = {
        r.id: r
        for r in session.execute(
            select(Contact.id, Contact.display_name, Contact.kind, Contact.deleted_at).where(
                Contact.id.in_(ids)
            )
        )
    }
    signer = contacts.get(agreement.signed_for_town_by_id or -1)
    return AgreementData(
        id=agreement.id,
        uid=agreement.uid,
        title=agreement.title,
        kind=agreement.kind,
        reference=agreement.reference,
        description=agreement.description,
        status=agreement.status,
        signed_on=agreement.signed_on,
        signed_for_town_by_id=agreement.signed_for_town_by_id,
        signed_for_town_by=signer.display_name if signer else "",
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        renewal_months=agreement.renewal_months,
        notice_months=agreement.notice_months,
        notice_to=agreement.notice_to,
        amount_once=agreement.amount_once,
        amount_yearly=agreement.amount_yearly,
        is_example=agreement.is_example,
        parties=[
            PartyData(
                contact_id=p.contact_id,
                role=p.role,
                contact_name=contacts[p.contact_id].display_name,
                contact_kind=contacts[p.contact_id].kind,
                contact_deleted=contacts[p.contact_id].deleted_at is not None,
            )
            for p in agreement.parties
        ],
        history=[
            StatusChangeData(h.from_status, h.to_status, h.on_date, h.note, h.recorded_at)
            for h in agreement.history
        ],
        documents=[document_info(d) for d in agreement.documents if d.removed_at is None],
        deleted=agreement.deleted_at is not None,
    )


def get_agreement(session: Session, agreement_id: int) -> AgreementData:
    return to_data(session, load_agreement(session, agreement_id))


def _next_deadline(a: Agreement, today: date) -> date | None:
    if a.status not in RUNNING:
        return None
    terms = deadlines.Terms(
        a.valid_from, a.valid_until, a.renewal_months, a.notice_months, a.notice_to
    )
    candidates = []
    notice = deadlines.next_notice_deadline(terms, today)
    if notice:
        candidates.append(notice[0])
    end = deadlines.current_term_end(terms, today)
    if end:
        candidates.append(end)
    return min(candidates) if candidates else None


def list_agreements(
    session: Session, flt: AgreementFilter | None = None, *, today: date | None = None
) -> list[AgreementRow]:
    flt = flt or AgreementFilter()
    today = today or date.today()
    stmt = select(Agreement).options(selectinload(Agreement.parties))
    if not flt.include_deleted:
        stmt = stmt.where(Agreement.deleted_at.is_(None))
    if flt.status:
        stmt = stmt.where(Agreement.status == flt.status)
    if flt.kind:
        stmt = stmt.where(Agreement.kind == flt.kind)
    if flt.party_id:
        stmt = stmt.where(
            Agreement.id.in_(
                select(AgreementParty.agreement_id).where(AgreementParty.contact_id == flt.party_id)
            )
            | (Agreement.signed_for_town_by_id == flt.party_id)
        )
    agreements = list(session.scalars(stmt.order_by(Agreement.title, Agreement.id)))
    names = {
        cid: name
        for cid, name in session.execute(
            select(Contact.id, Contact.display_name).where(
                Contact.id.in_({p.contact_id for a in agreements for p in a.parties})
            )
        )
    }
    return [
        AgreementRow(
            id=a.id,
            title=a.title,
            kind=a.kind,
            status=a.status,
            reference=a.reference,
            parties=", ".join(
                names.get(p.contact_id, "?")
                for p in a.parties
                if p.role == PartyRole.VERTRAGSPARTNER.value
            ),
            signed_on=a.signed_on,
            valid_until=a.valid_until,
            next_deadline=_next_deadline(a, today),
            amount_yearly=a.amount_yearly,
            amount_once=a.amount_once,
        )
        for a in agreements
    ]


def agreements_for_contact(session: Session, contact_id: int) -> list[AgreementRow]:
    """Agreements that name the contact as a party or as the town's signatory."""
    return list_agreements(session, AgreementFilter(party_id=contact_id))


def due_items(session: Session, *, today: date | None = None, days: int = 90) -> list[DueItem]:
    """Notice deadlines, renewals and expiries of running agreements within `days`, by date."""
    if days < 0:
        raise ValidationError({"days": "Der Zeitraum kann nicht negativ sein."})
    today = today or date.today()
    horizon = date.fromordinal(today.toordinal() + days)
    items: list[DueItem] = []
    stmt = select(Agreement).where(Agreement.deleted_at.is_(None), Agreement.status.in_(RUNNING))
    for a in session.scalars(stmt):
        terms = AgreementTerms(
            a.id,
            a.uid,
            a.title,
            a.status,
            a.valid_from,
            a.valid_until,
            a.renewal_months,
            a.notice_months,
            a.notice_to,
        )
        items += due.items_of(terms, today, horizon)
    return due.sort_items(items)


# --------------------------------------------------------------------------- write


def _apply(agreement: Agreement, data: AgreementData) -> None:
    agreement.title = data.title
    agreement.kind = data.kind
    agreement.reference = data.reference
    agreement.description = data.description
    agreement.signed_on = data.signed_on
    agreement.signed_for_town_by_id = data.signed_for_town_by_id
    agreement.valid_from = data.valid_from
    agreement.valid_until = data.valid_until
    agreement.renewal_months = data.renewal_months
    agreement.notice_months = data.notice_months
    agreement.notice_to = data.notice_to
    agreement.amount_once = data.amount_once
    agreement.amount_yearly = data.amount_yearly
    agreement.is_example = data.is_example
    agreement.parties = [
        AgreementParty(contact_id=p.contact_id, role=p.role, position=i)
        for i, p in enumerate(data.parties)
    ]


def create_agreement(session: Session, data: AgreementData) -> AgreementData:
    clean = validate(data)
    check_contacts(session, clean, set())
    agreement = Agreement(status=clean.status)
    if clean.uid:
        agreement.uid = clean.uid
    _apply(agreement, clean)
    agreement.history = [
        StatusChange(
            from_status=None,
            to_status=clean.status,
            on_date=date.today(),
            note="angelegt",
            recorded_at=utcnow(),
        )
    ]
    session.add(agreement)
    session.flush()
    return to_data(session, agreement)


def update_agreement(
    session: Session,
    agreement_id: int,
    data: AgreementData,
    *,
    expected_version: int | None = None,
) -> AgreementData:
    """Change everything but the status (which moves only through change_status);
    `expected_version` refuses the save when someone else saved it meanwhile."""
    agreement = load_agreement(session, agreement_id)
    versions.check(session, agreement, expected_version)
    clean = validate(dataclasses.replace(data, status=agreement.status))
    check_contacts(session, clean, {p.contact_id for p in agreement.parties})
    _apply(agreement, clean)
    session.flush()
    return to_data(session, agreement)


def delete_agreement(session: Session, agreement_id: int) -> AgreementData:
    agreement = load_agreement(session, agreement_id)
    agreement.deleted_at = utcnow()
    return to_data(session, agreement)


def restore_agreement(session: Session, agreement_id: int) -> AgreementData:
    agreement = load_agreement(session, agreement_id)
    agreement.deleted_at = None
    return to_data(session, agreement)
