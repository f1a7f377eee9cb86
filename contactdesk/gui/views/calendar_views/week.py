"""The week view of the "Termine" area: an hour grid of seven days with the events as boxes
(all-day events above it); keyboard and mouse open or create events, it never queries itself."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.models.schedule import EventStatus
from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui import theme
from contactdesk.gui.models.schedule import (
    SERIES_MARK,
    WEEKDAYS,
    day_text,
    last_day,
    occurrence_tooltip,
)
from contactdesk.gui.views.calendar_views.days import days_of, week_start
from contactdesk.gui.views.calendar_views.entries import EntryLabel
from contactdesk.gui.views.calendar_views.period import FocusMarked, PeriodView


class WeekGrid(FocusMarked):
    """The painted time grid of a week: days as columns, hours as rows, events as boxes."""

    sig_open_requested = Signal(object)
    """The user double-clicked an event box (the Occurrence)."""
    sig_new_requested = Signal(object)
    """A new event at a slot (naive wall-clock datetime): double-click on empty space or
    Enter on an empty slot."""
    sig_cursor_moved = Signal(object)
    """The keyboard's slot moved (its QRectF, for scrolling it into view)."""

    HOUR_HEIGHT = 44
    GUTTER = 48

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start = week_start(date.today())
        self.today = date.today()
        #: the slot the keyboard stands on: (day of the week 0-6, hour)
        self.cursor_cell = (0, 9)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleDescription(
            _("Pfeiltasten wählen Tag und Stunde, Eingabe öffnet den Termin oder legt einen an")
        )
        self._items: list[Occurrence] = []
        self.boxes: list[tuple[QRectF, Occurrence]] = []
        self.setMinimumHeight(24 * self.HOUR_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Wochenraster"))

    def sizeHint(self) -> QSize:
        return QSize(700, 24 * self.HOUR_HEIGHT)

    def set_week(self, start: date, today: date, items: list[Occurrence]) -> None:
        if start != self.start:
            offset = (today - start).days
            self.cursor_cell = (offset if 0 <= offset < 7 else 0, self.cursor_cell[1])
        self.start = start
        self.today = today
        self._items = [o for o in items if not o.all_day]
        self._layout_boxes()
        self.update()

    def _column_width(self) -> float:
        return max(10.0, (self.width() - self.GUTTER) / 7)

    def _y(self, moment: datetime, day: date) -> float:
        if moment.date() < day:
            return 0.0
        if moment.date() > day:
            return 24.0 * self.HOUR_HEIGHT
        return (moment.hour + moment.minute / 60) * self.HOUR_HEIGHT

    def _layout_boxes(self) -> None:
        self.boxes = []
        width = self._column_width()
        for offset in range(7):
            day = self.start + timedelta(days=offset)
            todays = [o for o in self._items if o.start.date() <= day <= last_day(o)]
            todays.sort(key=lambda o: (o.start, o.end))
            # greedy lanes: an event takes the first lane that is free at its start
            lanes: list[datetime] = []
            placed: list[tuple[Occurrence, int]] = []
            for occ in todays:
                lane = next((i for i, end in enumerate(lanes) if end <= occ.start), None)
                if lane is None:
                    lanes.append(occ.end)
                    lane = len(lanes) - 1
                else:
                    lanes[lane] = occ.end
                placed.append((occ, lane))
            count = max(1, len(lanes))
            for occ, lane in placed:
                top = self._y(occ.start, day)
                bottom = max(top + 18, self._y(occ.end, day))
                lane_w = (width - 4) / count
                left = self.GUTTER + offset * width + 2 + lane * lane_w
                self.boxes.append((QRectF(left, top + 1, lane_w - 2, bottom - top - 2), occ))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout_boxes()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        width = self._column_width()
        for offset in range(7):
            if self.start + timedelta(days=offset) == self.today:
                painter.fillRect(
                    QRectF(self.GUTTER + offset * width, 0, width, self.height()),
                    theme.color("today_bg"),
                )
        painter.setPen(QPen(theme.color("grid_line")))
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        for hour in range(25):
            y = hour * self.HOUR_HEIGHT
            painter.drawLine(QPointF(self.GUTTER, y), QPointF(self.width(), y))
        for offset in range(8):
            x = self.GUTTER + offset * width
            painter.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        painter.setFont(small)
        painter.setPen(theme.color("hour_text"))
        for hour in range(24):
            painter.drawText(
                QRectF(0, hour * self.HOUR_HEIGHT + 2, self.GUTTER - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                f"{hour:02d}:00",
            )
        for rect, occ in self.boxes:
            colour = theme.color(theme.kind_role(occ.kind))
            painter.setBrush(colour)
            painter.setPen(
                QPen(colour.darker(140) if theme.scheme() == "light" else colour.lighter(160))
            )
            painter.drawRoundedRect(rect, 3, 3)
            cancelled = occ.status == EventStatus.ABGESAGT.value
            font = QFont(small)
            font.setStrikeOut(cancelled)
            painter.setFont(font)
            painter.setPen(theme.color("cancelled_text" if cancelled else "cell_text"))
            mark = f"{SERIES_MARK} " if occ.is_series else ""
            metrics = painter.fontMetrics()
            inner = rect.adjusted(3, 1, -2, -1)
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            if rect.height() < 2.2 * metrics.height():
                text = metrics.elidedText(
                    f"{occ.start:%H:%M} {mark}{occ.title}",
                    Qt.TextElideMode.ElideRight,
                    int(inner.width()),
                )
            else:
                text = f"{occ.start:%H:%M}–{occ.end:%H:%M}\n{mark}{occ.title}"
                flags |= int(Qt.TextFlag.TextWordWrap)
            painter.drawText(inner, flags, text)
        if self.hasFocus():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(theme.color("cursor_border"), 2))
            painter.drawRect(self.cursor_rect())
        painter.end()

    def occurrence_at(self, point: QPointF) -> Occurrence | None:
        for rect, occ in reversed(self.boxes):
            if rect.contains(point):
                return occ
        return None

    def box_of(self, occ: Occurrence) -> QRectF | None:
        for rect, item in self.boxes:
            if item == occ:
                return rect
        return None

    def slot_at(self, point: QPointF) -> datetime | None:
        """The half hour under a point of the grid, or None outside the days."""
        if point.x() < self.GUTTER:
            return None
        offset = int((point.x() - self.GUTTER) // self._column_width())
        if not 0 <= offset < 7:
            return None
        half_hours = int(max(0.0, point.y()) // (self.HOUR_HEIGHT / 2))
        half_hours = min(half_hours, 47)
        day = self.start + timedelta(days=offset)
        return datetime.combine(day, time(half_hours // 2, 30 * (half_hours % 2)))

    def cursor_slot(self) -> datetime:
        offset, hour = self.cursor_cell
        return datetime.combine(self.start + timedelta(days=offset), time(hour))

    def cursor_rect(self) -> QRectF:
        offset, hour = self.cursor_cell
        width = self._column_width()
        return QRectF(
            self.GUTTER + offset * width + 1,
            hour * self.HOUR_HEIGHT + 1,
            width - 2,
            self.HOUR_HEIGHT - 2,
        )

    def occurrence_in_cursor(self) -> Occurrence | None:
        """The first event that overlaps the keyboard's hour."""
        begin = self.cursor_slot()
        end = begin + timedelta(hours=1)
        # occurrences carry their zone; the grid and its slots are wall-clock times
        hits = [
            o
            for _r, o in self.boxes
            if o.start.replace(tzinfo=None) < end and o.end.replace(tzinfo=None) > begin
        ]
        hits = [o for o in hits if o.start.date() <= begin.date() <= last_day(o)]
        return min(hits, key=lambda o: o.start) if hits else None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        occ = self.occurrence_at(event.position())
        if occ is not None:
            self.sig_open_requested.emit(occ)
        elif (slot := self.slot_at(event.position())) is not None:
            self.sig_new_requested.emit(slot)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        offset, hour = self.cursor_cell
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Left:
            offset = max(0, offset - 1)
        elif key == Qt.Key.Key_Right:
            offset = min(6, offset + 1)
        elif key == Qt.Key.Key_Up:
            hour = max(0, hour - 1)
        elif key == Qt.Key.Key_Down:
            hour = min(23, hour + 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            occ = self.occurrence_in_cursor()
            if occ is not None:
                self.sig_open_requested.emit(occ)
            else:
                self.sig_new_requested.emit(self.cursor_slot())
            return
        else:
            super().keyPressEvent(event)
            return
        self.cursor_cell = (offset, hour)
        slot = self.cursor_slot()
        occ = self.occurrence_in_cursor()
        self.setAccessibleDescription(
            f"{day_text(slot.date())} {slot:%H:%M}" + (f": {occ.title}" if occ else "")
        )
        self.sig_cursor_moved.emit(self.cursor_rect())
        self.update()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent):
            occ = self.occurrence_at(QPointF(event.pos()))
            if occ is not None:
                QToolTip.showText(event.globalPos(), occurrence_tooltip(occ), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class WeekView(PeriodView):
    """A week: day headers, a strip of all-day events, the scrollable time grid."""

    sig_open_requested = Signal(object)
    """The user double-clicked an event (the Occurrence)."""
    sig_new_requested = Signal(object)
    """A new event at a slot of the grid (naive wall-clock datetime)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, N_("Wochenansicht"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = QGridLayout()
        self.header.setContentsMargins(WeekGrid.GUTTER, 0, 16, 0)
        self.header.setSpacing(2)
        self.day_labels: list[QLabel] = []
        self.all_day_cells: list[QVBoxLayout] = []
        self._all_day_widgets: list[QWidget] = []
        for col in range(7):
            head = QLabel()
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.header.addWidget(head, 0, col)
            self.header.setColumnStretch(col, 1)
            self.day_labels.append(head)
            box = QVBoxLayout()
            box.setSpacing(1)
            self.header.addLayout(box, 1, col)
            self.all_day_cells.append(box)
        outer.addLayout(self.header)
        self.grid = WeekGrid()
        self.grid.sig_open_requested.connect(self.sig_open_requested.emit)
        self.grid.sig_new_requested.connect(self.sig_new_requested.emit)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.grid)
        self.scroll_area.setAccessibleName(_("Uhrzeiten der Woche"))
        outer.addWidget(self.scroll_area, 1)
        self.grid.sig_cursor_moved.connect(
            lambda rect: self.scroll_area.ensureVisible(
                int(rect.center().x()), int(rect.center().y()), 10, int(rect.height())
            )
        )
        self.setFocusProxy(self.grid)
        self.set_anchor(self.anchor, self.today)

    def first_day(self) -> date:
        return week_start(self.anchor)

    def show_days(self, days: list[date]) -> None:
        today = self.today
        for col, (head, day) in enumerate(zip(self.day_labels, days, strict=True)):
            text = f"{_(WEEKDAYS[col])} {day:%d.%m.}"
            head.setText(f"<b>{text}</b>" if day == today else text)
            theme.set_style(
                head,
                "background: {today_bg}; border: 1px solid {today_border}; color: {cell_text};"
                if day == today
                else "",
            )
            head.setAccessibleName(day_text(day))

    def set_occurrences(self, occurrences: list[Occurrence]) -> None:
        start, _end = self.visible_range()
        for w in self._all_day_widgets:
            w.setParent(None)
            w.deleteLater()
        self._all_day_widgets = []
        for occ in occurrences:
            if not occ.all_day:
                continue
            for day in days_of(occ):
                col = (day - start).days
                if 0 <= col < 7:
                    entry = EntryLabel(occ, day)
                    entry.sig_activated.connect(self.sig_open_requested.emit)
                    self.all_day_cells[col].addWidget(entry)
                    self._all_day_widgets.append(entry)
        self.grid.set_week(start, self.today, occurrences)

    def title(self) -> str:
        start, end = self.visible_range()
        iso = start.isocalendar()
        return _("KW {week}: {first} – {last}").format(
            week=iso.week, first=f"{start:%d.%m.}", last=f"{end - timedelta(days=1):%d.%m.%Y}"
        )

    def scroll_to_hour(self, hour: int) -> None:
        self.scroll_area.verticalScrollBar().setValue(hour * WeekGrid.HOUR_HEIGHT)

    def all_day_titles(self) -> list[str]:
        return [w.full_text for w in self._all_day_widgets if isinstance(w, EntryLabel)]
