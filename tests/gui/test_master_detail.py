"""MasterDetailArea (gui/views/base/master_detail.py): the list <-> editor sync every area with a
list beside an editor relies on, driven through a small area over a plain item model and an
editor that records what it was asked to do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout

from contactdesk.core.db import Database
from contactdesk.core.undo import UndoStack
from contactdesk.gui import prompts
from contactdesk.gui.actions import create_actions
from contactdesk.gui.ops import OpResult, Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.base import master_detail as md

IdRole = Qt.ItemDataRole.UserRole


class FakeEditor(QLabel):
    """Shows one record id; `dirty` stands for unsaved input; ids in `gone` fail to open."""

    sig_saved = Signal(int)
    sig_dirty_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.shown: int | None = None
        self.dirty = False
        self.gone: set[int] = set()
        self.calls: list[str] = []

    def open(self, record_id: int) -> bool:
        self.calls.append(f"open {record_id}")
        if record_id in self.gone:
            return False
        self.shown, self.dirty = record_id, False
        return True

    def is_dirty(self) -> bool:
        return self.dirty

    def can_save(self) -> bool:
        return self.shown is not None and self.dirty

    def save(self) -> bool:
        self.calls.append("save")
        self.dirty = False
        return True

    def discard(self) -> None:
        self.calls.append("discard")
        self.dirty = False

    def clear(self) -> None:
        self.calls.append("clear")
        self.shown, self.dirty = None, False

    def confirm_leave(self) -> bool:
        """As EditorBase asks (gui/views/base/editor.py)."""
        return not self.dirty or prompts.settle_unsaved(self, "", self.save, self.discard)


class RecordsArea(md.MasterDetailArea[int]):
    """Ids 10, 20, 30 ... in a list; a filter box that can hide the odd tens."""

    key = "records"
    title = "Datensätze"
    pane_sizes = (300, 200)
    editor: FakeEditor

    def setup(self) -> None:
        self.model = QStandardItemModel(self)
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = md.search_field("Suchen", "Suchen …", 100)
        self.only_even = QComboBox()
        self.only_even.addItems(["alle", "nur gerade Zehner"])
        self.only_even.currentIndexChanged.connect(lambda _i: self.fill())
        md.add_filters(bar, [(self.only_even, 8)])
        outer.addLayout(bar)
        self.splitter = QSplitter()
        self.table, self.fit_columns = md.record_table("Liste", self.model, [80], keep=(0,))
        self.follow_list()
        self.editor = FakeEditor()
        self.follow_editor(self.editor.sig_saved, self.editor.sig_dirty_changed)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.editor)
        outer.addWidget(self.splitter)
        self.records = [10, 20, 30, 40, 50]
        self.fill()

    def fill(self) -> None:
        """Read the list again (as the models of the areas do: the view may move its current
        row meanwhile, which must open nothing), then follow the editor."""
        with self.quietly():
            self.model.clear()
            for rid in self.records:
                if self.only_even.currentIndex() == 1 and (rid // 10) % 2:
                    continue
                item = QStandardItem(f"Datensatz {rid}")
                item.setData(rid, IdRole)
                self.model.appendRow(item)
        self.sync_selection()

    def key_at(self, row: int) -> int | None:
        value = self.model.index(row, 0).data(IdRole)
        return int(value) if value is not None else None

    def row_of_key(self, key: int) -> int | None:
        found = [r for r in range(self.model.rowCount()) if self.key_at(r) == key]
        return found[0] if found else None

    def shown_key(self) -> int | None:
        return self.editor.shown

    def open_key(self, key: int) -> bool:
        return self.editor.open(key)

    def has_record(self) -> bool:
        return self.editor.shown is not None

    def show_everything(self) -> None:
        md.reset_filters([self.only_even])
        self.fill()


@pytest.fixture
def area(qtbot: Any, db: Database, settings: Settings) -> Iterator[RecordsArea]:
    holder = QObject()  # owns the actions while the area lives
    view = RecordsArea(Ops(db, UndoStack(db)), create_actions(holder), settings)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.restore_state()
    view.show()
    qtbot.waitExposed(view)
    yield view
    holder.deleteLater()


def selected(area: RecordsArea) -> int | None:
    return area.selected_key()


def test_selecting_a_row_opens_its_record(area: RecordsArea) -> None:
    area.select_row(1)
    assert area.editor.shown == 20
    assert selected(area) == 20
    assert not area.can_save() and not area.has_unsaved_changes()  # nothing to save yet
    area.editor.dirty = True
    assert area.can_save() and area.has_unsaved_changes()


def test_cancel_at_the_unsaved_question_keeps_the_record_and_puts_the_selection_back(
    qtbot: Any, area: RecordsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.select_row(0)
    area.editor.dirty = True
    asked: list[str] = []

    def ask(parent: Any, name: str) -> prompts.Answer:
        asked.append(name)
        return prompts.Answer.CANCEL

    monkeypatch.setattr(prompts, "ask_unsaved", ask)
    area.select_row(2)
    assert asked == [""]
    assert area.editor.shown == 10 and area.editor.dirty
    qtbot.waitUntil(lambda: selected(area) == 10)


def test_save_and_discard_at_the_question_go_on_to_the_chosen_record(
    area: RecordsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [prompts.Answer.SAVE, prompts.Answer.DISCARD]
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, name: answers.pop(0))
    area.select_row(0)
    area.editor.dirty = True
    area.select_row(1)
    area.editor.dirty = True
    area.select_row(2)
    assert area.editor.calls == ["open 10", "save", "open 20", "discard", "open 30"]
    assert area.editor.shown == 30 and answers == []


def test_a_record_that_fails_to_open_leaves_the_list_on_the_editors_record(
    qtbot: Any, area: RecordsArea
) -> None:
    area.select_row(0)
    area.editor.gone.add(40)
    area.select_row(3)
    assert area.editor.shown == 10
    qtbot.waitUntil(lambda: selected(area) == 10)


def test_after_a_save_or_a_refill_the_list_selects_the_editors_record_without_reopening(
    area: RecordsArea,
) -> None:
    area.select_row(2)
    area.records = [5, *area.records]  # a new record sorts in before it
    area.fill()
    assert selected(area) == 30 and area.table.currentIndex().row() == 3
    area.editor.sig_saved.emit(30)
    assert area.editor.calls == ["open 30"]
    assert selected(area) == 30


def test_a_record_the_list_does_not_show_clears_the_selection(area: RecordsArea) -> None:
    area.select_row(2)  # 30: an odd ten
    area.only_even.setCurrentIndex(1)
    assert selected(area) is None
    assert not area.table.currentIndex().isValid()
    assert area.editor.shown == 30


def test_open_record_clears_the_filter_that_hides_it(area: RecordsArea) -> None:
    area.only_even.setCurrentIndex(1)
    assert area.open_record(50)
    assert area.only_even.currentIndex() == 0
    assert area.editor.shown == 50 and selected(area) == 50


def test_begin_new_asks_first_and_clears_the_selection_quietly(
    area: RecordsArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.select_row(1)
    area.editor.dirty = True
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, name: prompts.Answer.CANCEL)
    assert not area.begin_new()
    assert selected(area) == 20
    monkeypatch.setattr(prompts, "ask_unsaved", lambda parent, name: prompts.Answer.DISCARD)
    assert area.begin_new()
    assert selected(area) is None
    assert area.editor.calls == ["open 20", "discard"]  # nothing opened by the clearing


def test_delete_record_empties_the_editor_and_selects_the_row_in_its_place(
    area: RecordsArea,
) -> None:
    area.select_row(4)  # the last row

    def run() -> OpResult[None]:
        area.records.remove(50)
        area.fill()
        return OpResult(value=None)

    assert area.delete_record(50, run)
    assert area.editor.calls[:2] == ["open 50", "clear"]
    assert area.editor.shown == 40 and selected(area) == 40


def test_a_failed_delete_selects_nothing_new(area: RecordsArea) -> None:
    area.select_row(1)
    assert not area.delete_record(20, lambda: OpResult(cancelled=True))
    assert area.editor.calls == ["open 20", "clear"]
    assert area.editor.shown is None


def test_the_dirty_state_reaches_the_window(qtbot: Any, area: RecordsArea) -> None:
    with qtbot.waitSignal(area.sig_dirty_changed) as blocker:
        area.editor.sig_dirty_changed.emit(True)
    assert blocker.args == [True]


def test_splitter_and_columns_come_back_as_the_user_left_them(
    qtbot: Any, db: Database, settings: Settings, area: RecordsArea
) -> None:
    assert area.splitter.sizes() != [0, 0]
    area.splitter.setSizes([150, 350])
    area.table.setColumnWidth(0, 133)
    first = area.splitter.sizes()
    area.save_state()
    holder = QObject()
    again = RecordsArea(Ops(db, UndoStack(db)), create_actions(holder), settings)
    qtbot.addWidget(again)
    again.resize(600, 400)
    again.restore_state()
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes() == first
    assert settings.view_state("records/header") is not None
    assert again.accessibleName() == "Datensätze"


def test_the_controls_every_area_builds_the_same_way(qtbot: Any) -> None:
    combo = QComboBox()
    combo.addItem("alle", None)
    combo.addItem("B", "b")
    combo.setCurrentIndex(1)
    assert md.refill_combo(combo, "alle", [("A", "a"), ("B", "b")])
    assert combo.currentData() == "b"
    assert not md.refill_combo(combo, "alle", [("A", "a")])  # "b" is gone
    assert combo.currentIndex() == 0
    search = md.search_field("Suchen", "Name …", 150)
    assert search.accessibleName() == "Suchen" and search.isClearButtonEnabled()
    assert search.minimumWidth() == 150
    fired: list[bool] = []
    timer = md.delay_timer(search, 10, lambda: fired.append(True))
    timer.start()
    timer.start()
    qtbot.waitUntil(lambda: fired == [True])
