"""The OParl 1.1.1 schema rules our export must meet, written down from the published JSON
schemas (github.com/OParl/spec, schema/*.json, tag v1.1.1): for each object type its required
properties and the type (and format) of every property it may carry. The schema files are
CC BY-SA 4.0; only these facts are restated here, not the files.

`validate(obj, "Paper")` returns a list of problems (empty when the object follows the rules);
embedded objects (Paper.consultation, Paper.mainFile, Meeting.location, Meeting.agendaItem,
Body.legislativeTerm) are checked against their own type.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

COMMON = {
    "id": "url",
    "type": "type",
    "license": "string",
    "keyword": "string[]",
    "created": "date-time",
    "modified": "date-time",
    "web": "url",
    "deleted": "boolean",
}

RULES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "Body": (
        ("id", "type", "name", "organization", "person", "meeting", "paper", "legislativeTerm"),
        {
            "system": "url",
            "shortName": "string",
            "name": "string",
            "website": "url",
            "licenseValidSince": "date-time",
            "oparlSince": "date-time",
            "ags": "string",
            "rgs": "string",
            "equivalent": "url[]",
            "contactEmail": "string",
            "contactName": "string",
            "organization": "url",
            "person": "url",
            "meeting": "url",
            "paper": "url",
            "legislativeTerm": "object[]:LegislativeTerm",
            "agendaItem": "url",
            "consultation": "url",
            "file": "url",
            "locationList": "url",
            "legislativeTermList": "url",
            "membership": "url",
            "classification": "string",
            "location": "object:Location",
            "mainOrganization": "url",
        },
    ),
    "LegislativeTerm": (
        ("id", "type"),
        {"body": "url", "name": "string", "startDate": "date", "endDate": "date"},
    ),
    "Paper": (
        ("id", "type"),
        {
            "body": "url",
            "name": "string",
            "reference": "string",
            "date": "date",
            "paperType": "string",
            "relatedPaper": "url[]",
            "superordinatedPaper": "url[]",
            "subordinatedPaper": "url[]",
            "mainFile": "object:File",
            "auxiliaryFile": "object[]:File",
            "location": "object[]:Location",
            "originatorPerson": "url[]",
            "underDirectionOf": "url[]",
            "originatorOrganization": "url[]",
            "consultation": "object[]:Consultation",
        },
    ),
    "Consultation": (
        ("id", "type"),
        {
            "paper": "url",
            "agendaItem": "url",
            "meeting": "url",
            "organization": "url[]",
            "authoritative": "boolean",
            "role": "string",
        },
    ),
    "File": (
        ("id", "type", "accessUrl"),
        {
            "name": "string",
            "fileName": "string",
            "mimeType": "string",
            "date": "date",
            "size": "integer",
            "sha1Checksum": "string",
            "sha512Checksum": "string",
            "text": "string",
            "accessUrl": "url",
            "downloadUrl": "url",
            "externalServiceUrl": "url",
            "masterFile": "url",
            "derivativeFile": "url[]",
            "fileLicense": "url",
            "meeting": "url[]",
            "agendaItem": "url[]",
            "person": "url",
            "paper": "url[]",
        },
    ),
    "Meeting": (
        ("id", "type"),
        {
            "name": "string",
            "meetingState": "string",
            "cancelled": "boolean",
            "start": "date-time",
            "end": "date-time",
            "location": "object:Location",
            "organization": "url[]",
            "participant": "url[]",
            "invitation": "object:File",
            "resultsProtocol": "object:File",
            "verbatimProtocol": "object:File",
            "auxiliaryFile": "object[]:File",
            "agendaItem": "object[]:AgendaItem",
        },
    ),
    "AgendaItem": (
        ("id", "type", "order"),
        {
            "meeting": "url",
            "number": "string",
            "order": "integer",
            "name": "string",
            "public": "boolean",
            "consultation": "url",
            "result": "string",
            "resolutionText": "string",
            "resolutionFile": "object:File",
            "auxiliaryFile": "object[]:File",
            "start": "date-time",
            "end": "date-time",
        },
    ),
    "Location": (
        ("id", "type"),
        {
            "description": "string",
            "geojson": "object",
            "streetAddress": "string",
            "room": "string",
            "postalCode": "string",
            "subLocality": "string",
            "locality": "string",
            "bodies": "url[]",
            "organizations": "url[]",
            "persons": "url[]",
            "meetings": "url[]",
            "papers": "url[]",
        },
    ),
    "Organization": (
        ("id", "type"),
        {
            "body": "url",
            "name": "string",
            "membership": "url[]",
            "meeting": "url",
            "consultation": "url",
            "shortName": "string",
            "post": "string[]",
            "subOrganizationOf": "url",
            "organizationType": "string",
            "classification": "string",
            "startDate": "date",
            "endDate": "date",
            "website": "url",
            "location": "object:Location",
            "externalBody": "url",
            "memberCount": "integer",
            "votingMemberCount": "integer",
        },
    ),
    "Person": (
        ("id", "type"),
        {
            "body": "url",
            "name": "string",
            "familyName": "string",
            "givenName": "string",
            "formOfAddress": "string",
            "affix": "string",
            "title": "string[]",
            "gender": "string",
            "phone": "string[]",
            "email": "string[]",
            "location": "url",
            "locationObject": "object:Location",
            "status": "string[]",
            "membership": "object[]",
            "image": "object:File",
            "life": "string",
            "lifeSource": "string",
        },
    ),
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def _check(value: Any, kind: str, where: str) -> list[str]:
    problems: list[str] = []
    if kind.endswith("[]") or kind.startswith("object[]"):
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        inner = kind[:-2] if kind.endswith("[]") else "object:" + kind.split(":", 1)[1]
        if kind == "object[]":
            inner = "object"
        for n, item in enumerate(value):
            problems += _check(item, inner, f"{where}[{n}]")
        return problems
    if kind.startswith("object:"):
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        return validate(value, kind.split(":", 1)[1], where)
    ok = {
        "url": _is_url(value),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "object": isinstance(value, dict),
        "date": isinstance(value, str) and bool(_DATE.match(value)) and _parses_date(value),
        "date-time": isinstance(value, str) and _parses_datetime(value),
    }[kind]
    return [] if ok else [f"{where}: {value!r} is not a {kind}"]


def _parses_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _parses_datetime(value: str) -> bool:
    if "T" not in value:
        return False
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False
    return moment.tzinfo is not None


def validate(obj: dict[str, Any], type_name: str, where: str = "") -> list[str]:
    where = where or type_name
    required, props = RULES[type_name]
    problems = [f"{where}: {name} missing" for name in required if name not in obj]
    expected_type = f"https://schema.oparl.org/1.1/{type_name}"
    if obj.get("type") != expected_type:
        problems.append(f"{where}: type {obj.get('type')!r} is not {expected_type}")
    for name, value in obj.items():
        kind = props.get(name) or COMMON.get(name)
        if kind is None:
            problems.append(f"{where}: unknown property {name}")
        elif kind != "type":
            problems += _check(value, kind, f"{where}.{name}")
    return problems
