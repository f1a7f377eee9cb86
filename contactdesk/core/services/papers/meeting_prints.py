"""Papers of any meeting, collected from the register: the Ergebnisprotokoll (attendance,
results, tasks with owner and date), the Teilnehmerliste to sign, and the Einladung of a
committee session with its public and non-public part.

Results are the lines of the event's "Ergebnis" text plus the stored results; tasks are stored
in event_task (revision 0009). A paper goes into the non-public part when the paper is not
public, when its consultation on this session is marked "N", or when the whole session is
non-public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import NotFoundError, ValidationError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats import pdf as pdfout
from contactdesk.core.labels import EVENT_KIND, label
from contactdesk.core.models import (
    Consultation,
    Contact,
    Event,
    EventKind,
    EventTask,
    Paper,
)
from contactdesk.core.models.minutes import TASK_KINDS
from contactdesk.core.services.papers.data import PS
from contactdesk.core.services.papers.meetings import (
    ABSENT,
    EXCUSED,
    PRESENT,
    event_or_none,
    people_of_event,
)


@dataclass
class TaskData:
    """A result or a task of an event (kind "ergebnis" or "aufgabe")."""

    text: str
    owner: str = ""
    due_on: date | None = None
    kind: str = "aufgabe"


def _event(session: Session, event_id: int) -> Event:
    ev = event_or_none(session, event_id)
    if ev is None:
        raise NotFoundError(
            f"Den Termin mit der ID {event_id} gibt es nicht (oder er ist im Papierkorb)."
        )
    return ev


def event_tasks(session: Session, event_id: int) -> list[TaskData]:
    return [
        TaskData(t.text, t.owner, t.due_on, t.kind)
        for t in session.scalars(
            select(EventTask)
            .where(EventTask.event_id == event_id)
            .order_by(EventTask.position, EventTask.id)
        )
    ]


def set_event_tasks(session: Session, event_id: int, tasks: list[TaskData]) -> list[TaskData]:
    """Replace the results and tasks of an event (in this order); German errors per line."""
    _event(session, event_id)
    errors: dict[str, str] = {}
    clean: list[TaskData] = []
    for n, t in enumerate(tasks):
        text = " ".join(t.text.split())
        owner = " ".join(t.owner.split())
        if not text:
            errors[f"tasks.{n}"] = f"Zeile {n + 1}: Bitte beschreiben Sie Ergebnis oder Aufgabe."
        elif len(text) > 2000:
            errors[f"tasks.{n}"] = f"Zeile {n + 1}: Der Text ist zu lang (höchstens 2000 Zeichen)."
        if len(owner) > 200:
            errors[f"tasks.{n}"] = f"Zeile {n + 1}: Der Name ist zu lang (höchstens 200 Zeichen)."
        if t.kind not in TASK_KINDS:
            errors[f"tasks.{n}"] = f"Zeile {n + 1}: Unbekannte Art „{t.kind}“."
        clean.append(TaskData(text, owner, t.due_on, t.kind))
    if errors:
        raise ValidationError(errors)
    session.execute(delete(EventTask).where(EventTask.event_id == event_id))
    for position, t in enumerate(clean):
        session.add(
            EventTask(
                event_id=event_id,
                position=position,
                kind=t.kind,
                text=t.text,
                owner=t.owner,
                due_on=t.due_on,
            )
        )
    session.flush()
    return clean


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _head(session: Session, ev: Event, created: datetime) -> pdfout.MeetingHead:
    zi = tzs.zone(ev.tz)
    organiser = ""
    if ev.organiser_id:
        organiser = (
            session.scalar(select(Contact.display_name).where(Contact.id == ev.organiser_id)) or ""
        )
    return pdfout.MeetingHead(
        title=ev.title,
        kind=label(EVENT_KIND, ev.kind),
        start=ev.start_utc.astimezone(zi),
        end=ev.end_utc.astimezone(zi),
        location=ev.location,
        room=ev.room,
        online_url=ev.online_url,
        organiser=organiser,
        is_public=ev.is_public,
        created=created,
    )


def _outcome_lines(text: str) -> list[str]:
    lines = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = re.sub(r"^\s*[-*•]\s+", "", raw).strip()
        if line:
            lines.append(line)
    return lines


def minutes(session: Session, event_id: int, *, as_of: date | None = None) -> pdfout.MinutesPrint:
    """The Ergebnisprotokoll of any event (workshop, network meeting, session …)."""
    ev = _event(session, event_id)
    as_of = as_of or date.today()
    head = _head(session, ev, _midnight(as_of))
    people = people_of_event(session, event_id, on=head.start.date())

    def rows(word: str) -> list[pdfout.PersonRow]:
        return [pdfout.PersonRow(p.name, p.organisation) for p in people if p.attendance == word]

    stored = event_tasks(session, event_id)
    return pdfout.MinutesPrint(
        head=head,
        attended=rows(PRESENT),
        excused=rows(EXCUSED),
        absent=rows(ABSENT),
        agenda=[a.text for a in ev.agenda],
        results=_outcome_lines(ev.outcome) + [t.text for t in stored if t.kind == "ergebnis"],
        tasks=[pdfout.TaskRow(t.text, t.owner, t.due_on) for t in stored if t.kind == "aufgabe"],
        as_of=as_of,
    )


def minutes_pdf(
    session: Session,
    event_id: int,
    settings: pdfout.PdfSettings | None = None,
    *,
    as_of: date | None = None,
) -> pdfout.PdfResult:
    return pdfout.render_minutes(minutes(session, event_id, as_of=as_of), settings)


def attendance_sheet(session: Session, event_id: int) -> pdfout.AttendanceSheetPrint:
    """The list to sign: registered participants (not the waiting list) plus empty rows."""
    ev = _event(session, event_id)
    start = ev.start_utc.astimezone(tzs.zone(ev.tz))
    head = _head(session, ev, _midnight(start.date()))
    people = people_of_event(session, event_id, on=start.date())
    return pdfout.AttendanceSheetPrint(
        head=head,
        people=[
            pdfout.PersonRow(p.name, p.organisation, p.photo_consent)
            for p in people
            if p.attendance != EXCUSED
        ],
        blank_rows=max(4, min(12, (ev.capacity or 0) - len(people))) if ev.capacity else 8,
    )


def attendance_sheet_pdf(
    session: Session, event_id: int, settings: pdfout.PdfSettings | None = None
) -> pdfout.PdfResult:
    return pdfout.render_attendance_sheet(attendance_sheet(session, event_id), settings)


def _agenda_sort(number: str) -> tuple[int, list[int], str]:
    digits = [int(n) for n in re.findall(r"\d+", number)]
    return (0 if digits else 1, digits, number)


def _top(agenda_item: str) -> str:
    item = agenda_item.strip()
    if not item:
        return ""
    return item if item.upper().startswith("TOP") else f"TOP {item}"


def invitation(
    session: Session, event_id: int, *, on: date | None = None
) -> pdfout.InvitationPrint:
    """The Einladung of a committee session: agenda items and papers, public part first."""
    ev = _event(session, event_id)
    if ev.kind != EventKind.GREMIENSITZUNG.value or ev.committee_id is None:
        raise ValidationError(
            {
                "event_id": f"„{ev.title}“ ist keine Gremiensitzung. Eine Einladung mit "
                "öffentlichem und nichtöffentlichem Teil gibt es nur für Sitzungen eines Gremiums."
            }
        )
    on = on or date.today()
    head = _head(session, ev, _midnight(on))
    committee = (
        session.scalar(select(Contact.display_name).where(Contact.id == ev.committee_id)) or ""
    )
    papers = [
        (c, p)
        for c, p in session.execute(
            select(Consultation, Paper)
            .join(Paper, Paper.id == Consultation.paper_id)
            .where(Consultation.event_id == event_id, Paper.deleted_at.is_(None))
        )
        if p.status != PS.ZURUECKGEZOGEN.value
    ]
    public_items: list[pdfout.InvitationItem] = []
    closed_items: list[pdfout.InvitationItem] = []
    used: set[int] = set()

    def is_open(c: Consultation, p: Paper) -> bool:
        return ev.is_public and p.is_public and c.is_public is not False

    for item in ev.agenda:
        match = next(((c, p) for c, p in papers if p.reference in item.text), None)
        if match is None:
            target = public_items if ev.is_public else closed_items
            target.append(pdfout.InvitationItem("", item.text))
            continue
        c, p = match
        used.add(p.id)
        target = public_items if is_open(c, p) else closed_items
        target.append(pdfout.InvitationItem(_top(c.agenda_item), item.text, p.reference))
    rest = sorted(
        ((c, p) for c, p in papers if p.id not in used),
        key=lambda cp: _agenda_sort(cp[0].agenda_item),
    )
    for c, p in rest:
        target = public_items if is_open(c, p) else closed_items
        target.append(pdfout.InvitationItem(_top(c.agenda_item), p.subject, p.reference))
    organiser = head.organiser
    return pdfout.InvitationPrint(
        head=head,
        committee=committee,
        public_items=public_items,
        closed_items=closed_items,
        invited_on=on,
        signature=f"{organiser}, für das Gremium „{committee}“" if organiser else committee,
    )


def invitation_pdf(
    session: Session,
    event_id: int,
    settings: pdfout.PdfSettings | None = None,
    *,
    on: date | None = None,
) -> pdfout.PdfResult:
    return pdfout.render_invitation(invitation(session, event_id, on=on), settings)


def export(result: pdfout.PdfResult, target: Path | str) -> pdfout.PdfResult:
    atomic_write(Path(target), result.data)
    return result
