"""What the month and the week view share: the day they are anchored on, today, the days
they show, and a redraw of the keyboard's mark when the focus comes or goes."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QWidget

from contactdesk.core.i18n import _


class FocusMarked(QWidget):
    """A widget that marks the keyboard's place only while it has the focus."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focus_changed()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_changed()

    def focus_changed(self) -> None:
        """Show or hide the keyboard's mark (the focus came or went)."""
        self.update()


class PeriodView(FocusMarked):
    """A span of whole days around an anchor day (a month grid, a week)."""

    #: how many days the view shows
    DAYS = 7

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setAccessibleName(_(name))
        self.anchor = date.today()
        self.today = date.today()

    def first_day(self) -> date:
        """The first shown day for the current anchor."""
        raise NotImplementedError

    def visible_range(self) -> tuple[date, date]:
        """First shown day and the day after the last shown day."""
        start = self.first_day()
        return start, start + timedelta(days=self.DAYS)

    def set_anchor(self, anchor: date, today: date) -> None:
        """Show the span around `anchor`, marking `today`."""
        self.anchor = anchor
        self.today = today
        start = self.first_day()
        self.show_days([start + timedelta(days=i) for i in range(self.DAYS)])

    def show_days(self, days: list[date]) -> None:
        """Label the shown days (after the anchor moved)."""
        raise NotImplementedError


__all__ = ["FocusMarked", "PeriodView"]
