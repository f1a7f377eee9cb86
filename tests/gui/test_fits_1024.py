"""At 1024×768 nothing scrolls sideways and no caption is cut without its whole text at hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

from contactdesk.core.db import Database
from contactdesk.core.demo import load_demo
from contactdesk.gui.mainwindow import MainWindow


def sideways(window: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {w.accessibleName()!r}"
        for w in window.findChildren(QAbstractScrollArea)
        if w.isVisible() and w.horizontalScrollBar().isVisible()
    ]


def cut_labels(window: QWidget) -> list[str]:
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or label.toolTip() or not label.text():
            continue
        if label.textFormat().name == "RichText" or label.text().startswith("<"):
            continue
        needed = label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
        if needed > label.contentsRect().width() + 1:
            found.append(repr(label.text()))
    return found


@pytest.mark.parametrize("size", [(1024, 768), (1400, 900)])
def test_every_area_and_editor_fits(
    size: tuple[int, int], make_window: Callable[[], MainWindow], db: Database, qtbot: Any
) -> None:
    with db.session() as session:
        load_demo(session)
    window = make_window()
    window.resize(*size)
    problems: list[str] = []
    for spec in window.specs:
        window.show_area(spec.key)
        area = window.current_area()
        states = ["list"]
        if hasattr(area, "select_row"):
            area.select_row(0)
            states.append("record")
        for state in states:
            QApplication.processEvents()
            problems += [f"{spec.key}/{state}: scrolls sideways: {w}" for w in sideways(window)]
            problems += [f"{spec.key}/{state}: cut: {t}" for t in cut_labels(window)]
    assert not problems, "\n".join(problems)
