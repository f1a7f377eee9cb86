"""OParl 1.1 (the standard interface of German council information systems): a paper as JSON.

One export holds the Paper with its embedded Consultations (the Beratungsfolge), and the
Meetings, Organizations, Persons and Files it refers to, each a complete OParl object.

Ids are stable: built from the UUIDs the records keep, either under a base URL the town
configures (``https://ris.example/oparl/paper/<uuid>``) or, without one, as ``urn:uuid:<uuid>``.
A re-export therefore names the same objects with the same ids.
"""

from __future__ import annotations

import json
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


def object_id(ref: OParlRef, base_url: str | None = None) -> str:
    if base_url:
        return f"{base_url.rstrip('/')}/{ref.kind}/{ref.uid}"
    return f"urn:uuid:{ref.uid}"


def _ts(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def _drop_empty(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def export_paper(
    paper: OParlPaper,
    meetings: list[OParlMeeting],
    organizations: list[OParlOrganization],
    persons: list[OParlPerson],
    *,
    base_url: str | None = None,
    exported_at: datetime | None = None,
) -> dict[str, Any]:
    """The OParl objects of one paper as a JSON-ready dict."""

    def oid(ref: OParlRef) -> str:
        return object_id(ref, base_url)

    paper_id = oid(paper.ref)
    body_id = oid(paper.body)

    def file_obj(f: OParlFile) -> dict[str, Any]:
        fid = oid(f.ref)
        return _drop_empty(
            {
                "id": fid,
                "type": SCHEMA + "File",
                "name": f.name,
                "fileName": f.file_name,
                "mimeType": f.mime_type,
                "date": _ts(f.created),
                "size": f.size,
                "sha1Checksum": f.sha1,
                "text": f.text,
                "accessUrl": f"{fid}/content" if base_url else fid,
                "paper": [paper_id],
                "created": _ts(f.created),
                "modified": _ts(f.created),
            }
        )

    consultations = [
        _drop_empty(
            {
                "id": oid(c.ref),
                "type": SCHEMA + "Consultation",
                "paper": paper_id,
                "meeting": oid(c.meeting),
                "organization": [oid(o) for o in c.organizations],
                "authoritative": c.authoritative,
                "role": c.role,
                "keyword": [f"TOP {c.agenda_item}"] if c.agenda_item else [],
                "created": _ts(paper.created),
                "modified": _ts(paper.modified),
            }
        )
        for c in paper.consultations
    ]
    paper_obj = _drop_empty(
        {
            "id": paper_id,
            "type": SCHEMA + "Paper",
            "body": body_id,
            "name": paper.name,
            "reference": paper.reference,
            "date": paper.paper_date.isoformat(),
            "paperType": paper.paper_type,
            "mainFile": file_obj(paper.main_file) if paper.main_file else None,
            "auxiliaryFile": [file_obj(f) for f in paper.auxiliary_files],
            "originatorPerson": [oid(p) for p in paper.originator_persons],
            "originatorOrganization": [oid(o) for o in paper.originator_organizations],
            "underDirectionOf": [oid(o) for o in paper.under_direction_of],
            "consultation": consultations,
            "keyword": paper.keywords,
            "created": _ts(paper.created),
            "modified": _ts(paper.modified),
        }
    )
    meeting_objs = [
        _drop_empty(
            {
                "id": oid(m.ref),
                "type": SCHEMA + "Meeting",
                "name": m.name,
                "meetingState": m.state,
                "cancelled": m.cancelled,
                "start": _ts(m.start),
                "end": _ts(m.end),
                "location": {"type": SCHEMA + "Location", "description": m.location}
                if m.location
                else None,
                "organization": [oid(o) for o in m.organizations],
                "created": _ts(m.created),
                "modified": _ts(m.modified),
            }
        )
        for m in meetings
    ]
    org_objs = [
        _drop_empty(
            {
                "id": oid(o.ref),
                "type": SCHEMA + "Organization",
                "body": body_id,
                "name": o.name,
                "shortName": o.short_name,
                "organizationType": o.organization_type,
                "classification": o.classification,
                "website": o.website,
                "created": _ts(o.created),
                "modified": _ts(o.modified),
            }
        )
        for o in organizations
    ]
    person_objs = [
        _drop_empty(
            {
                "id": oid(p.ref),
                "type": SCHEMA + "Person",
                "body": body_id,
                "name": p.name,
                "familyName": p.family_name,
                "givenName": p.given_name,
                "formOfAddress": p.form_of_address,
                "created": _ts(p.created),
                "modified": _ts(p.modified),
            }
        )
        for p in persons
    ]
    return {
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "exported": _ts(exported_at or datetime.now(UTC)),
        "body": {"id": body_id, "type": SCHEMA + "Body", "name": paper.body_name},
        "paper": paper_obj,
        "meeting": meeting_objs,
        "organization": org_objs,
        "person": person_objs,
    }


def to_json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
