"""The "Termine" area: schedule/area.py (ScheduleView: the views, filters and the editor on
MasterDetailArea) and schedule/periods.py (the ranges the list and the calendars show)."""

from contactdesk.gui.views.schedule.area import ScheduleView

__all__ = ["ScheduleView"]
