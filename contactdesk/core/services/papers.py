"""Committee papers (Vorlagen) and session summaries: numbering, Beratungsfolge, status workflow,
released versions, submission deadlines, writing help, PDF and OParl export.

Numbers: a paper gets the next number of its type and year ("M006-2021") from the table
paper_number_counter, which only ever counts up. A deleted paper keeps its row (soft delete) and
its number; even a paper erased from the database cannot give its number back, because the
counter never goes down. Imported historical papers may name their number, but only one above
every number handed out so far.

Released versions: releasing renders the PDF and stores the bytes in paper_version with a
running version number and their SHA-256, in the database like the agreement documents (one
file to back up, written in the same transaction). A stored version is never changed; releasing
again (after corrections) adds the next version. `paper_pdf` of a released paper returns the
bytes of its latest released version, not a new rendering.

The Sachverhalt uses the small markup described in contactdesk.core.formats.pdf.markup.
"""

from __future__ import annotations

import dataclasses
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from dateutil.easter import easter
from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session, selectinload

from contactdesk.core import timezones as tzs
from contactdesk.core.enums import (  # noqa: F401 (NUMBER_FORMATS re-exported)
    DEFAULT_NUMBER_FORMAT,
    NUMBER_FORMATS,
)
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError, os_reason
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import oparl
from contactdesk.core.formats import pdf as pdfout
from contactdesk.core.i18n import N_, source_language
from contactdesk.core.jsonable import jsonable
from contactdesk.core.labels import AGREEMENT_STATUS, EVENT_KIND, EVENT_STATUS, NETWORK_ROLE, label
from contactdesk.core.models import (
    Agreement,
    Consultation,
    ConsultationRole,
    Contact,
    Document,
    Event,
    EventKind,
    EventStatus,
    NetworkRole,
    Organisation,
    Paper,
    PaperAttachment,
    PaperNumberCounter,
    PaperStatus,
    PaperStatusChange,
    PaperType,
    PaperVersion,
    Participant,
    Person,
    StatusChange,
    paper_agreement,
    paper_contact,
    paper_event,
    utcnow,
)
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import schedule as schedule_service
from contactdesk.core.team import versions

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

# --------------------------------------------------------------------------- data


@dataclass
class ConsultationData:
    """One step of the Beratungsfolge: a committee session (event id) and the role."""

    event_id: int
    role: str = ConsultationRole.KENNTNISNAHME.value
    agenda_item: str = ""
    result: str = ""
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

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def released(self) -> bool:
        return bool(self.versions)

    @property
    def changed_since_release(self) -> bool:
        """Edited after its last release (the stored PDF shows the earlier text)."""
        if not self.versions or self.updated_at is None:
            return False
        return self.updated_at > self.versions[-1].released_at

    def to_dict(self) -> dict[str, Any]:
        data = jsonable(dataclasses.asdict(self))
        data["status_label"] = self.status_label
        return data


@dataclass(frozen=True)
class PaperRow:
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

    def to_dict(self) -> dict[str, Any]:
        return jsonable(dataclasses.asdict(self))


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


# --------------------------------------------------------------------------- paper types


def list_paper_types(session: Session, *, include_inactive: bool = False) -> list[tuple[str, str]]:
    """(code, name) of the paper types, in the town's order."""
    stmt = select(PaperType.code, PaperType.name).order_by(PaperType.position, PaperType.code)
    if not include_inactive:
        stmt = stmt.where(PaperType.active.is_(True))
    return [(r.code, r.name) for r in session.execute(stmt)]


def add_paper_type(session: Session, code: str, name: str) -> tuple[str, str]:
    """The extension point for more paper types (e.g. "A" Anfrage): one row, no code change."""
    code = code.strip().upper()
    name = name.strip()
    errors = {}
    if not re.fullmatch(r"[A-Z]{1,5}", code):
        errors["code"] = "Das Kürzel besteht aus 1 bis 5 Großbuchstaben (z. B. „A“)."
    if not name:
        errors["name"] = "Bitte geben Sie eine Bezeichnung für die Vorlagenart ein."
    if errors:
        raise ValidationError(errors)
    if session.get(PaperType, code) is not None:
        raise ConflictError(f"Die Vorlagenart „{code}“ gibt es schon.")
    position = (session.scalar(select(func.max(PaperType.position))) or 0) + 1
    session.add(PaperType(code=code, name=name, position=position, active=True))
    session.flush()
    return code, name


def _type_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(PaperType.code, PaperType.name)).all())


def format_reference(
    type_code: str, number: int, year: int, number_format: str | None = None
) -> str:
    """The paper number in the town's format (default M006-2021)."""
    fmt = number_format or DEFAULT_NUMBER_FORMAT
    try:
        return fmt.format(code=type_code, number=number, year=year)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(
            {"number_format": f"Das Nummernformat „{fmt}“ ist ungültig."}
        ) from exc


_REFERENCE = re.compile(r"^\s*([A-Za-z]{1,5})\s*-?\s*(\d{1,6})\s*[-/]\s*(\d{4})\s*$")


def parse_reference(text: str) -> tuple[str, int, int]:
    """("M", 6, 2021) from "M006-2021" (also "m6-2021", "M 006/2021")."""
    m = _REFERENCE.match(text)
    if not m:
        raise ValidationError(
            {"reference": f"„{text}“ ist keine Vorlagennummer (erwartet z. B. M006-2021)."}
        )
    return m.group(1).upper(), int(m.group(2)), int(m.group(3))


def _assign_number(session: Session, type_code: str, year: int, wanted: int | None) -> int:
    counter = session.scalars(
        select(PaperNumberCounter)
        .where(PaperNumberCounter.type_code == type_code, PaperNumberCounter.year == year)
        .with_for_update()
    ).one_or_none()
    if counter is None:
        counter = PaperNumberCounter(type_code=type_code, year=year, last_number=0)
        session.add(counter)
    if wanted is not None:
        if wanted < 1:
            raise ValidationError({"number": "Die laufende Nummer beginnt bei 1."})
        if wanted <= counter.last_number:
            raise ConflictError(
                f"Die Nummer {format_reference(type_code, wanted, year)} wurde schon vergeben "
                f"(zuletzt {format_reference(type_code, counter.last_number, year)}). "
                "Eine Vorlagennummer wird nie ein zweites Mal vergeben."
            )
        counter.last_number = wanted
    else:
        counter.last_number += 1
    session.flush()
    return counter.last_number


def next_reference(
    session: Session, type_code: str, year: int, number_format: str | None = None
) -> str:
    """The number the next paper of this type and year will get (for the editor's preview)."""
    last = session.scalar(
        select(PaperNumberCounter.last_number).where(
            PaperNumberCounter.type_code == type_code, PaperNumberCounter.year == year
        )
    )
    return format_reference(type_code, (last or 0) + 1, year, number_format)


# --------------------------------------------------------------------------- validation


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
    if clean.type_code not in _type_names(session):
        errors["type_code"] = f"Unbekannte Vorlagenart „{clean.type_code}“."
    if len(clean.submitter) > 200:
        errors["submitter"] = "Der Einreicher ist zu lang (höchstens 200 Zeichen)."
    if len(clean.lead_office) > 200:
        errors["lead_office"] = "Die federführende Stelle ist zu lang (höchstens 200 Zeichen)."
    for index, c in enumerate(clean.consultations):
        c.agenda_item = c.agenda_item.strip()
        if c.role not in {r.value for r in ConsultationRole}:
            errors[f"consultations.{index}"] = f"Unbekannte Zuständigkeit „{c.role}“."
    if errors:
        raise ValidationError(errors)
    _check_consultations(session, clean.consultations)
    _check_links(session, clean)
    return clean


def _session_rows(session: Session, event_ids: list[int]) -> dict[int, Any]:
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


def _local(start_utc: datetime, tz: str) -> datetime:
    return start_utc.astimezone(tzs.zone(tz))


def _check_consultations(session: Session, consultations: list[ConsultationData]) -> None:
    rows = _session_rows(session, [c.event_id for c in consultations])
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
        start = _local(row.start_utc, row.tz)
        name = row.committee_name or row.title
        if previous is not None and row.start_utc < previous[0]:
            before = _local(previous[0], row.tz)
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


# --------------------------------------------------------------------------- reading


def _load(session: Session, paper_id: int) -> Paper:
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


def find_paper(session: Session, reference: str, *, include_deleted: bool = False) -> int:
    """The id of a paper by its number ("M006-2021"); NotFoundError with a German message."""
    exact = select(Paper.id).where(Paper.reference == reference.strip())
    if not include_deleted:
        exact = exact.where(Paper.deleted_at.is_(None))
    found = session.scalar(exact)
    if found is not None:  # the number as stored, in whatever format the town uses
        return found
    type_code, number, year = parse_reference(reference)
    stmt = select(Paper.id).where(
        Paper.type_code == type_code, Paper.number == number, Paper.year == year
    )
    if not include_deleted:
        stmt = stmt.where(Paper.deleted_at.is_(None))
    paper_id = session.scalar(stmt)
    if paper_id is None:
        raise NotFoundError(
            f"Eine Vorlage {format_reference(type_code, number, year)} gibt es nicht."
        )
    return paper_id


def _links(session: Session, table: Any, column: str, paper_id: int) -> list[int]:
    return list(
        session.scalars(select(getattr(table.c, column)).where(table.c.paper_id == paper_id))
    )


def _consultation_data(session: Session, paper: Paper) -> list[ConsultationData]:
    rows = _session_rows(session, [c.event_id for c in paper.consultations])
    result = []
    for c in paper.consultations:
        row = rows[c.event_id]
        result.append(
            ConsultationData(
                event_id=c.event_id,
                role=c.role,
                agenda_item=c.agenda_item,
                result=c.result,
                id=c.id,
                uid=c.uid,
                committee_id=row.committee_id,
                committee_name=row.committee_name or "",
                session_title=row.title,
                start=_local(row.start_utc, row.tz),
                is_public=row.is_public,
                cancelled=row.status == EventStatus.ABGESAGT.value,
            )
        )
    return result


def _version_info(v: PaperVersion) -> VersionInfo:
    return VersionInfo(
        v.id, v.uid, v.version, v.released_on, v.released_at, v.reference, v.size, v.sha256, v.note
    )


def _to_data(session: Session, paper: Paper) -> PaperData:
    data = _build_data(session, paper)
    data.row_version = paper.row_version
    return data


def _build_data(session: Session, paper: Paper) -> PaperData:
    return PaperData(
        id=paper.id,
        uid=paper.uid,
        reference=paper.reference,
        number=paper.number,
        year=paper.year,
        type_code=paper.type_code,
        type_name=_type_names(session).get(paper.type_code, paper.type_code),
        subject=paper.subject,
        is_public=paper.is_public,
        paper_date=paper.paper_date,
        submitter=paper.submitter,
        submitter_id=paper.submitter_id,
        lead_office=paper.lead_office,
        lead_office_id=paper.lead_office_id,
        body=paper.body,
        financial_effects=paper.financial_effects,
        consultations=_consultation_data(session, paper),
        contact_ids=_links(session, paper_contact, "contact_id", paper.id),
        agreement_ids=_links(session, paper_agreement, "agreement_id", paper.id),
        event_ids=_links(session, paper_event, "event_id", paper.id),
        is_example=paper.is_example,
        status=paper.status,
        attachments=[_attachment_info(a) for a in paper.attachments],
        versions=[_version_info(v) for v in paper.versions],
        history=[
            PaperStatusChangeData(h.from_status, h.to_status, h.on_date, h.note, h.recorded_at)
            for h in paper.history
        ],
        created_at=paper.created_at,
        updated_at=paper.updated_at,
        deleted=paper.deleted_at is not None,
    )


def get_paper(session: Session, paper_id: int) -> PaperData:
    return _to_data(session, _load(session, paper_id))


# --------------------------------------------------------------------------- deadlines


def german_holidays(year: int, state: str = "ST") -> set[date]:
    """Public holidays in Germany (nationwide plus those of the state, by its code)."""
    e = easter(year)
    days = {
        date(year, 1, 1),
        e - timedelta(days=2),  # Karfreitag
        e + timedelta(days=1),  # Ostermontag
        date(year, 5, 1),
        e + timedelta(days=39),  # Christi Himmelfahrt
        e + timedelta(days=50),  # Pfingstmontag
        date(year, 10, 3),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    state = state.upper()
    if state in {"BW", "BY", "ST"}:
        days.add(date(year, 1, 6))
    if state in {"BB", "HB", "HH", "MV", "NI", "SN", "ST", "SH", "TH"}:
        days.add(date(year, 10, 31))
    if state in {"BW", "BY", "HE", "NW", "RP", "SL"}:
        days.add(e + timedelta(days=60))  # Fronleichnam
    if state in {"BW", "BY", "NW", "RP", "SL"}:
        days.add(date(year, 11, 1))
    if state in {"BE", "MV"}:
        days.add(date(year, 3, 8))
    if state == "TH":
        days.add(date(year, 9, 20))
    if state == "SN":  # Buß- und Bettag: the Wednesday before 23 November
        nov22 = date(year, 11, 22)
        days.add(nov22 - timedelta(days=(nov22.weekday() - 2) % 7))
    return days


def submission_deadline(session_day: date, rule: DeadlineRule | None = None) -> date:
    """The last day a paper for a session on `session_day` may be released."""
    rule = rule or DeadlineRule()
    day = session_day - timedelta(days=rule.days_before)
    holidays: set[date] = set()
    while True:
        if rule.public_holidays and day.year not in {h.year for h in holidays}:
            holidays |= german_holidays(day.year, rule.state)
        if day.weekday() < 5 and day not in holidays:
            return day
        day -= timedelta(days=1)


def deadline_warnings(
    session: Session, *, today: date | None = None, rule: DeadlineRule | None = None
) -> list[DeadlineWarning]:
    """Unreleased papers on coming sessions whose deadline has passed or is within warn_days."""
    rule = rule or DeadlineRule()
    today = today or date.today()
    rows = session.execute(
        select(
            Paper.id,
            Paper.reference,
            Paper.subject,
            Event.id.label("event_id"),
            Event.start_utc,
            Event.tz,
            Contact.display_name,
        )
        .join(Consultation, Consultation.paper_id == Paper.id)
        .join(Event, Event.id == Consultation.event_id)
        .outerjoin(Contact, Contact.id == Event.committee_id)
        .where(
            Paper.deleted_at.is_(None),
            Paper.status == PS.ENTWURF.value,
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
            Event.start_utc
            >= datetime.combine(today, datetime.min.time(), UTC) - timedelta(days=1),
        )
    )
    warnings = []
    for r in rows:
        day = _local(r.start_utc, r.tz).date()
        if day < today:
            continue
        deadline = submission_deadline(day, rule)
        left = (deadline - today).days
        if left < 0:
            state = "verspaetet"
        elif left <= rule.warn_days:
            state = "knapp"
        else:
            continue
        warnings.append(
            DeadlineWarning(
                r.id,
                r.reference,
                r.subject,
                r.event_id,
                r.display_name or "",
                day,
                deadline,
                left,
                state,
            )
        )
    warnings.sort(key=lambda w: (w.deadline, w.reference))
    return warnings


# --------------------------------------------------------------------------- listing


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
    names = _type_names(session)
    result = []
    for p in papers:
        upcoming = [r for r in sessions.get(p.id, []) if _local(r.start_utc, r.tz).date() >= today]
        nxt = upcoming[0] if upcoming else None
        day = _local(nxt.start_utc, nxt.tz).date() if nxt else None
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


# --------------------------------------------------------------------------- writing


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
    existing = {c.event_id: c for c in paper.consultations}
    rows = []
    for position, c in enumerate(clean.consultations):
        row = existing.get(c.event_id) or Consultation(event_id=c.event_id)
        row.position = position
        row.role = c.role
        row.agenda_item = c.agenda_item
        row.result = c.result
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
    assigned = _assign_number(session, clean.type_code, paper_date.year, number)
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
    return _to_data(session, paper)


def update_paper(
    session: Session, paper_id: int, data: PaperData, *, expected_version: int | None = None
) -> PaperData:
    """Save the editor's fields. Type, number and year stay; released PDFs stay as they were.
    `expected_version` refuses the save when someone else saved the paper meanwhile."""
    paper = _load(session, paper_id)
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
    return _to_data(session, paper)


def set_consultations(
    session: Session, paper_id: int, consultations: list[ConsultationData]
) -> PaperData:
    """Replace the Beratungsfolge (in order); refuses sessions that go back in time."""
    data = get_paper(session, paper_id)
    data.consultations = consultations
    return update_paper(session, paper_id, data)


def allowed_transitions(status: str) -> tuple[str, ...]:
    return tuple(s.value if hasattr(s, "value") else s for s in TRANSITIONS.get(status, ()))


def _record(paper: Paper, to_status: str, on_date: date, note: str) -> None:
    last = [h for h in paper.history if h.from_status is not None]
    if last and on_date < last[-1].on_date:
        raise ValidationError(
            {"on_date": "Das Datum liegt vor dem letzten Statuswechsel dieser Vorlage."}
        )
    paper.history.append(
        PaperStatusChange(
            from_status=paper.status,
            to_status=to_status,
            on_date=on_date,
            note=note.strip(),
            recorded_at=utcnow(),
        )
    )
    paper.status = to_status


def change_status(
    session: Session, paper_id: int, to_status: str, *, on_date: date | None = None, note: str = ""
) -> PaperData:
    """Move a paper along the workflow; release through release_paper (it stores the PDF)."""
    paper = _load(session, paper_id)
    if to_status == PS.FREIGEGEBEN.value:
        raise ConflictError(
            "Eine Vorlage wird über „Freigeben“ freigegeben; dabei wird das PDF gespeichert."
        )
    if to_status not in allowed_transitions(paper.status):
        raise ConflictError(
            f"Eine Vorlage im Status „{STATUS_LABELS.get(paper.status, paper.status)}“ kann "
            f"nicht auf „{STATUS_LABELS.get(to_status, to_status)}“ gesetzt werden."
        )
    _record(paper, to_status, on_date or date.today(), note)
    session.flush()
    return _to_data(session, paper)


def revert_status_change(session: Session, paper_id: int, *, expected: str) -> PaperData:
    """Undo the last status step (not a release: its version stays, see release_paper).

    `expected` is the status the step led to; when the paper has moved on since (another
    window, the command line), nothing is changed and ConflictError explains why.
    """
    paper = _load(session, paper_id)
    steps = [h for h in paper.history if h.from_status is not None]
    if not steps or paper.status != expected or steps[-1].to_status != expected:
        raise ConflictError(
            "Der Statuswechsel kann nicht rückgängig gemacht werden: die Vorlage steht "
            f"inzwischen auf „{STATUS_LABELS.get(paper.status, paper.status)}“."
        )
    last = steps[-1]
    if last.to_status == PS.FREIGEGEBEN.value:
        raise ConflictError(
            "Eine Freigabe wird nicht gelöscht; setzen Sie die Vorlage auf „Entwurf“ zurück."
        )
    paper.history.remove(last)
    paper.status = last.from_status or PS.ENTWURF.value
    session.flush()
    return _to_data(session, paper)


def release_paper(
    session: Session,
    paper_id: int,
    *,
    settings: pdfout.PdfSettings | None = None,
    on_date: date | None = None,
    note: str = "",
    rule: DeadlineRule | None = None,
) -> ReleaseResult:
    """Freeze the paper: render its PDF and store it as the next version; status freigegeben."""
    paper = _load(session, paper_id)
    if paper.status not in (PS.ENTWURF.value, PS.FREIGEGEBEN.value, PS.IN_BERATUNG.value):
        raise ConflictError(
            f"Eine Vorlage im Status „{STATUS_LABELS[paper.status]}“ kann nicht freigegeben werden."
        )
    missing = {}
    if not paper.submitter:
        missing["submitter"] = "Vor der Freigabe fehlt der Einreicher."
    if not paper.lead_office:
        missing["lead_office"] = "Vor der Freigabe fehlt die federführende Stelle."
    if missing:
        raise ValidationError(missing)
    on_date = on_date or date.today()
    data = _to_data(session, paper)
    result = pdfout.render_paper(_print_data(session, data, draft=False), settings)
    if paper.status == PS.ENTWURF.value:
        _record(paper, PS.FREIGEGEBEN.value, on_date, note or "freigegeben")
    number = (max((v.version for v in paper.versions), default=0)) + 1
    version = PaperVersion(
        version=number,
        released_on=on_date,
        released_at=utcnow(),
        reference=paper.reference,
        size=len(result.data),
        sha256=hashlib.sha256(result.data).hexdigest(),
        note=note.strip(),
        pdf=result.data,
    )
    paper.versions.append(version)
    session.flush()
    warnings = list(result.warnings)
    if not paper.consultations:
        warnings.append("Die Vorlage steht noch auf keiner Sitzung (Beratungsfolge leer).")
    for c in data.consultations:
        if c.start is None:
            continue
        deadline = submission_deadline(c.start.date(), rule)
        if on_date > deadline and c.start.date() >= on_date:
            warnings.append(
                f"Die Einreichungsfrist für {c.committee_name} am {c.start:%d.%m.%Y} war der "
                f"{deadline:%d.%m.%Y}; die Vorlage ist verspätet."
            )
    return ReleaseResult(_to_data(session, paper), _version_info(version), warnings)


def delete_paper(session: Session, paper_id: int) -> PaperData:
    """Move to the wastebasket; the number stays taken for good."""
    paper = _load(session, paper_id)
    paper.deleted_at = utcnow()
    session.flush()
    return _to_data(session, paper)


def restore_paper(session: Session, paper_id: int) -> PaperData:
    paper = _load(session, paper_id)
    paper.deleted_at = None
    session.flush()
    return _to_data(session, paper)


# --------------------------------------------------------------------------- attachments


def _attachment_info(row: PaperAttachment) -> AttachmentInfo:
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


def add_document_attachment(
    session: Session, paper_id: int, document_id: int, *, title: str = ""
) -> AttachmentInfo:
    """Attach a document of the agreements register (kept there, referenced here)."""
    paper = _load(session, paper_id)
    doc = session.get(Document, document_id)
    if doc is None or doc.removed_at is not None:
        raise ValidationError(
            {"document_id": "Das Dokument gibt es im Vereinbarungsregister nicht mehr."}
        )
    if any(a.document_id == document_id for a in paper.attachments):
        raise ConflictError(f"„{doc.filename}“ ist schon als Anlage angehängt.")
    row = PaperAttachment(
        position=len(paper.attachments),
        title=title.strip() or Path(doc.filename).stem,
        document_id=doc.id,
        filename=doc.filename,
        mime_type=doc.mime_type,
        size=doc.size,
        sha256=doc.sha256,
        added_at=utcnow(),
    )
    paper.attachments.append(row)
    paper.updated_at = utcnow()
    session.flush()
    return _attachment_info(row)


def add_file_attachment(
    session: Session, paper_id: int, source: Path | str, *, title: str = ""
) -> AttachmentInfo:
    """Copy a file into the database as an Anlage (checked by SHA-256 like agreement documents)."""
    paper = _load(session, paper_id)
    path = Path(source)
    try:
        if not path.is_file():
            raise ValidationError({"attachment": f"Die Datei „{path}“ gibt es nicht."})
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {
                    "attachment": f"Die Datei „{path.name}“ ist zu groß; erlaubt sind höchstens "
                    f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB."
                }
            )
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            {"attachment": f"Die Datei „{path.name}“ kann nicht gelesen werden ({os_reason(exc)})."}
        ) from exc
    row = PaperAttachment(
        position=len(paper.attachments),
        title=title.strip() or path.stem,
        filename=path.name,
        mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        added_at=utcnow(),
    )
    paper.attachments.append(row)
    paper.updated_at = utcnow()
    session.flush()
    return _attachment_info(row)


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


def remove_attachment(session: Session, attachment_id: int) -> RemovedAttachment:
    """Take an Anlage off the paper; returns it whole for `restore_attachment` (undo)."""
    row = session.get(PaperAttachment, attachment_id)
    if row is None:
        raise NotFoundError("Die Anlage wurde nicht gefunden.")
    paper = _load(session, row.paper_id)
    if paper.status in FINAL:
        raise ConflictError("Die Anlagen einer abgeschlossenen Vorlage bleiben, wie sie sind.")
    removed = RemovedAttachment(
        paper_id=paper.id,
        position=row.position,
        uid=row.uid,
        title=row.title,
        document_id=row.document_id,
        filename=row.filename,
        mime_type=row.mime_type,
        size=row.size,
        sha256=row.sha256,
        content=row.content if row.document_id is None else None,
        added_at=row.added_at,
    )
    paper.attachments.remove(row)
    for position, a in enumerate(paper.attachments):
        a.position = position
    paper.updated_at = utcnow()
    session.flush()
    return removed


def restore_attachment(session: Session, removed: RemovedAttachment) -> AttachmentInfo:
    """Put a removed Anlage back at its place, with the same bytes (checked by SHA-256)."""
    paper = _load(session, removed.paper_id)
    if paper.status in FINAL:
        raise ConflictError("Die Anlagen einer abgeschlossenen Vorlage bleiben, wie sie sind.")
    if removed.document_id is not None:
        doc = session.get(Document, removed.document_id)
        if doc is None or doc.removed_at is not None:
            raise ValidationError(
                {"document_id": "Das Dokument gibt es im Vereinbarungsregister nicht mehr."}
            )
    elif removed.content is None or hashlib.sha256(removed.content).hexdigest() != removed.sha256:
        raise ConflictError("Die Anlage kann nicht wiederhergestellt werden (Inhalt fehlt).")
    row = PaperAttachment(
        uid=removed.uid,
        title=removed.title,
        document_id=removed.document_id,
        filename=removed.filename,
        mime_type=removed.mime_type,
        size=removed.size,
        sha256=removed.sha256,
        content=removed.content,
        added_at=removed.added_at,
    )
    paper.attachments.insert(min(removed.position, len(paper.attachments)), row)
    for position, a in enumerate(paper.attachments):
        a.position = position
    paper.updated_at = utcnow()
    session.flush()
    return _attachment_info(row)


def attachment_content(session: Session, attachment_id: int) -> bytes:
    """The bytes of an Anlage, checked against its SHA-256."""
    row = session.get(PaperAttachment, attachment_id)
    if row is None:
        raise NotFoundError("Die Anlage wurde nicht gefunden.")
    if row.document_id is not None:
        return agreement_service.document_content(session, row.document_id)
    content = session.scalar(
        select(PaperAttachment.content).where(PaperAttachment.id == attachment_id)
    )
    if content is None or hashlib.sha256(content).hexdigest() != row.sha256:
        raise agreement_service.DocumentIntegrityError(
            f"Die Anlage „{row.filename}“ ist beschädigt oder fehlt (Prüfsumme stimmt nicht)."
        )
    return content


# --------------------------------------------------------------------------- PDF


def _print_data(session: Session, data: PaperData, *, draft: bool) -> pdfout.PaperPrint:
    return pdfout.PaperPrint(
        reference=data.reference,
        type_name=data.type_name,
        subject=data.subject,
        is_public=data.is_public,
        paper_date=data.paper_date,
        submitter=data.submitter,
        lead_office=data.lead_office,
        consultations=[
            pdfout.ConsultationLine(
                c.committee_name or c.session_title,
                c.start.date() if c.start else date.today(),
                c.role_label,
            )
            for c in data.consultations
        ],
        body=data.body,
        financial_effects=data.financial_effects or "keine",
        attachments=[a.title for a in data.attachments],
        signature=data.submitter,
        draft=draft,
    )


_PAGE = re.compile(rb"/Type\s*/Page[^s]")


@source_language()
def render_draft(
    session: Session, paper_id: int, settings: pdfout.PdfSettings | None = None
) -> pdfout.PdfResult:
    """A fresh rendering of the current text (for the preview); stores nothing."""
    data = get_paper(session, paper_id)
    return pdfout.render_paper(
        _print_data(session, data, draft=data.status == PS.ENTWURF.value), settings
    )


def version_pdf(session: Session, version_id: int) -> bytes:
    version = session.get(PaperVersion, version_id)
    if version is None:
        raise NotFoundError("Diese Fassung der Vorlage gibt es nicht.")
    content = session.scalar(select(PaperVersion.pdf).where(PaperVersion.id == version_id))
    if content is None or hashlib.sha256(content).hexdigest() != version.sha256:
        raise agreement_service.DocumentIntegrityError(
            f"Die gespeicherte Fassung {version.version} von {version.reference} ist beschädigt "
            "(Prüfsumme stimmt nicht). Bitte stellen Sie eine Datensicherung wieder her."
        )
    return content


@source_language()
def paper_pdf(
    session: Session,
    paper_id: int,
    settings: pdfout.PdfSettings | None = None,
    *,
    version: int | None = None,
) -> pdfout.PdfResult:
    """The PDF to print or save: a released paper gives its released bytes, a draft a rendering."""
    data = get_paper(session, paper_id)
    if version is not None:
        match = [v for v in data.versions if v.version == version]
        if not match:
            raise NotFoundError(f"Die Vorlage {data.reference} hat keine Fassung {version}.")
        content = version_pdf(session, match[0].id)
        return pdfout.PdfResult(content, len(_PAGE.findall(content)))
    if data.versions and data.status != PS.ENTWURF.value:
        content = version_pdf(session, data.versions[-1].id)
        return pdfout.PdfResult(content, len(_PAGE.findall(content)))
    return render_draft(session, paper_id, settings)


def export_paper_pdf(
    session: Session,
    paper_id: int,
    target: Path | str,
    settings: pdfout.PdfSettings | None = None,
) -> pdfout.PdfResult:
    """Write the paper's PDF to a file (atomically); never touches the stored versions."""
    result = paper_pdf(session, paper_id, settings)
    atomic_write(Path(target), result.data)
    return result


# --------------------------------------------------------------------------- writing help


@source_language()
def block_partners(session: Session) -> str:
    """ "Partner im Netzwerk": every organisation with a network role, by role."""
    rows = session.execute(
        select(Organisation.name, Organisation.network_role).where(
            Organisation.deleted_at.is_(None),
            Organisation.network_role.not_in(
                [NetworkRole.KEINE.value, NetworkRole.EIGENE_KOMMUNE.value]
            ),
        )
    ).all()
    if not rows:
        return "## Partner im Netzwerk\n\nBisher sind keine Partner erfasst."
    order = {r.value: i for i, r in enumerate(NetworkRole)}
    rows = sorted(rows, key=lambda r: (order.get(r.network_role, 99), r.name.casefold()))
    lines = ["## Partner im Netzwerk", ""]
    lines += [f"- {r.name} ({label(NETWORK_ROLE, r.network_role)})" for r in rows]
    return "\n".join(lines)


@source_language()
def block_agreement_status(session: Session, agreement_id: int) -> str:
    """The status of one agreement: signed on, by whom, fee."""
    a = agreement_service.get_agreement(session, agreement_id)
    partners = [p.contact_name for p in a.parties if p.role == "vertragspartner"]
    lines = [f"## {a.title}", ""]
    if a.signed_on:
        by = f" von {a.signed_for_town_by}" if a.signed_for_town_by else ""
        text = f"Die Vereinbarung wurde am {a.signed_on:%d.%m.%Y}{by} unterzeichnet."
    else:
        text = "Die Vereinbarung ist noch nicht unterzeichnet."
    text += f" Stand: {label(AGREEMENT_STATUS, a.status)}."
    lines.append(text)
    lines.append("")
    if partners:
        lines.append("- Vertragspartner: " + ", ".join(partners))
    if a.valid_from:
        until = f" bis {a.valid_until:%d.%m.%Y}" if a.valid_until else " (unbefristet)"
        lines.append(f"- Laufzeit: ab {a.valid_from:%d.%m.%Y}{until}")
    effects = agreement_service.financial_effects(a)
    lines.append("- Kosten: keine (kein Beitrag)" if effects == "keine" else f"- Kosten: {effects}")
    return "\n".join(lines)


@source_language()
def block_upcoming_workshops(
    session: Session, *, now: datetime | None = None, days: int = 120
) -> str:
    """The coming workshops and in-person events as a bullet list."""
    now = now or datetime.now(UTC)
    items = [
        o
        for o in schedule_service.occurrences(
            session,
            now,
            now + timedelta(days=days),
            schedule_service.EventFilter(include_cancelled=False),
            limit=500,
        )
        if o.kind in (EventKind.WORKSHOP.value, EventKind.PRAESENZVERANSTALTUNG.value)
    ]
    lines = ["## Geplante Workshops und Veranstaltungen", ""]
    if not items:
        return "\n".join([*lines, "Zurzeit sind keine Workshops geplant."])
    for o in items:
        where = f", {o.location.split(',')[0]}" if o.location else ""
        lines.append(
            f"- {o.start:%d.%m.%Y}, {o.start:%H:%M} Uhr: {o.title} "
            f"({label(EVENT_KIND, o.kind)}{where})"
        )
    return "\n".join(lines)


_CANDIDATE_PREFIX = re.compile(r"^\s*Kandidat(?:in)?\s+als\s+Patenstadt\s*:\s*", re.IGNORECASE)


@source_language()
def block_patenstadt_candidates(session: Session) -> str:
    """The candidate sponsor towns with the reasons from their notes and their profile page."""
    rows = session.execute(
        select(Organisation.name, Organisation.notes, Organisation.website)
        .where(
            Organisation.deleted_at.is_(None),
            Organisation.network_role.in_(
                [NetworkRole.PATENSTADT.value, NetworkRole.PATENSTADT_KANDIDATIN.value]
            ),
        )
        .order_by(Organisation.sort_name)
    ).all()
    lines = ["## Mögliche Patenstädte", ""]
    if not rows:
        return "\n".join([*lines, "Bisher ist keine Patenstadt vorgeschlagen."])
    for r in rows:
        reasons = _CANDIDATE_PREFIX.sub("", (r.notes or "").strip())
        text = f"- **{r.name}**"
        if reasons:
            text += f": {reasons}"
        if r.website:
            text += f" Profil: {r.website}"
        lines.append(text)
    return "\n".join(lines)


#: The writing help the editor offers: (key, German menu text, function taking the session).
WRITING_BLOCKS = [
    ("partner", N_("Partner mit Netzwerkrolle"), block_partners),
    ("workshops", N_("Geplante Workshops"), block_upcoming_workshops),
    ("patenstaedte", N_("Mögliche Patenstädte mit Begründung"), block_patenstadt_candidates),
]


# --------------------------------------------------------------------------- session summary


def _extract(body: str, limit: int = EXTRACT_CHARS) -> str:
    text = " ".join(pdfout.plain_text(body).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + " …"


def _agenda_key(item: str, reference: str) -> tuple[Any, ...]:
    numbers = [int(n) for n in re.findall(r"\d+", item)]
    return (0 if numbers else 1, numbers, item, reference)


@source_language()
def session_summary(
    session: Session,
    event_id: int,
    *,
    rule: DeadlineRule | None = None,
    lookback_days: int = 365,
    ahead_days: int = 90,
) -> pdfout.SummaryPrint:
    """What the summary of a committee session shows, collected from the register."""
    ev = session.get(Event, event_id)
    if ev is None or ev.deleted_at is not None:
        raise NotFoundError("Die Sitzung wurde nicht gefunden. Vielleicht wurde sie gelöscht.")
    if ev.kind != EventKind.GREMIENSITZUNG.value or ev.committee_id is None:
        raise ValidationError(
            {
                "event_id": f"„{ev.title}“ ist keine Gremiensitzung. Eine Sitzungsübersicht gibt "
                "es nur für Sitzungen eines Gremiums."
            }
        )
    zi = tzs.zone(ev.tz)
    start = ev.start_utc.astimezone(zi)
    end = ev.end_utc.astimezone(zi)
    committee = (
        session.scalar(select(Contact.display_name).where(Contact.id == ev.committee_id)) or ""
    )
    names = _type_names(session)

    papers = []
    for c, p in session.execute(
        select(Consultation, Paper)
        .join(Paper, Paper.id == Consultation.paper_id)
        .where(Consultation.event_id == event_id, Paper.deleted_at.is_(None))
    ):
        type_name = names.get(p.type_code, p.type_code)
        if not p.is_public:
            type_name += " (nichtöffentlich)"
        if p.status == PS.ZURUECKGEZOGEN.value:
            type_name += " – zurückgezogen"
        papers.append(
            pdfout.AgendaPaper(
                reference=p.reference,
                subject=p.subject,
                role=ROLE_LABELS.get(c.role, c.role),
                extract=_extract(p.body),
                agenda_item=c.agenda_item,
                type_name=type_name,
            )
        )
    papers.sort(key=lambda a: _agenda_key(a.agenda_item, a.reference))

    previous = session.scalar(
        select(func.max(Event.start_utc)).where(
            Event.committee_id == ev.committee_id,
            Event.kind == EventKind.GREMIENSITZUNG.value,
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
            Event.rrule.is_(None),
            Event.start_utc < ev.start_utc,
        )
    )
    period_start_utc = previous or (ev.start_utc - timedelta(days=lookback_days))
    if previous is not None and previous.tzinfo is None:
        period_start_utc = previous.replace(tzinfo=UTC)

    held = [
        o
        for o in schedule_service.occurrences(
            session, period_start_utc, ev.start_utc, schedule_service.EventFilter(), limit=2000
        )
        if o.kind != EventKind.GREMIENSITZUNG.value
        and o.status != EventStatus.ABGESAGT.value
        and o.start < start
    ]
    attended: dict[int, int] = {}
    recorded: set[int] = set()
    single_ids = [o.event_id for o in held if not o.is_series or o.series_id != o.event_id]
    for event_row_id, came in session.execute(
        select(Participant.event_id, Participant.attended).where(
            Participant.event_id.in_(single_ids), Participant.attended.is_not(None)
        )
    ):
        recorded.add(event_row_id)
        attended[event_row_id] = attended.get(event_row_id, 0) + (1 if came else 0)
    events_held = [
        pdfout.HeldEvent(
            start=o.start,
            title=o.title,
            kind=label(EVENT_KIND, o.kind),
            attended=attended.get(o.event_id, 0) if o.event_id in recorded else None,
            registered=o.participants,
        )
        for o in held
    ]

    since_day = period_start_utc.astimezone(zi).date()
    changes = [
        pdfout.AgreementChange(
            day=sc.on_date,
            title=sc.title,
            change=(
                f"{label(AGREEMENT_STATUS, sc.from_status or '')} → "
                f"{label(AGREEMENT_STATUS, sc.to_status)}" + (f": {sc.note}" if sc.note else "")
            ),
        )
        for sc in session.execute(
            select(
                StatusChange.on_date,
                StatusChange.from_status,
                StatusChange.to_status,
                StatusChange.note,
                Agreement.title,
            )
            .join(Agreement, Agreement.id == StatusChange.agreement_id)
            .where(
                Agreement.deleted_at.is_(None),
                StatusChange.from_status.is_not(None),
                StatusChange.on_date > since_day if previous else StatusChange.on_date >= since_day,
                StatusChange.on_date <= start.date(),
            )
            .order_by(StatusChange.on_date, StatusChange.id)
        )
    ]

    upcoming = [
        pdfout.UpcomingEvent(
            start=o.start,
            title=o.title,
            kind=label(EVENT_KIND, o.kind),
            location=", ".join(
                x for x in (o.room, o.location.split(",")[0] if o.location else "") if x
            ),
        )
        for o in schedule_service.occurrences(
            session,
            ev.end_utc,
            ev.end_utc + timedelta(days=ahead_days),
            schedule_service.EventFilter(include_cancelled=False),
            limit=500,
        )
        if o.kind in (EventKind.WORKSHOP.value, EventKind.PRAESENZVERANSTALTUNG.value)
    ]

    deadlines = [
        pdfout.DeadlineLine(item.due_on, item.label, item.title, item.detail)
        for item in agreement_service.due_items(session, today=start.date(), days=ahead_days)
    ]
    for o in schedule_service.occurrences(
        session,
        ev.end_utc,
        ev.end_utc + timedelta(days=ahead_days),
        schedule_service.EventFilter(kind=EventKind.GREMIENSITZUNG.value, include_cancelled=False),
        limit=200,
    ):
        due = submission_deadline(o.start.date(), rule)
        if due >= start.date():
            deadlines.append(
                pdfout.DeadlineLine(
                    due,
                    "Einreichungsfrist Vorlagen",
                    f"{o.committee or o.title} am {o.start:%d.%m.%Y}",
                )
            )
    deadlines.sort(key=lambda d: (d.day, d.title))

    return pdfout.SummaryPrint(
        committee=committee,
        title=ev.title,
        start=start,
        end=end,
        location=ev.location,
        room=ev.room,
        is_public=ev.is_public,
        status=label(EVENT_STATUS, ev.status),
        agenda=[a.text for a in ev.agenda],
        papers=papers,
        since=previous.astimezone(zi).date() if previous else None,
        period_start=since_day,
        events_held=events_held,
        agreement_changes=changes,
        upcoming=upcoming,
        deadlines=deadlines,
    )


@source_language()
def session_summary_pdf(
    session: Session, event_id: int, settings: pdfout.PdfSettings | None = None
) -> pdfout.PdfResult:
    return pdfout.render_session_summary(session_summary(session, event_id), settings)


def export_session_summary(
    session: Session, event_id: int, target: Path | str, settings: pdfout.PdfSettings | None = None
) -> pdfout.PdfResult:
    result = session_summary_pdf(session, event_id, settings)
    atomic_write(Path(target), result.data)
    return result


def list_sessions(
    session: Session, start: datetime, end: datetime, *, committee_id: int | None = None
) -> list[schedule_service.Occurrence]:
    """Committee sessions in a period (for the GUI's session list)."""
    return schedule_service.occurrences(
        session,
        start,
        end,
        schedule_service.EventFilter(
            kind=EventKind.GREMIENSITZUNG.value, committee_id=committee_id
        ),
    )


# --------------------------------------------------------------------------- OParl


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
    paper = _load(session, paper_id)
    body_uid, body_name = _own_town(session, town_name)
    rows = _session_rows(session, [c.event_id for c in data.consultations])
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


__all__ = [
    "ConsultationData",
    "DeadlineRule",
    "DeadlineWarning",
    "PaperData",
    "PaperFilter",
    "PaperRow",
    "ReleaseResult",
    "add_document_attachment",
    "add_file_attachment",
    "add_paper_type",
    "change_status",
    "create_paper",
    "deadline_warnings",
    "delete_paper",
    "find_paper",
    "get_paper",
    "list_paper_types",
    "list_papers",
    "oparl_export",
    "paper_pdf",
    "release_paper",
    "session_summary",
    "session_summary_pdf",
    "set_consultations",
    "submission_deadline",
    "update_paper",
]
