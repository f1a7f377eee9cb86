"""DeadlinesView ("Fristen"): notice deadlines, renewals and expiries of the next N days.

Urgency is shown by a word and a tinted cell, never by colour alone; the tints are
half-transparent so that they read on light and dark palettes alike.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import N_, _
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import DueItem
from contactdesk.gui import theme
from contactdesk.gui.ops import Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.base.master_detail import configure_list
from contactdesk.gui.views.widgets import named

#: urgency -> label; the colours are gui/theme.py's URGENCY_ROLES ("später" stays plain)
URGENCY = {
    "ueberfaellig": N_("überfällig"),
    "dringend": N_("dringend (≤ 14 Tage)"),
    "bald": N_("bald (≤ 30 Tage)"),
    "spaeter": N_("später"),
}
COLUMNS = [
    N_("Datum"),
    N_("Dringlichkeit"),
    N_("Frist"),
    N_("Vereinbarung"),
    N_("Hinweis"),
    N_("in Tagen"),
]


def days_text(days: int) -> str:
    if days < 0:
        return _("seit {n} Tagen").format(n=-days) if days < -1 else _("seit gestern")
    if days == 0:
        return _("heute")
    return _("morgen") if days == 1 else _("in {n} Tagen").format(n=days)


class DeadlinesView(QWidget):
    """The due list of running agreements; double-click opens the agreement."""

    sig_agreement_requested = Signal(int)
    """The user wants to open an agreement (its id)."""

    def __init__(self, ops: Ops, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._settings = settings
        self.items: list[DueItem] = []
        #: the day the list is computed for (None: today)
        self.today: date | None = None
        self.setAccessibleName(_("Fristen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        caption = QLabel(_("Fristen der nächsten"))
        self.days = named(QSpinBox(), _("Zeitraum in Tagen"), _("Wie viele Tage vorausschauen"))
        self.days.setRange(1, 3650)
        self.days.setSuffix(_(" Tage"))
        self.days.setValue(settings.deadline_days)
        self.days.valueChanged.connect(self._on_days_changed)
        caption.setBuddy(self.days)
        bar.addWidget(caption)
        bar.addWidget(self.days)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Anzahl der Fristen"))
        self.summary.setWordWrap(True)
        bar.addWidget(self.summary, 1)
        legend = QLabel(
            _("Farben: rot = überfällig, orange = dringend (≤ 14 Tage), gelb = bald (≤ 30 Tage)")
        )
        legend.setAccessibleName(_("Legende"))
        legend.setWordWrap(True)
        layout.addLayout(bar)
        layout.addWidget(legend)

        self.table = named(QTableWidget(0, len(COLUMNS)), _("Fristenliste"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        configure_list(self.table, alternating=False)  # the urgency tints the rows
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((95, 160, 190, 300, 300, 110)):
            self.table.setColumnWidth(col, width)
        self.table.setToolTip(_("Doppelklick oder Eingabetaste öffnet die Vereinbarung"))
        self.table.itemActivated.connect(self._on_activated)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        theme.notifier().sig_changed.connect(self.recolour)

    def recolour(self, *_args: object) -> None:
        """Tint the rows by urgency in the scheme in use ("später" stays plain)."""
        for row, item in enumerate(self.items):
            if item.urgency not in theme.URGENCY_ROLES or item.urgency == "spaeter":
                continue
            background, foreground = theme.URGENCY_ROLES[item.urgency]
            for col in range(self.table.columnCount()):
                if (cell := self.table.item(row, col)) is not None:
                    cell.setBackground(theme.brush(background))
                    cell.setForeground(theme.brush(foreground))

    def _on_days_changed(self, value: int) -> None:
        self._settings.deadline_days = value
        self.reload()

    def reload(self) -> None:
        days, today = self.days.value(), self.today or date.today()
        self.items = self._ops.read(lambda s: ag.due_items(s, today=today, days=days))
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            text = URGENCY.get(item.urgency, item.urgency)
            values = [
                item.due_on.strftime("%d.%m.%Y"),
                _(text),
                _(item.label),
                item.title,
                item.detail,
                days_text(item.days_left),
            ]
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.agreement_id)
                cell.setToolTip(value)
                if col == 1 and item.urgency in ("ueberfaellig", "dringend"):
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(row, col, cell)
        self.recolour()
        urgent = sum(1 for i in self.items if i.urgency in ("ueberfaellig", "dringend"))
        self.summary.setText(
            _("{days} Tage: {n} Fristen, davon {urgent} dringend oder überfällig").format(
                days=days, n=len(self.items), urgent=urgent
            )
            if self.items
            else ""
        )
        self.empty.setText(
            _("Keine Fristen in den nächsten {days} Tagen.").format(days=days)
            if not self.items
            else ""
        )
        self.empty.setVisible(not self.items)

    def _on_activated(self, cell: QTableWidgetItem) -> None:
        agreement_id = cell.data(Qt.ItemDataRole.UserRole)
        if agreement_id is not None:
            self.sig_agreement_requested.emit(int(agreement_id))

    def open_row(self, row: int) -> None:
        """Open the agreement of a row as a double-click would."""
        cell = self.table.item(row, 0)
        if cell is not None:
            self._on_activated(cell)
