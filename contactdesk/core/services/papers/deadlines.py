"""Submission deadlines: a session's papers are due a number of working days before it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dateutil.easter import easter
from sqlalchemy import select
from sqlalchemy.orm import Session

from contactdesk.core.models import (
    Consultation,
    Contact,
    Event,
    EventStatus,
    Paper,
)
from contactdesk.core.services.papers.data import PS, DeadlineRule, DeadlineWarning
from contactdesk.core.services.papers.records import local_time


def german_holidays(year: int, state: str = "ST") -> set[date]:
    """Public holidays in Germany (nationwide plus those of the state, by its code)."""
    e = easter(year)
    days = {
        date(year, 1, 1),
        e - timedelta(days=2),  # Karfreitag
        e + timedelta(days=1),  # Ostermontag
        date(year, 5, 1),
        e + timedelta(days=39),  # Christi Himmelfahrt
        e + timedelta(days=50),  # Pfingstmontag
        date(year, 10, 3),
        date(year, 12, 25),
        date(year, 12, 26),
    }
    state = state.upper()
    if state in {"BW", "BY", "ST"}:
        days.add(date(year, 1, 6))
    if state in {"BB", "HB", "HH", "MV", "NI", "SN", "ST", "SH", "TH"}:
        days.add(date(year, 10, 31))
    if state in {"BW", "BY", "HE", "NW", "RP", "SL"}:
        days.add(e + timedelta(days=60))  # Fronleichnam
    if state in {"BW", "BY", "NW", "RP", "SL"}:
        days.add(date(year, 11, 1))
    if state in {"BE", "MV"}:
        days.add(date(year, 3, 8))
    if state == "TH":
        days.add(date(year, 9, 20))
    if state == "SN":  # Buß- und Bettag: the Wednesday before 23 November
        nov22 = date(year, 11, 22)
        days.add(nov22 - timedelta(days=(nov22.weekday() - 2) % 7))
    return days


def submission_deadline(session_day: date, rule: DeadlineRule | None = None) -> date:
    """The last day a paper for a session on `session_day` may be released."""
    rule = rule or DeadlineRule()
    day = session_day - timedelta(days=rule.days_before)
    holidays: set[date] = set()
    while True:
        if rule.public_holidays and day.year not in {h.year for h in holidays}:
            holidays |= german_holidays(day.year, rule.state)
        if day.weekday() < 5 and day not in holidays:
            return day
        day -= timedelta(days=1)


def deadline_warnings(
    session: Session, *, today: date | None = None, rule: DeadlineRule | None = None
) -> list[DeadlineWarning]:
    """Unreleased papers on coming sessions whose deadline has passed or is within warn_days."""
    rule = rule or DeadlineRule()
    today = today or date.today()
    rows = session.execute(
        select(
            Paper.id,
            Paper.reference,
            Paper.subject,
            Event.id.label("event_id"),
            Event.start_utc,
            Event.tz,
            Contact.display_name,
        )
        .join(Consultation, Consultation.paper_id == Paper.id)
        .join(Event, Event.id == Consultation.event_id)
        .outerjoin(Contact, Contact.id == Event.committee_id)
        .where(
            Paper.deleted_at.is_(None),
            Paper.status == PS.ENTWURF.value,
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
            Event.start_utc
            >= datetime.combine(today, datetime.min.time(), UTC) - timedelta(days=1),
        )
    )
    warnings = []
    for r in rows:
        day = local_time(r.start_utc, r.tz).date()
        if day < today:
            continue
        deadline = submission_deadline(day, rule)
        left = (deadline - today).days
        if left < 0:
            state = "verspaetet"
        elif left <= rule.warn_days:
            state = "knapp"
        else:
            continue
        warnings.append(
            DeadlineWarning(
                r.id,
                r.reference,
                r.subject,
                r.event_id,
                r.display_name or "",
                day,
                deadline,
                left,
                state,
            )
        )
    warnings.sort(key=lambda w: (w.deadline, w.reference))
    return warnings
