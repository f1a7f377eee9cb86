"""The window builds only the area it starts in; the others when first shown or asked for
(issue 17: the first area shows its data quickly). What the user sees and can do is unchanged."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from contactdesk.core.db import Database
from contactdesk.core.demo import load_demo
from contactdesk.gui.area import Area
from contactdesk.gui.mainwindow import MainWindow, PendingArea
from contactdesk.gui.settings import Settings


def pending(window: MainWindow) -> set[str]:
    return {area.key for area in window.areas if isinstance(area, PendingArea)}


def test_only_the_start_area_is_built(window: MainWindow) -> None:
    # an empty register starts in Kontakte (with its welcome)
    assert window.current_spec().key == "contacts"
    assert window.built_area("contacts") is not None
    assert pending(window) == {"dashboard", "agreements", "events", "sessions"}
    assert window.pages.count() == len(window.specs)


def test_showing_an_area_builds_and_loads_it_in_its_place(window: MainWindow, qtbot: Any) -> None:
    built: list[str] = []
    window.sig_area_built.connect(lambda key, _area: built.append(key))
    assert window.show_area("agreements")
    area = window.built_area("agreements")
    assert area is not None and not isinstance(area, PendingArea)
    assert isinstance(area, Area)
    assert built == ["agreements"]
    index = window._index("agreements")
    assert window.pages.widget(index) is area
    assert window.pages.currentWidget() is area
    assert window.areas[index] is area
    assert "agreements" in window._loaded
    # a second visit builds nothing again
    window.show_area("contacts")
    window.show_area("agreements")
    assert built == ["agreements"]
    assert pending(window) == {"dashboard", "events", "sessions"}


def test_asking_for_an_area_builds_it_without_showing_it(window: MainWindow) -> None:
    events = window.area("events")
    assert not isinstance(events, PendingArea)
    assert window.current_spec().key == "contacts"
    assert window.pages.currentWidget() is window.built_area("contacts")
    assert "events" not in window._loaded  # loaded when shown, as before


def test_export_menus_reach_an_area_built_later(window: MainWindow) -> None:
    """The events area's lists get their export context menu when the area is built."""
    assert window.built_area("events") is None
    window.show_area("events")
    events = window.built_area("events")
    table = getattr(events, "table", None)
    assert table is not None
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    contacts_table = window.contacts.table
    assert contacts_table.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu


def test_pending_areas_count_as_saved_everywhere(window: MainWindow) -> None:
    """Crash recovery, closing and restoring ask every area: a pending one has nothing."""
    assert window.unsaved_input() == []
    assert all(area.confirm_leave() for area in window.areas)
    window._refresh()
    assert pending(window) == {"dashboard", "agreements", "events", "sessions"}


def test_a_filled_register_starts_in_the_dashboard(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    with db.session() as session:
        load_demo(session)
    window = MainWindow(db, settings, show_welcome=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.current_spec().key == "dashboard"
    assert pending(window) == {"contacts", "agreements", "events", "sessions"}
    # opening an agreement from the dashboard builds the agreements area and selects it
    window.open_in_area("agreements", 1)
    assert window.current_spec().key == "agreements"
    assert window.built_area("agreements") is not None
    # the privacy menu and others reach Kontakte through window.contacts: built on demand
    assert window.contacts.model.rowCount() >= 0
    assert window.built_area("contacts") is not None


def test_window_updates_its_actions_after_a_later_built_area(window: MainWindow) -> None:
    """The window's change handler runs after every other handler connected before an area
    is built, as when all areas were built at the start (its Save/Delete state then follows
    what the area shows after the change)."""
    from contactdesk.gui.ops import Change

    order: list[str] = []
    original = window._update_edit_actions

    def record_window(*args: object) -> None:
        order.append("window")
        original(*args)

    window._update_edit_actions = record_window  # type: ignore[method-assign]
    # stands for an area's own handler, connected when the area is built
    window.ops.sig_changed.connect(lambda _change: order.append("area"))
    window.show_area("events")  # built now: the window's handler moves behind again
    order.clear()
    window.ops.sig_changed.emit(Change("x"))
    assert order == ["area", "window"]
