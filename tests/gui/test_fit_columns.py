"""Columns that give way (gui/widgets/fit_columns.py): in a narrow list the wide columns shrink
first, dates and times keep their width longest, the kept column (a title) keeps its share."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from contactdesk.gui.widgets.fit_columns import KEEP_SHARE, MIN_WIDTH, FitColumns

# the event list: date, time, kind, title (kept), place, status, participants
NATURAL = [105, 95, 130, 260, 200, 85, 90]
SHORT = (0, 1, 5, 6)


def _list(qtbot: Any, width: int) -> tuple[QTableView, FitColumns]:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(QStandardItemModel(3, len(NATURAL)))
    for column, natural in enumerate(NATURAL):
        view.setColumnWidth(column, natural)
    fit = FitColumns(view, keep=(3,))
    view.resize(width, 300)
    view.show()
    qtbot.waitExposed(view)
    fit.fit()
    return view, fit


def widths(view: QTableView) -> list[int]:
    return [view.columnWidth(c) for c in range(len(NATURAL))]


def test_wide_list_grows_every_column(qtbot: Any) -> None:
    view, _fit = _list(qtbot, 1400)
    got = widths(view)
    assert all(g >= n for g, n in zip(got, NATURAL, strict=True))
    assert sum(got) == view.viewport().width()


def test_dates_and_times_keep_their_width_while_wide_columns_give_way(qtbot: Any) -> None:
    view, _fit = _list(qtbot, 720)  # the event list beside the editor at 1400 px
    got = widths(view)
    assert [got[c] for c in SHORT] == [NATURAL[c] for c in SHORT]
    assert got[2] < NATURAL[2] and got[4] < NATURAL[4]  # kind and place gave way
    assert got[3] >= min(NATURAL[3], int(view.viewport().width() * KEEP_SHARE))
    assert sum(got) <= view.viewport().width() + 1


def test_a_very_narrow_list_shrinks_everything_but_keeps_the_title_share(qtbot: Any) -> None:
    view, _fit = _list(qtbot, 480)
    got = widths(view)
    available = view.viewport().width()
    assert sum(got) <= available + 1
    assert got[3] >= int(available * KEEP_SHARE) - 1
    assert all(g >= MIN_WIDTH for g in got)
    assert not view.horizontalScrollBar().isVisible()
