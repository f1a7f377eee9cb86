"""Month and week views of the "Termine" area: they show occurrences the ScheduleView loaded
(one service call per visible range) and report double-clicks; they never query themselves.
calendar_views/month.py (DayCell, MonthView), week.py (WeekGrid, WeekView), entries.py
(EntryLabel, the event line both show) and days.py (the day arithmetic both share)."""

from contactdesk.gui.views.calendar_views.days import month_grid_start, week_start
from contactdesk.gui.views.calendar_views.entries import EntryLabel
from contactdesk.gui.views.calendar_views.month import DayCell, MonthView
from contactdesk.gui.views.calendar_views.week import WeekGrid, WeekView

__all__ = [
    "DayCell",
    "EntryLabel",
    "MonthView",
    "WeekGrid",
    "WeekView",
    "month_grid_start",
    "week_start",
]
