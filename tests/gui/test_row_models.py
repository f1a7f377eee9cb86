"""The base of the list models (gui/models/rows.py): lookups, roles and sorting, once for all
lists (pytest-qt for the Qt application)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from contactdesk.gui.models.rows import Column, IdRole, RowTableModel, SortRole, date_sort


@dataclass
class Item:
    id: int
    name: str
    due: date | None


class ItemModel(RowTableModel[Item]):
    columns = [
        Column("Name", lambda r: r.name),
        Column("Frist", lambda r: f"{r.due:%d.%m.%Y}" if r.due else "", lambda r: date_sort(r.due)),
    ]


ITEMS = [Item(7, "Zweite", date(2027, 3, 1)), Item(3, "Erste", None), Item(9, "", date(2026, 1, 5))]


def test_rows_lookups_and_reset(qtbot: Any) -> None:
    model = ItemModel()
    with qtbot.waitSignal(model.sig_loaded):
        model._replace_rows(ITEMS)
    assert model.rowCount() == 3 and model.columnCount() == 2
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.record(1) == ITEMS[1] and model.record(3) is None and model.record(-1) is None
    assert model.id_at(2) == 9 and model.id_at(5) is None
    assert model.row_of(3) == 1 and model.row_of(4) is None
    assert model.rows == ITEMS and model.rows is not model._rows  # a copy


def test_roles_every_list_answers_the_same_way(qtbot: Any) -> None:
    model = ItemModel()
    model._replace_rows(ITEMS)
    cell = model.index(0, 1)
    assert model.data(cell) == "01.03.2027"
    assert model.data(cell, Qt.ItemDataRole.AccessibleTextRole) == "01.03.2027"
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole) == "01.03.2027"
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole) is None  # empty: no tip
    assert model.data(cell, SortRole) == "2027-03-01"
    assert model.data(model.index(0, 0), SortRole) == "Zweite"  # no sort value: the text
    assert model.data(cell, IdRole) == 7
    assert model.data(QModelIndex()) is None
    assert model.data(model.index(0, 5)) is None
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Frist"
    assert model.headerData(1, Qt.Orientation.Vertical) is None
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_sorting_by_a_columns_sort_value_missing_dates_last(qtbot: Any) -> None:
    model = ItemModel()
    model._replace_rows(ITEMS)
    model.sort_rows(1, Qt.SortOrder.AscendingOrder)
    assert [r.id for r in model.rows] == [9, 7, 3]
    names = model.sorted_rows(ITEMS, 0, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in names] == ["Zweite", "Erste", ""]
