"""Session summary (Sitzungsübersicht) of a committee session and the list of sessions."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import pdf as pdfout
from contactdesk.core.i18n import source_language
from contactdesk.core.labels import AGREEMENT_STATUS, EVENT_KIND, EVENT_STATUS, label
from contactdesk.core.models import (
    Agreement,
    Consultation,
    Contact,
    Event,
    EventKind,
    EventStatus,
    Paper,
    Participant,
    StatusChange,
)
from contactdesk.core.services import agreements as agreement_service
from contactdesk.core.services import schedule as schedule_service
from contactdesk.core.services.papers.data import EXTRACT_CHARS, PS, ROLE_LABELS, DeadlineRule
from contactdesk.core.services.papers.deadlines import submission_deadline
from contactdesk.core.services.papers.meetings import people_of_event
from contactdesk.core.services.papers.records import type_names


def _extract(body: str, limit: int = EXTRACT_CHARS) -> str:
    text = " ".join(pdfout.plain_text(body).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + " …"


def _agenda_key(item: str, reference: str) -> tuple[Any, ...]:
    numbers = [int(n) for n in re.findall(r"\d+", item)]
    return (0 if numbers else 1, numbers, item, reference)


@source_language()
def session_summary(
    session: Session,
    event_id: int,
    *,
    rule: DeadlineRule | None = None,
    lookback_days: int = 365,
    ahead_days: int = 90,
    as_of: date | None = None,
) -> pdfout.SummaryPrint:
    """What the summary of a committee session shows, collected from the register.

    `as_of` is the day it is printed for (default today): an event counts as held only when
    it ended before that day began and before the session; a summary printed in December for
    a session in January does not list the January workshops as held.
    """
    ev = session.get(Event, event_id)
    if ev is None or ev.deleted_at is not None:
        raise NotFoundError("Die Sitzung wurde nicht gefunden. Vielleicht wurde sie gelöscht.")
    if ev.kind != EventKind.GREMIENSITZUNG.value or ev.committee_id is None:
        raise ValidationError(
            {
                "event_id": f"„{ev.title}“ ist keine Gremiensitzung. Eine Sitzungsübersicht gibt "
                "es nur für Sitzungen eines Gremiums."
            }
        )
    zi = tzs.zone(ev.tz)
    as_of = as_of or datetime.now(zi).date()
    as_of_utc = datetime.combine(as_of, time(), zi).astimezone(UTC)
    start = ev.start_utc.astimezone(zi)
    end = ev.end_utc.astimezone(zi)
    committee = (
        session.scalar(select(Contact.display_name).where(Contact.id == ev.committee_id)) or ""
    )
    names = type_names(session)

    papers = []
    for c, p in session.execute(
        select(Consultation, Paper)
        .join(Paper, Paper.id == Consultation.paper_id)
        .where(Consultation.event_id == event_id, Paper.deleted_at.is_(None))
    ):
        type_name = names.get(p.type_code, p.type_code)
        if not p.is_public:
            type_name += " (nichtöffentlich)"
        if p.status == PS.ZURUECKGEZOGEN.value:
            type_name += " – zurückgezogen"
        papers.append(
            pdfout.AgendaPaper(
                reference=p.reference,
                subject=p.subject,
                role=ROLE_LABELS.get(c.role, c.role),
                extract=_extract(p.body),
                agenda_item=c.agenda_item,
                type_name=type_name,
            )
        )
    papers.sort(key=lambda a: _agenda_key(a.agenda_item, a.reference))

    previous = session.scalar(
        select(func.max(Event.start_utc)).where(
            Event.committee_id == ev.committee_id,
            Event.kind == EventKind.GREMIENSITZUNG.value,
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
            Event.rrule.is_(None),
            Event.start_utc < ev.start_utc,
        )
    )
    period_start_utc = previous or (ev.start_utc - timedelta(days=lookback_days))
    if previous is not None and previous.tzinfo is None:
        period_start_utc = previous.replace(tzinfo=UTC)

    held = [
        o
        for o in schedule_service.occurrences(
            session, period_start_utc, ev.start_utc, schedule_service.EventFilter(), limit=2000
        )
        if o.kind != EventKind.GREMIENSITZUNG.value
        and o.status != EventStatus.ABGESAGT.value
        and o.start < start
        and o.end <= as_of_utc
    ]
    attended: dict[int, int] = {}
    recorded: set[int] = set()
    single_ids = [o.event_id for o in held if not o.is_series or o.series_id != o.event_id]
    for event_row_id, came in session.execute(
        select(Participant.event_id, Participant.attended).where(
            Participant.event_id.in_(single_ids), Participant.attended.is_not(None)
        )
    ):
        recorded.add(event_row_id)
        attended[event_row_id] = attended.get(event_row_id, 0) + (1 if came else 0)
    events_held = [
        pdfout.HeldEvent(
            start=o.start,
            title=o.title,
            kind=label(EVENT_KIND, o.kind),
            attended=attended.get(o.event_id, 0) if o.event_id in recorded else None,
            registered=o.participants,
        )
        for o in held
    ]

    since_day = period_start_utc.astimezone(zi).date()
    changes = [
        pdfout.AgreementChange(
            day=sc.on_date,
            title=sc.title,
            change=(
                f"{label(AGREEMENT_STATUS, sc.from_status or '')} → "
                f"{label(AGREEMENT_STATUS, sc.to_status)}" + (f": {sc.note}" if sc.note else "")
            ),
        )
        for sc in session.execute(
            select(
                StatusChange.on_date,
                StatusChange.from_status,
                StatusChange.to_status,
                StatusChange.note,
                Agreement.title,
            )
            .join(Agreement, Agreement.id == StatusChange.agreement_id)
            .where(
                Agreement.deleted_at.is_(None),
                StatusChange.from_status.is_not(None),
                StatusChange.on_date > since_day if previous else StatusChange.on_date >= since_day,
                StatusChange.on_date <= start.date(),
            )
            .order_by(StatusChange.on_date, StatusChange.id)
        )
    ]

    upcoming = [
        pdfout.UpcomingEvent(
            start=o.start,
            title=o.title,
            kind=label(EVENT_KIND, o.kind),
            location=", ".join(
                x for x in (o.room, o.location.split(",")[0] if o.location else "") if x
            ),
        )
        for o in schedule_service.occurrences(
            session,
            ev.end_utc,
            ev.end_utc + timedelta(days=ahead_days),
            schedule_service.EventFilter(include_cancelled=False),
            limit=500,
        )
        if o.kind in (EventKind.WORKSHOP.value, EventKind.PRAESENZVERANSTALTUNG.value)
    ]

    deadlines = [
        pdfout.DeadlineLine(item.due_on, item.label, item.title, item.detail)
        for item in agreement_service.due_items(session, today=start.date(), days=ahead_days)
    ]
    for o in schedule_service.occurrences(
        session,
        ev.end_utc,
        ev.end_utc + timedelta(days=ahead_days),
        schedule_service.EventFilter(kind=EventKind.GREMIENSITZUNG.value, include_cancelled=False),
        limit=200,
    ):
        due = submission_deadline(o.start.date(), rule)
        if due >= start.date():
            deadlines.append(
                pdfout.DeadlineLine(
                    due,
                    "Einreichungsfrist Vorlagen",
                    f"{o.committee or o.title} am {o.start:%d.%m.%Y}",
                )
            )
    deadlines.sort(key=lambda d: (d.day, d.title))

    attendance = [
        pdfout.AttendanceLine(line.name, line.organisation, line.attendance)
        for line in people_of_event(session, event_id, on=start.date())
        if line.attendance
    ]

    return pdfout.SummaryPrint(
        committee=committee,
        title=ev.title,
        start=start,
        end=end,
        location=ev.location,
        room=ev.room,
        is_public=ev.is_public,
        status=label(EVENT_STATUS, ev.status),
        agenda=[a.text for a in ev.agenda],
        papers=papers,
        since=previous.astimezone(zi).date() if previous else None,
        period_start=since_day,
        events_held=events_held,
        agreement_changes=changes,
        upcoming=upcoming,
        deadlines=deadlines,
        attendance=attendance,
        as_of=as_of,
        created=as_of_utc.replace(microsecond=0),
    )


@source_language()
def session_summary_pdf(
    session: Session,
    event_id: int,
    settings: pdfout.PdfSettings | None = None,
    *,
    as_of: date | None = None,
) -> pdfout.PdfResult:
    return pdfout.render_session_summary(session_summary(session, event_id, as_of=as_of), settings)


def export_session_summary(
    session: Session,
    event_id: int,
    target: Path | str,
    settings: pdfout.PdfSettings | None = None,
    *,
    as_of: date | None = None,
) -> pdfout.PdfResult:
    result = session_summary_pdf(session, event_id, settings, as_of=as_of)
    atomic_write(Path(target), result.data)
    return result


def list_sessions(
    session: Session, start: datetime, end: datetime, *, committee_id: int | None = None
) -> list[schedule_service.Occurrence]:
    """Committee sessions in a period (for the GUI's session list)."""
    return schedule_service.occurrences(
        session,
        start,
        end,
        schedule_service.EventFilter(
            kind=EventKind.GREMIENSITZUNG.value, committee_id=committee_id
        ),
    )
