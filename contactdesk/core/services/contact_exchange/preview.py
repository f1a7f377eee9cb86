"""Import, first step: read the files, validate every entry, match it; nothing is written.

An unreadable phone number or e-mail address does not refuse a contact: it moves into the
notes, unchanged, with a warning. Companies that new people name and the register lacks are
listed, to be created with them (commit.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from contactdesk.core import search
from contactdesk.core.countries import region_for_country
from contactdesk.core.errors import ImportError_, ValidationError, os_reason
from contactdesk.core.formats import outlook_csv, vcard
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.models import ContactKind
from contactdesk.core.services.contact_exchange.entries import (
    INVALID,
    NEW,
    ImportEntry,
    ImportPreview,
    ParsedItem,
)
from contactdesk.core.services.contact_exchange.matching import match_entries, organisation_ids
from contactdesk.core.services.contacts import (
    DEFAULT_REGION,
    ContactData,
    display_name,
    normalise_email,
    normalise_phone,
    normalise_phones,
    sort_name,
    validate,
)

MAX_FILE_SIZE = 20 * 1024 * 1024
VCARD_SUFFIXES = (".vcf", ".vcard")
CSV_SUFFIXES = (".csv",)

_ORGANISATION = ContactKind.ORGANISATION.value


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
                    entry.display_name = display_name(entry.contact)
            preview.entries.append(entry)
    match_entries(session, preview.entries)
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
    known = organisation_ids(session, wanted.values())
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
