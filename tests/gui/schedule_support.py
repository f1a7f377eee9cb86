"""Fixtures and helpers of the Termine area tests: a ScheduleView over a real database with a
fixed clock, filling and saving the event editor, reading events back, the month grid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt

from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.core.undo import UndoStack
from contactdesk.gui.actions import create_actions
from contactdesk.gui.ops import Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.event_editor import EventEditor, recurrence, to_qdatetime
from contactdesk.gui.views.schedule import ScheduleView

D = datetime
NOW = D(2021, 9, 1, 8, tzinfo=UTC)


@pytest.fixture
def ops(db: Database) -> Ops:
    return Ops(db, UndoStack(db))


@pytest.fixture
def make_view(qtbot: Any, ops: Ops, settings: Settings) -> Callable[..., ScheduleView]:
    holder = QObject()

    def make(now: datetime = NOW) -> ScheduleView:
        view = ScheduleView(ops, create_actions(holder), settings, clock=lambda: now)
        qtbot.addWidget(view)
        view.resize(1300, 850)
        view.restore_state()
        view.show()
        qtbot.waitExposed(view)
        view.start()
        return view

    yield make
    holder.deleteLater()


@pytest.fixture
def view(make_view: Callable[..., ScheduleView]) -> ScheduleView:
    return make_view()


def fill(editor: EventEditor, title: str, start: datetime, end: datetime, **kw: Any) -> None:
    editor.form.title.setText(title)
    editor.form.start.setDateTime(to_qdatetime(start))
    editor.form.end.setDateTime(to_qdatetime(end))
    for name, value in kw.items():
        widget = getattr(editor.form, name)
        widget.setText(value)


def save(qtbot: Any, editor: EventEditor) -> None:
    with qtbot.waitSignal(editor.sig_saved, timeout=2000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def event(db: Database, event_id: int) -> sc.EventData:
    with db.session() as s:
        return sc.get_event(s, event_id)


def month_titles(view: ScheduleView, day: date) -> list[str]:
    cell = view.month.cell(day)
    assert cell is not None
    return cell.shown_titles()


def in_month(view: ScheduleView, day: date) -> None:
    view.set_mode("month")
    view.show_date(day)


def create_monthly_series(qtbot: Any, view: ScheduleView) -> int:
    editor = view.editor
    view.new_item("online_termin")
    fill(editor, "Online-Netzwerktreffen", D(2021, 9, 7, 18), D(2021, 9, 7, 19))
    rec = editor.form.recurrence
    index = rec.freq.findData(recurrence.FREQ_MONTHLY_WEEKDAY)
    assert rec.freq.itemText(index) == "monatlich: jeden 1. Dienstag"
    rec.freq.setCurrentIndex(index)
    rec.end_kind.setCurrentIndex(rec.end_kind.findData(recurrence.END_COUNT))
    rec.count.setValue(4)
    save(qtbot, editor)
    assert editor.event_id is not None
    return editor.event_id
