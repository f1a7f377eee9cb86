"""Import, second step: write what the user decided, in the caller's transaction.

The caller commits once, so an import is all or nothing. Updating a matched contact merges
rather than replaces: names come from the file; e-mails, phones, addresses and tags are united;
notes are joined unless one contains the other; roles, consents and interactions stay. A
person's organisation from the file (ORG, "Firma") becomes a role when an organisation of that
name exists (or is created by the same import); otherwise it is kept as a line in the notes, so
nothing of the file is lost.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contactdesk.core import audit, search
from contactdesk.core.errors import ConflictError, NotFoundError, ValidationError
from contactdesk.core.formats.vcard import Affiliation
from contactdesk.core.gcpause import bulk_work
from contactdesk.core.models import ContactKind
from contactdesk.core.services.contact_exchange.entries import (
    CREATE,
    DECISIONS,
    DUPLICATE,
    INVALID,
    MATCH,
    NEW,
    SKIP,
    UPDATE,
    ImportEntry,
    ImportPreview,
    ImportReport,
    without_place,
)
from contactdesk.core.services.contact_exchange.matching import organisation_ids
from contactdesk.core.services.contacts import (
    ContactData,
    RoleData,
    bulk_create,
    display_name,
    get_contact,
    shallow_copy,
    sort_name,
    update_contact,
)

_ORGANISATION = ContactKind.ORGANISATION.value


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
            reasons = [without_place(r, entry.place) for r in entry.reasons] or ["ungültig"]
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


def _create(session: Session, entries: list[ImportEntry], report: ImportReport) -> None:
    if not entries:
        return
    wanted = [e.affiliation.organisation for e in entries if e.affiliation.organisation]
    known = organisation_ids(session, wanted)
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
        report.created.append(display_name(data))
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
    known = organisation_ids(session, shown)
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
        org_id = organisation_ids(session, [affiliation.organisation]).get(
            search.fold(affiliation.organisation)
        )
        if org_id is None:
            merged.notes = _join_notes(merged.notes, _affiliation_note(affiliation))
        elif all(r.organisation_id != org_id for r in merged.roles):
            merged.roles = [*merged.roles, _role(org_id, affiliation)]
    update_contact(session, existing.id or entry.match_id, merged)
    report.updated.append(display_name(merged))
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
