"""One date (and time) field for the whole window: people type as they would in Outlook.

A QLineEdit, not a QDateTimeEdit: Ctrl+A and typing replaces everything, a click and digits insert
where the cursor is, and "15.11.2021 9:00", "15.11.", "morgen", "Mo 14 Uhr" or "+7" are read by
the core's parser (contactdesk.core.datetext). Nonsense is marked and explained in German; the
field keeps the last good value until the text is corrected, and Escape brings that value back.
Up/Down move by a day, Alt+Down or F4 opens the calendar.

The API follows QDateEdit/QDateTimeEdit where the editors use it (date/setDate/dateChanged,
dateTime/setDateTime/dateTimeChanged), plus value()/set_value() with Python dates.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QDateTime, QPoint, QRectF, Qt, QTime, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLineEdit, QVBoxLayout, QWidget

from contactdesk.core import datetext
from contactdesk.core.i18n import _

_EMPTY_DATE = QDate(1900, 1, 1)


def _today() -> date:
    return date.today()


def _now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


def calendar_icon(ink: QColor) -> QIcon:
    """A small month sheet (no theme on Windows has one for us), drawn in the text colour."""
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        painter.setPen(QPen(ink, max(1.0, unit)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 12 * unit), unit, unit)
        painter.fillRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 3 * unit), ink)
        for row in range(2):
            for col in range(3):
                painter.fillRect(
                    QRectF((3.5 + 3.5 * col) * unit, (7.5 + 3 * row) * unit, 2 * unit, 2 * unit),
                    ink,
                )
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class CalendarPopup(QFrame):
    """The month sheet under a date field; a click or Enter picks the day."""

    sig_picked = Signal(QDate)
    """The user chose a day."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setAccessibleName(name)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        layout.addWidget(self.calendar)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.sig_picked.emit(day)

    def show_at(self, anchor: QWidget, day: QDate) -> None:
        self.calendar.setSelectedDate(day)
        self.adjustSize()
        self.move(anchor.mapToGlobal(QPoint(0, anchor.height())))
        self.show()
        self.calendar.setFocus()


class DateTimeEntry(QLineEdit):
    """A free-typing date or date-and-time field (see the module docstring)."""

    dateTimeChanged = Signal(QDateTime)
    """The value changed (typed and confirmed, picked, or set)."""
    dateChanged = Signal(QDate)
    """The value's day changed (or the value was cleared: an invalid QDate)."""
    sig_error_changed = Signal(str)
    """The German message about the text, or "" when the text is readable again."""

    def __init__(self, name: str, *, with_time: bool, optional: bool = False) -> None:
        super().__init__()
        self._with_time = with_time
        self._optional = optional
        self._value: datetime | None = None if optional else self._initial()
        self._error = ""
        self.setAccessibleName(name)
        if with_time:
            hint = _("Datum und Uhrzeit, z. B. 15.11.2021 9:00, morgen 14 Uhr, Mo 9:30 oder +7")
            self.setPlaceholderText(_("TT.MM.JJJJ HH:MM"))
        else:
            hint = _("Datum, z. B. 15.11.2021, 15.11., morgen, Mo oder +7")
            self.setPlaceholderText(_("TT.MM.JJJJ"))
        if optional:
            hint += _("; leer lassen, wenn unbekannt")
        self._hint = hint
        self.setToolTip(hint)
        self.setAccessibleDescription(hint)
        self._popup: CalendarPopup | None = None
        self._calendar_action = QAction(self)
        self._calendar_action.setIcon(calendar_icon(self.palette().color(QPalette.ColorRole.Text)))
        self._calendar_action.setText(_("Kalender öffnen"))
        self._calendar_action.setToolTip(_("Kalender öffnen (Alt+Pfeil nach unten)"))
        self._calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self._calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self.commit)
        self._show_value()

    def _initial(self) -> datetime:
        if self._with_time:
            now = _now()
            return now.replace(minute=0) + timedelta(hours=1)
        return datetime.combine(_today(), time())

    # ------------------------------------------------------------------ value

    def value(self) -> datetime | date | None:
        """The field's value: a naive datetime (with time) or a date; None when empty."""
        self.commit(quiet=True)
        if self._value is None:
            return None
        return self._value if self._with_time else self._value.date()

    def set_value(self, value: datetime | date | None) -> None:
        if value is None and not self._optional:
            value = self._initial()
        if isinstance(value, datetime):
            new = value.replace(tzinfo=None, second=0, microsecond=0)
        elif isinstance(value, date):
            new = datetime.combine(value, time())
        else:
            new = None
        self._set(new)

    def set_with_time(self, with_time: bool) -> None:
        """Show (and read) the time, or the day only (an all-day event); the value keeps its time."""
        if with_time == self._with_time:
            return
        self.commit(quiet=True)
        self._with_time = with_time
        self.setPlaceholderText(_("TT.MM.JJJJ HH:MM") if with_time else _("TT.MM.JJJJ"))
        self._show_value()

    def error(self) -> str:
        """The German message about the current text, or "" when it is readable."""
        return self._error

    def has_acceptable_input(self) -> bool:
        """Read the text now (marking it when unreadable); True when it is a value."""
        self.commit()
        return not self._error

    # --------------------------------------------------- the QDate(Time)Edit API

    def dateTime(self) -> QDateTime:
        self.commit(quiet=True)
        if self._value is None:
            return QDateTime()
        v = self._value
        return QDateTime(QDate(v.year, v.month, v.day), QTime(v.hour, v.minute))

    def setDateTime(self, value: QDateTime) -> None:
        if not value.isValid():
            self.set_value(None)
            return
        d, t = value.date(), value.time()
        self._set(datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()))

    def date(self) -> QDate:
        self.commit(quiet=True)
        if self._value is None:
            return _EMPTY_DATE if self._optional else QDate()
        return QDate(self._value.year, self._value.month, self._value.day)

    def setDate(self, value: QDate) -> None:
        if not value.isValid() or (self._optional and value == _EMPTY_DATE):
            self.set_value(None)
            return
        keep = self._value.time() if self._value is not None else time()
        self._set(datetime(value.year(), value.month(), value.day(), keep.hour, keep.minute))

    # ----------------------------------------------------------------- typing

    def commit(self, quiet: bool = False) -> None:
        """Read the text; a readable text becomes the value, else the field is marked.

        `quiet` (a read of the value while the user may still be typing): a readable text
        becomes the value without rewriting the text, an unreadable one changes nothing and
        is not marked yet — the mark comes when the field is left or Enter is pressed."""
        text = self.text()
        if text == self._format(self._value) and not self._error:
            return
        try:
            if self._with_time:
                new = datetext.parse_datetime(text, now=_now(), previous=self._value)
            else:
                day = datetext.parse_date(text, today=_today())
                new = None if day is None else datetime.combine(day, time())
            if new is None and not self._optional:
                raise datetext.DateTextError(
                    _("Bitte ein Datum eingeben – dieses Feld darf nicht leer sein.")
                )
        except datetext.DateTextError as exc:
            if not quiet:
                self._set_error(exc.message)
            return
        self._set_error("")
        self._set(new, reformat=not quiet or not self.hasFocus())

    def has_pending_text(self) -> bool:
        """True while the text is not (yet) the value: typed, not confirmed or unreadable."""
        return self.text() != self._format(self._value)

    def _set(self, new: datetime | None, *, reformat: bool = True) -> None:
        old = self._value
        self._value = new
        if reformat:
            self._show_value()
        if old != new:
            self.dateTimeChanged.emit(self.dateTime())
            if (old.date() if old else None) != (new.date() if new else None):
                self.dateChanged.emit(self.date())

    def _show_value(self) -> None:
        text = self._format(self._value)
        if text != self.text():
            self.setText(text)
        self._set_error("")

    def _format(self, value: datetime | None) -> str:
        if value is None:
            return ""
        return datetext.format_datetime(value) if self._with_time else datetext.format_date(value)

    def _set_error(self, message: str) -> None:
        if message == self._error:
            return
        self._error = message
        invalid = bool(message)
        self.setProperty("invalid", invalid)
        self.setToolTip(message or self._hint)
        self.setAccessibleDescription(message or self._hint)
        self.style().unpolish(self)
        self.style().polish(self)
        self.update()
        self.sig_error_changed.emit(message)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier) or (
            key == Qt.Key.Key_F4
        ):
            self.open_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not mods & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.commit()
            if not self._error:
                base = self._value or self._initial()
                step = timedelta(days=1 if key == Qt.Key.Key_Up else -1)
                self._set(base + step)
                self.selectAll()
            return
        if key == Qt.Key.Key_Escape and (self._error or self.text() != self._format(self._value)):
            self._show_value()
            self.selectAll()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason,
        ):
            self.selectAll()

    # --------------------------------------------------------------- calendar

    def open_calendar(self) -> None:
        self.commit(quiet=True)
        if self._popup is None:
            self._popup = CalendarPopup(self, self.accessibleName())
            self._popup.sig_picked.connect(self._picked)
        base = self._value or self._initial()
        self._popup.show_at(self, QDate(base.year, base.month, base.day))

    def _picked(self, day: QDate) -> None:
        self._set_error("")
        self.setDate(day)
        self.setFocus()
        self.selectAll()

    def calendar_popup(self) -> CalendarPopup | None:
        """The calendar sheet once it has been opened (for tests and accessibility checks)."""
        return self._popup


class DateEntry(DateTimeEntry):
    """A date field: DateTimeEntry without a time."""

    def __init__(self, name: str, *, optional: bool = False) -> None:
        super().__init__(name, with_time=False, optional=optional)
