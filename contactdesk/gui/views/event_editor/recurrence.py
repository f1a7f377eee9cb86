"""The repetition of an event in the editor: none, daily, weekly, monthly (on a weekday or a
day), yearly, ending never, after a number of dates or on a date. The rule itself is built and read
by core/recurrence.py; a rule this form cannot show is kept as it is."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from contactdesk.core import recurrence as rec
from contactdesk.core.i18n import N_, _
from contactdesk.gui.models.schedule import (
    MONTHS,
    WEEKDAYS_LONG,
)
from contactdesk.gui.views.widgets import (
    DateEdit,
    error_label,
    mark_invalid,
    named,
    watch,
)


def nth_weekday_text(day: date) -> str:
    """'jeden 1. Dienstag' / 'jeden letzten Freitag' for a monthly rule on the same weekday."""
    nth = rec.nth_weekday(day)
    weekday = _(WEEKDAYS_LONG[day.weekday()])
    if nth == 5:
        return _("jeden letzten {weekday}").format(weekday=weekday)
    return _("jeden {nth} {weekday}").format(nth=_(ORDINALS[nth - 1]), weekday=weekday)


#: "1." ... "4." of "jeden 1. Dienstag" (words in English: first ... fourth)
ORDINALS = (N_("1."), N_("2."), N_("3."), N_("4."))


FREQ_NONE, FREQ_DAILY, FREQ_WEEKLY = rec.FREQ_NONE, rec.FREQ_DAILY, rec.FREQ_WEEKLY
FREQ_MONTHLY_WEEKDAY, FREQ_MONTHLY_DAY = rec.FREQ_MONTHLY_WEEKDAY, rec.FREQ_MONTHLY_DAY
FREQ_YEARLY, FREQ_CUSTOM = rec.FREQ_YEARLY, rec.FREQ_CUSTOM
END_NEVER, END_COUNT, END_UNTIL = rec.END_NEVER, rec.END_COUNT, rec.END_UNTIL


class RecurrenceEditor(QWidget):
    """None / daily / weekly / monthly (weekday or day) / yearly, ending never, after N, or on
    a date — turned into an RRULE; a rule this form cannot show is kept as it is."""

    sig_edited = Signal()
    """The rule changed."""

    def __init__(self) -> None:
        super().__init__()
        self._start = datetime.combine(date.today(), time(10))
        self._custom: str | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.freq = named(QComboBox(), _("Wiederholung"))
        self.end_kind = named(QComboBox(), _("Ende der Wiederholung"))
        self.end_kind.addItem(_("nie"), END_NEVER)
        self.end_kind.addItem(_("nach einer Anzahl von Terminen"), END_COUNT)
        self.end_kind.addItem(_("an einem Datum"), END_UNTIL)
        self.count = named(QSpinBox(), _("Anzahl der Termine"))
        self.count.setRange(1, 999)
        self.count.setValue(10)
        self.count.setSuffix(_(" Termine"))
        self.until = DateEdit(_("Letzter Termin am"))
        end_row = QWidget()
        h = QHBoxLayout(end_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.end_kind, 1)
        h.addWidget(self.count)
        h.addWidget(self.until)
        caption = QLabel(_("&Wiederholung"))
        caption.setBuddy(self.freq)
        form.addRow(caption, self.freq)
        self.end_caption = QLabel(_("E&nde"))
        self.end_caption.setBuddy(self.end_kind)
        form.addRow(self.end_caption, end_row)
        self.error = error_label()
        form.addRow("", self.error)
        self._fill_freq()
        self.freq.currentIndexChanged.connect(self._sync)
        self.end_kind.currentIndexChanged.connect(self._sync)
        watch(self, self.sig_edited.emit)
        self._sync()

    def _fill_freq(self) -> None:
        current = self.freq.currentData()
        self.freq.blockSignals(True)
        self.freq.clear()
        day = self._start.date()
        self.freq.addItem(_("keine (einmaliger Termin)"), FREQ_NONE)
        self.freq.addItem(_("täglich"), FREQ_DAILY)
        self.freq.addItem(
            _("wöchentlich am {weekday}").format(weekday=_(WEEKDAYS_LONG[day.weekday()])),
            FREQ_WEEKLY,
        )
        self.freq.addItem(
            _("monatlich: {text}").format(text=nth_weekday_text(day)), FREQ_MONTHLY_WEEKDAY
        )
        self.freq.addItem(_("monatlich: jeden {n}. des Monats").format(n=day.day), FREQ_MONTHLY_DAY)
        self.freq.addItem(
            _("jährlich am {day}. {month}").format(day=day.day, month=_(MONTHS[day.month - 1])),
            FREQ_YEARLY,
        )
        if self._custom:
            self.freq.addItem(_("eigene Regel: {rule}").format(rule=self._custom), FREQ_CUSTOM)
        index = self.freq.findData(current) if current else 0
        self.freq.setCurrentIndex(max(index, 0))
        self.freq.blockSignals(False)

    def _sync(self) -> None:
        repeating = self.freq.currentData() not in (FREQ_NONE, FREQ_CUSTOM)
        self.end_kind.setEnabled(repeating)
        self.end_caption.setEnabled(repeating)
        self.count.setVisible(repeating and self.end_kind.currentData() == END_COUNT)
        self.until.setVisible(repeating and self.end_kind.currentData() == END_UNTIL)

    def set_start(self, start: datetime) -> None:
        """The series' first start: the labels ('jeden 1. Dienstag') follow it."""
        if start.date() != self._start.date():
            self._start = start
            self._fill_freq()
        self._start = start

    def rule(self) -> str | None:
        freq = self.freq.currentData()
        if freq == FREQ_CUSTOM:
            return self._custom
        choice = rec.RuleChoice(
            freq, self.end_kind.currentData(), self.count.value(), self.until.value()
        )
        return rec.build_rule(choice, self._start.date())

    def set_rule(self, text: str | None, start: datetime, tz: str) -> None:
        self._start = start
        self._custom = None
        choice = rec.choice_of(text, start, tz)
        if choice.freq == FREQ_CUSTOM:
            self._custom = text
        self._fill_freq()
        self.freq.blockSignals(True)
        self.end_kind.blockSignals(True)
        self.freq.setCurrentIndex(max(self.freq.findData(choice.freq), 0))
        self.end_kind.setCurrentIndex(max(self.end_kind.findData(choice.end), 0))
        self.count.setValue(choice.count)
        self.until.set_value(choice.until or start.date())
        self.freq.blockSignals(False)
        self.end_kind.blockSignals(False)
        self._sync()

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        mark_invalid(self.freq, message)

    def focus_chain(self) -> list[QWidget]:
        return [self.freq, self.end_kind, self.count, self.until]
