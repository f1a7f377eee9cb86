"""Agreements register use cases: agreements, parties, status workflow, deadlines, documents.

Documents are stored inside the database (table document_blob) rather than in a folder next to
it: one file holds everything, so a backup or a copy of the database is always complete, an
import or a crash can never leave a row without its file or a file without its row, and every
write is part of the same transaction. Each document keeps its SHA-256; reading it back checks
the hash, so a changed or missing content is reported and never silently replaced.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from contactdesk.core import deadlines, due
from contactdesk.core.due import DUE_LABELS as DUE_LABELS  # re-exported: callers import them here
from contactdesk.core.due import RUNNING, AgreementTerms, DueItem
from contactdesk.core.due import DueKind as DueKind
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError, os_reason
from contactdesk.core.jsonable import jsonable
from contactdesk.core.labels import AGREEMENT_STATUS, source_label
from contactdesk.core.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Contact,
    Document,
    DocumentBlob,
    NoticeTo,
    PartyRole,
    StatusChange,
    utcnow,
)
from contactdesk.core.team import versions

#: Largest attachment accepted (the signed PDF and annexes; scans stay far below).
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
CENT = Decimal("0.01")

S = AgreementStatus
#: The status workflow: which status may follow which.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.ENTWURF: (S.IN_ABSTIMMUNG, S.UNTERZEICHNET, S.AUFGEHOBEN),
    S.IN_ABSTIMMUNG: (S.ENTWURF, S.UNTERZEICHNET, S.AUFGEHOBEN),
    S.UNTERZEICHNET: (S.AKTIV, S.AUFGEHOBEN),
    S.AKTIV: (S.GEKUENDIGT, S.AUSGELAUFEN, S.AUFGEHOBEN),
    S.GEKUENDIGT: (S.AUSGELAUFEN,),
    S.AUSGELAUFEN: (),
    S.AUFGEHOBEN: (),
}


@dataclass
class PartyData:
    contact_id: int
    role: str = PartyRole.VERTRAGSPARTNER.value
    # read-only
    contact_name: str = ""
    contact_kind: str = ""
    contact_deleted: bool = False


@dataclass(frozen=True)
class StatusChangeData:
    from_status: str | None
    to_status: str
    on_date: date
    note: str
    recorded_at: datetime


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    agreement_id: int
    filename: str
    mime_type: str
    size: int
    sha256: str
    note: str
    added_at: datetime


@dataclass
class AgreementData:
    title: str = ""
    kind: str = AgreementKind.SONSTIGE.value
    id: int | None = None
    uid: str | None = None
    reference: str = ""
    description: str = ""
    status: str = AgreementStatus.ENTWURF.value
    signed_on: date | None = None
    signed_for_town_by_id: int | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    renewal_months: int | None = None
    notice_months: int | None = None
    notice_to: str | None = None
    amount_once: Decimal | None = None
    amount_yearly: Decimal | None = None
    is_example: bool = False
    parties: list[PartyData] = field(default_factory=list)
    # read-only
    signed_for_town_by: str = ""
    history: list[StatusChangeData] = field(default_factory=list)
    documents: list[DocumentInfo] = field(default_factory=list)
    deleted: bool = False
    #: read-only: the stored version the editor read (optimistic locking, core/team/versions.py)
    row_version: int | None = None

    @property
    def terms(self) -> deadlines.Terms:
        return deadlines.Terms(
            self.valid_from,
            self.valid_until,
            self.renewal_months,
            self.notice_months,
            self.notice_to,
        )

    @property
    def has_costs(self) -> bool:
        return bool(self.amount_once) or bool(self.amount_yearly)

    def to_dict(self) -> dict[str, Any]:
        return jsonable(dataclasses.asdict(self))


@dataclass(frozen=True)
class AgreementRow:
    id: int
    title: str
    kind: str
    status: str
    reference: str
    parties: str
    signed_on: date | None
    valid_until: date | None
    next_deadline: date | None
    amount_yearly: Decimal | None
    amount_once: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return jsonable(dataclasses.asdict(self))


@dataclass(frozen=True)
class AgreementFilter:
    status: str | None = None
    kind: str | None = None
    party_id: int | None = None
    include_deleted: bool = False


class DocumentIntegrityError(ConflictError):
    """A stored document no longer matches its SHA-256, or its content is gone."""


# --------------------------------------------------------------------------- parsing helpers


def parse_amount(text: str, field: str = "amount") -> Decimal | None:
    """A euro amount typed the German way ("1.234,50", "1234,5 €", "keine") as Decimal.

    A ValidationError names `field`, so an editor can show it at the right input.
    """
    cleaned = text.strip().replace("€", "").replace("EUR", "").replace(" ", "").strip()
    if not cleaned or cleaned.casefold() in {"keine", "-", "0", "0,00"}:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError(
            {field: f"„{text}“ ist kein Geldbetrag. Bitte z. B. 1.250,00 eingeben."}
        ) from exc
    return value


def format_amount(value: Decimal | None) -> str:
    """German form with two decimals and the euro sign, or "keine"."""
    if value is None or value == 0:
        return "keine"
    quantized = value.quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{quantized:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} €"


def financial_effects(data: AgreementData) -> str:
    """'keine' or the amounts, for the committee papers' Finanzielle Auswirkungen."""
    parts = []
    if data.amount_once:
        parts.append(f"einmalig {format_amount(data.amount_once)}")
    if data.amount_yearly:
        parts.append(f"jährlich {format_amount(data.amount_yearly)}")
    return ", ".join(parts) or "keine"


# --------------------------------------------------------------------------- validation


def validate(data: AgreementData) -> AgreementData:
    errors: dict[str, str] = {}
    clean = dataclasses.replace(data, parties=[dataclasses.replace(p) for p in data.parties])
    clean.title = clean.title.strip()
    clean.reference = clean.reference.strip()
    if not clean.title:
        errors["title"] = "Bitte geben Sie einen Titel für die Vereinbarung ein."
    if clean.kind not in {k.value for k in AgreementKind}:
        errors["kind"] = f"Unbekannte Art der Vereinbarung „{clean.kind}“."
    if clean.status not in {s.value for s in AgreementStatus}:
        errors["status"] = f"Unbekannter Status „{clean.status}“."
    if clean.valid_from and clean.valid_until and clean.valid_until < clean.valid_from:
        errors["valid_until"] = (
            "Das Ende der Laufzeit liegt vor ihrem Beginn. Bitte prüfen Sie „gültig bis“."
        )
    for name, value in (
        ("renewal_months", clean.renewal_months),
        ("notice_months", clean.notice_months),
    ):
        if value is not None and not 1 <= value <= 120:
            errors[name] = "Bitte eine Anzahl von Monaten zwischen 1 und 120 angeben."
    if clean.renewal_months and clean.valid_until is None:
        errors["renewal_months"] = (
            "Eine automatische Verlängerung braucht ein Laufzeitende („gültig bis“)."
        )
    if clean.notice_months and not clean.notice_to:
        clean.notice_to = (
            NoticeTo.LAUFZEITENDE.value if clean.valid_until else NoticeTo.JAHRESENDE.value
        )
    if clean.notice_to and clean.notice_to not in {n.value for n in NoticeTo}:
        errors["notice_to"] = f"Unbekannter Kündigungstermin „{clean.notice_to}“."
    if clean.notice_to and not clean.notice_months:
        clean.notice_to = None
    if (
        "notice_months" not in errors
        and clean.notice_months
        and clean.valid_from
        and clean.valid_until
        and clean.valid_until >= clean.valid_from
    ):
        term = deadlines.term_months(clean.valid_from, clean.valid_until)
        if clean.notice_months > term:
            errors["notice_months"] = (
                f"Die Kündigungsfrist ({clean.notice_months} Monate) ist länger als die "
                f"Laufzeit ({term} Monate)."
            )
    for name in ("amount_once", "amount_yearly"):
        value = getattr(clean, name)
        if value is None:
            continue
        if isinstance(value, float):
            errors[name] = "Beträge bitte als Dezimalzahl, nicht als Gleitkommazahl."
            continue
        amount = Decimal(value)
        if amount < 0:
            errors[name] = "Ein Betrag kann nicht negativ sein."
        elif amount >= Decimal("10000000000"):
            errors[name] = "Der Betrag ist zu groß."
        else:
            setattr(clean, name, amount.quantize(CENT, rounding=ROUND_HALF_UP) or None)
    seen = set()
    for index, party in enumerate(clean.parties):
        if party.role not in {r.value for r in PartyRole}:
            errors[f"parties.{index}"] = f"Unbekannte Rolle „{party.role}“."
        key = (party.contact_id, party.role)
        if key in seen:
            errors[f"parties.{index}"] = "Derselbe Kontakt steht zweimal mit derselben Rolle da."
        seen.add(key)
    if clean.signed_on and clean.valid_until and clean.signed_on > clean.valid_until:
        errors["signed_on"] = "Die Unterzeichnung liegt nach dem Ende der Laufzeit."
    if errors:
        raise ValidationError(errors)
    return clean


def _check_contacts(session: Session, data: AgreementData, existing: set[int]) -> None:
    ids = {p.contact_id for p in data.parties} | (
        {data.signed_for_town_by_id} if data.signed_for_town_by_id else set()
    )
    if not ids:
        return
    rows = {
        r.id: r
        for r in session.execute(
            select(Contact.id, Contact.deleted_at, Contact.kind).where(Contact.id.in_(ids))
        )
    }
    for index, party in enumerate(data.parties):
        row = rows.get(party.contact_id)
        # A party that was deleted after it was named may stay; a new one must be live.
        if row is None or (row.deleted_at is not None and party.contact_id not in existing):
            raise ValidationError(
                {f"parties.{index}": "Ein Vertragspartner existiert nicht mehr im Kontaktregister."}
            )
    if data.signed_for_town_by_id:
        row = rows.get(data.signed_for_town_by_id)
        if row is None or row.kind != "person":
            raise ValidationError(
                {"signed_for_town_by_id": "Für die Stadt kann nur eine Person unterzeichnen."}
            )


# --------------------------------------------------------------------------- read


def _load(session: Session, agreement_id: int) -> Agreement:
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


def _doc_info(doc: Document) -> DocumentInfo:
    return DocumentInfo(
        id=doc.id,
        agreement_id=doc.agreement_id,
        filename=doc.filename,
        mime_type=doc.mime_type,
        size=doc.size,
        sha256=doc.sha256,
        note=doc.note,
        added_at=doc.added_at,
    )


def _to_data(session: Session, agreement: Agreement) -> AgreementData:
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
        documents=[_doc_info(d) for d in agreement.documents if d.removed_at is None],
        deleted=agreement.deleted_at is not None,
    )


def get_agreement(session: Session, agreement_id: int) -> AgreementData:
    return _to_data(session, _load(session, agreement_id))


def allowed_transitions(status: str) -> tuple[str, ...]:
    return tuple(s.value if hasattr(s, "value") else s for s in TRANSITIONS.get(status, ()))


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
    _check_contacts(session, clean, set())
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
    return _to_data(session, agreement)


def update_agreement(
    session: Session,
    agreement_id: int,
    data: AgreementData,
    *,
    expected_version: int | None = None,
) -> AgreementData:
    """Change everything but the status (which moves only through change_status);
    `expected_version` refuses the save when someone else saved it meanwhile."""
    agreement = _load(session, agreement_id)
    versions.check(session, agreement, expected_version)
    clean = validate(dataclasses.replace(data, status=agreement.status))
    _check_contacts(session, clean, {p.contact_id for p in agreement.parties})
    _apply(agreement, clean)
    session.flush()
    return _to_data(session, agreement)


def change_status(
    session: Session,
    agreement_id: int,
    to_status: str,
    *,
    on_date: date | None = None,
    note: str = "",
) -> AgreementData:
    agreement = _load(session, agreement_id)
    on_date = on_date or date.today()
    if to_status not in allowed_transitions(agreement.status):
        raise ConflictError(
            f"Eine Vereinbarung im Status „{source_label(AGREEMENT_STATUS, agreement.status)}“ kann "
            f"nicht auf „{source_label(AGREEMENT_STATUS, to_status)}“ gesetzt werden."
        )
    # The creation entry is dated the day of entry; past agreements may be recorded later.
    steps = [h for h in agreement.history if h.from_status is not None]
    if steps and on_date < steps[-1].on_date:
        raise ValidationError(
            {"on_date": "Das Datum liegt vor dem letzten Statuswechsel dieser Vereinbarung."}
        )
    fill_signed = to_status == S.UNTERZEICHNET.value and agreement.signed_on is None
    fill_valid = to_status == S.AKTIV.value and agreement.valid_from is None
    if fill_signed:
        agreement.signed_on = on_date
    if fill_valid:
        agreement.valid_from = on_date
    agreement.history.append(
        StatusChange(
            from_status=agreement.status,
            to_status=to_status,
            on_date=on_date,
            note=note.strip(),
            recorded_at=utcnow(),
            filled_signed_on=fill_signed,
            filled_valid_from=fill_valid,
        )
    )
    agreement.status = to_status
    session.flush()
    return _to_data(session, agreement)


def revert_status_change(session: Session, agreement_id: int) -> AgreementData:
    """Undo the last status change: drop its history entry and restore the status before."""
    agreement = _load(session, agreement_id)
    if len(agreement.history) < 2:
        raise ConflictError("Es gibt keinen Statuswechsel, der rückgängig gemacht werden kann.")
    last = agreement.history.pop()
    agreement.status = last.from_status or S.ENTWURF.value
    if last.filled_signed_on:
        agreement.signed_on = None
    if last.filled_valid_from:
        agreement.valid_from = None
    session.flush()
    return _to_data(session, agreement)


def delete_agreement(session: Session, agreement_id: int) -> AgreementData:
    agreement = _load(session, agreement_id)
    agreement.deleted_at = utcnow()
    return _to_data(session, agreement)


def restore_agreement(session: Session, agreement_id: int) -> AgreementData:
    agreement = _load(session, agreement_id)
    agreement.deleted_at = None
    return _to_data(session, agreement)


# --------------------------------------------------------------------------- documents


def add_document(
    session: Session, agreement_id: int, source: Path | str, *, note: str = ""
) -> DocumentInfo:
    """Copy a file into the database; refuse unreadable, empty-named or oversized files."""
    path = Path(source)
    agreement = _load(session, agreement_id)
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ValidationError({"document": f"Die Datei „{path}“ gibt es nicht."}) from exc
    except OSError as exc:
        raise ValidationError(
            {"document": f"Die Datei „{path.name}“ kann nicht gelesen werden ({os_reason(exc)})."}
        ) from exc
    if not path.is_file():
        raise ValidationError({"document": f"„{path.name}“ ist keine Datei."})
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {
                "document": f"Die Datei „{path.name}“ ist {size / 1024 / 1024:.0f} MB groß; "
                f"erlaubt sind höchstens {MAX_DOCUMENT_BYTES // 1024 // 1024} MB."
            }
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            {"document": f"Die Datei „{path.name}“ kann nicht gelesen werden ({os_reason(exc)})."}
        ) from exc
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    doc = Document(
        filename=path.name,
        mime_type=mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        note=note.strip(),
        added_at=utcnow(),
        blob=DocumentBlob(content=content),
    )
    agreement.documents.append(doc)
    session.flush()
    return _doc_info(doc)


def _document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFoundError("Das Dokument wurde nicht gefunden.")
    return doc


def document_content(session: Session, document_id: int) -> bytes:
    """The stored bytes, checked against size and SHA-256."""
    doc = _document(session, document_id)
    content = session.scalar(
        select(DocumentBlob.content).where(DocumentBlob.document_id == document_id)
    )
    if content is None:
        raise DocumentIntegrityError(
            f"Der Inhalt des Dokuments „{doc.filename}“ fehlt in der Datenbank. "
            "Bitte hängen Sie die Datei erneut an oder stellen Sie eine Datensicherung wieder her."
        )
    if len(content) != doc.size or hashlib.sha256(content).hexdigest() != doc.sha256:
        raise DocumentIntegrityError(
            f"Das Dokument „{doc.filename}“ wurde verändert oder ist beschädigt "
            "(Prüfsumme stimmt nicht). Es wird nicht geöffnet. Bitte stellen Sie eine "
            "Datensicherung wieder her."
        )
    return content


def export_document(session: Session, document_id: int, target_dir: Path) -> Path:
    """Write the checked document to `target_dir` (atomically) and return its path."""
    doc = _document(session, document_id)
    content = document_content(session, document_id)
    target_dir.mkdir(parents=True, exist_ok=True)
    safe_name = "".join(ch if ch not in '<>:"/\\|?*' else "_" for ch in doc.filename) or "dokument"
    target = target_dir / safe_name
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, target)
    return target


def verify_documents(session: Session, agreement_id: int) -> list[str]:
    """German problem reports for every document of the agreement that fails its check."""
    problems = []
    for doc in _load(session, agreement_id).documents:
        if doc.removed_at is not None:
            continue
        try:
            document_content(session, doc.id)
        except DocumentIntegrityError as exc:
            problems.append(exc.message)
    return problems


def remove_document(session: Session, document_id: int) -> DocumentInfo:
    """Take a document off the agreement (kept for undo until the agreement is erased)."""
    doc = _document(session, document_id)
    doc.removed_at = datetime.now(UTC)
    return _doc_info(doc)


def restore_document(session: Session, document_id: int) -> DocumentInfo:
    doc = _document(session, document_id)
    doc.removed_at = None
    return _doc_info(doc)
