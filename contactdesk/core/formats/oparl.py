"""OParl 1.1 (the standard interface of German council information systems): a paper as JSON.

One export holds the Paper with its embedded Consultations (the Beratungsfolge), and the
Meetings, Organizations, Persons and Files it refers to, each a complete OParl object.

Ids are URLs, as OParl 1.1 requires: built from the UUIDs the records keep under the base URL
the town configures (``https://ris.example/oparl/v1.1/paper/<uuid>``). A re-export therefore
names the same objects with the same ids. Every object follows the OParl 1.1.1 JSON schemas
(required fields, types; File.date is a date; the Body carries its list URLs and its
legislativeTerm list; an embedded Location has an id).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

SCHEMA = "https://schema.oparl.org/1.1/"


@dataclass(frozen=True)
class OParlRef:
    """A record that leaves the program: its kind ("paper", "meeting" ...) and its UUID."""

    kind: str
    uid: str


@dataclass
class OParlOrganization:
    ref: OParlRef
    name: str
    short_name: str = ""
    organization_type: str = "Gremium"
    classification: str = ""
    website: str = ""
    created: datetime | None = None
    modified: datetime | None = None


@dataclass
class OParlPerson:
    ref: OParlRef
    name: str
    family_name: str = ""
    given_name: str = ""
    form_of_address: str = ""
    created: datetime | None = None
    modified: datetime | None = None


@dataclass
class OParlMeeting:
    ref: OParlRef
    name: str
    start: datetime
    end: datetime
    organizations: list[OParlRef]
    state: str = "terminiert"
    cancelled: bool = False
    location: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    agenda_items: list[OParlAgendaItem] = field(default_factory=list)


@dataclass
class OParlAgendaItem:
    ref: OParlRef
    order: int
    number: str
    name: str
    public: bool
    consultation: OParlRef | None = None
    result: str = ""


@dataclass
class OParlConsultation:
    ref: OParlRef
    meeting: OParlRef
    organizations: list[OParlRef]
    role: str
    authoritative: bool
    agenda_item: str = ""


@dataclass
class OParlFile:
    ref: OParlRef
    name: str
    file_name: str
    mime_type: str
    size: int
    created: datetime
    sha1: str = ""
    text: str = ""
    #: the file's date (a released version: its release day); default: the day it was created
    day: date | None = None


@dataclass
class OParlPaper:
    ref: OParlRef
    body: OParlRef
    body_name: str
    name: str
    reference: str
    paper_date: date
    paper_type: str
    consultations: list[OParlConsultation] = field(default_factory=list)
    originator_persons: list[OParlRef] = field(default_factory=list)
    originator_organizations: list[OParlRef] = field(default_factory=list)
    under_direction_of: list[OParlRef] = field(default_factory=list)
    main_file: OParlFile | None = None
    auxiliary_files: list[OParlFile] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    public: bool = True
    created: datetime | None = None
    modified: datetime | None = None


def object_id(ref: OParlRef, base_url: str) -> str:
    if not base_url:
        raise ValueError("OParl ids need a base URL")
    return f"{base_url.rstrip('/')}/{ref.kind}/{ref.uid}"


def _ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _day(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.date().isoformat()
    return value.isoformat()


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


class Writer:
    """Turns the data classes into OParl 1.1 objects under one base URL."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def oid(self, ref: OParlRef) -> str:
        return object_id(ref, self.base_url)

    def body(self, ref: OParlRef, name: str) -> dict[str, Any]:
        bid = self.oid(ref)
        return {
            "id": bid,
            "type": SCHEMA + "Body",
            "name": name,
            "organization": f"{bid}/organization",
            "person": f"{bid}/person",
            "meeting": f"{bid}/meeting",
            "paper": f"{bid}/paper",
            "legislativeTerm": [],
        }

    def file(self, f: OParlFile, *, papers: list[str]) -> dict[str, Any]:
        fid = self.oid(f.ref)
        return _drop_empty(
            {
                "id": fid,
                "type": SCHEMA + "File",
                "name": f.name,
                "fileName": f.file_name,
                "mimeType": f.mime_type,
                "date": _day(f.day or f.created),
                "size": f.size,
                "sha1Checksum": f.sha1,
                "text": f.text,
                "accessUrl": f"{fid}/content",
                "paper": papers,
                "created": _ts(f.created),
                "modified": _ts(f.created),
            }
        )

    def paper(self, paper: OParlPaper) -> dict[str, Any]:
        paper_id = self.oid(paper.ref)
        consultations = [
            _drop_empty(
                {
                    "id": self.oid(c.ref),
                    "type": SCHEMA + "Consultation",
                    "paper": paper_id,
                    "meeting": self.oid(c.meeting),
                    "organization": [self.oid(o) for o in c.organizations],
                    "authoritative": c.authoritative,
                    "role": c.role,
                    "keyword": [f"TOP {c.agenda_item}"] if c.agenda_item else [],
                    "created": _ts(paper.created),
                    "modified": _ts(paper.modified),
                }
            )
            for c in paper.consultations
        ]
        return _drop_empty(
            {
                "id": paper_id,
                "type": SCHEMA + "Paper",
                "body": self.oid(paper.body),
                "name": paper.name,
                "reference": paper.reference,
                "date": paper.paper_date.isoformat(),
                "paperType": paper.paper_type,
                "mainFile": self.file(paper.main_file, papers=[paper_id])
                if paper.main_file
                else None,
                "auxiliaryFile": [self.file(f, papers=[paper_id]) for f in paper.auxiliary_files],
                "originatorPerson": [self.oid(p) for p in paper.originator_persons],
                "originatorOrganization": [self.oid(o) for o in paper.originator_organizations],
                "underDirectionOf": [self.oid(o) for o in paper.under_direction_of],
                "consultation": consultations,
                "keyword": paper.keywords,
                "created": _ts(paper.created),
                "modified": _ts(paper.modified),
            }
        )

    def meeting(self, m: OParlMeeting) -> dict[str, Any]:
        mid = self.oid(m.ref)
        location = None
        if m.location:
            location_uid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"contactdesk:location:{m.ref.uid}"))
            location = {
                "id": self.oid(OParlRef("location", location_uid)),
                "type": SCHEMA + "Location",
                "description": m.location,
                "meetings": [mid],
            }
        items = [
            _drop_empty(
                {
                    "id": self.oid(i.ref),
                    "type": SCHEMA + "AgendaItem",
                    "meeting": mid,
                    "number": i.number,
                    "order": i.order,
                    "name": i.name,
                    "public": i.public,
                    "consultation": self.oid(i.consultation) if i.consultation else None,
                    "result": i.result,
                }
            )
            for i in m.agenda_items
        ]
        return _drop_empty(
            {
                "id": mid,
                "type": SCHEMA + "Meeting",
                "name": m.name,
                "meetingState": m.state,
                "cancelled": m.cancelled,
                "start": _ts(m.start),
                "end": _ts(m.end),
                "location": location,
                "organization": [self.oid(o) for o in m.organizations],
                "agendaItem": items,
                "created": _ts(m.created),
                "modified": _ts(m.modified),
            }
        )

    def organization(self, o: OParlOrganization, body: OParlRef) -> dict[str, Any]:
        return _drop_empty(
            {
                "id": self.oid(o.ref),
                "type": SCHEMA + "Organization",
                "body": self.oid(body),
                "name": o.name,
                "shortName": o.short_name,
                "organizationType": o.organization_type,
                "classification": o.classification,
                "website": o.website if o.website.startswith(("http://", "https://")) else "",
                "created": _ts(o.created),
                "modified": _ts(o.modified),
            }
        )

    def person(self, p: OParlPerson, body: OParlRef) -> dict[str, Any]:
        return _drop_empty(
            {
                "id": self.oid(p.ref),
                "type": SCHEMA + "Person",
                "body": self.oid(body),
                "name": p.name,
                "familyName": p.family_name,
                "givenName": p.given_name,
                "formOfAddress": p.form_of_address,
                "created": _ts(p.created),
                "modified": _ts(p.modified),
            }
        )


def export_paper(
    paper: OParlPaper,
    meetings: list[OParlMeeting],
    organizations: list[OParlOrganization],
    persons: list[OParlPerson],
    *,
    base_url: str,
    exported_at: datetime | None = None,
) -> dict[str, Any]:
    """The OParl objects of one paper as a JSON-ready dict."""
    w = Writer(base_url)
    return {
        "oparlVersion": SCHEMA,
        "exported": _ts(exported_at or datetime.now(UTC)),
        "body": w.body(paper.body, paper.body_name),
        "paper": w.paper(paper),
        "meeting": [w.meeting(m) for m in meetings],
        "organization": [w.organization(o, paper.body) for o in organizations],
        "person": [w.person(p, paper.body) for p in persons],
    }


def export_meeting(
    meeting: OParlMeeting,
    papers: list[OParlPaper],
    organizations: list[OParlOrganization],
    persons: list[OParlPerson],
    *,
    body: OParlRef,
    body_name: str,
    base_url: str,
    exported_at: datetime | None = None,
) -> dict[str, Any]:
    """A meeting with its agenda items and the papers on it as a JSON-ready dict."""
    w = Writer(base_url)
    return {
        "oparlVersion": SCHEMA,
        "exported": _ts(exported_at or datetime.now(UTC)),
        "body": w.body(body, body_name),
        "meeting": w.meeting(meeting),
        "paper": [w.paper(p) for p in papers],
        "organization": [w.organization(o, body) for o in organizations],
        "person": [w.person(p, body) for p in persons],
    }


def to_json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
