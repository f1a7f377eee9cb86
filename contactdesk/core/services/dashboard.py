"""The start page's numbers: what is on today and this week, who has not answered, which
deadlines come up — and the small counts beside the areas of the navigation.

The rules, once, for the window and anyone else who asks:

- "Heute und diese Woche": occurrences (series expanded, cancelled ones left out) overlapping
  [start of today, start of today + 7 days) in the local zone; "heute" those overlapping today.
- "Warten auf Antwort": participants who were invited (invitation sent), have not answered
  (response "offen") for an event that is neither deleted nor cancelled and starts in the future.
  People on the list of a coming event who were never invited are listed apart
  (`not_invited`): a list of people "waiting" who were never asked would be wrong either way.
- "Fristen": the agreements' deadline logic (`agreements.due_items`, overdue ones included) for
  the next `days` days, plus the papers whose submission deadline for their session has passed
  or is near (`papers.deadline_warnings`). "today" is the local date, not the UTC date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.models import Contact, Event, EventStatus, Invitation, Participant, Response
from contactdesk.core.models.schedule import DEFAULT_TZ
from contactdesk.core.services.schedule import EventFilter, Occurrence, OpenResponse, occurrences

#: how many coming events the start page lists at most
NEXT_EVENTS = 10
#: an agreement deadline counts beside "Vereinbarungen" when it is at most this many days away
NAV_DEADLINE_DAYS = 30
WEEK_DAYS = 7


@dataclass
class Dashboard:
    """Everything the start page shows, from one call."""

    #: the next occurrences from now on (at most NEXT_EVENTS, within `days`)
    next_events: list[Occurrence]
    #: every participant of a coming event without an answer, invited or not (by start, name)
    open_responses: list[OpenResponse]
    #: agreements' deadlines (agreements.DueItem), overdue ones first
    deadlines: list[Any]
    #: occurrences overlapping today and the next six days
    week_events: list[Occurrence] = field(default_factory=list)
    #: how many of `week_events` overlap today
    today_count: int = 0
    #: papers to release before their session's submission deadline (papers.DeadlineWarning)
    paper_warnings: list[Any] = field(default_factory=list)
    #: the local date the numbers were computed for
    today: date | None = None

    @property
    def waiting(self) -> list[OpenResponse]:
        """Invited, not answered, event not begun yet: "Warten auf Antwort"."""
        return [r for r in self.open_responses if r.invited and r.waiting]

    @property
    def not_invited(self) -> list[OpenResponse]:
        """On the list of a coming event, but no invitation has gone out yet."""
        return [r for r in self.open_responses if not r.invited]

    @property
    def deadline_count(self) -> int:
        return len(self.deadlines) + len(self.paper_warnings)

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self.deadlines if d.days_left < 0) + sum(
            1 for w in self.paper_warnings if w.days_left < 0
        )


@dataclass(frozen=True)
class NavCounts:
    """The counts beside the areas of the navigation (0: nothing shown)."""

    #: occurrences overlapping today (beside "Übersicht")
    today: int
    #: invited participants of coming events who have not answered (beside "Termine")
    waiting: int
    #: agreement deadlines overdue or at most NAV_DEADLINE_DAYS away (beside "Vereinbarungen")
    deadlines: int
    #: papers late or close to their submission deadline (beside "Sitzungen")
    papers: int


def _local_day(now: datetime, zone: str) -> tuple[date, datetime]:
    """The local date of `now` and the aware start of that day."""
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    return today, datetime.combine(today, time(0), tz)


def _open_responses(session: Session, now: datetime) -> list[OpenResponse]:
    rows = session.execute(
        select(
            Event.id,
            Event.title,
            Event.start_utc,
            Event.tz,
            Participant.contact_id,
            Participant.invitation,
            Contact.display_name,
        )
        .join(Participant, Participant.event_id == Event.id)
        .join(Contact, Contact.id == Participant.contact_id)
        .where(
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
            Event.end_utc > now,
            # everyone on the list of a coming event who has not answered, invited or not yet
            Participant.response == Response.OFFEN.value,
        )
        .order_by(Event.start_utc, Contact.sort_name)
    )
    return [
        OpenResponse(
            r.id,
            r.title,
            r.start_utc.astimezone(tzs.zone(r.tz)),
            r.contact_id,
            r.display_name,
            invited=r.invitation == Invitation.EINGELADEN.value,
            waiting=r.start_utc > now,
        )
        for r in rows
    ]


def _week(session: Session, now: datetime, zone: str) -> tuple[list[Occurrence], int]:
    today, day_start = _local_day(now, zone)
    week_end = datetime.combine(today + timedelta(days=WEEK_DAYS), time(0), ZoneInfo(zone))
    week = occurrences(session, day_start, week_end, EventFilter(include_cancelled=False))
    tomorrow = datetime.combine(today + timedelta(days=1), time(0), ZoneInfo(zone))
    return week, sum(1 for occ in week if occ.start < tomorrow)


def dashboard(
    session: Session, *, now: datetime | None = None, days: int = 90, zone: str = DEFAULT_TZ
) -> Dashboard:
    """The start page's data; `days`: how far events and deadlines look ahead."""
    from contactdesk.core.services import agreements as agreement_service
    from contactdesk.core.services import papers as paper_service

    now = now or datetime.now(UTC)
    today, _start = _local_day(now, zone)
    upcoming = occurrences(
        session,
        now,
        now + timedelta(days=days),
        EventFilter(include_cancelled=False),
        limit=200,
    )
    week, today_count = _week(session, now, zone)
    return Dashboard(
        next_events=upcoming[:NEXT_EVENTS],
        open_responses=_open_responses(session, now),
        deadlines=agreement_service.due_items(session, today=today, days=days),
        week_events=week,
        today_count=today_count,
        paper_warnings=paper_service.deadline_warnings(session, today=today),
        today=today,
    )


def nav_counts(
    session: Session, *, now: datetime | None = None, zone: str = DEFAULT_TZ
) -> NavCounts:
    """The navigation's counts in one call (cheap: run after every change)."""
    from contactdesk.core.services import agreements as agreement_service
    from contactdesk.core.services import papers as paper_service

    now = now or datetime.now(UTC)
    today, day_start = _local_day(now, zone)
    tomorrow = datetime.combine(today + timedelta(days=1), time(0), ZoneInfo(zone))
    today_events = occurrences(session, day_start, tomorrow, EventFilter(include_cancelled=False))
    waiting = session.scalar(
        select(func.count())
        .select_from(Participant)
        .join(Event, Event.id == Participant.event_id)
        .join(Contact, Contact.id == Participant.contact_id)
        .where(
            Event.deleted_at.is_(None),
            Event.status != EventStatus.ABGESAGT.value,
            Event.start_utc > now,
            Participant.invitation == Invitation.EINGELADEN.value,
            Participant.response == Response.OFFEN.value,
        )
    )
    due = agreement_service.due_items(session, today=today, days=NAV_DEADLINE_DAYS)
    papers = paper_service.deadline_warnings(session, today=today)
    return NavCounts(
        today=len(today_events), waiting=int(waiting or 0), deadlines=len(due), papers=len(papers)
    )


__all__ = ["Dashboard", "NavCounts", "dashboard", "nav_counts"]
