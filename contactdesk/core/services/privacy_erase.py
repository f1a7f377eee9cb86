"""Löschung nach Art. 17 DSGVO: erase a person so that no trace stays where the app keeps data.

What happens (the dry run lists the same steps without changing anything):
- the record with its e-mails, phones, addresses, tags, roles, consents and contact log; its
  search entry, with the full-text index merged (`optimize`) so no old segment keeps the words;
- participations: dropped for events still to come; for held events they stay as anonymous
  numbers, pointing at a placeholder "gelöschte Person" (kept in the wastebasket);
- agreements and papers of the archive keep the person's function and organisation instead of
  the name (the same placeholder), unless the user decides to keep the name there;
- every stored text of any table (notes of other contacts, papers, agendas, the audit trail of
  team mode, text documents and text attachments) has the name, e-mail addresses, phone numbers
  and streets replaced by "[gelöschte Person]" / "[gelöscht]";
- recovery files, the log files and opened-document copies that mention the person are cleaned;
- SQLite: `secure_delete` for the transaction, then VACUUM and a WAL checkpoint (TRUNCATE), so
  the deleted bytes are not left in free pages or the write-ahead log;
- the erasure is recorded (when, by whom, record number and UUID, no name) in the erasure list,
  which is applied again to a restored backup (`reapply_after_restore`).
Undo/redo stacks live in the window; it clears its stack after an erasure (gui/privacy.py).
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from contactdesk.core.db import Database
from contactdesk.core.errors import ConflictError
from contactdesk.core.i18n import _
from contactdesk.core.models import (
    Agreement,
    AgreementParty,
    Contact,
    Document,
    Erasure,
    Event,
    Paper,
    PaperAttachment,
    PaperVersion,
    Participant,
    paper_contact,
    utcnow,
)
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import privacy
from contactdesk.core.services.privacy_files import FileLocations, clean_files, default_locations
from contactdesk.core.services.privacy_names import Traces, decode_text

log = logging.getLogger(__name__)

#: tables never scrubbed as text: the person's own rows go as a whole, the index is rebuilt
_SKIP_TABLES = {"alembic_version", "erasure", "contact_fts"}
_TEXT_TYPES = (String, Text)
# Stored in the register (German whatever the window's language, like every stored text)
ERASED_LABEL = "gelöschte Person"
ANONYMISED_LABEL = "anonymisierte Person"
PLACEHOLDER_NOTE = "Platzhalter für eine nach Art. 17 DSGVO gelöschte Person."
#: what the archive keeps when the user decides that agreements and papers keep the name
_ARCHIVE_TABLES = {
    "agreement",
    "agreement_party",
    "agreement_status_change",
    "document",
    "document_blob",
    "paper",
    "paper_attachment",
    "paper_status_change",
    "paper_version",
    "consultation",
}


@dataclass
class ErasureResult:
    """What an erasure changed (or, for a dry run, would change). No erased data in here
    apart from `display_name`, which the dialog shows before the user confirms."""

    contact_id: int
    display_name: str
    dry_run: bool
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- the database


def _placeholder_label(session: Session, data: cs.ContactData, keep_name: bool) -> str:
    today = datetime.now(UTC).date()
    current = [r for r in data.roles if r.end_date is None or r.end_date >= today] or data.roles
    parts = [", ".join(p for p in (r.function, r.organisation_name) if p) for r in current[:2]]
    what = "; ".join(p for p in parts if p)
    name = data.display_name if keep_name else ERASED_LABEL
    return f"{name} ({what})" if what else name


def _reflected(session: Session) -> list[Table]:
    meta = MetaData()
    names = [
        n
        for n in inspect(session.connection()).get_table_names()
        if not n.startswith("contact_fts") and n not in _SKIP_TABLES
    ]
    meta.reflect(session.connection(), only=names)
    return [meta.tables[n] for n in names]


def _needles(data: cs.ContactData) -> list[str]:
    """Cheap LIKE filters that every match of the patterns contains."""
    from contactdesk.core.folding import fold

    out = {data.last_name, fold(data.last_name)} if data.last_name else set()
    if data.first_name:
        out |= {data.first_name, fold(data.first_name)}
    out |= {e.address for e in data.emails}
    out |= {p.number[-4:] for p in data.phones if len(p.number) >= 4}
    out |= {a.street for a in data.addresses if a.street}
    return sorted(x for x in out if x)


def _scrub_text(
    session: Session,
    data: cs.ContactData,
    found: Traces,
    person_id: int,
    dry: bool,
    skip: set[str],
    leave: frozenset[int] = frozenset(),
) -> tuple[dict[str, int], set[int]]:
    """Replace the person's traces in every text column of every table; (counts, contact ids
    whose rows changed, for their search entries)."""
    counts: dict[str, int] = {}
    touched: set[int] = set()
    needles = _needles(data)
    for table in _reflected(session):
        cols = [c for c in table.columns if isinstance(c.type, _TEXT_TYPES)]
        pk = list(table.primary_key.columns)
        if not cols or not pk or table.name in skip:
            continue
        owner = _owner_column(table)
        cond = or_(*[c.ilike(f"%{n}%") for c in cols for n in needles]) if needles else None
        if cond is None:
            continue
        stmt = select(table).where(cond)
        if owner is not None:
            # the person's own rows are deleted whole; probable second records of the person
            # are the user's decision (the dry run names them), not half-blanked here
            stmt = stmt.where(or_(owner.is_(None), owner.not_in({person_id, *leave})))
        for row in session.execute(stmt).mappings().all():
            changes = {}
            for col in cols:
                value = row[col.name]
                if isinstance(value, str) and found.mentions(value):
                    changes[col.name] = found.scrub(value)
            if not changes:
                continue
            counts[table.name] = counts.get(table.name, 0) + 1
            if owner is not None and row[owner.name] is not None:
                touched.add(row[owner.name])
            if table.name in ("contact", "person", "organisation"):
                touched.add(row["id"])
            if not dry:
                session.execute(
                    update(table).where(*[c == row[c.name] for c in pk]).values(changes)
                )
    return counts, touched


def _owner_column(table: Table) -> Column[Any] | None:
    for name in ("contact_id", "person_id"):
        if name in table.c:
            return table.c[name]
    if table.name in ("contact", "person"):
        return table.c.id
    return None


def _scrub_files_in_db(session: Session, found: Traces, dry: bool) -> tuple[int, int]:
    """Text documents and text attachments that mention the person: (changed, unreadable)."""
    changed = unreadable = 0
    for doc in session.scalars(select(Document)):
        content = doc.blob.content
        body = decode_text(content, doc.mime_type, doc.filename)
        if body is None:
            unreadable += 1
            continue
        if found.mentions(body):
            changed += 1
            if not dry:
                new = found.scrub(body).encode("utf-8")
                doc.blob.content = new
                doc.size, doc.sha256 = len(new), hashlib.sha256(new).hexdigest()
    for att in session.scalars(select(PaperAttachment).where(PaperAttachment.content.is_not(None))):
        body = decode_text(att.content or b"", att.mime_type, att.filename)
        if body is None:
            unreadable += 1
            continue
        if found.mentions(body):
            changed += 1
            if not dry:
                new = found.scrub(body).encode("utf-8")
                att.content = new
                att.size, att.sha256 = len(new), hashlib.sha256(new).hexdigest()
    return changed, unreadable


def erase_in_session(
    session: Session,
    contact_id: int,
    *,
    keep_names_in_archive: bool = False,
    dry_run: bool = False,
    erased_by: str | None = None,
) -> ErasureResult:
    """The database part of the erasure in the caller's session (commit by the caller)."""
    data = cs.get_contact(session, contact_id)
    if not data.is_person:
        raise ConflictError(
            _(
                "Nur Personen werden nach Art. 17 DSGVO gelöscht; eine Organisation löschen Sie "
                "über „Löschen“ und den Papierkorb."
            )
        )
    row = session.get(Contact, contact_id)
    assert row is not None
    uid = row.uid
    found = privacy.traces(session, contact_id)
    result = ErasureResult(contact_id, data.display_name, dry_run)
    steps, counts = result.steps, result.counts
    others = privacy.possible_duplicates(session, contact_id)
    if others:
        result.warnings.append(
            _(
                "Wahrscheinlich gehören auch diese Einträge zu der Person und bleiben bestehen: "
                "{names}. Führen Sie sie vorher zusammen oder löschen Sie sie ebenfalls."
            ).format(
                names=", ".join(f"{d['display_name']} (Nr. {d['contact_id']})" for d in others)
            )
        )
    if session.get_bind().dialect.name == "sqlite" and not dry_run:
        session.execute(text("PRAGMA secure_delete = ON"))
    now = utcnow()

    # what links to the person from records that stay
    held = (
        session.execute(
            select(Participant.id)
            .join(Event, Event.id == Participant.event_id)
            .where(Participant.contact_id == contact_id, Event.start_utc < now)
        )
        .scalars()
        .all()
    )
    coming = (
        session.execute(
            select(Participant.id)
            .join(Event, Event.id == Participant.event_id)
            .where(Participant.contact_id == contact_id, Event.start_utc >= now)
        )
        .scalars()
        .all()
    )
    parties = session.scalars(
        select(AgreementParty.id).where(AgreementParty.contact_id == contact_id)
    ).all()
    signed = session.scalars(
        select(Agreement.id).where(Agreement.signed_for_town_by_id == contact_id)
    ).all()
    papers = session.scalars(
        select(Paper.id).where(
            or_(
                Paper.submitter_id == contact_id,
                Paper.lead_office_id == contact_id,
                Paper.id.in_(
                    select(paper_contact.c.paper_id).where(paper_contact.c.contact_id == contact_id)
                ),
            )
        )
    ).all()
    organised = session.scalars(select(Event.id).where(Event.organiser_id == contact_id)).all()
    organisations = sorted({r.organisation_id for r in data.roles})
    label = _placeholder_label(session, data, keep_names_in_archive)
    steps.append(
        _(
            "Kontakt Nr. {id} mit E-Mail-Adressen, Telefonnummern, Anschriften, Schlagwörtern, Funktionen, Einwilligungen und Kontaktverlauf ({log} Einträge) wird gelöscht."
        ).format(id=contact_id, log=len(data.interactions))
    )
    steps.append(_("Der Eintrag im Suchindex wird entfernt und der Index neu geschrieben."))
    if coming:
        steps.append(
            _("{n} Einladungen zu kommenden Terminen werden gelöscht.").format(n=len(coming))
        )
    if held:
        steps.append(
            _(
                "{n} Teilnahmen an stattgefundenen Terminen bleiben als anonyme Zahl, angezeigt als „{label}“."
            ).format(n=len(held), label=label)
        )
    if parties or signed:
        steps.append(
            _("{n} Nennungen in Vereinbarungen behalten nur „{label}“.").format(
                n=len(parties) + len(signed), label=label
            )
        )
    if papers or organised:
        steps.append(
            _("{n} Vorlagen und Termine verweisen danach auf „{label}“.").format(
                n=len(papers) + len(organised), label=label
            )
        )
    counts.update(
        participations_dropped=len(coming),
        participations_anonymised=len(held),
        agreements=len(parties) + len(signed),
        papers=len(papers),
        events_organised=len(organised),
    )

    skip = _ARCHIVE_TABLES if keep_names_in_archive else set()
    leave = frozenset(d["contact_id"] for d in others)
    text_counts, touched = _scrub_text(session, data, found, contact_id, dry_run, skip, leave)
    docs_changed, unreadable = (
        (0, 0) if keep_names_in_archive else _scrub_files_in_db(session, found, dry_run)
    )
    if text_counts:
        steps.append(
            _(
                "In {n} gespeicherten Texten (Notizen, Vorlagen, Tagesordnungen, Protokoll) wird der Name durch „[gelöschte Person]“ ersetzt."
            ).format(n=sum(text_counts.values()))
        )
    if docs_changed:
        steps.append(
            _("{n} Textdokumente und Anlagen, die die Person nennen, werden geschwärzt.").format(
                n=docs_changed
            )
        )
    if unreadable:
        result.warnings.append(
            _(
                "{n} gespeicherte Dokumente (z. B. PDF) können nicht durchsucht werden; bitte prüfen Sie sie von Hand."
            ).format(n=unreadable)
        )
    versions = (
        session.scalars(
            select(PaperVersion.paper_id).where(PaperVersion.paper_id.in_(papers))
        ).all()
        if papers
        else []
    )
    if versions:
        result.warnings.append(
            _(
                "{n} freigegebene Fassungen von Vorlagen (PDF) bleiben als Archivdokumente unverändert."
            ).format(n=len(versions))
        )
    counts["texts"] = sum(text_counts.values())
    counts["documents"] = docs_changed

    placeholder_id: int | None = None
    needs_placeholder = bool(held or parties or signed or papers or organised)
    if needs_placeholder and not dry_run:
        ph = cs.create_contact(
            session,
            cs.ContactData(last_name=label, notes=PLACEHOLDER_NOTE),
            allow_duplicate=True,
        )
        placeholder_id = ph.id
        cs.delete_contact(session, placeholder_id or 0)  # kept in the wastebasket, out of lists

    if not dry_run:
        session.execute(
            update(Participant).where(Participant.contact_id == contact_id).values(note="")
        )
        if held:
            session.execute(
                update(Participant)
                .where(Participant.id.in_(held))
                .values(contact_id=placeholder_id, note="")
            )
        if coming:
            table = Participant.__table__
            assert isinstance(table, Table)  # a mapped class's table (typed as any FromClause)
            session.execute(table.delete().where(Participant.id.in_(coming)))
        if parties:
            session.execute(
                update(AgreementParty)
                .where(AgreementParty.id.in_(parties))
                .values(contact_id=placeholder_id)
            )
        if signed:
            session.execute(
                update(Agreement)
                .where(Agreement.id.in_(signed))
                .values(signed_for_town_by_id=placeholder_id)
            )
        for col in (Paper.submitter_id, Paper.lead_office_id):
            session.execute(
                update(Paper).where(col == contact_id).values({col.key: placeholder_id})
            )
        linked = session.scalars(
            select(paper_contact.c.paper_id).where(paper_contact.c.contact_id == contact_id)
        ).all()
        session.execute(paper_contact.delete().where(paper_contact.c.contact_id == contact_id))
        if linked:
            session.execute(
                paper_contact.insert(),
                [{"paper_id": p, "contact_id": placeholder_id} for p in linked],
            )
        session.execute(
            update(Event)
            .where(Event.organiser_id == contact_id)
            .values(organiser_id=placeholder_id)
        )
        session.flush()
        session.expire_all()
        cs.erase_contact(session, contact_id)
        session.flush()
        _forget_in_audit(session, contact_id)
        for cid in sorted((touched | set(organisations)) - {contact_id}):
            if session.get(Contact, cid) is not None:
                cs.refresh_contact(session, cid)
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("INSERT INTO contact_fts(contact_fts) VALUES('optimize')"))
        if session.scalar(select(Erasure.id).where(Erasure.contact_uid == uid)) is None:
            session.add(
                Erasure(
                    erased_at=now,
                    erased_by=erased_by or _user(),
                    contact_id=contact_id,
                    contact_uid=uid,
                    kind="person",
                )
            )
        session.flush()
        log.info("erased contact #%s (Art. 17 DSGVO)", contact_id)
    return result


def _forget_in_audit(session: Session, contact_id: int) -> None:
    """The audit trail of team mode (`audit_entry`, another branch's migration 0007) records the
    erased record's name when the deletion is flushed: keep the entry, drop the name."""
    if "audit_entry" not in inspect(session.connection()).get_table_names():
        return
    session.execute(
        text(
            "UPDATE audit_entry SET record_label = :label "
            "WHERE record_type = 'contact' AND record_id = :id"
        ),
        {"label": ERASED_LABEL, "id": contact_id},
    )


def _user() -> str:
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return "?"


def compact(db: Database) -> None:
    """Rewrite the SQLite file without free pages and empty the write-ahead log."""
    if not db.is_sqlite:
        return
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_person(
    db: Database,
    contact_id: int,
    *,
    keep_names_in_archive: bool = False,
    dry_run: bool = False,
    files: FileLocations | None = None,
    compact_file: bool = True,
) -> ErasureResult:
    """The whole erasure: database (one transaction), files, then the file compacted (a batch
    passes compact_file=False and calls `compact` once at its end)."""
    files = files if files is not None else default_locations()
    with db.session() as session:
        found = privacy.traces(session, contact_id)
        result = erase_in_session(
            session, contact_id, keep_names_in_archive=keep_names_in_archive, dry_run=dry_run
        )
        if dry_run:
            session.rollback()
    file_steps, count = clean_files(found, files, dry_run=dry_run)
    result.steps += file_steps
    result.counts["files"] = count
    if not dry_run and compact_file:
        compact(db)
    result.steps.append(
        _(
            "Importvorschauen werden nur im Arbeitsspeicher gehalten; exportierte Dateien liegen "
            "dort, wohin Sie sie gespeichert haben – contactdesk bewahrt keine Kopien auf."
        )
    )
    result.warnings.append(
        _(
            "Automatische Sicherungen enthalten die Person, bis sie aus der Aufbewahrung fallen. "
            "Die Löschung ist vermerkt und wird beim Wiederherstellen einer Sicherung erneut "
            "ausgeführt."
        )
    )
    return result


def anonymise_in_session(session: Session, contact_id: int, *, erased_by: str | None = None) -> str:
    """Keep the record for numbers (roles, participations, agreements, papers) but remove
    everything that says who it was: name, channels, addresses, notes, contact log, consents;
    the name is replaced in every stored text. Returns the new display name."""
    data = cs.get_contact(session, contact_id)
    if not data.is_person:
        raise ConflictError(_("Nur Personen können anonymisiert werden."))
    row = session.get(Contact, contact_id)
    assert row is not None
    found = privacy.traces(session, contact_id)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))
    _scrub_text(session, data, found, contact_id, False, set())
    _scrub_files_in_db(session, found, False)
    session.execute(update(Participant).where(Participant.contact_id == contact_id).values(note=""))
    name = _placeholder_label(session, data, False).replace(ERASED_LABEL, ANONYMISED_LABEL, 1)
    stripped = cs.ContactData(
        kind=data.kind, id=data.id, uid=data.uid, last_name=name, tags=data.tags, roles=data.roles
    )
    cs.update_contact(session, contact_id, stripped)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO contact_fts(contact_fts) VALUES('optimize')"))
    if session.scalar(select(Erasure.id).where(Erasure.contact_uid == row.uid)) is None:
        session.add(
            Erasure(
                erased_at=utcnow(),
                erased_by=erased_by or _user(),
                contact_id=contact_id,
                contact_uid=row.uid,
                kind="anonymised",
            )
        )
    session.flush()
    log.info("anonymised contact #%s (Art. 17 DSGVO)", contact_id)
    return name
