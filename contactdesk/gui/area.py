"""The contract between the main window and each area (Kontakte, Vereinbarungen, Termine, ...).

The main window routes its window-wide actions (New, Save, Delete, Find, Refresh, Undo/Redo
guards) to the area that is shown. Every area widget implements this protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Area(Protocol):
    #: navigation key, e.g. "contacts", "agreements", "events", "dashboard"
    key: str

    def start(self) -> None:
        """Called once after the window is built: load the first page of data."""

    def new_item(self, kind: str | None = None) -> None:
        """Ctrl+N: open an empty editor (kind selects a variant, e.g. 'organisation')."""

    def save(self) -> None:
        """Ctrl+S: save the open editor."""

    def delete_current(self) -> None:
        """Del (in the list): delete the selected item after a German confirmation."""

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor into the area's search or filter field."""

    def reload(self) -> None:
        """F5, and when the area is shown again: re-read what is shown. (After a change an
        area hears only the kinds it subscribed to with `ops.subscribe`, see gui/ops.py.)"""

    def confirm_leave(self) -> bool:
        """Before switching area, undo/redo or closing: ask about unsaved edits; False = stay."""

    def has_unsaved_changes(self) -> bool: ...

    def restore_state(self) -> None:
        """Restore splitter/column state from the settings."""

    def save_state(self) -> None:
        """Store splitter/column state in the settings."""


class AreaDirectory:
    """The areas of one window, for the helpers that must ask them (unsaved edits, the selected
    event, the contact list's filter) without holding the window itself (gui/exchange.py,
    gui/datasafety.py). The window fills `areas` and `titles` as it builds them."""

    def __init__(self, current_key: Callable[[], str]) -> None:
        self.areas: list[Area] = []
        #: the German title of each area, by key (for the crash recovery file)
        self.titles: dict[str, str] = {}
        self._current_key = current_key

    def get(self, key: str) -> Any:
        """The area with `key`, or None when it is not built (the window builds an area when
        it is first shown; a test window may have none)."""
        found = next((a for a in self.areas if a.key == key), None)
        return None if getattr(found, "pending", False) else found

    def current_key(self) -> str:
        return self._current_key()

    def confirm_leave_all(self) -> bool:
        """Ask about unsaved edits in every area; False as soon as one says stay."""
        return all(area.confirm_leave() for area in self.areas)
