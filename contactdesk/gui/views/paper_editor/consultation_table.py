"""The Beratungsfolge of a committee paper: one row per session, in order, with its role, agenda
item, Ö/N, votes and the Beschluss (the table inside the box of consultations.py)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QTableWidget,
    QTableWidgetItem,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.models import ConsultationRole
from contactdesk.core.services.papers import ConsultationData
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.fit_columns import FitColumns

#: Roles of a session in the Beratungsfolge, in the order of the combo box.
ROLES = [
    (ConsultationRole.KENNTNISNAHME.value, N_("Kenntnisnahme")),
    (ConsultationRole.VORBERATUNG.value, N_("Vorberatung")),
    (ConsultationRole.ENTSCHEIDUNG.value, N_("Entscheidung")),
]


class ConsultationTable(QTableWidget):
    """The Beratungsfolge: one row per session, in order, with role and agenda item."""

    sig_edited = Signal()
    """A row was added, moved or removed, or its role or agenda item changed."""

    def __init__(self) -> None:
        super().__init__(0, 9)
        self.setAccessibleName(_("Beratungsfolge"))
        self.setHorizontalHeaderLabels(
            [
                _("Gremium"),
                _("Termin"),
                _("Zuständigkeit"),
                _("TOP"),
                _("Ö/N"),
                _("Ja"),
                _("Nein"),
                _("Enth."),
                _("Beschluss"),
            ]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.setMinimumHeight(90)
        # columns from their contents, fitted into the width (a narrow window: no sideways)
        self.fitter = FitColumns(self, keep=(0,))
        self._items: list[ConsultationData] = []
        self._filling = False
        self.itemChanged.connect(self._on_item_changed)

    def _votes(self, row: int, col: int) -> tuple[int | None, bool]:
        """The vote count in a cell: (number or None, readable)."""
        item = self.item(row, col)
        text = item.text().strip() if item is not None else ""
        if not text:
            return None, True
        return (int(text), True) if text.isdigit() else (None, False)

    def values(self) -> list[ConsultationData]:
        result = []
        for row, c in enumerate(self._items):
            combo = self.cellWidget(row, 2)
            top = self.item(row, 3)
            public = self.cellWidget(row, 4)
            yes, no, abstain = (self._votes(row, col)[0] for col in (5, 6, 7))
            decided = self.item(row, 8)
            result.append(
                dataclasses.replace(
                    c,
                    role=combo.currentData() if isinstance(combo, QComboBox) else c.role,
                    agenda_item=top.text().strip() if top is not None else c.agenda_item,
                    public=public.currentData() if isinstance(public, QComboBox) else c.public,
                    votes_yes=yes,
                    votes_no=no,
                    votes_abstain=abstain,
                    result=decided.text().strip() if decided is not None else c.result,
                )
            )
        return result

    def problems(self) -> dict[str, str]:
        """German messages for vote counts that are not whole numbers."""
        found = {}
        for row in range(len(self._items)):
            if not all(self._votes(row, col)[1] for col in (5, 6, 7)):
                found[f"consultations.{row}"] = _(
                    "Die Stimmen (Ja, Nein, Enthaltung) bitte als ganze Zahlen eingeben."
                )
        return found

    def set_values(self, values: list[ConsultationData]) -> None:
        self._items = [dataclasses.replace(c) for c in values]
        self._fill()
        self.resizeColumnsToContents()
        self.fitter.fit()

    def _fill(self) -> None:
        self._filling = True
        try:
            self.setRowCount(len(self._items))
            for row, c in enumerate(self._items):
                name = c.committee_name or c.session_title
                when = c.start.strftime(_("%d.%m.%Y, %H:%M Uhr")) if c.start else ""
                if c.cancelled:
                    when += " " + _("(abgesagt)")
                for col, text in ((0, name), (1, when)):
                    item = QTableWidgetItem(text)
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(f"{c.session_title} – {when}" if c.session_title else text)
                    self.setItem(row, col, item)
                combo = named(QComboBox(), _("Zuständigkeit von {name}").format(name=name))
                for value, text in ROLES:
                    combo.addItem(_(text), value)
                index = combo.findData(c.role)
                if index < 0:
                    combo.addItem(c.role, c.role)
                    index = combo.count() - 1
                combo.setCurrentIndex(index)
                combo.currentIndexChanged.connect(lambda _i: self.sig_edited.emit())
                self.setCellWidget(row, 2, combo)
                top = QTableWidgetItem(c.agenda_item)
                top.setToolTip(_("Tagesordnungspunkt (z. B. 2 oder 5.1)"))
                self.setItem(row, 3, top)
                public = named(
                    QComboBox(), _("Öffentlich oder nicht öffentlich in {name}").format(name=name)
                )
                public.addItem(_("wie Vorlage"), None)
                public.addItem(_("Ö"), True)
                public.addItem(_("N"), False)
                public.setCurrentIndex({None: 0, True: 1, False: 2}[c.public])
                public.currentIndexChanged.connect(lambda _i: self.sig_edited.emit())
                self.setCellWidget(row, 4, public)
                for col, votes, tip in (
                    (5, c.votes_yes, _("Ja-Stimmen (nach der Sitzung)")),
                    (6, c.votes_no, _("Nein-Stimmen (nach der Sitzung)")),
                    (7, c.votes_abstain, _("Enthaltungen (nach der Sitzung)")),
                ):
                    item = QTableWidgetItem("" if votes is None else str(votes))
                    item.setToolTip(tip)
                    self.setItem(row, col, item)
                decided = QTableWidgetItem(c.result)
                decided.setToolTip(
                    c.result or _("Der Beschluss dieser Sitzung (nach der Sitzung eintragen)")
                )
                self.setItem(row, 8, decided)
        finally:
            self._filling = False
        self.setFixedHeight(
            max(2, min(6, len(self._items) + 1)) * self.verticalHeader().defaultSectionSize()
            + self.horizontalHeader().sizeHint().height()
            + 2 * self.frameWidth()
        )

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.sig_edited.emit()

    def add(self, c: ConsultationData) -> int:
        self._items = self.values()
        self._items.append(c)
        self._fill()
        self.selectRow(len(self._items) - 1)
        self.sig_edited.emit()
        return len(self._items) - 1

    def event_ids(self) -> list[int]:
        return [c.event_id for c in self._items]

    def move_row(self, row: int, delta: int) -> bool:
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)):
            return False
        items = self.values()
        items[row], items[target] = items[target], items[row]
        self._items = items
        self._fill()
        self.selectRow(target)
        self.sig_edited.emit()
        return True

    def remove(self, row: int) -> bool:
        if not 0 <= row < len(self._items):
            return False
        items = self.values()
        del items[row]
        self._items = items
        self._fill()
        if items:
            self.selectRow(min(row, len(items) - 1))
        self.sig_edited.emit()
        return True

    def current(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1
