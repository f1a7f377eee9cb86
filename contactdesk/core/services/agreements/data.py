"""What the agreement services take and give: agreements with their parties, status history
and documents, list rows and filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from contactdesk.core import deadlines
from contactdesk.core.jsonable import JsonRecord
from contactdesk.core.models import AgreementKind, AgreementStatus, Document, PartyRole

CENT = Decimal("0.01")


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
class AgreementData(JsonRecord):
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


@dataclass(frozen=True)
class AgreementRow(JsonRecord):
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


@dataclass(frozen=True)
class AgreementFilter:
    status: str | None = None
    kind: str | None = None
    party_id: int | None = None
    include_deleted: bool = False


def document_info(doc: Document) -> DocumentInfo:
    """What the window and the command line show of a stored document."""
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
