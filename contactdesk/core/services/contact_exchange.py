"""Contact exchange with Outlook and other programs: import (preview, then commit) and export.

Import is two steps. preview_import() reads the files, validates every entry and compares it with
the register; nothing is written. commit_import() then writes what the user decided, in the
caller's session: the caller commits once, so an import is all or nothing.

Matching an entry against the register (first rule that fits):
1. the same UID (our own exports carry the contact's UID, so a re-import updates);
2. the same folded name (Müller = Mueller) and the same kind, plus a shared e-mail or phone;
3. the same e-mail address and the same kind;
4. the same folded name and kind, for an organisation (names of organisations are what
   identifies them, and many have neither e-mail nor phone) or for a person whose entry has no
   e-mail and no phone to compare.
Matches are skipped unless the user decides otherwise (a wrong match costs a click, a wrong
"new" a duplicate). Within the import, a later entry with the same UID, or the same folded name
and a shared e-mail or phone as an earlier entry, is a duplicate ("doppelt"), skipped unless
decided otherwise.

Updating a matched contact merges rather than replaces: names come from the file; e-mails,
phones, addresses and tags are united; notes are joined unless one contains the other; roles,
consents and interactions stay. A person's organisation from the file (ORG, "Firma") becomes a
role when an organisation of that name exists (or is created by the same import); otherwise it
is kept as a line in the notes, so nothing of the file is lost.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contactdesk.core import audit, search
from contactdesk.core.countries import region_for_country
from contactdesk.core.errors import (
    ConflictError,
    ImportError_,
    NotFoundError,
    ValidationError,
    os_reason,
)
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import outlook_csv, vcard, vcard_export
from contactdesk.core.formats.outlook_csv_export import write_to as write_outlook_csv
from contactdesk.core.formats.vcard import Affiliation
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.models import Contact, ContactKind, Email, Phone
from contactdesk.core.progress import Progress, advance
from contactdesk.core.services.contact_export import export_contacts
from contactdesk.core.services.contacts import (
    DEFAULT_REGION,
    ContactData,
    RoleData,
    bulk_create,
    get_contact,
    normalise_email,
    normalise_phone,
    normalise_phones,
    person_display_name,
    shallow_copy,
    sort_name,
    update_contact,
    validate,
)

MAX_FILE_SIZE = 20 * 1024 * 1024
VCARD_SUFFIXES = (".vcf", ".vcard")
CSV_SUFFIXES = (".csv",)

NEW = "neu"
MATCH = "Übereinstimmung"
INVALID = "ungültig"
DUPLICATE = "doppelt"

CREATE = "create"
UPDATE = "update"
SKIP = "skip"
DECISIONS = (CREATE, UPDATE, SKIP)

_IN_CHUNK = 500  # parameters per IN (...) list, well below SQLite's limit
_PERSON = ContactKind.PERSON.value
_ORGANISATION = ContactKind.ORGANISATION.value
_NOTHING: frozenset[int] = frozenset()


# --------------------------------------------------------------------------- results


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
            text += ": " + "; ".join(_without_place(r, self.place) for r in self.reasons)
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


# --------------------------------------------------------------------------- preview


@bulk_work
def preview_import(
    session: Session, files: Sequence[Path | str], *, region: str = DEFAULT_REGION
) -> ImportPreview:
    """Read, validate and match every entry of `files`; writes nothing."""
    parsed: list[tuple[str, Sequence[ParsedItem]]] = []
    errors = []
    for file in files:
        path = Path(file)
        try:
            parsed.append((path.name, read_file(path)))
        except ImportError_ as exc:
            errors.append(exc.message)
    preview = preview_parsed(session, parsed, region=region)
    preview.files = [Path(f).name for f in files]
    preview.errors = errors
    return preview


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


@bulk_work
def preview_parsed(
    session: Session,
    parsed: Sequence[tuple[str, Sequence[ParsedItem]]],
    *,
    region: str = DEFAULT_REGION,
) -> ImportPreview:
    """Validate and match the entries already read from files (name, items), all together;
    writes nothing. (services/imports.py reads the files, routed by their content.)"""
    preview = ImportPreview(files=[name for name, _items in parsed], entries=[])
    for name, items in parsed:
        # All numbers first, in one run: faster than number by number (see normalise_phones).
        phone_forms = normalise_phones(
            (p.number for item in items if item.contact for p in item.contact.phones), region
        )
        for item in items:
            entry = ImportEntry(
                index=len(preview.entries),
                file=name,
                place=item.place,
                line=item.line,
                status=NEW,
                display_name=item.raw_name,
                warnings=list(item.warnings),
                affiliation=item.affiliation,
            )
            if item.contact is None:
                entry.status = INVALID
                entry.reasons = list(item.problems)
            else:
                entry.warnings += _settle_phones(item.contact, item.place, region, phone_forms)
                entry.warnings += _settle_emails(item.contact, item.place)
                try:
                    entry.contact = validate(item.contact, region=region, phone_forms=phone_forms)
                except ValidationError as exc:
                    entry.status = INVALID
                    entry.reasons = [f"{item.place}: {m}" for m in exc.fields.values()]
                else:
                    entry.display_name = _display_name(entry.contact)
            preview.entries.append(entry)
    _match(session, preview.entries)
    preview.new_organisations = _unknown_organisations(session, preview.entries)
    return preview


def _unknown_organisations(session: Session, entries: list[ImportEntry]) -> list[str]:
    """Companies named by new people of the import that neither the register nor the import
    itself has as an organisation (each once, in the spelling of its first mention)."""
    wanted: dict[str, str] = {}
    for e in entries:
        name = e.affiliation.organisation.strip()
        if name and e.status == NEW and e.contact is not None and e.contact.is_person:
            wanted.setdefault(search.fold_cached(name), name)
    in_file = {
        sort_name(e.contact)
        for e in entries
        if e.contact is not None and e.contact.kind == _ORGANISATION and e.status != INVALID
    }
    known = _organisation_ids(session, wanted.values())
    return [n for key, n in wanted.items() if key not in known and key not in in_file]


def _settle_emails(contact: ContactData, place: str) -> list[str]:
    """An address that is no e-mail address does not refuse the whole contact: it moves into
    the notes, unchanged, with a warning (as an unreadable phone number does)."""
    kept, broken = [], []
    for m in contact.emails:
        raw = m.address.strip()
        if not raw:
            continue
        try:
            normalise_email(raw)
        except ValueError:
            broken.append(m)
        else:
            kept.append(m)
    if not broken:
        return []
    contact.emails = kept
    lines = [
        f"E-Mail-Adresse (ungültig{', ' + m.label if m.label else ''}): {m.address.strip()}"
        for m in broken
    ]
    contact.notes = "\n".join([contact.notes.strip(), *lines]).strip()
    return [
        f"{place}: „{m.address.strip()}“ ist keine gültige E-Mail-Adresse; sie steht "
        "unverändert in den Notizen."
        for m in broken
    ]


def _settle_phones(
    contact: ContactData, place: str, region: str, forms: dict[str, str | None]
) -> list[str]:
    """Read the numbers of an imported contact where it lives, keep what cannot be read.

    A number without country code is read for the country of the contact's address first
    ("(718) 555-0142" on a card from New York is +1 718 …), then for `region`. A number that
    is valid for neither does not refuse the whole contact: it moves into the notes,
    unchanged, with a warning. Returns the warnings (German).
    """
    home = next(
        (code for a in contact.addresses if (code := region_for_country(a.country))), region
    )
    kept = []
    unreadable = []
    for phone in contact.phones:
        raw = phone.number.strip()
        if not raw:
            kept.append(phone)
            continue
        if home != region:
            try:
                phone.number = normalise_phone(raw, home)
            except ValueError:
                pass
            else:
                kept.append(phone)
                continue
        if forms.get(phone.number) is not None:
            kept.append(phone)
        else:
            unreadable.append(phone)
    if not unreadable:
        return []
    contact.phones = kept
    lines = [
        f"Telefonnummer (nicht erkannt{', ' + p.label if p.label else ''}): {p.number.strip()}"
        for p in unreadable
    ]
    contact.notes = "\n".join([contact.notes.strip(), *lines]).strip()
    return [
        f"{place}: Die Telefonnummer „{p.number.strip()}“ ist keine gültige Nummer; "
        "sie steht unverändert in den Notizen."
        for p in unreadable
    ]


def read_file(path: Path) -> list[vcard.ParsedCard] | list[outlook_csv.ParsedRow]:
    """Parse one file as vCard or Outlook CSV; ImportError_ (German) when that is impossible."""
    name = path.name
    if not path.is_file():
        raise ImportError_("Die Datei wurde nicht gefunden.", file=name)
    size = path.stat().st_size
    if size > MAX_FILE_SIZE:
        raise ImportError_(
            f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB); eingelesen werden höchstens "
            f"{MAX_FILE_SIZE // 1024 // 1024} MB. Bitte teilen Sie den Export auf.",
            file=name,
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(
            f"Die Datei kann nicht gelesen werden ({os_reason(exc)}).", file=name, detail=repr(exc)
        ) from exc
    suffix = path.suffix.lower()
    looks_vcard = b"BEGIN:VCARD" in data[:4096].upper()
    if suffix in VCARD_SUFFIXES or (looks_vcard and suffix not in VCARD_SUFFIXES):
        return vcard.parse(data, name)
    if suffix in CSV_SUFFIXES:
        return outlook_csv.parse(data, name)
    raise ImportError_(
        f"Das Dateiformat „{path.suffix or name}“ wird nicht unterstützt. Importiert werden "
        "vCard-Dateien (.vcf) und Outlook-CSV-Dateien (.csv).",
        file=name,
    )


def _display_name(data: ContactData) -> str:
    if data.kind == _PERSON:
        return person_display_name(data.first_name, data.last_name, data.title)
    return data.name


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _without_place(reason: str, place: str) -> str:
    return reason.removeprefix(f"{place}: ")


def _match(session: Session, entries: list[ImportEntry]) -> None:
    valid = [e for e in entries if e.contact is not None]
    if not valid:
        return
    contacts = [e.contact for e in valid if e.contact is not None]
    keys = [(data.kind, sort_name(data)) for data in contacts]  # (kind, folded name)
    uids = {data.uid for data in contacts if data.uid}
    emails = {m.address.casefold() for data in contacts for m in data.emails}
    phones = {p.number for data in contacts for p in data.phones}
    sort_names = {name for _, name in keys}

    names: dict[int, str] = {}
    kinds: dict[int, str] = {}
    contact_uids: dict[int, str] = {}
    by_uid: dict[str, tuple[int, bool]] = {}
    for chunk in _chunks(uids):
        for row in session.execute(
            select(
                Contact.id, Contact.uid, Contact.display_name, Contact.kind, Contact.deleted_at
            ).where(Contact.uid.in_(chunk))
        ):
            by_uid[row.uid] = (row.id, row.deleted_at is not None)
            names[row.id], kinds[row.id] = row.display_name, row.kind
            contact_uids[row.id] = row.uid
    by_email: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(emails):
        for mail_hit in session.execute(
            select(
                func.lower(Email.address),
                Contact.id,
                Contact.uid,
                Contact.display_name,
                Contact.kind,
            )
            .join(Contact, Contact.id == Email.contact_id)
            .where(func.lower(Email.address).in_(chunk), Contact.deleted_at.is_(None))
        ):
            by_email[mail_hit[0]].add(mail_hit.id)
            names[mail_hit.id], kinds[mail_hit.id] = mail_hit.display_name, mail_hit.kind
            contact_uids[mail_hit.id] = mail_hit.uid
    by_phone: dict[str, set[int]] = defaultdict(set)
    for chunk in _chunks(phones):
        for phone_hit in session.execute(
            select(Phone.number, Contact.id)
            .join(Contact, Contact.id == Phone.contact_id)
            .where(Phone.number.in_(chunk), Contact.deleted_at.is_(None))
        ):
            by_phone[phone_hit.number].add(phone_hit.id)
    by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    for chunk in _chunks(sort_names):
        for name_hit in session.execute(
            select(
                Contact.id, Contact.uid, Contact.kind, Contact.sort_name, Contact.display_name
            ).where(Contact.sort_name.in_(chunk), Contact.deleted_at.is_(None))
        ):
            by_name[(name_hit.kind, name_hit.sort_name)].add(name_hit.id)
            names[name_hit.id], kinds[name_hit.id] = name_hit.display_name, name_hit.kind
            contact_uids[name_hit.id] = name_hit.uid

    seen_uid: dict[str, int] = {}
    seen_channel: dict[tuple[str, str, str], int] = {}
    for entry, data, key in zip(valid, contacts, keys, strict=True):
        kind, name = key
        channels = [(kind, name, f"@{m.address.casefold()}") for m in data.emails]
        channels += [(kind, name, f"#{p.number}") for p in data.phones]
        earlier = seen_uid.get(data.uid) if data.uid else None
        if earlier is None:
            earlier = next((seen_channel[c] for c in channels if c in seen_channel), None)
        if data.uid:
            seen_uid.setdefault(data.uid, entry.index)
        for channel in channels:
            seen_channel.setdefault(channel, entry.index)
        if earlier is not None:
            entry.status, entry.duplicate_of = DUPLICATE, earlier
            continue
        found: int | None = None
        reason = ""
        if data.uid and data.uid in by_uid:
            contact_id, deleted = by_uid[data.uid]
            if deleted:
                data.uid = None  # the UID is taken by a contact in the wastebasket
                entry.warnings.append(
                    f"{entry.place}: Ein Kontakt mit derselben UID liegt im Papierkorb; "
                    "der Eintrag wird als neuer Kontakt angelegt."
                )
            elif kinds[contact_id] != data.kind:
                entry.status = INVALID
                entry.reasons.append(
                    f"{entry.place}: Die UID gehört zum Kontakt „{names[contact_id]}“, der eine "
                    "andere Art hat (Person/Organisation). Bitte prüfen Sie die Datei."
                )
                entry.contact = None
                continue
            else:
                found, reason = contact_id, "gleiche UID"
        if found is None:
            shared: set[int] = set()
            for m in data.emails:
                shared |= by_email.get(m.address.casefold(), _NOTHING)
            for p in data.phones:
                shared |= by_phone.get(p.number, _NOTHING)
            same_name = by_name.get(key, _NOTHING) & shared
            if same_name:
                found = min(same_name)
                reason = "gleicher Name und gleiche E-Mail-Adresse oder Telefonnummer"
        if found is None:
            for m in data.emails:
                same_mail = {
                    i
                    for i in by_email.get(m.address.casefold(), _NOTHING)
                    if kinds.get(i) == data.kind
                }
                if same_mail:
                    found, reason = min(same_mail), "gleiche E-Mail-Adresse"
                    break
        if found is None and by_name.get(key):
            if data.kind == _ORGANISATION:
                found, reason = min(by_name[key]), "gleicher Name"
            elif not channels:
                found, reason = min(by_name[key]), "gleicher Name, nichts weiter zum Vergleich"
        if found is not None:
            entry.status, entry.match_id = MATCH, found
            entry.match_name, entry.match_reason = names.get(found, ""), reason
            entry.match_uid = contact_uids.get(found, "")


# --------------------------------------------------------------------------- commit


@bulk_work
def commit_import(
    session: Session,
    preview: ImportPreview,
    decisions: dict[int, str] | None = None,
    *,
    default_for_matches: str = SKIP,
    create_organisations: bool = True,
) -> ImportReport:
    """Write the entries of `preview` as decided, in the caller's transaction.

    With `create_organisations`, a company the register does not know is created as an
    organisation (preview.new_organisations) and the person gets a role there; without, the
    company stays a line in the person's notes.

    `decisions` maps an entry index to "create", "update" or "skip". Defaults: new entries are
    created, matches get `default_for_matches` ("skip" unless told), duplicates within the
    import are skipped, invalid entries are reported. Any failure raises and leaves the
    transaction to the caller's rollback: nothing is written partially.
    """
    decisions = dict(decisions or {})
    _check_decisions(preview, decisions, default_for_matches)
    report = ImportReport(errors=list(preview.errors))
    to_create: list[ImportEntry] = []
    to_update: list[ImportEntry] = []
    by_index = {e.index: e for e in preview.entries}
    for entry in preview.entries:
        if entry.status == INVALID or entry.contact is None:
            reasons = [_without_place(r, entry.place) for r in entry.reasons] or ["ungültig"]
            report.invalid.append(f"{entry.where}: {'; '.join(reasons)}")
            continue
        default = {NEW: CREATE, MATCH: default_for_matches}.get(entry.status, SKIP)
        action = decisions.get(entry.index, default)
        if action == SKIP:
            why = {
                NEW: "so entschieden",
                MATCH: f"vorhanden als „{entry.match_name}“",
                DUPLICATE: "doppelt in der Importdatei",
            }[entry.status]
            if entry.status == DUPLICATE and entry.duplicate_of is not None:
                why += f" ({by_index[entry.duplicate_of].where})"
            report.skipped.append(f"{entry.where}: {entry.display_name} ({why})")
        elif action == UPDATE:
            to_update.append(entry)
        else:
            to_create.append(entry)
    try:
        if create_organisations and preview.new_organisations:
            _create_organisations(session, preview.new_organisations, to_create, report)
        _create(session, to_create, report)
        for entry in to_update:
            _update(session, entry, report)
        session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            "Der Import passt nicht mehr zum Datenbestand (ein Kontakt wurde inzwischen "
            "geändert). Es wurde nichts importiert; bitte erstellen Sie die Vorschau neu.",
            detail=repr(exc),
        ) from exc
    return report


def _check_decisions(preview: ImportPreview, decisions: dict[int, str], default: str) -> None:
    if default not in (SKIP, UPDATE, CREATE):
        raise ValueError(f"unknown default decision {default!r}")
    by_index = {e.index: e for e in preview.entries}
    problems: dict[str, str] = {}
    for index, action in decisions.items():
        entry = by_index.get(index)
        if entry is None:
            problems[str(index)] = f"Eintrag {index + 1} gibt es in dieser Vorschau nicht."
        elif action not in DECISIONS:
            problems[str(index)] = f"Eintrag {index + 1}: unbekannte Entscheidung „{action}“."
        elif action == UPDATE and entry.status != MATCH:
            problems[str(index)] = (
                f"{entry.where}: Nur übereinstimmende Einträge können einen vorhandenen Kontakt "
                "aktualisieren."
            )
    if problems:
        raise ValidationError(problems)


def _affiliation_note(affiliation: Affiliation) -> str:
    lines = []
    if affiliation.organisation:
        lines.append(f"Organisation: {affiliation.organisation}")
    if affiliation.department:
        lines.append(f"Abteilung: {affiliation.department}")
    if affiliation.function:
        lines.append(f"Funktion: {affiliation.function}")
    return "\n".join(lines)


def _join_notes(old: str, new: str) -> str:
    if not new or new in old:
        return old
    if not old or old in new:
        return new
    return f"{old}\n\n{new}"


def _organisation_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Folded name -> id of live organisations with one of `names`."""
    folded = {search.fold_cached(n) for n in names if n}
    result: dict[str, int] = {}
    for chunk in _chunks(folded):
        for row in session.execute(
            select(Contact.id, Contact.sort_name).where(
                Contact.sort_name.in_(chunk),
                Contact.kind == ContactKind.ORGANISATION.value,
                Contact.deleted_at.is_(None),
            )
        ):
            result.setdefault(row.sort_name, row.id)
    return result


def _create(session: Session, entries: list[ImportEntry], report: ImportReport) -> None:
    if not entries:
        return
    wanted = [e.affiliation.organisation for e in entries if e.affiliation.organisation]
    known = _organisation_ids(session, wanted)
    created_orgs = {
        sort_name(e.contact) for e in entries if e.contact and e.contact.kind == _ORGANISATION
    }
    items: list[ContactData] = []
    for entry in entries:
        assert entry.contact is not None
        data = shallow_copy(entry.contact)
        if entry.status != NEW:  # created on purpose next to a match or duplicate
            data.uid = None
        folded_org = search.fold_cached(entry.affiliation.organisation)
        role_possible = folded_org and (folded_org in known or folded_org in created_orgs)
        if entry.affiliation and not role_possible:
            data.notes = _join_notes(data.notes, _affiliation_note(entry.affiliation))
        items.append(data)
    ids = bulk_create(session, items, validated=True)
    # where each contact came from (Art. 15 DSGVO asks for the source of the data)
    audit.record_bulk(
        session,
        "contact",
        [(i, f"Import aus „{Path(e.file).name}“") for i, e in zip(ids, entries, strict=True)],
        action=audit.IMPORTED,
    )
    for new_id, data in zip(ids, items, strict=True):
        report.created.append(_display_name(data))
        report.created_ids.append(new_id)
        if data.kind == _ORGANISATION:
            known.setdefault(sort_name(data), new_id)
    for entry, new_id in zip(entries, ids, strict=True):
        org_id = known.get(search.fold_cached(entry.affiliation.organisation))
        if entry.affiliation.organisation and org_id is not None:
            person = get_contact(session, new_id)
            person.roles.append(_role(org_id, entry.affiliation))
            update_contact(session, new_id, person)


def _create_organisations(
    session: Session, shown: list[str], entries: list[ImportEntry], report: ImportReport
) -> None:
    """The organisations the preview listed (`shown`) that a person about to be created
    names as company and that the register still lacks."""
    needed = {
        search.fold_cached(e.affiliation.organisation.strip())
        for e in entries
        if e.contact is not None and e.contact.is_person and e.affiliation.organisation.strip()
    }
    in_import = {
        sort_name(e.contact) for e in entries if e.contact and e.contact.kind == _ORGANISATION
    }
    known = _organisation_ids(session, shown)
    missing = [
        n
        for n in shown
        if (key := search.fold_cached(n)) in needed and key not in known and key not in in_import
    ]
    if not missing:
        return
    items = [ContactData(kind=_ORGANISATION, name=name[:200]) for name in missing]
    ids = bulk_create(session, items)
    for new_id, name in zip(ids, missing, strict=True):
        report.created.append(f"{name} (Organisation, aus der Firma angelegt)")
        report.created_ids.append(new_id)


def _role(org_id: int, affiliation: Affiliation) -> RoleData:
    function = ", ".join(p for p in (affiliation.function, affiliation.department) if p)
    return RoleData(organisation_id=org_id, function=function)


def _update(session: Session, entry: ImportEntry, report: ImportReport) -> None:
    assert entry.contact is not None and entry.match_id is not None
    try:
        existing = get_contact(session, entry.match_id)
    except NotFoundError:
        existing = None
    if existing is None or existing.deleted or existing.uid != entry.match_uid:
        raise ConflictError(
            f"„{entry.match_name}“ ({entry.where}) wurde seit der Vorschau gelöscht oder "
            "geändert. Es wurde nichts importiert; bitte erstellen Sie die Vorschau neu."
        )
    incoming = entry.contact
    merged = dataclasses.replace(existing)
    if existing.is_person:
        merged.first_name, merged.last_name = incoming.first_name, incoming.last_name
        merged.salutation = incoming.salutation or existing.salutation
        merged.title = incoming.title or existing.title
    else:
        merged.name = incoming.name
    merged.emails = _union(incoming.emails, existing.emails, lambda m: m.address.casefold())
    merged.phones = _union(incoming.phones, existing.phones, lambda p: p.number)
    merged.addresses = _union(
        incoming.addresses,
        existing.addresses,
        lambda a: (search.fold(a.street), a.postal_code, search.fold(a.city)),
    )
    merged.tags = [*existing.tags, *incoming.tags]
    merged.website = incoming.website or existing.website
    merged.notes = _join_notes(existing.notes, incoming.notes)
    affiliation = entry.affiliation
    if existing.is_person and affiliation:
        org_id = _organisation_ids(session, [affiliation.organisation]).get(
            search.fold(affiliation.organisation)
        )
        if org_id is None:
            merged.notes = _join_notes(merged.notes, _affiliation_note(affiliation))
        elif all(r.organisation_id != org_id for r in merged.roles):
            merged.roles = [*merged.roles, _role(org_id, affiliation)]
    update_contact(session, existing.id or entry.match_id, merged)
    report.updated.append(_display_name(merged))
    report.updated_ids.append(entry.match_id)


def _union(first: list[Any], second: list[Any], key: Any) -> list[Any]:
    seen: set[Any] = set()
    result = []
    for item in [*first, *second]:
        k = key(item)
        if k not in seen:
            seen.add(k)
            result.append(item)
    return result


# --------------------------------------------------------------------------- export


@bulk_work
def export_vcards(
    session: Session,
    path: Path | str,
    contact_ids: Sequence[int] | None = None,
    version: str = "3.0",
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """All (or the given) contacts as one .vcf file; 3.0 by default, 2.1 or 4.0 on request.

    `progress` hears every thousand contacts; a cancel before the file is written leaves none."""
    if version not in vcard.VERSIONS:
        raise ValidationError(
            {"version": f"Die vCard-Version „{version}“ gibt es nicht (möglich: 2.1, 3.0, 4.0)."}
        )
    buffer = io.BytesIO()  # the cards written one by one: the file is held once
    count = 0
    contacts = _reporting(export_contacts(session, contact_ids), progress, contact_ids)
    for card in vcard_export.cards(contacts, version):
        buffer.write(card)
        count += 1
    advance(progress, count, count)  # the last moment to cancel: nothing is written yet
    target = atomic_write(path, buffer.getvalue())
    return ExportResult(target, count)


@bulk_work
def export_vcard_zip(
    session: Session,
    path: Path | str,
    contact_ids: Sequence[int] | None = None,
    version: str = "2.1",
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """A zip with one .vcf per contact: Outlook for Windows imports only the first card of a
    file, but takes many files dropped on its contact folder at once. `progress` hears every
    thousand cards; a cancel before the file is written leaves none."""
    if version not in vcard.VERSIONS:
        raise ValidationError(
            {"version": f"Die vCard-Version „{version}“ gibt es nicht (möglich: 2.1, 3.0, 4.0)."}
        )
    buffer = io.BytesIO()
    count = 0
    contacts = _reporting(export_contacts(session, contact_ids), progress, contact_ids)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in vcard_export.write_each_card(contacts, version):
            archive.writestr(name, data)
            count += 1
    advance(progress, count, count)
    target = atomic_write(path, buffer.getvalue())
    return ExportResult(target, count)


@bulk_work
def export_outlook_csv(
    session: Session,
    path: Path | str,
    contact_ids: Sequence[int] | None = None,
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """Contacts as CSV in the German Outlook layout (see formats.outlook_csv). `progress`
    hears every thousand contacts; a cancel before the file is written leaves none."""
    # encoded while written: the file is held once, as bytes (not also as text)
    buffer = io.BytesIO()
    buffer.write(codecs.BOM_UTF8)
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    contacts = _reporting(export_contacts(session, contact_ids), progress, contact_ids)
    count = write_outlook_csv(text, contacts)
    text.flush()
    data = buffer.getvalue()
    text.detach()
    advance(progress, count, count)
    target = atomic_write(path, data)
    return ExportResult(target, count)


_REPORT_EVERY = 1000
T = TypeVar("T")


def _reporting(
    contacts: Iterable[T], progress: Progress | None, contact_ids: Sequence[int] | None
) -> Iterator[T]:
    """The contacts as they stream to a writer; `progress` hears every thousand of them (the
    total is known only for a selection) and may cancel there."""
    if progress is None:
        yield from contacts
        return
    total = len(contact_ids) if contact_ids is not None else 0
    for done, contact in enumerate(contacts, 1):
        if done % _REPORT_EVERY == 0:
            advance(progress, done, total)
        yield contact
