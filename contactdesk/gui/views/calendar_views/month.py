"""The month view of the "Termine" area: a grid of day cells with their entries; it shows the
occurrences the ScheduleView loaded and reports double-clicks, it never queries itself."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui import theme
from contactdesk.gui.models.schedule import (
    MONTHS,
    WEEKDAYS,
    WEEKDAYS_LONG,
    day_text,
)
from contactdesk.gui.views.calendar_views.days import days_of, month_grid_start
from contactdesk.gui.views.calendar_views.entries import EntryLabel, entry_text
from contactdesk.gui.views.calendar_views.period import PeriodView


class DayCell(QFrame):
    """One day of the month grid: the day number, its events and '+N weitere'."""

    sig_open_requested = Signal(object)
    """An event of this day was double-clicked (the Occurrence)."""
    sig_day_requested = Signal(object)
    """The day number (or '+N weitere') was double-clicked (the date)."""
    sig_new_requested = Signal(object)
    """The empty space of the day was double-clicked: a new event then (the date)."""

    def __init__(self) -> None:
        super().__init__()
        self.day = date.today()
        self._cursor = False
        self.entries: list[Occurrence] = []
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(1)
        self.setMinimumSize(QSize(60, 48))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(3, 2, 3, 2)
        self._layout.setSpacing(1)
        self.number = QLabel()
        self._layout.addWidget(self.number)
        self._labels: list[QWidget] = []
        self.more = QLabel()
        theme.set_style(self.more, "color: {link};")
        self._layout.addStretch(1)
        self._capacity = 3
        self._today = False
        self._in_month = True

    def set_day(self, day: date, *, in_month: bool, today: bool) -> None:
        self.day = day
        self._today = today
        self._in_month = in_month
        text = f"{day.day}" if day.day != 1 else f"{day.day}. {_(MONTHS[day.month - 1])[:3]}"
        self.number.setText(f"<b>{text}</b>" if today else text)
        theme.set_style(
            self.number, "color: {cell_text};" if in_month else "color: {day_outside_text};"
        )
        self._apply_style()

    def set_cursor(self, on: bool) -> None:
        """Mark the day the keyboard stands on."""
        if on != self._cursor:
            self._cursor = on
            self._apply_style()

    def _apply_style(self) -> None:
        today, in_month = self._today, self._in_month
        if self._cursor:
            background = "today_bg" if today else "day_bg"
            style = (
                "DayCell {{ background: {" + background + "}; border: 2px solid {cursor_border}; }}"
            )
        elif today:
            style = "DayCell {{ background: {today_bg}; border: 2px solid {today_border}; }}"
        elif not in_month:
            style = "DayCell {{ background: {day_outside_bg}; border: 1px solid {day_border}; }}"
        else:
            style = "DayCell {{ background: {day_bg}; border: 1px solid {day_border}; }}"
        theme.set_style(self, style)

    @property
    def is_today(self) -> bool:
        return self._today

    def set_entries(self, entries: list[Occurrence]) -> None:
        self.entries = list(entries)
        self._refill()

    def set_capacity(self, capacity: int) -> None:
        capacity = max(1, capacity)
        if capacity != self._capacity:
            self._capacity = capacity
            self._refill()

    def _refill(self) -> None:
        for w in self._labels:
            w.setParent(None)
            w.deleteLater()
        self._labels = []
        self._layout.removeWidget(self.more)
        self.more.setParent(None)
        shown = self.entries
        hidden: list[Occurrence] = []
        if len(self.entries) > self._capacity:
            shown = self.entries[: self._capacity - 1]
            hidden = self.entries[self._capacity - 1 :]
        for i, occ in enumerate(shown):
            entry = EntryLabel(occ, self.day)
            entry.sig_activated.connect(self.sig_open_requested.emit)
            self._layout.insertWidget(1 + i, entry)
            self._labels.append(entry)
        if hidden:
            self.more.setParent(self)
            self.more.setText(_("+{n} weitere").format(n=len(hidden)))
            self.more.setToolTip("\n".join(entry_text(o, self.day) for o in hidden))
            self.more.setAccessibleName(
                _("{n} weitere Termine: {titles}").format(
                    n=len(hidden), titles=", ".join(o.title for o in hidden)
                )
            )
            self._layout.insertWidget(1 + len(shown), self.more)
            self.more.show()
        self.setAccessibleName(
            _("{day}: {n} Termine").format(day=day_text(self.day), n=len(self.entries))
            if self.entries
            else day_text(self.day)
        )

    def shown_titles(self) -> list[str]:
        """Texts of the visible entries (for tests and screen readers)."""
        return [w.full_text for w in self._labels if isinstance(w, EntryLabel)]

    def more_text(self) -> str:
        return self.more.text() if self.more.parent() is self else ""

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        hit = self.childAt(event.position().toPoint())
        if hit is self.number or hit is self.more:
            self.sig_day_requested.emit(self.day)
        else:
            self.sig_new_requested.emit(self.day)
        event.accept()


class MonthView(PeriodView):
    """Six weeks of seven days; each day lists its events, as many as fit."""

    sig_open_requested = Signal(object)
    """The user double-clicked an event (the Occurrence)."""
    sig_day_requested = Signal(object)
    """The user double-clicked a day number or its '+N weitere' (the date)."""
    sig_new_requested = Signal(object)
    """A new event on a day: double-click on its empty space or Enter on an empty day."""

    ROWS = 6
    DAYS = 7 * ROWS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Monatsansicht"))
        self.setAccessibleDescription(
            _("Pfeiltasten wählen den Tag, Eingabe öffnet seinen ersten Termin oder legt einen an")
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.cursor_day = self.today
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        for col, name in enumerate(WEEKDAYS):
            head = QLabel(_(name))
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setAccessibleName(_(WEEKDAYS_LONG[col]))
            grid.addWidget(head, 0, col)
            grid.setColumnStretch(col, 1)
        self.cells: list[DayCell] = []
        for row in range(self.ROWS):
            grid.setRowStretch(row + 1, 1)
            for col in range(7):
                cell = DayCell()
                cell.sig_open_requested.connect(self.sig_open_requested.emit)
                cell.sig_day_requested.connect(self.sig_day_requested.emit)
                cell.sig_new_requested.connect(self.sig_new_requested.emit)
                grid.addWidget(cell, row + 1, col)
                self.cells.append(cell)
        self.set_anchor(self.anchor, self.today)

    def first_day(self) -> date:
        return month_grid_start(self.anchor)

    def show_days(self, days: list[date]) -> None:
        for cell, day in zip(self.cells, days, strict=True):
            cell.set_day(day, in_month=day.month == self.anchor.month, today=day == self.today)
        first, end = self.visible_range()
        if not first <= self.cursor_day < end:
            self.cursor_day = self.today if first <= self.today < end else self.anchor
        self._mark_cursor()

    def focus_changed(self) -> None:
        self._mark_cursor()

    def _mark_cursor(self) -> None:
        for cell in self.cells:
            cell.set_cursor(self.hasFocus() and cell.day == self.cursor_day)

    def move_cursor(self, days: int) -> None:
        """Move the keyboard's day, clamped to the six shown weeks."""
        first, end = self.visible_range()
        self.cursor_day = min(
            max(self.cursor_day + timedelta(days=days), first), end - timedelta(days=1)
        )
        self._mark_cursor()
        cell = self.cell(self.cursor_day)
        if cell is not None:
            self.setAccessibleDescription(cell.accessibleName())

    def activate_cursor(self) -> None:
        """Enter: the day's first event opens; an empty day gets a new event."""
        cell = self.cell(self.cursor_day)
        if cell is not None and cell.entries:
            self.sig_open_requested.emit(cell.entries[0])
        else:
            self.sig_new_requested.emit(self.cursor_day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        if event.key() in steps and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.move_cursor(steps[Qt.Key(event.key())])
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate_cursor()
            return
        super().keyPressEvent(event)

    def set_occurrences(self, occurrences: list[Occurrence]) -> None:
        by_day: dict[date, list[Occurrence]] = {}
        for occ in occurrences:
            for day in days_of(occ):
                by_day.setdefault(day, []).append(occ)
        for cell in self.cells:
            items = by_day.get(cell.day, [])
            items.sort(key=lambda o: (not o.all_day, o.start))
            cell.set_entries(items)

    def cell(self, day: date) -> DayCell | None:
        for cell in self.cells:
            if cell.day == day:
                return cell
        return None

    def title(self) -> str:
        return f"{_(MONTHS[self.anchor.month - 1])} {self.anchor.year}"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.cells:
            return
        line = self.fontMetrics().height() + 3
        height = self.cells[0].height()
        capacity = max(1, (height - line - 6) // line)
        for cell in self.cells:
            cell.set_capacity(capacity)
