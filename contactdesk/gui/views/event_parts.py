"""Parts of the event editor: the agenda and link lists, the repetition form and the choice
delegate of the participant table (gui/views/event_editor.py puts them together)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import recurrence as rec
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import (
    label,
)
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


# --------------------------------------------------------------------------- small lists


class AgendaList(QWidget):
    """Ordered agenda items: add, remove, move up and down; items are edited in place."""

    sig_edited = Signal()
    """The items or their order changed."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = named(QListWidget(), _("Tagesordnungspunkte"))
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.list.setMinimumHeight(90)
        self.list.itemChanged.connect(lambda _i: self.sig_edited.emit())
        layout.addWidget(self.list)
        bar = QHBoxLayout()
        self.add_button = named(QPushButton(_("Punkt hinzufügen")), _("Punkt hinzufügen"))
        self.remove_button = named(QPushButton(_("Entfernen")), _("Punkt entfernen"))
        self.up_button = named(QPushButton(_("Nach oben")), _("Punkt nach oben"))
        self.down_button = named(QPushButton(_("Nach unten")), _("Punkt nach unten"))
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_button.clicked.connect(lambda: self.add_item("", edit=True))
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    def _item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def add_item(self, text: str, *, edit: bool = False) -> None:
        item = self._item(text or _("Neuer Punkt"))
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        if edit:
            self.list.editItem(item)
        self.sig_edited.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.sig_edited.emit()

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.sig_edited.emit()

    def values(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_values(self, values: list[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for text in values:
            self.list.addItem(self._item(text))
        self.list.blockSignals(False)

    def focus_chain(self) -> list[QWidget]:
        return [self.list, self.add_button, self.remove_button, self.up_button, self.down_button]


class LinkList(QWidget):
    """Linked records (organisations, agreements): choose one, add it, remove it."""

    sig_edited = Signal()
    """An item was added or removed."""

    def __init__(self, name: str, add_text: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.choice = named(QComboBox(), _("{name} zur Auswahl").format(name=name))
        self.choice.setMinimumContentsLength(16)
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.add_button = named(QPushButton(add_text), add_text)
        self.remove_button = named(QPushButton(_("Entfernen")), _("Verknüpfung entfernen"))
        bar.addWidget(self.choice, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        self.list = named(QListWidget(), name)
        self.list.setMaximumHeight(90)
        layout.addWidget(self.list)
        layout.addLayout(bar)
        self._names: dict[int, str] = {}
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)

    def set_choices(self, choices: list[tuple[int, str]]) -> None:
        self._names.update(dict(choices))
        self.choice.clear()
        for cid, text in choices:
            self.choice.addItem(text, cid)

    def _add(self) -> None:
        cid = self.choice.currentData()
        if cid is not None and cid not in self.values():
            self._append(int(cid))
            self.sig_edited.emit()

    def _append(self, cid: int) -> None:
        item = QListWidgetItem(self._names.get(cid, f"#{cid}"))
        item.setData(Qt.ItemDataRole.UserRole, cid)
        self.list.addItem(item)

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.sig_edited.emit()

    def values(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def set_values(self, ids: list[int]) -> None:
        self.list.clear()
        for cid in ids:
            self._append(cid)

    def focus_chain(self) -> list[QWidget]:
        return [self.list, self.choice, self.add_button, self.remove_button]


# --------------------------------------------------------------------------- recurrence

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


# --------------------------------------------------------------------------- participants


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for the role and response columns of the participant table."""

    def __init__(self, choices: dict[int, dict[Any, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        mapping = self._choices.get(index.column())
        if mapping is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName(
            str(index.model().headerData(index.column(), Qt.Orientation.Horizontal, 0))
        )
        for key in mapping:
            combo.addItem(label(mapping, key.value), key.value)
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
