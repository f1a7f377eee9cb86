"""The navigation: an icon per area, counts from one core call that follow every change,
accessible names that say the count, Ctrl+1..5."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from contactdesk.core.services import schedule as sc
from contactdesk.gui import sidebar, theme
from contactdesk.gui.mainwindow import MainWindow
from tests.gui.helpers import add_person


def accessible(window: MainWindow, key: str) -> str:
    row = [spec.key for spec in window.specs].index(key)
    return str(window.nav.item(row).data(Qt.ItemDataRole.AccessibleTextRole))


def count(window: MainWindow, key: str) -> int:
    row = [spec.key for spec in window.specs].index(key)
    return int(window.nav.item(row).data(sidebar.CountRole) or 0)


def test_every_area_has_its_icon(window: MainWindow) -> None:
    for row, spec in enumerate(window.specs):
        assert (sidebar.ICONS / f"{spec.key}.svg").is_file(), spec.key
        assert not window.nav.item(row).icon().isNull(), spec.key
    assert window.nav.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_counts_follow_changes_and_are_said(qtbot: Any, window: MainWindow) -> None:
    lena = add_person(window.db, "Lena", "Müller", "lena@example.org")
    assert count(window, "events") == 0
    assert accessible(window, "events") == "Termine"
    start = (datetime.now() + timedelta(days=3)).replace(hour=17, minute=0, second=0, microsecond=0)
    result = window.ops.run(
        lambda s: sc.create_event(
            s,
            sc.EventData(
                title="Workshop",
                kind="workshop",
                start=start,
                end=start + timedelta(hours=2),
                participants=[sc.ParticipantData(lena.id or 0)],
            ),
        )
    )
    event_id = result.value.event.id or 0  # type: ignore[union-attr]
    assert count(window, "events") == 0  # on the list, not invited yet: nobody to wait for
    window.ops.run(lambda s: sc.mark_invited(s, event_id))
    assert count(window, "events") == 1
    assert accessible(window, "events") == "Termine, 1 offene Antwort"
    assert "1 offene Antwort" in window.nav.item(3).toolTip()
    assert "Strg+4" in window.nav.item(3).toolTip()

    # the badge is painted: the badge colour appears in the navigation
    image = window.nav.grab().toImage()
    badge = theme.color("badge_bg").name()
    assert any(
        image.pixelColor(x, y).name() == badge
        for x in range(image.width() // 2, image.width())
        for y in range(image.height())
    )

    window.ops.run(lambda s: sc.record_response(s, event_id, lena.id or 0, "zusage"))
    assert count(window, "events") == 0
    assert accessible(window, "events") == "Termine"
    # the answer taken back: waiting again
    window.ops.run(lambda s: sc.record_response(s, event_id, lena.id or 0, "offen"))
    assert count(window, "events") == 1


def test_ctrl_number_switches_areas(qtbot: Any, window: MainWindow) -> None:
    for i, spec in enumerate(window.specs):
        go = window.findChild(QAction, f"action_go_{spec.key}")
        assert go is not None and go.shortcut().toString() == f"Ctrl+{i + 1}"
    for i, spec in reversed(list(enumerate(window.specs))):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{i + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_spec().key == spec.key
        assert window.nav.currentRow() == i


def test_count_words() -> None:
    assert sidebar.count_words("events", 0) == ""
    assert sidebar.count_words("events", 1) == "1 offene Antwort"
    assert sidebar.count_words("events", 3) == "3 offene Antworten"
    assert sidebar.count_words("agreements", 2) == "2 Fristen fällig"
    assert sidebar.count_words("contacts", 5) == ""
