"""Constants and data classes of committee papers (what services and callers exchange)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from contactdesk.core.enums import (  # noqa: F401 (NUMBER_FORMATS re-exported)
    DEFAULT_NUMBER_FORMAT,
    NUMBER_FORMATS,
)
from contactdesk.core.i18n import N_
from contactdesk.core.jsonable import JsonRecord, jsonable
from contactdesk.core.models import (
    ConsultationRole,
    PaperStatus,
)
from contactdesk.core.services import agreements as agreement_service

PS = PaperStatus


STATUS_LABELS: dict[str, str] = {
    PS.ENTWURF: N_("Entwurf"),
    PS.FREIGEGEBEN: N_("freigegeben"),
    PS.IN_BERATUNG: N_("in Beratung"),
    PS.ZUR_KENNTNIS_GENOMMEN: N_("zur Kenntnis genommen"),
    PS.BESCHLOSSEN: N_("beschlossen"),
    PS.ZURUECKGEZOGEN: N_("zurückgezogen"),
}


ROLE_LABELS: dict[str, str] = {
    ConsultationRole.KENNTNISNAHME: N_("Kenntnisnahme"),
    ConsultationRole.VORBERATUNG: N_("Vorberatung"),
    ConsultationRole.ENTSCHEIDUNG: N_("Entscheidung"),
}


#: The status workflow. "freigegeben" is reached only through release_paper (it stores the PDF).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    PS.ENTWURF: (PS.FREIGEGEBEN, PS.ZURUECKGEZOGEN),
    PS.FREIGEGEBEN: (PS.ENTWURF, PS.IN_BERATUNG, PS.ZURUECKGEZOGEN),
    PS.IN_BERATUNG: (PS.ZUR_KENNTNIS_GENOMMEN, PS.BESCHLOSSEN, PS.ZURUECKGEZOGEN),
    PS.ZUR_KENNTNIS_GENOMMEN: (),
    PS.BESCHLOSSEN: (),
    PS.ZURUECKGEZOGEN: (),
}


FINAL = (PS.ZUR_KENNTNIS_GENOMMEN.value, PS.BESCHLOSSEN.value, PS.ZURUECKGEZOGEN.value)


#: Days before a session by which its papers must be released (the town's rule of procedure).
DEFAULT_DEADLINE_DAYS = 14


#: Warn this many days before a submission deadline.
DEFAULT_WARN_DAYS = 7


MAX_ATTACHMENT_BYTES = agreement_service.MAX_DOCUMENT_BYTES


EXTRACT_CHARS = 280


@dataclass
class ConsultationData:
    """One step of the Beratungsfolge: a committee session (event id) and the role."""

    event_id: int
    role: str = ConsultationRole.KENNTNISNAHME.value
    agenda_item: str = ""
    result: str = ""
    #: Ö/N of this row: None means as the paper (a public paper can still be "N" on one session)
    public: bool | None = None
    #: after the session: the vote (None: not recorded)
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None
    # read-only
    id: int | None = None
    uid: str | None = None
    committee_id: int | None = None
    committee_name: str = ""
    session_title: str = ""
    start: datetime | None = None  # aware, in the session's zone
    is_public: bool = True
    cancelled: bool = False

    @property
    def authoritative(self) -> bool:
        return self.role == ConsultationRole.ENTSCHEIDUNG.value

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    title: str
    document_id: int | None
    filename: str
    mime_type: str
    size: int
    sha256: str
    added_at: datetime


@dataclass(frozen=True)
class VersionInfo:
    id: int
    uid: str
    version: int
    released_on: date
    released_at: datetime
    reference: str
    size: int
    sha256: str
    note: str
    #: SHA-256 of the printed content (the footer stamp), "" for versions before revision 0009
    content_sha256: str = ""


@dataclass(frozen=True)
class PaperStatusChangeData:
    from_status: str | None
    to_status: str
    on_date: date
    note: str
    recorded_at: datetime


@dataclass
class PaperData:
    """Everything the paper editor shows. Fields under "read-only" are ignored when saving."""

    subject: str = ""
    type_code: str = "M"
    is_public: bool = True
    paper_date: date | None = None
    submitter: str = ""
    submitter_id: int | None = None
    lead_office: str = ""
    lead_office_id: int | None = None
    body: str = ""
    #: None or "" on create: filled from the linked agreements ("keine" without costs)
    financial_effects: str | None = None
    consultations: list[ConsultationData] = field(default_factory=list)
    #: Beschlussvorschlag (Beschlussvorlage) and the administration's answer (Anfrage)
    proposal: str = ""
    answer: str = ""
    #: Bearbeiter/in and phone, Aktenzeichen, the "gez." line (name and function)
    clerk: str = ""
    clerk_phone: str = ""
    file_number: str = ""
    signed_by: str = ""
    signer_function: str = ""
    #: structured financial effects: Produkt/Sachkonto, Haushaltsjahr, Betrag (Euro)
    finance_product: str = ""
    finance_year: int | None = None
    finance_amount: Decimal | None = None
    contact_ids: list[int] = field(default_factory=list)
    agreement_ids: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    is_example: bool = False
    uid: str | None = None
    # read-only
    id: int | None = None
    reference: str = ""
    number: int | None = None
    year: int | None = None
    type_name: str = ""
    status: str = PS.ENTWURF.value
    attachments: list[AttachmentInfo] = field(default_factory=list)
    versions: list[VersionInfo] = field(default_factory=list)
    history: list[PaperStatusChangeData] = field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted: bool = False
    #: read-only: the stored version the editor read (optimistic locking, core/team/versions.py)
    row_version: int | None = None
    #: the printed content differs from the latest released version (None: not known, e.g.
    #: a version released before revision 0009 stored no content hash)
    content_changed: bool | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def released(self) -> bool:
        return bool(self.versions)

    @property
    def changed_since_release(self) -> bool:
        """Its text changed after its last release (the stored PDF shows the earlier text).

        Judged by the content hash where the version has one (a Beschluss recorded after the
        session is no change of the text), else by the time of the last edit."""
        if not self.versions:
            return False
        if self.content_changed is not None:
            return self.content_changed
        if self.updated_at is None:
            return False
        return self.updated_at > self.versions[-1].released_at

    def to_dict(self) -> dict[str, Any]:
        data = jsonable(dataclasses.asdict(self))
        data["status_label"] = self.status_label
        return data


@dataclass(frozen=True)
class PaperRow(JsonRecord):
    id: int
    reference: str
    type_code: str
    type_name: str
    subject: str
    status: str
    status_label: str
    is_public: bool
    paper_date: date
    versions: int
    next_session: date | None
    next_committee: str
    deadline: date | None
    deadline_state: str  # "", "knapp", "verspaetet"
    deleted: bool


@dataclass(frozen=True)
class PaperFilter:
    status: str | None = None
    type_code: str | None = None
    year: int | None = None
    event_id: int | None = None
    text: str = ""
    include_deleted: bool = False


@dataclass(frozen=True)
class DeadlineWarning:
    """A paper placed on a session whose submission deadline has passed or is near."""

    paper_id: int
    reference: str
    subject: str
    event_id: int
    committee: str
    session_day: date
    deadline: date
    days_left: int
    state: str  # "verspaetet" or "knapp"

    @property
    def message(self) -> str:
        if self.state == "verspaetet":
            return (
                f"Vorlage {self.reference} ist verspätet: Einreichungsfrist für "
                f"{self.committee} am {self.session_day:%d.%m.%Y} war der "
                f"{self.deadline:%d.%m.%Y}."
            )
        return (
            f"Vorlage {self.reference}: Einreichungsfrist für {self.committee} am "
            f"{self.session_day:%d.%m.%Y} endet am {self.deadline:%d.%m.%Y} "
            f"(noch {self.days_left} Tage)."
        )

    def to_dict(self) -> dict[str, Any]:
        data = jsonable(dataclasses.asdict(self))
        data["message"] = self.message
        return data


@dataclass
class ReleaseResult:
    paper: PaperData
    version: VersionInfo
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DeadlineRule:
    """The town's submission deadline: N days before the session, back to a working day."""

    days_before: int = DEFAULT_DEADLINE_DAYS
    public_holidays: bool = False
    state: str = "ST"  # Sachsen-Anhalt: Heilige Drei Könige, Reformationstag
    warn_days: int = DEFAULT_WARN_DAYS


@dataclass(frozen=True)
class RemovedAttachment:
    """Everything of a removed Anlage, so that undo can put it back (file bytes included)."""

    paper_id: int
    position: int
    uid: str
    title: str
    document_id: int | None
    filename: str
    mime_type: str
    size: int
    sha256: str
    content: bytes | None
    added_at: datetime
