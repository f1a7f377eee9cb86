"""EntryLabel: one event as a coloured line in a month cell or the week's all-day row
(struck through when cancelled, elided to its width, double-click opens it)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

from contactdesk.core.models.schedule import EventStatus
from contactdesk.core.services.schedule import Occurrence
from contactdesk.gui import theme
from contactdesk.gui.models.schedule import SERIES_MARK, occurrence_tooltip


def entry_text(occ: Occurrence, day: date) -> str:
    """An entry's line on a day: the start time (on its first day, unless all-day), the
    series mark and the title."""
    mark = f"{SERIES_MARK} " if occ.is_series else ""
    if occ.all_day or day != occ.start.date():
        return f"{mark}{occ.title}"
    return f"{occ.start:%H:%M} {mark}{occ.title}"


class EntryLabel(QLabel):
    """One event in a day cell; double-click opens it."""

    sig_activated = Signal(object)
    """The user double-clicked the entry (the Occurrence)."""

    def __init__(self, occ: Occurrence, day: date) -> None:
        super().__init__(entry_text(occ, day))
        self.full_text = entry_text(occ, day)
        self.occurrence = occ
        cancelled = occ.status == EventStatus.ABGESAGT.value
        extra = (
            "color: {cancelled_text}; text-decoration: line-through;"
            if cancelled
            else "color: {cell_text};"
        )
        theme.set_style(
            self,
            "QLabel {{ background: {" + theme.kind_role(occ.kind) + "}; border-radius: 3px;"
            " padding: 0 3px; " + extra + " }}",
        )
        self.setToolTip(occurrence_tooltip(occ))
        self.setAccessibleName(occurrence_tooltip(occ).replace("\n", ", "))
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        elided = self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, max(10, self.width() - 8)
        )
        if elided != self.text():
            self.setText(elided)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.sig_activated.emit(self.occurrence)
        event.accept()
