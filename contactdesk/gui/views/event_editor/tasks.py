"""The results and tasks of an event (for its Ergebnisprotokoll): one row each, in order."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from contactdesk.core.i18n import N_, _
from contactdesk.core.services.papers import TaskData
from contactdesk.gui.views.widgets import RowList, RowWidget, line_edit, named
from contactdesk.gui.widgets.datetime_entry import DateEntry

KINDS = (("ergebnis", N_("Ergebnis")), ("aufgabe", N_("Aufgabe")))


class TaskRow(RowWidget):
    """Ergebnis or Aufgabe, its text, and for a task who does it by when."""

    def __init__(self) -> None:
        super().__init__(_("Zeile entfernen"))
        self.kind = named(QComboBox(), _("Ergebnis oder Aufgabe"))
        for value, text in KINDS:
            self.kind.addItem(_(text), value)
        self.kind.setCurrentIndex(self.kind.findData("aufgabe"))  # the usual new line
        self.text = line_edit(_("Was wurde festgehalten oder ist zu tun?"), _("Text"))
        self.owner = line_edit(_("Wer übernimmt die Aufgabe?"), _("wer"))
        self.due = DateEntry(_("Bis wann?"), optional=True)
        self.grid.addWidget(self.kind, 0, 0)
        self.grid.addWidget(self.text, 0, 1, 1, 2)
        self.grid.addWidget(self.owner, 1, 1)
        self.grid.addWidget(self.due, 1, 2)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(2, 1)
        self.kind.currentIndexChanged.connect(self._sync_kind)
        self.finish(3, rows=2)
        self._sync_kind()

    def _sync_kind(self) -> None:
        is_task = self.kind.currentData() == "aufgabe"
        self.owner.setVisible(is_task)
        self.due.setVisible(is_task)

    def value(self) -> TaskData | None:
        text = self.text.text().strip()
        if not text:
            return None
        kind = self.kind.currentData() or "aufgabe"
        if kind != "aufgabe":
            return TaskData(text, kind=kind)
        due = self.due.value()
        return TaskData(text, self.owner.text().strip(), due, kind)

    def set_value(self, value: TaskData) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(value.kind), 0))
        self.text.setText(value.text)
        self.text.setCursorPosition(0)
        self.owner.setText(value.owner)
        self.due.set_value(value.due_on)

    def primary(self) -> QWidget:
        return self.text


def task_list() -> RowList:
    return RowList(TaskRow, _("Ergebnis oder Aufgabe hinzufügen"), _("Ergebnisse und Aufgaben"))
