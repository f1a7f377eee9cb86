"""Day arithmetic the month and week views share: where a grid starts, which days an
occurrence covers."""

from __future__ import annotations

from datetime import date, timedelta

from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui.models.schedule import last_day


def month_grid_start(anchor: date) -> date:
    """Monday of the week that contains the first of anchor's month."""
    first = anchor.replace(day=1)
    return first - timedelta(days=first.weekday())


def week_start(anchor: date) -> date:
    return anchor - timedelta(days=anchor.weekday())


def days_of(occ: Occurrence) -> list[date]:
    """The days an occurrence covers (several for one over midnight or days)."""
    first, last = occ.start.date(), last_day(occ)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
