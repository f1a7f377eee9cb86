"""What an import shows and reports: its entries, the preview, the report; an export's result.

An entry's status is NEW, MATCH, INVALID or DUPLICATE (German words, shown as they are); the
user's decision per entry is CREATE, UPDATE or SKIP.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from contactdesk.core.contact_data import ContactData
from contactdesk.core.formats.vcard import Affiliation

NEW = "neu"
MATCH = "Übereinstimmung"
INVALID = "ungültig"
DUPLICATE = "doppelt"

CREATE = "create"
UPDATE = "update"
SKIP = "skip"
DECISIONS = (CREATE, UPDATE, SKIP)


@dataclass
class ImportEntry:
    """One card or row of an import and what would happen to it."""

    index: int
    file: str
    place: str  # "Karte 3 (Zeile 41)" or "Zeile 7"
    line: int
    status: str  # NEW, MATCH, INVALID or DUPLICATE
    display_name: str
    contact: ContactData | None = None  # validated; None when invalid
    reasons: list[str] = field(default_factory=list)  # why invalid (German, with place)
    warnings: list[str] = field(default_factory=list)
    match_id: int | None = None
    match_name: str = ""
    match_reason: str = ""
    match_uid: str = ""  # checked at commit: ids of erased contacts can be reused
    duplicate_of: int | None = None
    affiliation: Affiliation = field(default_factory=Affiliation)

    @property
    def where(self) -> str:
        return f"{self.file}, {self.place}"

    def describe(self) -> str:
        """One German line: where, who, what."""
        text = f"{self.where}: {self.display_name or '(ohne Namen)'} — {self.status}"
        if self.status == MATCH:
            text += f" mit „{self.match_name}“ (Nr. {self.match_id}; {self.match_reason})"
        elif self.status == DUPLICATE and self.duplicate_of is not None:
            text += f" (wie Eintrag {self.duplicate_of + 1} dieses Imports)"
        elif self.status == INVALID:
            text += ": " + "; ".join(without_place(r, self.place) for r in self.reasons)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "file": self.file,
            "place": self.place,
            "line": self.line,
            "status": self.status,
            "display_name": self.display_name,
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "match_id": self.match_id,
            "match_name": self.match_name,
            "match_reason": self.match_reason,
            "duplicate_of": self.duplicate_of,
            "contact": self.contact.to_dict() if self.contact else None,
        }


@dataclass
class ImportPreview:
    files: list[str]
    entries: list[ImportEntry]
    #: files that could not be read at all (German, naming the file); their entries are absent
    errors: list[str] = field(default_factory=list)
    #: companies of new people that the register does not know: created with them (as
    #: organisations, the person's position and department as role) unless switched off
    new_organisations: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        result = dict.fromkeys((NEW, MATCH, DUPLICATE, INVALID), 0)
        for entry in self.entries:
            result[entry.status] += 1
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "errors": list(self.errors),
            "counts": self.counts(),
            "entries": [e.to_dict() for e in self.entries],
            "new_organisations": list(self.new_organisations),
        }


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "file, place: name (why)"
    invalid: list[str] = field(default_factory=list)  # "file, place: reason"
    errors: list[str] = field(default_factory=list)  # files not read
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} angelegt, {len(self.updated)} aktualisiert, "
            f"{len(self.skipped)} übersprungen, {len(self.invalid)} ungültig"
        )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int


class ParsedItem(Protocol):
    """What a reader gives per contact: a vCard's ParsedCard, a CSV's ParsedRow, ..."""

    line: int
    contact: ContactData | None
    problems: list[str]
    raw_name: str
    warnings: list[str]
    affiliation: Affiliation

    @property
    def place(self) -> str: ...


def without_place(reason: str, place: str) -> str:
    return reason.removeprefix(f"{place}: ")
