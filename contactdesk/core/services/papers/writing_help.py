"""Writing help: text blocks built from the data (partners, agreements, workshops, candidates)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.i18n import N_, source_language
from contactdesk.core.labels import AGREEMENT_STATUS, EVENT_KIND, NETWORK_ROLE, label
from contactdesk.core.models import (
    EventKind,
    NetworkRole,
    Organisation,
)
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import schedule as schedule_service


@source_language()
def block_partners(session: Session) -> str:
    """ "Partner im Netzwerk": every organisation with a network role, by role."""
    rows = session.execute(
        select(Organisation.name, Organisation.network_role).where(
            Organisation.deleted_at.is_(None),
            Organisation.network_role.not_in(
                [NetworkRole.KEINE.value, NetworkRole.EIGENE_KOMMUNE.value]
            ),
        )
    ).all()
    if not rows:
        return "## Partner im Netzwerk\n\nBisher sind keine Partner erfasst."
    order = {r.value: i for i, r in enumerate(NetworkRole)}
    rows = sorted(rows, key=lambda r: (order.get(r.network_role, 99), r.name.casefold()))
    lines = ["## Partner im Netzwerk", ""]
    lines += [f"- {r.name} ({label(NETWORK_ROLE, r.network_role)})" for r in rows]
    return "\n".join(lines)


@source_language()
def block_agreement_status(session: Session, agreement_id: int) -> str:
    """The status of one agreement: signed on, by whom, fee."""
    a = agreement_service.get_agreement(session, agreement_id)
    partners = [p.contact_name for p in a.parties if p.role == "vertragspartner"]
    lines = [f"## {a.title}", ""]
    if a.signed_on:
        by = f" von {a.signed_for_town_by}" if a.signed_for_town_by else ""
        text = f"Die Vereinbarung wurde am {a.signed_on:%d.%m.%Y}{by} unterzeichnet."
    else:
        text = "Die Vereinbarung ist noch nicht unterzeichnet."
    text += f" Stand: {label(AGREEMENT_STATUS, a.status)}."
    lines.append(text)
    lines.append("")
    if partners:
        lines.append("- Vertragspartner: " + ", ".join(partners))
    if a.valid_from:
        until = f" bis {a.valid_until:%d.%m.%Y}" if a.valid_until else " (unbefristet)"
        lines.append(f"- Laufzeit: ab {a.valid_from:%d.%m.%Y}{until}")
    effects = agreement_service.financial_effects(a)
    lines.append("- Kosten: keine (kein Beitrag)" if effects == "keine" else f"- Kosten: {effects}")
    return "\n".join(lines)


@source_language()
def block_upcoming_workshops(
    session: Session, *, now: datetime | None = None, days: int = 120
) -> str:
    """The coming workshops and in-person events as a bullet list."""
    now = now or datetime.now(UTC)
    items = [
        o
        for o in schedule_service.occurrences(
            session,
            now,
            now + timedelta(days=days),
            schedule_service.EventFilter(include_cancelled=False),
            limit=500,
        )
        if o.kind in (EventKind.WORKSHOP.value, EventKind.PRAESENZVERANSTALTUNG.value)
    ]
    lines = ["## Geplante Workshops und Veranstaltungen", ""]
    if not items:
        return "\n".join([*lines, "Zurzeit sind keine Workshops geplant."])
    for o in items:
        where = f", {o.location.split(',')[0]}" if o.location else ""
        lines.append(
            f"- {o.start:%d.%m.%Y}, {o.start:%H:%M} Uhr: {o.title} "
            f"({label(EVENT_KIND, o.kind)}{where})"
        )
    return "\n".join(lines)


_CANDIDATE_PREFIX = re.compile(r"^\s*Kandidat(?:in)?\s+als\s+Patenstadt\s*:\s*", re.IGNORECASE)


@source_language()
def block_patenstadt_candidates(session: Session) -> str:
    """The candidate sponsor towns with the reasons from their notes and their profile page."""
    rows = session.execute(
        select(Organisation.name, Organisation.notes, Organisation.website)
        .where(
            Organisation.deleted_at.is_(None),
            Organisation.network_role.in_(
                [NetworkRole.PATENSTADT.value, NetworkRole.PATENSTADT_KANDIDATIN.value]
            ),
        )
        .order_by(Organisation.sort_name)
    ).all()
    lines = ["## Mögliche Patenstädte", ""]
    if not rows:
        return "\n".join([*lines, "Bisher ist keine Patenstadt vorgeschlagen."])
    for r in rows:
        reasons = _CANDIDATE_PREFIX.sub("", (r.notes or "").strip())
        text = f"- **{r.name}**"
        if reasons:
            text += f": {reasons}"
        if r.website:
            text += f" Profil: {r.website}"
        lines.append(text)
    return "\n".join(lines)


#: The writing help the editor offers: (key, German menu text, function taking the session).
WRITING_BLOCKS = [
    ("partner", N_("Partner mit Netzwerkrolle"), block_partners),
    ("workshops", N_("Geplante Workshops"), block_upcoming_workshops),
    ("patenstaedte", N_("Mögliche Patenstädte mit Begründung"), block_patenstadt_candidates),
]
