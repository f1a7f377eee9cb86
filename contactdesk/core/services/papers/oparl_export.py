"""OParl 1.1 export of papers with their consultations, meetings and files."""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import oparl
from contactdesk.core.formats import pdf as pdfout
from contactdesk.core.models import (
    Consultation,
    Contact,
    Event,
    EventKind,
    EventStatus,
    NetworkRole,
    Organisation,
    Paper,
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
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"contactdesk:body:{town_name}")), town_name


class _Collector:
    """Builds the OParl objects of papers and meetings, each organization and person once."""

    def __init__(self, session: Session, town_name: str) -> None:
        self.session = session
        self.body_uid, self.body_name = _own_town(session, town_name)
        self.organizations: dict[object, oparl.OParlOrganization] = {}
        self.persons: dict[int, oparl.OParlPerson] = {}
        self.contacts: dict[int, Contact] = {}

    def load_contacts(self, ids: set[int]) -> None:
        missing = ids - set(self.contacts)
        if missing:
            for c in self.session.scalars(select(Contact).where(Contact.id.in_(missing))):
                self.contacts[c.id] = c

    def org_ref(self, contact_id: int, org_type: str, classification: str = "") -> oparl.OParlRef:
        c = self.contacts[contact_id]
        if contact_id not in self.organizations:
            self.organizations[contact_id] = oparl.OParlOrganization(
                ref=_ref("organization", c.uid),
                name=c.display_name,
                organization_type=org_type,
                classification=classification,
                website=c.website or "",
                created=c.created_at,
                modified=c.updated_at,
            )
        return self.organizations[contact_id].ref

    def person_ref(self, contact_id: int) -> oparl.OParlRef:
        c = self.contacts[contact_id]
        assert isinstance(c, Person)
        if contact_id not in self.persons:
            self.persons[contact_id] = oparl.OParlPerson(
                ref=_ref("person", c.uid),
                name=c.display_name,
                family_name=c.last_name,
                given_name=c.first_name,
                form_of_address=c.salutation,
                created=c.created_at,
                modified=c.updated_at,
            )
        return self.persons[contact_id].ref

    def committee_ref(self, row: Any) -> oparl.OParlRef:
        name = (row.committee_name or "").casefold()
        self.load_contacts({row.committee_id})
        return self.org_ref(
            row.committee_id, "Gremium", "Parlament" if "stadtrat" in name else "Ausschuss"
        )

    def meeting(
        self, row: Any, agenda_items: list[oparl.OParlAgendaItem] | None = None
    ) -> oparl.OParlMeeting:
        state = {
            EventStatus.DURCHGEFUEHRT.value: "durchgeführt",
            EventStatus.EINGELADEN.value: "eingeladen",
        }.get(row.status, "terminiert")
        return oparl.OParlMeeting(
            ref=_ref("meeting", row.uid),
            name=row.title,
            start=row.start_utc.astimezone(tzs.zone(row.tz)),
            end=row.end_utc.astimezone(tzs.zone(row.tz)),
            organizations=[self.committee_ref(row)],
            state=state,
            cancelled=row.status == EventStatus.ABGESAGT.value,
            location=", ".join(x for x in (row.room, row.location) if x),
            created=row.created_at,
            modified=row.updated_at,
            agenda_items=agenda_items or [],
        )

    def paper(self, paper_id: int) -> tuple[oparl.OParlPaper, list[oparl.OParlMeeting]]:
        session = self.session
        data = get_paper(session, paper_id)
        paper = load_paper(session, paper_id)
        rows = session_rows(session, [c.event_id for c in data.consultations])
        self.load_contacts({i for i in (data.submitter_id, data.lead_office_id) if i})
        meetings = []
        consultations = []
        for c in data.consultations:
            row = rows[c.event_id]
            meeting = self.meeting(row)
            meetings.append(meeting)
            consultations.append(
                oparl.OParlConsultation(
                    ref=_ref("consultation", c.uid or ""),
                    meeting=meeting.ref,
                    organizations=meeting.organizations,
                    role=c.role_label,
                    authoritative=c.authoritative,
                    agenda_item=c.agenda_item,
                )
            )
        originator_persons: list[oparl.OParlRef] = []
        originator_orgs: list[oparl.OParlRef] = []
        direction: list[oparl.OParlRef] = []
        for contact_id, target in (
            (data.submitter_id, "submitter"),
            (data.lead_office_id, "lead"),
        ):
            if not contact_id or contact_id not in self.contacts:
                continue
            contact = self.contacts[contact_id]
            if isinstance(contact, Person):
                if target == "submitter":  # the lead office is an office (below), not a person
                    originator_persons.append(self.person_ref(contact_id))
            else:
                ref = self.org_ref(contact_id, "Verwaltungsbereich")
                (originator_orgs if target == "submitter" else direction).append(ref)
        if not direction and data.lead_office:
            key = f"contactdesk:office:{self.body_uid}:{data.lead_office}"
            if key not in self.organizations:
                self.organizations[key] = oparl.OParlOrganization(
                    ref=_ref("organization", str(uuid.uuid5(uuid.NAMESPACE_URL, key))),
                    name=data.lead_office,
                    organization_type="Verwaltungsbereich",
                )
            direction.append(self.organizations[key].ref)

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
                day=v.released_on,
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
            body=_ref("body", self.body_uid),
            body_name=self.body_name,
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
        return export, meetings


def require_base_url(base_url: str | None) -> str:
    """The base URL of the ids: the given one, else the settings store's oparl.base_url."""
    from contactdesk.core.services.papers.print_settings import oparl_base_url

    url = oparl_base_url(base_url)
    if not url:
        raise ValidationError(
            {
                "base_url": "Für den OParl-Export fehlt die Basisadresse der IDs (OParl verlangt "
                "URLs als IDs). Bitte einmal hinterlegen, z. B. mit „main.py config set "
                "oparl.base_url https://ratsinfo.example.de/oparl/v1.1“, oder beim Export "
                "--base-url angeben."
            }
        )
    return url


def _non_public(reference: str) -> ValidationError:
    return ValidationError(
        {
            "include_non_public": f"Die Vorlage {reference} ist nichtöffentlich. Sie wird nur mit "
            "--include-non-public exportiert – und gehört dann nicht in ein öffentliches "
            "Ratsinformationssystem."
        }
    )


def oparl_export(
    session: Session,
    paper_id: int,
    *,
    base_url: str | None = None,
    town_name: str = pdfout.PdfSettings().town_name,
    exported_at: datetime | None = None,
    include_non_public: bool = False,
) -> dict[str, Any]:
    """The paper with its Beratungsfolge, sessions, committees and files as OParl 1.1 objects.

    A non-public paper is refused unless `include_non_public` is given.
    """
    url = require_base_url(base_url)
    collector = _Collector(session, town_name)
    export, meetings = collector.paper(paper_id)
    if not export.public and not include_non_public:
        raise _non_public(export.reference)
    return oparl.export_paper(
        export,
        meetings,
        list(collector.organizations.values()),
        list(collector.persons.values()),
        base_url=url,
        exported_at=exported_at,
    )


def export_oparl(
    session: Session,
    paper_id: int,
    target: Path | str,
    *,
    base_url: str | None = None,
    include_non_public: bool = False,
) -> Path:
    data = oparl_export(session, paper_id, base_url=base_url, include_non_public=include_non_public)
    return atomic_write(Path(target), oparl.to_json_bytes(data))


@dataclass
class MeetingExport:
    data: dict[str, Any]
    #: references of non-public papers left out (without include_non_public)
    left_out: list[str]
    #: references of non-public papers included (with include_non_public)
    included_non_public: list[str]


def oparl_meeting_export(
    session: Session,
    event_id: int,
    *,
    base_url: str | None = None,
    town_name: str = pdfout.PdfSettings().town_name,
    exported_at: datetime | None = None,
    include_non_public: bool = False,
) -> MeetingExport:
    """A committee session as an OParl Meeting with its agenda items and papers."""
    url = require_base_url(base_url)
    rows = session_rows(session, [event_id])
    row = rows.get(event_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError("Die Sitzung wurde nicht gefunden. Vielleicht wurde sie gelöscht.")
    if row.kind != EventKind.GREMIENSITZUNG.value or row.committee_id is None:
        raise ValidationError(
            {"event_id": f"„{row.title}“ ist keine Gremiensitzung eines Gremiums."}
        )
    ev = session.get(Event, event_id)
    assert ev is not None
    collector = _Collector(session, town_name)
    consultations = list(
        session.execute(
            select(Consultation, Paper)
            .join(Paper, Paper.id == Consultation.paper_id)
            .where(Consultation.event_id == event_id, Paper.deleted_at.is_(None))
        ).all()
    )
    consultations.sort(key=lambda cp: _agenda_key(cp[0].agenda_item, cp[1].reference))
    papers: list[oparl.OParlPaper] = []
    items: list[oparl.OParlAgendaItem] = []
    left_out: list[str] = []
    included: list[str] = []
    used: set[int] = set()
    order = 0

    def add_item(number: str, name: str, public: bool, consultation_uid: str | None) -> None:
        nonlocal order
        order += 1
        key = f"contactdesk:agenda:{row.uid}:{order}:{name}"
        items.append(
            oparl.OParlAgendaItem(
                ref=_ref("agendaitem", str(uuid.uuid5(uuid.NAMESPACE_URL, key))),
                order=order,
                number=number,
                name=name,
                public=public,
                consultation=_ref("consultation", consultation_uid) if consultation_uid else None,
            )
        )

    def include(c: Consultation, p: Paper) -> bool:
        open_ = row.is_public and p.is_public and c.is_public is not False
        if not open_:
            if not include_non_public:
                left_out.append(p.reference)
                return False
            included.append(p.reference)
        export, _meetings = collector.paper(p.id)
        papers.append(export)
        return True

    for text in [a.text for a in ev.agenda]:
        match = next(((c, p) for c, p in consultations if p.reference in text), None)
        if match is None:
            add_item("", text, row.is_public, None)
            continue
        c, p = match
        used.add(p.id)
        if include(c, p):
            add_item(c.agenda_item, text, row.is_public and p.is_public, c.uid)
    for c, p in consultations:
        if p.id not in used and include(c, p):
            add_item(c.agenda_item, p.subject, row.is_public and p.is_public, c.uid)
    meeting = collector.meeting(row, items)
    return MeetingExport(
        oparl.export_meeting(
            meeting,
            papers,
            list(collector.organizations.values()),
            list(collector.persons.values()),
            body=_ref("body", collector.body_uid),
            body_name=collector.body_name,
            base_url=url,
            exported_at=exported_at,
        ),
        left_out,
        included,
    )


def _agenda_key(item: str, reference: str) -> tuple[Any, ...]:
    numbers = [int(n) for n in re.findall(r"\d+", item)]
    return (0 if numbers else 1, numbers, item, reference)
