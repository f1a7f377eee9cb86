"""MainWindow: the one main window of contactdesk, built in two steps.

The window is built in two steps so that gui/app/ can show it before the database, SQLAlchemy
and the areas are loaded: `MainWindow(None, settings)` is the frame (title, geometry, menu
titles, navigation, a page saying that the database is being opened, status bar) and needs
nothing but Qt and light modules; `attach(db)` then builds the actions, tool bar, menus and
areas and loads the first area. `MainWindow(db, settings)` does both at once.

The class stands on two floors: gui/mainwindow/pages.py (the frame, the navigation, the areas
built when first shown) and gui/mainwindow/menus.py (tool bar, menus, actions and what they
do). This module adds the two-step construction, the status bar, the hooks gui/app/ uses at
start and in its crash handler, and closing (unsaved edits, window state).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QWidget

from contactdesk.core.i18n import _
from contactdesk.gui.area import Area, AreaDirectory
from contactdesk.gui.mainwindow.areas import PendingArea, PlannedArea
from contactdesk.gui.mainwindow.menus import WindowMenus
from contactdesk.gui.settings import Settings

# The frame must appear quickly: this module imports neither SQLAlchemy, the services and the
# area views (a test checks it) nor gui.actions and the `Qt` namespace (building their Python
# enums costs more than a bare window's whole start). The methods of the second step import
# what they need.
if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from contactdesk.core.db import Database


class MainWindow(WindowMenus):
    """The one main window; owns the Ops runner and the undo history."""

    #: the database is attached and the first area shows its data
    sig_ready = Signal()

    def __init__(
        self,
        db: Database | None,
        settings: Settings,
        *,
        show_welcome: bool = True,
        start_area: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """The frame; with a database also everything else (see `attach`)."""
        super().__init__(settings, show_welcome=show_welcome, parent=parent)
        self.setWindowTitle("contactdesk")
        self.setObjectName("MainWindow")
        self.start_area = start_area
        #: True once `attach` has run: areas, menus and the first area's data are there
        self.ready = False
        self.log_path: object = None  # set by gui/app/second_step.py: the rotating log file
        self.database_lock: object = None  # set by gui/app/launch.py: core.backup.DatabaseLock
        self._restore_window()
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """The second step: the database, the areas, menus and connections; loads the first
        area (only that one: the others load when first shown) and emits sig_ready."""
        from contactdesk.core.undo import UndoStack
        from contactdesk.gui.actions import create_actions
        from contactdesk.gui.datasafety import DataSafety
        from contactdesk.gui.exchange import Exchange
        from contactdesk.gui.ops import Ops
        from contactdesk.gui.privacy import PrivacyMenu
        from contactdesk.gui.undo_keys import FieldUndoFirst

        assert not self.ready, "the database is attached once"
        self.db = db
        self.action_registry = create_actions(self)
        self._field_undo = FieldUndoFirst(self)
        if (app := QApplication.instance()) is not None:
            app.installEventFilter(self._field_undo)
        self.ops = Ops(db, UndoStack(db), self)
        from contactdesk.gui.team_watch import ChangeWatcher

        #: refreshes the window when others save (team mode) or the command line writes
        self.change_watcher = ChangeWatcher(self.ops, self)
        self.ops.error_parent = self
        #: the areas, for the helpers below (the same list, filled after them)
        self.directory = AreaDirectory(lambda: self.current_spec().key)
        self.directory.areas = self.areas
        self.directory.titles = {spec.key: _(spec.title) for spec in self.specs}
        #: backup, restore, settings, help, crash recovery (gui/datasafety.py)
        self.data_safety = DataSafety(
            self.ops,
            self,
            self.directory,
            self.settings,
            self._show_status,
            lock=lambda: self.database_lock,
            log_path=lambda: self.log_path,
        )
        #: import, export, dropping files (gui/exchange/)
        self.exchange = Exchange(self.ops, self, self.directory, self.settings, self._show_status)
        #: duplicates, merge, Auskunft, erasure, retention review (gui/privacy.py)
        self.privacy = PrivacyMenu(self)
        # Only the first area is built now; the others when first shown or asked for
        # (area(key)): each costs a tenth of a second or more of the start.
        start_key = self._start_key(self.start_area)
        for spec in self.specs:
            widget: QWidget
            if spec.factory is None:
                widget = PlannedArea(spec.key, _(spec.title), _(spec.planned))
            elif spec.key == start_key:
                widget = spec.factory(self)
            else:
                widget = PendingArea(spec.key)
            assert isinstance(widget, Area), f"{spec.key}: the area protocol is not implemented"
            self.areas.append(widget)
        for area in self.areas:
            if not isinstance(area, PendingArea):
                self.exchange.install_area_menus(area.key, area)
        self.sig_area_built.connect(self.exchange.install_area_menus)
        self._build()
        self._connect()
        if (state := self.settings.window_state) is not None:
            self.restoreState(state)  # the tool bar's place
        for area in self.areas:
            area.restore_state()
        self.menuBar().setEnabled(True)
        self.show_area(start_key)
        self._ensure_loaded(self.current_area())
        self._started = True
        self.refresh_counts()
        self._update_undo_actions()
        self._update_edit_actions()
        self.ready = True
        self.sig_ready.emit()

    # ------------------------------------------------------------------ status, start, close
    def _show_status(self, text: str, timeout: int = 10000) -> None:
        self.statusBar().showMessage(text, timeout)

    def _restore_window(self) -> None:
        """The geometry of the last session (the tool bar and the areas restore theirs in
        `attach`)."""
        if (geometry := self.settings.window_geometry) is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)

    # hooks used by gui/app/ at start and by its crash handler
    def warn_network_drive(self) -> None:
        text = self.data_safety.warn_network_drive()
        self.network_label.setText(_("Netzlaufwerk"))
        self.network_label.setToolTip(text)
        self.network_label.setVisible(True)

    def offer_recovery(self) -> int:
        return self.data_safety.offer_recovery()

    def unsaved_input(self) -> list[dict[str, object]]:
        return self.data_safety.unsaved_input() if self.ready else []

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ready:  # closed before its database was open: nothing to keep
            event.accept()
            return
        # the shown area first, then any other with unsaved edits
        order = [self.current_area(), *(a for a in self.areas if a is not self.current_area())]
        for area in order:
            if area.has_unsaved_changes() and area is not self.current_area():
                self.show_area(area.key)
            if not area.confirm_leave():
                event.ignore()
                return
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        for area in self.areas:
            area.save_state()
        self.settings.sync()
        event.accept()
