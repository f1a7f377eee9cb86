"""Columns that give way: a list never scrolls sideways just because the window is narrow.

When the list's visible width changes, the columns are fitted into it: in a narrow window the
widest columns give way first (short ones such as dates and times keep their width longest, then
the kept ones such as a name or title their share; each keeps at least MIN_WIDTH, and only if
even that does not fit does the list scroll); in a wide one every column
grows in proportion. The widths the user dragged (or the code set) stay the wish fitting starts
from, so a window made narrow and wide again looks as before. Text that
no longer fits is elided by the view; hovering over such a cell shows the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QToolTip, QTreeView

MIN_WIDTH = 36
#: a kept column (name, title) keeps up to this share of the list's width
KEEP_SHARE = 0.34
#: a column up to this wide (a date, a time, a state) keeps its width while wider ones shrink
PROTECT = 110
#: room the view keeps around a cell's text (margins, the focus frame)
TEXT_PADDING = 12


class FitColumns(QObject):
    """Installed on a QTableView/QTreeView (see the module docstring)."""

    def __init__(self, view: QTableView | QTreeView, keep: tuple[int, ...] = ()) -> None:
        """`keep`: the columns that matter most (a name, a title): they give way last, never
        below KEEP_SHARE of the width while the others can still shrink."""
        super().__init__(view)
        self._view = view
        self._keep = keep
        self._fitting = False
        #: column -> the width it would like (before fitting)
        self._widths: dict[int, int] = {}
        header = self.header()
        # the widths set so far (by code, before fitting) are the wish
        self._widths.update({c: header.sectionSize(c) for c in range(header.count())})
        header.sectionResized.connect(self._on_resized)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        view.viewport().installEventFilter(self)

    def header(self) -> QHeaderView:
        view = self._view
        return view.header() if isinstance(view, QTreeView) else view.horizontalHeader()

    def _natural(self, columns: list[int]) -> list[int]:
        """The widths the columns had before any fitting (set by code, restored, dragged)."""
        header = self.header()
        return [max(MIN_WIDTH, self._widths.get(c, header.sectionSize(c))) for c in columns]

    def _on_resized(self, column: int, _old: int, new: int) -> None:
        if not self._fitting:  # the user dragged it, or the code set it: that is the wish
            self._widths[column] = new

    def fit(self) -> None:
        """Fit the visible columns into the view's width (see the module docstring)."""
        if self._fitting:
            return
        header = self.header()
        columns = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        available = self._view.viewport().width()
        if not columns or available <= 0:
            return
        natural = self._natural(columns)
        total = sum(natural)
        if total <= available:
            # room to spare: every column grows in proportion
            widths = [int(w * available / total) for w in natural]
            widths[max(range(len(widths)), key=lambda i: natural[i])] += available - sum(widths)
        elif len(columns) * MIN_WIDTH > available:
            return  # not even the narrowest columns fit: the list scrolls
        else:
            # too narrow: wide columns give way first; short ones (dates, times, states) keep
            # their width as long as possible, the kept ones (name, title) keep their share
            keep = {i for i, c in enumerate(columns) if c in self._keep}
            floors = [min(w, PROTECT) for w in natural]
            for i in keep:
                floors[i] = min(natural[i], max(floors[i], int(available * KEEP_SHARE)))
            if sum(floors) > available:  # not enough: the wide other columns give way first
                floors = [
                    floors[i] if i in keep or w <= PROTECT else MIN_WIDTH
                    for i, w in enumerate(natural)
                ]
            if sum(floors) > available:  # still not: the kept ones give up their share
                floors = [
                    min(natural[i], PROTECT) if i in keep else f for i, f in enumerate(floors)
                ]
            if sum(floors) > available:  # not enough: the short columns may shrink too
                keep_floor = [min(w, max(PROTECT, int(available * KEEP_SHARE))) for w in natural]
                floors = [
                    keep_floor[i] if i in keep else min(w, MIN_WIDTH) for i, w in enumerate(natural)
                ]
            if sum(floors) > available:  # not even that: everything may shrink
                floors = [min(w, MIN_WIDTH) for w in natural]
            cap = water_level(natural, available, floors)
            widths = [int(min(w, max(cap, f))) for w, f in zip(natural, floors, strict=True)]
            widths[max(range(len(widths)), key=lambda i: widths[i])] += available - sum(widths)
        self._fitting = True
        try:
            for column, width in zip(columns, widths, strict=True):
                header.resizeSection(column, max(MIN_WIDTH, width))
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.ToolTip):
            return False  # most events: answered without touching the view
        try:
            if watched is not self._view.viewport():
                return False
            if kind == QEvent.Type.ToolTip:
                return isinstance(event, QHelpEvent) and self._tooltip(event)
            self.fit()
        except RuntimeError:  # the view is being destroyed (its viewport goes first)
            return False
        return False

    def _tooltip(self, event: QHelpEvent) -> bool:
        """The whole text of a cell the column cuts (when the model has no tool tip)."""
        index = self._view.indexAt(event.pos())
        if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
            return False
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return False
        width = self._view.visualRect(index).width()
        if self._view.fontMetrics().horizontalAdvance(text) + TEXT_PADDING <= width:
            return False
        QToolTip.showText(event.globalPos(), text, self._view.viewport())
        return True


def water_level(widths: list[int], available: int, floors: list[int]) -> float:
    """The largest cap c with sum(min(w, max(c, floor))) <= available: the widest columns give
    way first, none below its floor."""

    def total(cap: float) -> float:
        return sum(min(w, max(cap, f)) for w, f in zip(widths, floors, strict=True))

    low, high = 0.0, float(max(widths, default=MIN_WIDTH))
    for _ in range(30):
        middle = (low + high) / 2
        if total(middle) <= available:
            low = middle
        else:
            high = middle
    return low
