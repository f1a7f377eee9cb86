"""Auskunft nach Art. 15 DSGVO: everything the register holds about one person, through every
link, as a JSON document (Art. 20, shape in README "Auskunft als JSON") and as the data of the
German letter (core/formats/pdf/privacy_letter.py).

Found through every link: the contact with all fields, roles over time, the contact log,
consents with dates, way and source, participations, events they organise, agreements where
they are a party or sign for the town, papers and sessions that link or name them, stored
documents that mention them by name (where the text can be read), the audit trail when the
table exists (team mode), and what is known about how they came into the register.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from contactdesk import __version__
from contactdesk.core.audit import CREATED, IMPORTED
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import (
    AGREEMENT_STATUS,
    CONSENT_METHOD,
    CONSENT_PURPOSE,
    EVENT_KIND,
    INTERACTION_KIND,
    INVITATION,
    PARTICIPANT_ROLE,
    PARTY_ROLE,
    RESPONSE,
    label,
)
from contactdesk.core.models import (
    Agreement,
    AgreementParty,
    AuditEntry,
    Consultation,
    Contact,
    Document,
    DocumentBlob,
    Event,
    Paper,
    PaperAttachment,
    PaperVersion,
    Participant,
    paper_contact,
)
from contactdesk.core.models.schedule import event_organisation
from contactdesk.core.services import contacts as cs
from contactdesk.core.services.privacy_names import Traces, decode_text, traces_of

FORMAT = "contactdesk-auskunft"
VERSION = 1

PURPOSE_TEXT = {
    "kontaktdaten": N_(
        "Pflege der Kontakte des Netzwerks „Engagierte Stadt“ (Art. 6 Abs. 1 lit. a bzw. e DSGVO)"
    ),
    "einladungen": N_("Einladungen zu Veranstaltungen und Netzwerktreffen (Art. 6 Abs. 1 lit. a)"),
    "vorlagen": N_("Nennung in Vorlagen für Gremien der Stadt (Art. 6 Abs. 1 lit. e DSGVO)"),
    "veroeffentlichung": N_("Veröffentlichung von Namen und Funktion (Art. 6 Abs. 1 lit. a)"),
}
RECIPIENTS = N_(
    "Die Daten werden nur innerhalb der Stadtverwaltung verarbeitet. Einladungen gehen an die "
    "eingeladenen Personen; Vorlagen mit Ihrem Namen erhalten die Mitglieder der zuständigen "
    "Gremien, öffentliche Vorlagen auch die Öffentlichkeit. Eine Übermittlung in Drittländer "
    "findet nicht statt."
)
RIGHTS = (
    N_("Auskunft über Ihre gespeicherten Daten (Art. 15 DSGVO)"),
    N_("Berichtigung unrichtiger Daten (Art. 16 DSGVO)"),
    N_("Löschung (Art. 17 DSGVO) und Einschränkung der Verarbeitung (Art. 18 DSGVO)"),
    N_("Datenübertragbarkeit in einem maschinenlesbaren Format (Art. 20 DSGVO)"),
    N_("Widerspruch gegen die Verarbeitung (Art. 21 DSGVO)"),
    N_("Widerruf einer Einwilligung mit Wirkung für die Zukunft (Art. 7 Abs. 3 DSGVO)"),
    N_("Beschwerde bei einer Datenschutz-Aufsichtsbehörde (Art. 77 DSGVO)"),
)
NO_IMPORT_RECORD = N_(
    "Für diesen Eintrag ist nicht aufgezeichnet, ob er von Hand oder durch einen Import angelegt "
    "wurde (angelegt vor dieser Version). Bekannt ist nur der Zeitpunkt der Anlage."
)


@dataclass(frozen=True)
class Controller:
    """The town as controller (Verantwortliche) with its data protection officer."""

    name: str = ""
    dpo_name: str = ""
    dpo_email: str = ""


def controller_from_settings() -> tuple[Controller, dict[str, int]]:
    """Controller and storage periods (months per purpose) from the settings store."""
    from contactdesk.core.settings import load_settings

    s = load_settings()
    controller = Controller(
        name=s.get("privacy.controller") or s.get("town.name"),
        dpo_name=s.get("privacy.dpo_name"),
        dpo_email=s.get("privacy.dpo_email"),
    )
    periods = {purpose: s.get(f"privacy.retention.{purpose}") for purpose in PURPOSE_TEXT}
    return controller, periods


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def possible_duplicates(session: Session, contact_id: int) -> list[dict[str, Any]]:
    """Other records that are probably the same person (merge them before answering)."""
    from contactdesk.core.services import duplicates

    data = cs.get_contact(session, contact_id)
    return [
        {"contact_id": p.keep_id, "display_name": p.keep_name, "reason": p.reason}
        for p in duplicates.similar_to(session, data)
    ]


def _other_has_last_name(session: Session, ids: set[int], last_name: str) -> bool:
    from contactdesk.core.folding import fold
    from contactdesk.core.models import Person

    if not last_name:
        return True
    wanted = fold(last_name)
    rows = session.execute(select(Person.id, Person.last_name).where(Person.id.not_in(ids))).all()
    return any(fold(row.last_name or "") == wanted for row in rows)


def traces(session: Session, contact_id: int) -> Traces:
    """How this contact appears in free text of the register (see privacy_names). The last
    name alone counts only when no other person (apart from probable duplicates) carries it."""
    data = cs.get_contact(session, contact_id)
    same = {contact_id} | {d["contact_id"] for d in possible_duplicates(session, contact_id)}
    unique = not _other_has_last_name(session, same, data.last_name)
    return traces_of(data, last_name_alone=unique)


def _participations(session: Session, cid: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Participant, Event)
        .join(Event, Event.id == Participant.event_id)
        .where(Participant.contact_id == cid)
        .order_by(Event.start_utc)
    ).all()
    return [
        {
            "event_id": e.id,
            "title": e.title,
            "kind": label(EVENT_KIND, e.kind),
            "start": _iso(e.start_utc),
            "role": label(PARTICIPANT_ROLE, p.role),
            "invitation": label(INVITATION, p.invitation),
            "response": label(RESPONSE, p.response),
            "responded_at": _iso(p.responded_at),
            "attended": p.attended,
            "waiting_list": p.waiting_list,
            "note": p.note,
        }
        for p, e in rows
    ]


def _events(session: Session, cid: int, found: Traces) -> list[dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}

    def add(event: Event, why: str) -> None:
        entry = out.setdefault(
            event.id,
            {
                "event_id": event.id,
                "title": event.title,
                "kind": label(EVENT_KIND, event.kind),
                "start": _iso(event.start_utc),
                "links": [],
            },
        )
        if why not in entry["links"]:
            entry["links"].append(why)

    for event in session.scalars(select(Event).where(Event.organiser_id == cid)):
        add(event, _("Veranstalter/in"))
    for event in session.scalars(
        select(Event).join(event_organisation).where(event_organisation.c.contact_id == cid)
    ):
        add(event, _("beteiligte Organisation"))
    for event in session.scalars(select(Event)):
        texts = [event.title, event.description, event.outcome, event.location]
        texts += [a.text for a in event.agenda]
        if any(found.mentions(t) for t in texts):
            add(event, _("im Text genannt (Beschreibung, Ergebnis oder Tagesordnung)"))
    return sorted(out.values(), key=lambda e: e["start"] or "")


def _agreements(session: Session, cid: int) -> list[dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    rows = session.execute(
        select(Agreement, AgreementParty.role)
        .join(AgreementParty, AgreementParty.agreement_id == Agreement.id)
        .where(AgreementParty.contact_id == cid)
    ).all()
    signed = session.scalars(select(Agreement).where(Agreement.signed_for_town_by_id == cid))
    pairs = [(a, label(PARTY_ROLE, role)) for a, role in rows]
    pairs += [(a, _("unterzeichnet für die Stadt")) for a in signed]
    for agreement, role in pairs:
        entry = out.setdefault(
            agreement.id,
            {
                "agreement_id": agreement.id,
                "title": agreement.title,
                "reference": agreement.reference,
                "status": label(AGREEMENT_STATUS, agreement.status),
                "signed_on": _iso(agreement.signed_on),
                "roles": [],
            },
        )
        entry["roles"].append(role)
    return list(out.values())


def _papers(session: Session, cid: int, found: Traces) -> list[dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    linked = set(
        session.scalars(select(paper_contact.c.paper_id).where(paper_contact.c.contact_id == cid))
    )
    for paper in session.scalars(select(Paper).order_by(Paper.paper_date)):
        links = []
        if paper.submitter_id == cid:
            links.append(_("Einreicher/in"))
        if paper.lead_office_id == cid:
            links.append(_("federführend"))
        if paper.id in linked:
            links.append(_("verknüpfter Kontakt"))
        if any(
            found.mentions(t)
            for t in (paper.subject, paper.body, paper.submitter, paper.financial_effects)
        ):
            links.append(_("im Text genannt"))
        if not links:
            continue
        sessions = session.execute(
            select(Event.id, Event.title, Event.start_utc)
            .join(Consultation, Consultation.event_id == Event.id)
            .where(Consultation.paper_id == paper.id)
        ).all()
        out[paper.id] = {
            "paper_id": paper.id,
            "reference": paper.reference,
            "subject": paper.subject,
            "date": _iso(paper.paper_date),
            "public": paper.is_public,
            "links": links,
            "sessions": [
                {"event_id": s.id, "title": s.title, "start": _iso(s.start_utc)} for s in sessions
            ],
        }
    return list(out.values())


def _documents(session: Session, found: Traces) -> tuple[list[dict[str, Any]], int]:
    """Stored files whose text mentions the person; and how many could not be read."""
    hits: list[dict[str, Any]] = []
    unreadable = 0
    docs = session.execute(
        select(Document, Agreement.title, DocumentBlob.content)
        .join(Agreement, Agreement.id == Document.agreement_id)
        .join(DocumentBlob, DocumentBlob.document_id == Document.id)
    ).all()
    for doc, title, content in docs:
        text = decode_text(content, doc.mime_type, doc.filename)
        if text is None:
            unreadable += 1
        elif found.mentions(text) or found.mentions(doc.note):
            hits.append(
                {
                    "where": _("Vereinbarung „{title}“").format(title=title),
                    "filename": doc.filename,
                    "document_id": doc.id,
                }
            )
    rows = session.execute(
        select(
            PaperAttachment.id,
            PaperAttachment.filename,
            PaperAttachment.title,
            PaperAttachment.mime_type,
            PaperAttachment.content,
            Paper.reference,
        )
        .join(Paper, Paper.id == PaperAttachment.paper_id)
        .where(PaperAttachment.content.is_not(None))
    ).all()
    for row in rows:
        text = decode_text(row.content or b"", row.mime_type, row.filename)
        if text is None:
            unreadable += 1
        elif found.mentions(text) or found.mentions(row.title):
            hits.append(
                {
                    "where": _("Anlage zu Vorlage {ref}").format(ref=row.reference),
                    "filename": row.filename,
                    "attachment_id": row.id,
                }
            )
    # released versions of papers are PDFs as they were sent out: never searched, never changed
    unreadable += session.scalar(select(func.count()).select_from(PaperVersion)) or 0
    return hits, unreadable


def _source(trail: list[dict[str, Any]] | None, created_at: datetime | None) -> dict[str, Any]:
    """Where the record came from, read from its audit trail: the import that created it (file,
    when, by whom), or that it was entered by hand; older records (before imports were
    recorded) say so."""
    trail = trail or []
    imported = next((e for e in trail if e["action"] == IMPORTED), None)
    if imported is not None:
        return {
            "recorded": True,
            "kind": "import",
            "import": imported["label"],
            "at": imported["at"],
            "by": imported["user"],
        }
    created = next((e for e in trail if e["action"] == CREATED), None)
    if created is not None:
        return {"recorded": True, "kind": "manual", "at": created["at"], "by": created["user"]}
    return {"recorded": False, "note": _(NO_IMPORT_RECORD), "created_at": _iso(created_at)}


def audit_trail(session: Session, cid: int) -> list[dict[str, Any]] | None:
    """The audit entries of this contact (times as ISO text with their UTC offset), or None
    when the database keeps no audit trail (a file from before revision 0007)."""
    if "audit_entry" not in inspect(session.connection()).get_table_names():
        return None
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.record_type == "contact", AuditEntry.record_id == cid)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        {
            "at": _iso(r.at),
            "user": r.user_name,
            "action": r.action,
            "label": r.record_label or "",
            "fields": [f for f in (r.fields or "").split(",") if f],
        }
        for r in rows
    ]


def report(
    session: Session,
    contact_id: int,
    *,
    controller: Controller | None = None,
    periods: dict[str, int] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The Auskunft of one contact as JSON-able data (shape: README "Auskunft als JSON")."""
    if controller is None or periods is None:
        loaded, loaded_periods = controller_from_settings()
        controller = controller or loaded
        periods = periods or loaded_periods
    data = cs.get_contact(session, contact_id)
    row = session.get(Contact, contact_id)
    assert row is not None
    found = traces(session, contact_id)
    documents, unreadable = _documents(session, found)
    today = today or datetime.now(UTC).date()
    trail = audit_trail(session, contact_id)
    contact = data.to_dict()
    for key in ("roles", "consents", "interactions"):
        contact.pop(key, None)
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_on": today.isoformat(),
        "software": f"contactdesk {__version__}",
        "controller": {
            "name": controller.name,
            "dpo_name": controller.dpo_name,
            "dpo_email": controller.dpo_email,
        },
        "contact": contact
        | {"created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at)},
        "roles": [
            {
                "organisation": r.organisation_name,
                "function": r.function,
                "contact_person": r.is_contact_person,
                "start_date": _iso(r.start_date),
                "end_date": _iso(r.end_date),
            }
            for r in data.roles
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "purpose_label": label(CONSENT_PURPOSE, c.purpose),
                "given_on": _iso(c.given_on),
                "method": label(CONSENT_METHOD, c.method),
                "source": c.source,
                "valid_until": _iso(c.valid_until),
                "withdrawn_on": _iso(c.withdrawn_on),
                "valid_today": c.is_valid_on(today),
                "note": c.note,
            }
            for c in data.consents
        ],
        "contact_log": [
            {
                "kind": label(INTERACTION_KIND, i.kind),
                "at": _iso(i.occurred_at),
                "by": i.by,
                "summary": i.summary,
            }
            for i in data.interactions
        ],
        "participations": _participations(session, contact_id),
        "events": _events(session, contact_id, found),
        "agreements": _agreements(session, contact_id),
        "papers": _papers(session, contact_id, found),
        "documents": documents,
        "documents_not_searchable": unreadable,
        "audit_trail": trail,
        "possible_duplicates": possible_duplicates(session, contact_id),
        "source": _source(trail, row.created_at),
        "purposes": [
            {"purpose": p, "text": _(t), "storage_months": (periods or {}).get(p)}
            for p, t in PURPOSE_TEXT.items()
        ],
        "recipients": _(RECIPIENTS),
        "rights": [_(r) for r in RIGHTS],
    }


def links_count(rep: dict[str, Any]) -> dict[str, int]:
    """How many entries each kind of link has (dry run of the erasure, summaries)."""
    keys = (
        "roles",
        "consents",
        "contact_log",
        "participations",
        "events",
        "agreements",
        "papers",
        "documents",
    )
    return {k: len(rep[k]) for k in keys}


__all__ = [
    "FORMAT",
    "VERSION",
    "Controller",
    "audit_trail",
    "controller_from_settings",
    "links_count",
    "report",
    "traces",
]
