"""The date and time field reads what people type (issue: typed dates went wrong silently)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView

from contactdesk.gui.widgets.datetime_entry import DateEntry, DateTimeEntry

CTRL = Qt.KeyboardModifier.ControlModifier


def make(qtbot: Any, **kw: Any) -> DateTimeEntry:
    entry = DateTimeEntry("Beginn", with_time=True, **kw)
    qtbot.addWidget(entry)
    entry.show()
    qtbot.waitExposed(entry)
    entry.setFocus()
    return entry


def retype(qtbot: Any, entry: DateTimeEntry, text: str) -> None:
    """Ctrl+A, type, Enter — the way the issue describes it."""
    qtbot.keyClick(entry, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(entry, text)
    qtbot.keyClick(entry, Qt.Key.Key_Return)


def test_ctrl_a_and_typing_replaces_the_whole_value(qtbot: Any) -> None:
    entry = make(qtbot)
    entry.set_value(datetime(2021, 11, 6, 9, 0))
    changes: list[Any] = []
    entry.dateTimeChanged.connect(changes.append)
    retype(qtbot, entry, "15.11.2021 09:00")
    assert entry.value() == datetime(2021, 11, 15, 9, 0)
    assert entry.text() == "15.11.2021 09:00"
    assert len(changes) == 1


def test_clicking_in_and_typing_edits_where_the_cursor_is(qtbot: Any) -> None:
    entry = make(qtbot)
    entry.set_value(datetime(2021, 11, 15, 9, 0))
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    qtbot.keyClick(entry, Qt.Key.Key_End)
    for _ in range(5):
        qtbot.keyClick(entry, Qt.Key.Key_Backspace)
    qtbot.keyClicks(entry, "10:30")
    qtbot.keyClick(entry, Qt.Key.Key_Tab)
    assert entry.value() == datetime(2021, 11, 15, 10, 30)


def test_the_words_people_type(qtbot: Any) -> None:
    entry = make(qtbot)
    today = date.today()
    retype(qtbot, entry, "morgen 14 Uhr")
    assert entry.value() == datetime.combine(today + timedelta(days=1), time(14))
    retype(qtbot, entry, "+7")
    assert entry.value() == datetime.combine(today + timedelta(days=7), time(14))  # time kept
    retype(qtbot, entry, "Mo 9:30")
    monday = today + timedelta(days=(0 - today.weekday()) % 7)
    assert entry.value() == datetime.combine(monday, time(9, 30))
    retype(qtbot, entry, "15.11.21 9")
    assert entry.value() == datetime(2021, 11, 15, 9, 0)


def test_nonsense_is_said_in_german_and_escape_brings_the_value_back(qtbot: Any) -> None:
    entry = make(qtbot)
    entry.set_value(datetime(2021, 11, 15, 9, 0))
    messages: list[str] = []
    entry.sig_error_changed.connect(messages.append)
    retype(qtbot, entry, "31.02.2021 9:00")
    assert not entry.has_acceptable_input()
    assert "gibt es im Monat 02.2021 nicht" in entry.error()
    assert entry.property("invalid") is True
    assert entry.text() == "31.02.2021 9:00"  # the typing stays to be corrected
    assert entry.value() == datetime(2021, 11, 15, 9, 0)  # the last good value
    qtbot.keyClick(entry, Qt.Key.Key_Escape)
    assert entry.text() == "15.11.2021 09:00" and entry.has_acceptable_input()
    assert messages[-1] == ""


def test_arrow_keys_move_by_a_day(qtbot: Any) -> None:
    entry = make(qtbot)
    entry.set_value(datetime(2021, 12, 31, 18, 0))
    qtbot.keyClick(entry, Qt.Key.Key_Up)
    assert entry.value() == datetime(2022, 1, 1, 18, 0)
    qtbot.keyClick(entry, Qt.Key.Key_Down)
    qtbot.keyClick(entry, Qt.Key.Key_Down)
    assert entry.value() == datetime(2021, 12, 30, 18, 0)


def test_the_calendar_opens_by_keyboard_and_picks_a_day(qtbot: Any) -> None:
    entry = make(qtbot)
    entry.set_value(datetime(2021, 9, 29, 17, 0))
    qtbot.keyClick(entry, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = entry.calendar_popup()
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2021, 9, 29)
    popup.calendar.setSelectedDate(QDate(2021, 10, 6))
    sheet = popup.calendar.findChild(QTableView)  # the month sheet inside the calendar
    qtbot.keyClick(sheet, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert entry.value() == datetime(2021, 10, 6, 17, 0)  # the time stays


def test_a_date_field_and_an_empty_optional_one(qtbot: Any) -> None:
    entry = DateEntry("gültig bis", optional=True)
    qtbot.addWidget(entry)
    entry.show()
    assert entry.value() is None and entry.text() == ""
    retype(qtbot, entry, "15.11.")
    assert isinstance(entry.value(), date)
    retype(qtbot, entry, "15.11.2021 9:00")
    assert "nur ein Datum" in entry.error()
    qtbot.keyClick(entry, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(entry, Qt.Key.Key_Delete)
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert entry.value() is None and entry.has_acceptable_input()
    required = DateEntry("Datum")
    qtbot.addWidget(required)
    required.show()
    retype(qtbot, required, "")
    qtbot.keyClick(required, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(required, Qt.Key.Key_Delete)
    qtbot.keyClick(required, Qt.Key.Key_Return)
    assert "nicht leer" in required.error()
